package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ datasource.DataSourceWithConfigure = (*webhooksDataSource)(nil)

func newWebhooksDataSource() datasource.DataSource { return &webhooksDataSource{} }

type webhooksDataSource struct {
	data *providerData
}

type webhooksDataSourceModel struct {
	AccountID types.String  `tfsdk:"account_id"`
	Webhooks  []webhookItem `tfsdk:"webhooks"`
}

type webhookItem struct {
	ID           types.String `tfsdk:"id"`
	URL          types.String `tfsdk:"url"`
	EventTypes   types.Set    `tfsdk:"event_types"`
	EventVersion types.String `tfsdk:"event_version"`
	SigningKeyID types.String `tfsdk:"signing_key_id"`
	Enabled      types.Bool   `tfsdk:"enabled"`
	CreatedAt    types.String `tfsdk:"created_at"`
}

func (d *webhooksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhooks"
}

func (d *webhooksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the webhooks of an account, for audits and for adopting webhooks registered outside " +
			"Terraform (with `import` blocks into `klarna_webhook`). Signing key secrets are never listed.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The partner account (KRN) to list; omit it for the provider's own account.",
				Optional:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
			"webhooks": schema.ListNestedAttribute{
				MarkdownDescription: "The account's webhooks, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "The webhook ID; the import ID of `klarna_webhook` for the provider's own account."},
					"url":            schema.StringAttribute{Computed: true, MarkdownDescription: "Where events are delivered."},
					"event_types":    schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The event types delivered."},
					"event_version":  schema.StringAttribute{Computed: true, MarkdownDescription: "The version of the event payloads."},
					"signing_key_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The signing key that signs the deliveries."},
					"enabled":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether events are delivered."},
					"created_at":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the webhook was registered (RFC 3339)."},
				}},
			},
		},
	}
}

func (d *webhooksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var cfg webhooksDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := d.data.apiAccount(ctx, cfg.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "webhooks", "", err)
		return
	}
	list, err := d.data.client.ListWebhooks(ctx, account)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "webhooks", "", err)
		return
	}
	cfg.Webhooks = []webhookItem{}
	for _, w := range list {
		item, diags := webhookItemFromAPI(ctx, w)
		resp.Diagnostics.Append(diags...)
		cfg.Webhooks = append(cfg.Webhooks, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

func webhookItemFromAPI(ctx context.Context, w klarna.Webhook) (webhookItem, diag.Diagnostics) {
	var m webhookResourceModel
	diags := m.setFromAPI(ctx, w)
	return webhookItem{
		ID: m.ID, URL: m.URL, EventTypes: m.EventTypes, EventVersion: m.EventVersion,
		SigningKeyID: m.SigningKeyID, Enabled: m.Enabled, CreatedAt: m.CreatedAt,
	}, diags
}
