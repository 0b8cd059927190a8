package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestDeepLinkAttributes_kindsFitTheModel checks that every shared deep-link attribute has a
// kind, and that both schemas built from the kinds read into deepLinkModel.
func TestDeepLinkAttributes_kindsFitTheModel(t *testing.T) {
	t.Parallel()
	for _, exchangeDefault := range []bool{false, true} {
		for name, a := range deepLinkAttributes(exchangeDefault) {
			if a.kind < kindString || a.kind > kindBool {
				t.Errorf("attribute %s has no kind (%d)", name, a.kind)
			}
		}
	}
	var ds datasource.SchemaResponse
	newPortalDeepLinkDataSource().Schema(t.Context(), datasource.SchemaRequest{}, &ds)
	var ep ephemeral.SchemaResponse
	newPortalDeepLinkEphemeralResource().Schema(t.Context(), ephemeral.SchemaRequest{}, &ep)
	nulls := func(typ tftypes.Type) tftypes.Value {
		obj, ok := typ.(tftypes.Object)
		if !ok {
			t.Fatalf("schema type %s is no object", typ)
		}
		vals := map[string]tftypes.Value{}
		for n, at := range obj.AttributeTypes {
			vals[n] = tftypes.NewValue(at, nil)
		}
		return tftypes.NewValue(obj, vals)
	}
	dsState := tfsdk.State{Schema: ds.Schema, Raw: nulls(ds.Schema.Type().TerraformType(t.Context()))}
	var m deepLinkModel
	if diags := dsState.Get(t.Context(), &m); diags.HasError() {
		t.Errorf("the data source's schema does not read into deepLinkModel: %v", diags)
	}
	epConfig := tfsdk.Config{Schema: ep.Schema, Raw: nulls(ep.Schema.Type().TerraformType(t.Context()))}
	var em portalDeepLinkEphemeralModel
	if diags := epConfig.Get(t.Context(), &em); diags.HasError() {
		t.Errorf("the ephemeral resource's schema does not read into its model: %v", diags)
	}
}
