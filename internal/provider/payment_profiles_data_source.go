package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*paymentProfilesDataSource)(nil)

func newPaymentProfilesDataSource() datasource.DataSource {
	return &paymentProfilesDataSource{}
}

type paymentProfilesDataSource struct {
	data *providerData
}

type paymentProfilesDataSourceModel struct {
	PaymentProfiles []paymentProfileModel `tfsdk:"payment_profiles"`
}

type paymentProfileModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Currency types.String `tfsdk:"currency"`
}

func (d *paymentProfilesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_payment_profiles"
}

func (d *paymentProfilesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The payment profiles (pricing plan and payment program) the provider's account may onboard " +
			"partners with. Klarna maintains them; they are read-only. A `klarna_partner_account` names one as `payment_profile_id`.",
		Attributes: map[string]schema.Attribute{
			"payment_profiles": schema.ListNestedAttribute{
				MarkdownDescription: "Every payment profile, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":       schema.StringAttribute{MarkdownDescription: "The profile's ID, the `payment_profile_id` of an onboarding.", Computed: true},
					"name":     schema.StringAttribute{MarkdownDescription: "The profile's name.", Computed: true},
					"currency": schema.StringAttribute{MarkdownDescription: "The profile's currency, ISO 4217.", Computed: true},
				}},
			},
		},
	}
}

func (d *paymentProfilesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *paymentProfilesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	profiles, err := d.data.client.ListPaymentProfiles(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "payment profiles", "", err)
		return
	}
	state := paymentProfilesDataSourceModel{PaymentProfiles: []paymentProfileModel{}}
	for _, p := range profiles {
		state.PaymentProfiles = append(state.PaymentProfiles, paymentProfileModel{
			ID: types.StringValue(p.PaymentProfileID), Name: types.StringValue(p.Name), Currency: types.StringValue(p.Currency),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
