package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// importRecorder is a resource that records the import ID it is given.
type importRecorder struct {
	resource.Resource
	gotID string
}

func (r *importRecorder) ImportState(_ context.Context, req resource.ImportStateRequest, _ *resource.ImportStateResponse) {
	r.gotID = req.ID
}

func TestIdentified_importByIdentityIsImportByID(t *testing.T) {
	t.Parallel()
	const account, id = "krn:partner:global:account:test:LYABCDEI", "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	null := tftypes.NewValue(tftypes.String, nil)
	for _, tc := range []struct {
		name     string
		kind     identityKind
		values   map[string]tftypes.Value
		stringID string
		want     string
	}{
		{"credential in a partner account", credentialIdentity, map[string]tftypes.Value{"account_id": str(account), "id": str(id)}, "", account + "/" + id},
		{"credential without account_id: the own account", credentialIdentity, map[string]tftypes.Value{"account_id": null, "id": str(id)}, "", id},
		{"portal grant", portalUserIdentity, map[string]tftypes.Value{"account_id": str(account), "on_behalf_of": str(account), "email": str("jane@example.com")}, "", account + "/" + account + "/jane@example.com"},
		{"string ID wins", credentialIdentity, nil, account + "/" + id, account + "/" + id},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inner := &importRecorder{}
			r := &identified{Resource: inner, kind: tc.kind}
			var schemaResp resource.IdentitySchemaResponse
			r.IdentitySchema(context.Background(), resource.IdentitySchemaRequest{}, &schemaResp)
			req := resource.ImportStateRequest{ID: tc.stringID}
			if tc.values != nil {
				typ := schemaResp.IdentitySchema.Type().TerraformType(context.Background())
				req.Identity = &tfsdk.ResourceIdentity{Schema: schemaResp.IdentitySchema, Raw: tftypes.NewValue(typ, tc.values)}
			}
			var resp resource.ImportStateResponse
			r.ImportState(context.Background(), req, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("import: %v", resp.Diagnostics)
			}
			if inner.gotID != tc.want {
				t.Fatalf("the resource was imported by %q, want %q", inner.gotID, tc.want)
			}
		})
	}
}
