package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ list.ListResourceWithConfigure = (*webhookListResource)(nil)

func newWebhookListResource() list.ListResource {
	return &webhookListResource{}
}

// webhookListResource finds an account's webhooks for terraform query.
type webhookListResource struct {
	data *providerData
}

type webhookListConfig struct {
	AccountID types.String `tfsdk:"account_id"`
	URL       types.String `tfsdk:"url"`
	Enabled   types.Bool   `tfsdk:"enabled"`
}

func (r *webhookListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

func (r *webhookListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the webhooks of an account, for `terraform query` (Terraform 1.14 or later): registered by " +
			"hand or by another tool, they are adopted with `terraform query -generate-config-out=FILE`, which writes a " +
			"`klarna_webhook` resource and an `import` block for each; the imported webhook then plans no change. The written " +
			"resource names its signing key by ID; the key's secret, returned once when the key was made, is not listed.",
		Attributes: map[string]schema.Attribute{
			"account_id": listAccountIDAttribute("webhook"),
			"url": schema.StringAttribute{
				MarkdownDescription: "Only list the webhooks that deliver to this URL, as registered (an exact match): " +
					apirules.WebhookURLAllowed + ".",
				Optional:   true,
				Validators: []validator.String{webhookURLValidator()},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Only list enabled webhooks (`true`, status " + codeSpan(klarna.WebhookEnabled) + ") or disabled ones (`false`, status " +
					codeSpan(klarna.WebhookDisabled) + "). Omit it to list both.",
				Optional: true,
			},
		},
	}
}

func (r *webhookListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *webhookListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, r.data, req, stream, r.find)
}

func (r *webhookListResource) find(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) []listedObject {
	if diags.Append(knownListConfig(ctx, req.Config)...); diags.HasError() {
		return nil
	}
	var cfg webhookListConfig
	if diags.Append(req.Config.Get(ctx, &cfg)...); diags.HasError() {
		return nil
	}
	if cfg.Enabled.IsUnknown() {
		diags.AddAttributeError(path.Root("enabled"), "Unknown list filter", unknownListFilterDetail("enabled"))
		return nil
	}
	accountID, account, ok := r.data.listAccount(ctx, cfg.AccountID, diags)
	if !ok {
		return nil
	}
	webhooks, err := r.data.client.ListWebhooks(ctx, account)
	if err != nil {
		addAPIError(diags, "list", "webhooks", accountID, err)
		return nil
	}
	var found []listedObject
	for _, w := range webhooks {
		if !cfg.matches(w) {
			continue
		}
		m := webhookResourceModel{AccountID: types.StringValue(accountID)}
		if diags.Append(m.setFromAPI(ctx, w)...); diags.HasError() {
			return nil
		}
		found = append(found, listedObject{
			displayName: webhookDisplayName(w),
			identity:    [][2]string{{"account_id", accountID}, {"id", w.WebhookID}},
			resource:    &m,
		})
	}
	return found
}

// matches reports whether a webhook passes the list's filters.
func (c webhookListConfig) matches(w klarna.Webhook) bool {
	if !c.URL.IsNull() && w.URL != c.URL.ValueString() {
		return false
	}
	return c.Enabled.IsNull() || (w.Status == klarna.WebhookEnabled) == c.Enabled.ValueBool()
}

// webhookDisplayName is how a listed webhook reads in the query's output: its URL and ID.
func webhookDisplayName(w klarna.Webhook) string {
	return credentialDisplayName(w.URL, w.WebhookID)
}
