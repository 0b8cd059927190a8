package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ datasource.DataSourceWithConfigure = (*partnerAccountDataSource)(nil)

func newPartnerAccountDataSource() datasource.DataSource {
	return &partnerAccountDataSource{}
}

type partnerAccountDataSource struct {
	data *providerData
}

type partnerAccountDataSourceModel struct {
	ID               types.String `tfsdk:"id"`
	Reference        types.String `tfsdk:"reference"`
	Name             types.String `tfsdk:"name"`
	ContactEmail     types.String `tfsdk:"contact_email"`
	PaymentProfileID types.String `tfsdk:"payment_profile_id"`
	PaymentEnabled   types.Bool   `tfsdk:"payment_enabled"`
	BusinessEntities types.Set    `tfsdk:"business_entities"`
	Brands           types.Set    `tfsdk:"brands"`
	Stores           types.Set    `tfsdk:"stores"`
	State            types.String `tfsdk:"state"`
}

func (d *partnerAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_account"
}

// Schema has the resource's attributes, every one computed but the reference it looks up.
func (d *partnerAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	desc := partnerAccountDescriptions
	computed := func(key string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc[key], Computed: true}
	}
	nested := func(key string, attrs map[string]string) schema.SetNestedAttribute {
		out := map[string]schema.Attribute{}
		for name, descKey := range attrs {
			out[name] = computed(descKey)
		}
		return schema.SetNestedAttribute{MarkdownDescription: desc[key], Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: out}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A partner account onboarded through the provider's account, found by its `reference` " +
			"(Klarna's `resolvePartnerAccountId`, an exact match) and read whole. A reference no partner has is an error.",
		Attributes: map[string]schema.Attribute{
			"reference": schema.StringAttribute{
				MarkdownDescription: desc["reference"],
				Required:            true,
				Validators:          []validator.String{referenceValidator()},
			},
			"id":                 computed("id"),
			"name":               computed("name"),
			"contact_email":      computed("contact_email"),
			"payment_profile_id": computed("payment_profile_id"),
			"payment_enabled":    schema.BoolAttribute{MarkdownDescription: desc["payment_enabled"], Computed: true},
			"state":              computed("state"),
			"business_entities": nested("business_entities", map[string]string{
				"reference": "entity_reference", "legal_name": "entity_legal_name", "country": "entity_country",
			}),
			"brands": nested("brands", map[string]string{"reference": "brand_reference", "name": "brand_name"}),
			"stores": nested("stores", map[string]string{
				"reference": "store_reference", "type": "store_type", "name": "store_name", "url": "store_url",
			}),
		},
	}
}

func (d *partnerAccountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *partnerAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var cfg partnerAccountDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	reference := cfg.Reference.ValueString()
	id, err := d.data.client.ResolvePartnerAccountID(ctx, reference)
	if klarna.IsNotFound(err) {
		addMaskedError(&resp.Diagnostics, "Unable to find partner account",
			fmt.Sprintf("No partner account was onboarded through the provider's account under reference %q (references match "+
				"exactly, case included).\n\n%s", reference, apiErrorDetail("partner account", "", err)))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "resolve", "partner account", "ref:"+reference, err)
		return
	}
	got, err := d.data.client.GetPartnerAccount(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "partner account", id, err)
		return
	}
	v, diags := partnerAccountFromAPI(ctx, got)
	resp.Diagnostics.Append(diags...)
	state := partnerAccountDataSourceModel{
		ID: v.id, Reference: v.reference, Name: v.name, ContactEmail: v.email, PaymentProfileID: v.profileID,
		PaymentEnabled: v.paymentEnabled, BusinessEntities: v.entities, Brands: v.brands, Stores: v.stores, State: v.state,
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
