package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// secretAttributes are the attributes that hold secrets, by type. Each must be sensitive or
// write-only; the test also fails when an attribute whose name looks secret is missing here.
var secretAttributes = map[string][]string{
	"provider":                          {"api_key", "client_private_key_pem", "portal_signing.private_key_pem"},
	"klarna_api_key":                    {"api_key"},
	"klarna_client_certificate":         {"private_key_pem_wo"},
	"klarna_portal_user":                {"signing_private_key_pem_wo"},
	"data.klarna_portal_deep_link":      {"jwt", "url"},
	"ephemeral.klarna_portal_deep_link": {"jwt", "url", "signing_private_key_pem"},
	"klarna_webhook_signing_key":        {"secret"},
}

// publicAttributes look secret by name but are not: a webhook's url is the address of the
// user's own receiver, which Klarna lists back, not a credential.
var publicAttributes = map[string][]string{
	"klarna_webhook":       {"url"},
	"data.klarna_webhooks": {"webhooks.url"},
}

// looksSecret names attributes that must be listed above.
func looksSecret(name string) bool {
	return name == "api_key" || name == "jwt" || name == "url" || name == "secret" ||
		(strings.Contains(name, "private_key") && !strings.HasSuffix(name, "_version"))
}

type hiddenness struct{ sensitive, writeOnly bool }

func TestSchemas_secretAttributesAreHidden(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	found := map[string]map[string]hiddenness{}
	p := New("test")()
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	found["provider"] = map[string]hiddenness{}
	for name, a := range ps.Schema.Attributes {
		found["provider"][name] = hiddenness{sensitive: a.IsSensitive()}
	}
	for bname, b := range ps.Schema.Blocks {
		for name, a := range b.GetNestedObject().GetAttributes() {
			found["provider"][bname+"."+name] = hiddenness{sensitive: a.IsSensitive()}
		}
	}
	for _, f := range p.Resources(ctx) {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "klarna"}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		found[meta.TypeName] = map[string]hiddenness{}
		for name, a := range s.Schema.Attributes {
			wo := false
			if w, ok := a.(rschema.StringAttribute); ok {
				wo = w.WriteOnly
			}
			found[meta.TypeName][name] = hiddenness{sensitive: a.IsSensitive(), writeOnly: wo}
		}
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "klarna"}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		key := "data." + meta.TypeName
		found[key] = map[string]hiddenness{}
		for name, a := range s.Schema.Attributes {
			found[key][name] = hiddenness{sensitive: a.IsSensitive()}
			if nested, ok := a.(dsschema.ListNestedAttribute); ok {
				for inner, ia := range nested.NestedObject.Attributes {
					found[key][name+"."+inner] = hiddenness{sensitive: ia.IsSensitive()}
				}
			}
		}
	}
	withEphemeral, ok := p.(provider.ProviderWithEphemeralResources)
	if !ok {
		t.Fatal("the provider serves no ephemeral resources")
	}
	for _, f := range withEphemeral.EphemeralResources(ctx) {
		e := f()
		var meta ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "klarna"}, &meta)
		var s ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &s)
		key := "ephemeral." + meta.TypeName
		found[key] = map[string]hiddenness{}
		for name, a := range s.Schema.Attributes {
			found[key][name] = hiddenness{sensitive: a.IsSensitive()}
		}
	}

	for typ, attrs := range secretAttributes {
		for _, name := range attrs {
			h, ok := found[typ][name]
			switch {
			case !ok:
				t.Errorf("%s has no attribute %s", typ, name)
			case !h.sensitive && !h.writeOnly:
				t.Errorf("%s.%s holds a secret but is neither sensitive nor write-only", typ, name)
			}
		}
	}
	for typ, attrs := range found {
		for name := range attrs {
			leaf := name[strings.LastIndexByte(name, '.')+1:]
			if looksSecret(leaf) && !listed(typ, name) && !slices.Contains(publicAttributes[typ], name) {
				t.Errorf("%s.%s looks like a secret: list it in secretAttributes (and make it sensitive or write-only)", typ, name)
			}
		}
	}
}

func listed(typ, name string) bool {
	for _, n := range secretAttributes[typ] {
		if n == name {
			return true
		}
	}
	return false
}
