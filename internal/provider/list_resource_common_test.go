package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// TestKnownListConfig_refusesUnknownFilters refuses a filter that is unknown when the query runs,
// or one that breaks the schema's validators, which Terraform ran before it knew the value.
func TestKnownListConfig_refusesUnknownFilters(t *testing.T) {
	t.Parallel()
	var schemaResp list.ListResourceSchemaResponse
	newAPIKeyListResource().ListResourceConfigSchema(t.Context(), list.ListResourceSchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(t.Context())
	known := tftypes.NewValue(tftypes.String, "ENABLED")
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	null := tftypes.NewValue(tftypes.String, nil)
	for _, tc := range []struct {
		name            string
		account, status tftypes.Value
		wantErrorOnAttr string
	}{
		{"all known", null, known, ""},
		{"unknown status", null, unknown, "status"},
		{"unknown account", unknown, known, "account_id"},
		{"empty account", tftypes.NewValue(tftypes.String, ""), known, "account_id"},
		{"malformed account", tftypes.NewValue(tftypes.String, "krn:partner:global:account:test:lower"), known, "account_id"},
		{"status in another case", null, tftypes.NewValue(tftypes.String, "enabled"), "status"},
		{"empty status", null, tftypes.NewValue(tftypes.String, ""), "status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{
				"account_id": tc.account, "status": tc.status, "description_regex": null,
			})}
			diags := knownListConfig(t.Context(), cfg)
			if tc.wantErrorOnAttr == "" {
				if diags.HasError() {
					t.Fatalf("unexpected error: %v", diags)
				}
				return
			}
			if len(diags.Errors()) != 1 || !hasError(diags, tc.wantErrorOnAttr, tc.wantErrorOnAttr) {
				t.Fatalf("want one error on %s, got %v", tc.wantErrorOnAttr, diags)
			}
		})
	}
}

func TestCredentialDisplayName_descriptionAndID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ description, id, want string }{
		{"checkout backend", "0b55", "checkout backend (0b55)"},
		{"", "0b55", "0b55"},
	} {
		if got := credentialDisplayName(tc.description, tc.id); got != tc.want {
			t.Errorf("credentialDisplayName(%q, %q) = %q, want %q", tc.description, tc.id, got, tc.want)
		}
	}
}

func TestListedResults_limitIdentityAndResource(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	r := &apiKeyResource{kind: apiKeyKind}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	var identityResp resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identityResp)
	const account = "krn:partner:global:account:test:LYABCDEI"
	found := make([]listedObject, 3)
	for i := range found {
		id := fmt.Sprintf("0b554535-d9bd-4a43-9bda-9ce1396bad0%d", i)
		m := apiKeyResourceModel{APIKey: types.StringNull()}
		m.setFromAPI(klarna.Credential{CredentialID: id, Description: "key", Environment: "TEST", Status: "ENABLED"})
		m.AccountID = types.StringValue(account)
		m.Keepers = types.MapNull(types.StringType)
		found[i] = listedObject{displayName: "key (" + id + ")", identity: [][2]string{{"account_id", account}, {"id", id}}, resource: &m}
	}
	for _, tc := range []struct {
		name            string
		limit           int64
		includeResource bool
		want            int
	}{
		{"no limit", 0, false, 3},
		{"limit", 2, true, 2},
		{"limit above the count", 10, true, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := list.ListRequest{Limit: tc.limit, IncludeResource: tc.includeResource,
				ResourceSchema: schemaResp.Schema, ResourceIdentitySchema: identityResp.IdentitySchema}
			n := 0
			for result := range listedResults(ctx, req, nil, found) {
				if result.Diagnostics.HasError() {
					t.Fatalf("result %d: %v", n, result.Diagnostics)
				}
				var id types.String
				result.Identity.GetAttribute(ctx, path.Root("id"), &id)
				if id.ValueString() != found[n].identity[1][1] || result.DisplayName != found[n].displayName {
					t.Errorf("result %d is %q (%s), want %q", n, result.DisplayName, id, found[n].displayName)
				}
				if got := !result.Resource.Raw.IsNull(); got != tc.includeResource {
					t.Errorf("result %d has a resource: %v, want %v", n, got, tc.includeResource)
				}
				n++
			}
			if n != tc.want {
				t.Fatalf("%d results, want %d", n, tc.want)
			}
		})
	}
}

func TestListResources_unconfiguredProviderFailsWithoutPanic(t *testing.T) {
	t.Parallel()
	for _, r := range []list.ListResource{newAPIKeyListResource(), newClientIDListResource(), newClientCertificateListResource(), newPortalUserListResource()} {
		var stream list.ListResultsStream
		r.List(t.Context(), list.ListRequest{}, &stream)
		n := 0
		for result := range stream.Results {
			if !result.Diagnostics.HasError() {
				t.Errorf("%T: a list with no provider data gave a result without an error", r)
			}
			n++
		}
		if n != 1 {
			t.Errorf("%T: %d results, want the one error", r, n)
		}
	}
}
