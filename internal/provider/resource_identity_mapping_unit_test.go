package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSetIdentity_eachResourceWritesItsIdentitySchema writes the identity each resource writes
// (the same constructor or struct) into that resource's identity schema, and reads every
// attribute back.
func TestSetIdentity_eachResourceWritesItsIdentitySchema(t *testing.T) {
	t.Parallel()
	const email = "Dev@Example.com"
	portalUser := portalUserResourceModel{Email: types.StringValue(email), AccountID: types.StringValue(mappedPartnerID),
		OnBehalfOf: types.StringValue(mappedAcquirer)}
	object := objectIdentity(types.StringValue(mappedPartnerID), types.StringValue(mappedCredentialID))
	account := accountIdentity{AccountID: types.StringValue(mappedPartnerID)}
	for _, tc := range []struct {
		resource resource.ResourceWithIdentity
		identity any
		want     map[string]string
	}{
		{&apiKeyResource{kind: apiKeyKind}, object, map[string]string{"account_id": mappedPartnerID, "id": mappedCredentialID}},
		{&clientIDResource{kind: clientIDKind}, object, map[string]string{"account_id": mappedPartnerID, "id": mappedCredentialID}},
		{&clientCertificateResource{}, object, map[string]string{"account_id": mappedPartnerID, "id": mappedCredentialID}},
		{&webhookResource{}, objectIdentity(types.StringValue(mappedPartnerID), types.StringValue(mappedWebhookID)),
			map[string]string{"account_id": mappedPartnerID, "id": mappedWebhookID}},
		{&webhookSigningKeyResource{}, object, map[string]string{"account_id": mappedPartnerID, "id": mappedCredentialID}},
		{&mtlsEnforcementResource{}, account, map[string]string{"account_id": mappedPartnerID}},
		{&ipRestrictionResource{}, account, map[string]string{"account_id": mappedPartnerID}},
		{&partnerAccountResource{}, partnerAccountIdentity{ID: types.StringValue(mappedPartnerID)}, map[string]string{"id": mappedPartnerID}},
		{&portalUserResource{}, portalUser.identity(),
			map[string]string{"account_id": mappedPartnerID, "on_behalf_of": mappedAcquirer, "email": "dev@example.com"}},
	} {
		t.Run(resourceTypeName(t.Context(), tc.resource), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			var schemaResp resource.IdentitySchemaResponse
			tc.resource.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &schemaResp)
			identity := &tfsdk.ResourceIdentity{Schema: schemaResp.IdentitySchema,
				Raw: tftypes.NewValue(schemaResp.IdentitySchema.Type().TerraformType(ctx), nil)}
			if diags := setIdentity(ctx, identity, tc.identity); diags.HasError() {
				t.Fatalf("setIdentity: %v", diags)
			}
			if n := len(schemaResp.IdentitySchema.Attributes); n != len(tc.want) {
				t.Fatalf("the identity schema has %d attributes, want %d", n, len(tc.want))
			}
			for name, want := range tc.want {
				var got types.String
				if diags := identity.GetAttribute(ctx, path.Root(name), &got); diags.HasError() {
					t.Fatalf("%s: %v", name, diags)
				}
				if got.ValueString() != want {
					t.Errorf("%s = %v, want %q", name, got, want)
				}
			}
		})
	}
}

func resourceTypeName(ctx context.Context, r resource.Resource) string {
	var resp resource.MetadataResponse
	r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "klarna"}, &resp)
	return resp.TypeName
}
