package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ datasource.DataSourceWithConfigure = (*settlementConfigurationDataSource)(nil)

func newSettlementConfigurationDataSource() datasource.DataSource {
	return &settlementConfigurationDataSource{}
}

type settlementConfigurationDataSource struct {
	data *providerData
}

type settlementConfigurationDataSourceModel struct {
	ID              types.String `tfsdk:"id"`
	Currency        types.String `tfsdk:"currency"`
	PayoutSchedule  types.String `tfsdk:"payout_schedule"`
	PayoutDelayDays types.Int64  `tfsdk:"payout_delay_days"`
}

func (d *settlementConfigurationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_settlement_configuration"
}

func (d *settlementConfigurationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "How Klarna pays out the provider's account (its settlement configuration). Klarna maintains it; " +
			"it is read-only.",
		Attributes: map[string]schema.Attribute{
			"id":                schema.StringAttribute{MarkdownDescription: "The settlement configuration's ID.", Computed: true},
			"currency":          schema.StringAttribute{MarkdownDescription: "The payout currency, ISO 4217.", Computed: true},
			"payout_schedule":   schema.StringAttribute{MarkdownDescription: "How often Klarna pays out: " + enumOrList(klarna.PayoutSchedules) + ".", Computed: true},
			"payout_delay_days": schema.Int64Attribute{MarkdownDescription: "Days between a capture and its payout.", Computed: true},
		},
	}
}

func (d *settlementConfigurationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *settlementConfigurationDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	sc, err := d.data.client.GetSettlementConfiguration(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "settlement configuration", "", err)
		return
	}
	state := settlementConfigurationDataSourceModel{
		ID: types.StringValue(sc.SettlementConfigurationID), Currency: types.StringValue(sc.Currency),
		PayoutSchedule: types.StringValue(sc.PayoutSchedule), PayoutDelayDays: types.Int64Value(int64(sc.PayoutDelayDays)),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
