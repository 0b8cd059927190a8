package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

var _ datasource.DataSourceWithConfigure = (*webhookSigningKeysDataSource)(nil)

func newWebhookSigningKeysDataSource() datasource.DataSource { return &webhookSigningKeysDataSource{} }

type webhookSigningKeysDataSource struct {
	data *providerData
}

type webhookSigningKeysDataSourceModel struct {
	AccountID   types.String     `tfsdk:"account_id"`
	SigningKeys []signingKeyItem `tfsdk:"signing_keys"`
}

type signingKeyItem struct {
	ID        types.String `tfsdk:"id"`
	CreatedAt types.String `tfsdk:"created_at"`
}

func (d *webhookSigningKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_signing_keys"
}

func (d *webhookSigningKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the webhook signing keys of an account (never their secrets, which Klarna shows only at " +
			fmt.Sprintf("creation), for audits, for counting against the limit of %d, and for finding a key made outside Terraform.", apirules.MaxSigningKeys),
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The partner account (KRN) to list; omit it for the provider's own account.",
				Optional:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
			"signing_keys": schema.ListNestedAttribute{
				MarkdownDescription: "The account's signing keys, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The signing key ID (a UUID), as deliveries carry it in `Klarna-Signing-Key-Id`."},
					"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the key was created (RFC 3339)."},
				}},
			},
		},
	}
}

func (d *webhookSigningKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookSigningKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var cfg webhookSigningKeysDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := d.data.apiAccount(ctx, cfg.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "webhook signing keys", "", err)
		return
	}
	keys, err := d.data.client.ListSigningKeys(ctx, account)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "webhook signing keys", "", err)
		return
	}
	cfg.SigningKeys = []signingKeyItem{}
	for _, k := range keys {
		cfg.SigningKeys = append(cfg.SigningKeys, signingKeyItem{ID: types.StringValue(k.SigningKeyID), CreatedAt: types.StringValue(formatTime(k.CreatedAt))})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
