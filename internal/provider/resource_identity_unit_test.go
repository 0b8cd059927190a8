package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// identityRequest is an import request by identity: values maps attribute names to strings,
// absent ones null.
func identityRequest(t *testing.T, s identityschema.Schema, values map[string]string) resource.ImportStateRequest {
	t.Helper()
	typ, ok := s.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatal("identity schema type is no object")
	}
	vals := map[string]tftypes.Value{}
	for name := range typ.AttributeTypes {
		if v, ok := values[name]; ok {
			vals[name] = tftypes.NewValue(tftypes.String, v)
		} else {
			vals[name] = tftypes.NewValue(tftypes.String, nil)
		}
	}
	return resource.ImportStateRequest{Identity: &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(typ, vals)}}
}

func TestImportedObject_identityAndIDFollowOneRule(t *testing.T) {
	t.Parallel()
	const id = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	const account = "krn:partner:global:account:test:AB12CD34"
	data := &providerData{environment: "test"}
	s := accountObjectIdentitySchema("API key", credentialIDForm)
	for _, tc := range []struct {
		name        string
		req         resource.ImportStateRequest
		account, id string
		err         []string
	}{
		{name: "identity without account_id", req: identityRequest(t, s, map[string]string{"id": id}), id: id},
		{name: "identity with account_id", req: identityRequest(t, s, map[string]string{"account_id": account, "id": id}), account: account, id: id},
		{name: "identity with an empty id", req: identityRequest(t, s, map[string]string{"id": ""}),
			err: []string{"Invalid import identity", "{id = \"\"}", "id must be the <credential_id>, a UUID"}},
		{name: "identity with an empty account_id", req: identityRequest(t, s, map[string]string{"account_id": "", "id": id}),
			err: []string{"Invalid import identity", "account_id must be an account ID (<account_id>)"}},
		{name: "identity with a bad KRN", req: identityRequest(t, s, map[string]string{"account_id": "krn:bad", "id": id}),
			err: []string{"Invalid import identity", "account_id must be an account ID"}},
		{name: "identity of a live account", req: identityRequest(t, s, map[string]string{"account_id": liveAccount, "id": id}),
			err: []string{"Invalid import identity", "is a live account", "test environment"}},
		{name: "string ID", req: resource.ImportStateRequest{ID: account + "/" + id}, account: account, id: id},
		{name: "string ID of a live account", req: resource.ImportStateRequest{ID: liveAccount + "/" + id},
			err: []string{"Invalid import ID", "is a live account"}},
		{name: "string ID with an empty account", req: resource.ImportStateRequest{ID: "/" + id},
			err: []string{"Invalid import ID", "must be an account ID (<account_id>)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			gotAccount, gotID, diags := importedObject(t.Context(), data, tc.req, credentialIDForm)
			if len(tc.err) > 0 {
				if !diags.HasError() {
					t.Fatalf("accepted, want an error saying %q", tc.err)
				}
				text := diags.Errors()[0].Summary() + " " + diags.Errors()[0].Detail()
				for _, want := range tc.err {
					if !strings.Contains(text, want) {
						t.Errorf("error %q does not say %q", text, want)
					}
				}
				return
			}
			if diags.HasError() || gotAccount != tc.account || gotID != tc.id {
				t.Fatalf("got %q, %q, %v; want %q, %q", gotAccount, gotID, diags, tc.account, tc.id)
			}
		})
	}
}

func TestImportedGrant_identityAndIDFollowOneRule(t *testing.T) {
	t.Parallel()
	const p0 = "krn:partner:global:account:test:AB12CD34"
	const own = "krn:partner:global:account:test:OWN00001"
	data := &providerData{environment: "test"}
	var sr resource.IdentitySchemaResponse
	(&portalUserResource{}).IdentitySchema(t.Context(), resource.IdentitySchemaRequest{}, &sr)
	for _, tc := range []struct {
		name                       string
		req                        resource.ImportStateRequest
		account, onBehalfOf, email string
		err                        []string
	}{
		{name: "identity without on_behalf_of", req: identityRequest(t, sr.IdentitySchema, map[string]string{"account_id": p0, "email": "Dev@Example.com"}),
			account: p0, onBehalfOf: p0, email: "Dev@Example.com"},
		{name: "identity with on_behalf_of", req: identityRequest(t, sr.IdentitySchema, map[string]string{"account_id": p0, "on_behalf_of": own, "email": "a/b@example.com"}),
			account: p0, onBehalfOf: own, email: "a/b@example.com"},
		{name: "identity with an empty on_behalf_of", req: identityRequest(t, sr.IdentitySchema, map[string]string{"account_id": p0, "on_behalf_of": "", "email": "dev@example.com"}),
			err: []string{"Invalid import identity", "empty on_behalf_of"}},
		{name: "identity with an empty email", req: identityRequest(t, sr.IdentitySchema, map[string]string{"account_id": p0, "email": ""}),
			err: []string{"Invalid import identity", "empty email"}},
		{name: "identity with a bad email", req: identityRequest(t, sr.IdentitySchema, map[string]string{"account_id": p0, "email": "dev@example..com"}),
			err: []string{"Invalid import identity", "email:"}},
		{name: "identity with a bad KRN", req: identityRequest(t, sr.IdentitySchema, map[string]string{"account_id": "acme", "email": "dev@example.com"}),
			err: []string{"Invalid import identity", "account_id:"}},
		{name: "identity of a live account", req: identityRequest(t, sr.IdentitySchema, map[string]string{"account_id": liveAccount, "email": "dev@example.com"}),
			err: []string{"Invalid import identity", "is a live account"}},
		{name: "string ID", req: resource.ImportStateRequest{ID: p0 + "/" + own + "/dev@example.com"}, account: p0, onBehalfOf: own, email: "dev@example.com"},
		{name: "string ID with an empty email", req: resource.ImportStateRequest{ID: p0 + "/" + p0 + "/"}, err: []string{"Invalid import ID", "empty email"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, diags := importedGrant(t.Context(), data, tc.req)
			if len(tc.err) > 0 {
				if !diags.HasError() {
					t.Fatalf("accepted, want an error saying %q", tc.err)
				}
				text := diags.Errors()[0].Summary() + " " + diags.Errors()[0].Detail()
				for _, want := range tc.err {
					if !strings.Contains(text, want) {
						t.Errorf("error %q does not say %q", text, want)
					}
				}
				return
			}
			if diags.HasError() || g.accountID != tc.account || g.onBehalfOf != tc.onBehalfOf || g.email != tc.email {
				t.Fatalf("got %+v, %v", g, diags)
			}
		})
	}
}
