package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ datasource.DataSourceWithConfigure        = (*partnerAccountDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*partnerAccountDataSource)(nil)
)

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

// Schema has the resource's attributes, every one computed but the id or reference it looks up.
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
		MarkdownDescription: "A partner account onboarded through the provider's account, read whole. Give exactly one of " +
			"`id`, the account's KRN, and `reference`, found by Klarna's `resolvePartnerAccountId` (an exact match). An ID or " +
			"reference of no partner onboarded through the provider's account is an error, and so is the provider's own account, " +
			"which is no partner account (the data source `klarna_account` reads it), as when importing `klarna_partner_account`.",
		Attributes: map[string]schema.Attribute{
			"reference": schema.StringAttribute{
				MarkdownDescription: desc["reference"] + " Give it or `id`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{referenceValidator()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: desc["id"] + " Give it or `reference`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
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

// ConfigValidators asks for exactly one of id and reference.
func (d *partnerAccountDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("reference"))}
}

func (d *partnerAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var cfg partnerAccountDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	if !cfg.Reference.IsNull() {
		var found bool
		if id, found = d.resolve(ctx, cfg.Reference.ValueString(), &resp.Diagnostics); !found {
			return
		}
	}
	if own, err := d.data.ownAccountID(ctx); err == nil && own == id {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Not a partner account", fmt.Sprintf("%s is the provider's own "+
			"account, which is no partner account: klarna_partner_account reads the partners onboarded through it. The data "+
			"source klarna_account reads the own account.", id))
		return
	}
	got, err := d.data.client.GetPartnerAccount(ctx, id)
	if klarna.IsNotFound(err) || klarna.HasCode(err, klarna.CodeForbidden) {
		addMaskedError(&resp.Diagnostics, "Unable to find partner account", fmt.Sprintf("Account %s is not a partner account "+
			"onboarded through the provider's account.\n\n%s", id, apiErrorDetail("partner account", id, err)))
		return
	}
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

// resolve finds the account onboarded under reference; false when there is none or the
// lookup failed, said in diags.
func (d *partnerAccountDataSource) resolve(ctx context.Context, reference string, diags *diag.Diagnostics) (string, bool) {
	id, err := d.data.client.ResolvePartnerAccountID(ctx, reference)
	if klarna.IsNotFound(err) {
		addMaskedError(diags, "Unable to find partner account",
			fmt.Sprintf("No partner account was onboarded through the provider's account under reference %q (references match "+
				"exactly, case included).\n\n%s", reference, apiErrorDetail("partner account", "", err)))
		return "", false
	}
	if err != nil {
		addAPIError(diags, "resolve", "partner account", importByReferencePrefix+reference, err)
		return "", false
	}
	return id, true
}
