package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ resource.ResourceWithConfigure   = (*webhookResource)(nil)
	_ resource.ResourceWithImportState = (*webhookResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*webhookResource)(nil)
	_ resource.ResourceWithIdentity    = (*webhookResource)(nil)
)

// webhookIDPrefix starts every webhook ID.
const webhookIDPrefix = "krn:partner:global:notification:webhook:"

func newWebhookResource() resource.Resource {
	return &webhookResource{}
}

type webhookResource struct {
	data *providerData
}

type webhookResourceModel struct {
	ID           types.String `tfsdk:"id"`
	AccountID    types.String `tfsdk:"account_id"`
	URL          types.String `tfsdk:"url"`
	EventTypes   types.Set    `tfsdk:"event_types"`
	EventVersion types.String `tfsdk:"event_version"`
	SigningKeyID types.String `tfsdk:"signing_key_id"`
	Enabled      types.Bool   `tfsdk:"enabled"`
	CreatedAt    types.String `tfsdk:"created_at"`
}

func (r *webhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

func (r *webhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A webhook: Klarna delivers the events of an account whose type matches `event_types` to `url`, " +
			"signed with the signing key `signing_key_id` (headers `Klarna-Signing-Key-Id` and `Klarna-Signature`). " +
			"Two webhooks of an account cannot have the same `url` and `event_types`: Klarna refuses the second. " +
			"`event_types`, `signing_key_id` and `enabled` change in place; a new `url` or `event_version` replaces the webhook.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The webhook's ID, `" + webhookIDPrefix + "<uuid>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": accountIDAttribute("webhook"),
			"url": schema.StringAttribute{
				MarkdownDescription: "Where events are delivered: " + apirules.WebhookURLAllowed + ". Changing it replaces the webhook.",
				Required:            true,
				Validators:          []validator.String{webhookURLValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"event_types": schema.SetAttribute{
				MarkdownDescription: fmt.Sprintf("The event types delivered, %d to %d of them: ", apirules.MinEventTypes, apirules.MaxEventTypes) +
					apirules.EventTypeAllowed + ". A `*` last segment matches one or more segments: `partner.account.*` matches " +
					"`partner.account.state-change.operational`. Changes in place.",
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeBetween(apirules.MinEventTypes, apirules.MaxEventTypes),
					setvalidator.ValueStringsAre(eventTypeValidator()),
				},
			},
			"event_version": schema.StringAttribute{
				MarkdownDescription: "The version of the event payloads: `" + apirules.EventVersionV1 + "` (the default and only one). Changing it replaces the webhook.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(apirules.EventVersionV1),
				Validators:          []validator.String{stringvalidator.OneOf(apirules.EventVersionV1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"signing_key_id": schema.StringAttribute{
				MarkdownDescription: "The `id` of the `klarna_webhook_signing_key` (of the same account) that signs the deliveries. Changes in place.",
				Required:            true,
				Validators:          []validator.String{lowerUUIDValidator("signing key ID")},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether Klarna delivers events to the webhook (`status` " + codeSpan(klarna.WebhookEnabled) + "). Default `true`. A webhook " +
					"disabled outside Terraform is enabled again by the next apply.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the webhook was registered (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *webhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountObjectIdentitySchema("webhook", webhookIDForm)
}

func (r *webhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *webhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	planAccountID(ctx, r.data, req, resp)
}

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan webhookResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, account, err := r.data.accounts(ctx, plan.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", "webhook", "", err)
		return
	}
	plan.AccountID = types.StringValue(accountID)
	createReq, diags := plan.toCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.data.client.CreateWebhook(ctx, account, createReq)
	switch {
	case klarna.HasCode(err, klarna.CodeWebhookAlreadyExists):
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Unable to create webhook", fmt.Sprintf(
			"Account %s already has a webhook delivering the same event_types to %s, and Klarna allows only one. Import that "+
				"webhook (find its ID with the klarna_webhooks data source) or change url or event_types:\n"+
				"  terraform import klarna_webhook.<name> %s/%s\n\n%s",
			accountID, createReq.URL, accountID, webhookIDForm.placeholder, apiErrorDetail("webhook", "", err)))
		return
	case err != nil:
		addCreateError(&resp.Diagnostics, "webhook", "klarna_webhook", webhookIDForm, accountID, "with url "+createReq.URL, err)
		return
	}
	resp.Diagnostics.Append(plan.setFromAPI(ctx, *created)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(plan.AccountID, plan.ID))...)
}

func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state webhookResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.readAccount(ctx, &state.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "webhook", state.ID.ValueString(), err)
		return
	}
	w, err := r.data.client.GetWebhook(ctx, account, state.ID.ValueString())
	if klarna.IsNotFound(err) {
		tflog.Warn(ctx, "webhook not found; removing it from state", map[string]any{"id": state.ID.ValueString(), "account_id": state.AccountID.ValueString()})
		removeGone(ctx, resp, objectIdentity(state.AccountID, state.ID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "webhook", state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(ctx, *w)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(state.AccountID, state.ID))...)
}

func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state webhookResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	update, diags := plan.changes(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	result := state
	result.AccountID = plan.AccountID
	if update.EventTypes != nil || update.SigningKeyID != nil || update.Status != nil {
		account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", "webhook", state.ID.ValueString(), err)
			return
		}
		w, err := r.data.client.UpdateWebhook(ctx, account, state.ID.ValueString(), update)
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", "webhook", state.ID.ValueString(), err)
			return
		}
		resp.Diagnostics.Append(result.setFromAPI(ctx, *w)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(result.AccountID, result.ID))...)
}

func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state webhookResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err == nil {
		err = r.data.client.DeleteWebhook(ctx, account, state.ID.ValueString())
	}
	if err != nil && !klarna.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", "webhook", state.ID.ValueString(), err)
	}
}

// ImportState accepts "<webhook_id>" for the provider's own account or
// "<account_id>/<webhook_id>" for any account, or the same as an identity.
func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountObject(ctx, r.data, webhookIDForm, "webhook", func(ctx context.Context, account, id string) error {
		_, err := r.data.client.GetWebhook(ctx, account, id)
		return err
	}, req, resp)
}

func (m webhookResourceModel) eventTypes(ctx context.Context) ([]string, diag.Diagnostics) {
	var out []string
	diags := m.EventTypes.ElementsAs(ctx, &out, false)
	slices.Sort(out)
	return out, diags
}

func (m webhookResourceModel) toCreateRequest(ctx context.Context) (klarna.CreateWebhookRequest, diag.Diagnostics) {
	events, diags := m.eventTypes(ctx)
	return klarna.CreateWebhookRequest{
		URL:          m.URL.ValueString(),
		EventTypes:   events,
		EventVersion: m.EventVersion.ValueString(),
		SigningKeyID: m.SigningKeyID.ValueString(),
		Status:       webhookStatusFor(m.Enabled.ValueBool()),
	}, diags
}

// changes lists what an update must send; nil fields stay as they are.
func (m webhookResourceModel) changes(ctx context.Context, state webhookResourceModel) (klarna.UpdateWebhookRequest, diag.Diagnostics) {
	var out klarna.UpdateWebhookRequest
	if !m.EventTypes.Equal(state.EventTypes) {
		events, diags := m.eventTypes(ctx)
		if diags.HasError() {
			return out, diags
		}
		out.EventTypes = events
	}
	if !m.SigningKeyID.Equal(state.SigningKeyID) {
		out.SigningKeyID = m.SigningKeyID.ValueStringPointer()
	}
	if !m.Enabled.Equal(state.Enabled) {
		status := webhookStatusFor(m.Enabled.ValueBool())
		out.Status = &status
	}
	return out, nil
}

func (m *webhookResourceModel) setFromAPI(ctx context.Context, w klarna.Webhook) diag.Diagnostics {
	m.ID = types.StringValue(w.WebhookID)
	m.URL = types.StringValue(w.URL)
	m.EventVersion = types.StringValue(w.EventVersion)
	m.SigningKeyID = types.StringValue(w.SigningKeyID)
	m.Enabled = types.BoolValue(w.Status == klarna.WebhookEnabled)
	m.CreatedAt = types.StringValue(formatTime(w.CreatedAt))
	set, diags := types.SetValueFrom(ctx, types.StringType, w.EventTypes)
	m.EventTypes = set
	return diags
}

func webhookStatusFor(enabled bool) string {
	if enabled {
		return klarna.WebhookEnabled
	}
	return klarna.WebhookDisabled
}
