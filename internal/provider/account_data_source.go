package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ datasource.DataSourceWithConfigure = (*accountDataSource)(nil)

func newAccountDataSource() datasource.DataSource {
	return &accountDataSource{}
}

type accountDataSource struct {
	data *providerData
}

type accountDataSourceModel struct {
	AccountID              types.String `tfsdk:"account_id"`
	Environment            types.String `tfsdk:"environment"`
	MTLSEnabled            types.Bool   `tfsdk:"mtls_enabled"`
	MTLSVerificationStatus types.String `tfsdk:"mtls_verification_status"`
}

func (d *accountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

func (d *accountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account the provider's API key belongs to, and whether the provider's own connection " +
			"passes mTLS. Read with `GET /v2/account` at every plan.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account ID (KRN).",
				Computed:            true,
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: enumOrList(klarna.Environments) + ".",
				Computed:            true,
			},
			"mtls_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the account has had an " + codeSpan(apirules.UsageAPI) + " client certificate, which makes every response report " +
					"the mTLS verification status.",
				Computed: true,
			},
			"mtls_verification_status": schema.StringAttribute{
				MarkdownDescription: "The `Klarna-Mtls-Verification-Status` of this data source's own request: " +
					annotatedEnumOrList(apirules.VerificationStatuses, map[string]string{
						apirules.VerificationNotPresent: "the provider presented no client certificate",
						apirules.VerificationValid:      "an " + apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate of the account",
					}) + ". Null while the account has no mTLS. Check it is `" + apirules.VerificationValid + "` before enforcing mTLS.",
				Computed: true,
			},
		},
	}
}

func (d *accountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *accountDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	who, err := d.data.client.WhoAmI(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "account", "", err)
		return
	}
	state := accountDataSourceModel{
		AccountID:              types.StringValue(who.AccountID),
		Environment:            types.StringValue(string(who.Environment)),
		MTLSEnabled:            types.BoolValue(who.MTLSEnabled),
		MTLSVerificationStatus: types.StringNull(),
	}
	if who.MTLSVerificationStatus != "" {
		state.MTLSVerificationStatus = types.StringValue(who.MTLSVerificationStatus)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
