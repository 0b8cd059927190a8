package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ resource.ResourceWithConfigure   = (*webhookSigningKeyResource)(nil)
	_ resource.ResourceWithImportState = (*webhookSigningKeyResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*webhookSigningKeyResource)(nil)
	_ resource.ResourceWithIdentity    = (*webhookSigningKeyResource)(nil)
)

func newWebhookSigningKeyResource() resource.Resource {
	return &webhookSigningKeyResource{}
}

type webhookSigningKeyResource struct {
	data *providerData
}

type webhookSigningKeyResourceModel struct {
	ID        types.String `tfsdk:"id"`
	AccountID types.String `tfsdk:"account_id"`
	Secret    types.String `tfsdk:"secret"`
	CreatedAt types.String `tfsdk:"created_at"`
	Keepers   types.Map    `tfsdk:"keepers"`
}

func (r *webhookSigningKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_signing_key"
}

func (r *webhookSigningKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A webhook signing key: Klarna signs every delivery of the webhooks that name it with an HMAC-SHA256 " +
			"of the raw body under this key, sent as `Klarna-Signature` next to `Klarna-Signing-Key-Id`. Check deliveries with " +
			"the `webhook_signature` function or your own HMAC code.\n\n" +
			fmt.Sprintf("An account holds at most %d signing keys. A key cannot change: it is created and deleted. ", apirules.MaxSigningKeys) +
			"Klarna shows the secret once, when the key is created, so the provider keeps it in the state (marked sensitive): " +
			"Terraform has no other way to carry a secret the server makes only once. Protect the state accordingly. " +
			"Change `keepers` to rotate the key; with `create_before_destroy` the new key exists and the webhooks name it " +
			"before the old one is deleted, so no delivery goes unsigned. A key that a webhook still names cannot be deleted: " +
			"the plan warns when a key to be replaced is named by a webhook of the account, since the apply then fails unless " +
			"the key has `create_before_destroy` and the webhooks move to the new key in the same apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The signing key's ID (a UUID), sent with each delivery as `Klarna-Signing-Key-Id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": accountIDAttribute("signing key"),
			"secret": schema.StringAttribute{
				MarkdownDescription: "The key's secret. Sensitive. The API shows it once, when the key is created; it is kept in " +
					"state and never read again. An imported key has none: its secret cannot be recovered, so import only keys whose " +
					"secret you hold elsewhere, or create a new one.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the key was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"keepers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values that, when changed, replace the key (rotation on demand). They live only in " +
					"Terraform; setting them on an imported key records them without replacing it.",
				ElementType:   types.StringType,
				Optional:      true,
				PlanModifiers: []planmodifier.Map{requiresReplaceIfPriorKnown()},
			},
		},
	}
}

func (r *webhookSigningKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountObjectIdentitySchema("signing key", signingKeyIDForm)
}

func (r *webhookSigningKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan plans the account, and warns when the key is to be replaced while a webhook of
// the account names it: Klarna refuses to delete such a key.
func (r *webhookSigningKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	if planAccountID(ctx, r.data, req, resp); resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || len(resp.RequiresReplace) == 0 || r.data == nil {
		return
	}
	var state webhookSigningKeyResourceModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "plan", "webhook signing key", state.ID.ValueString(), err)
		return
	}
	webhooks, err := r.data.client.ListWebhooks(ctx, account)
	if err != nil {
		addAPIError(&resp.Diagnostics, "plan", "webhook signing key", state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(signingKeyReplacementDiagnostics(state.ID.ValueString(), state.AccountID.ValueString(), webhooks)...)
}

func (r *webhookSigningKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan webhookSigningKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, account, err := r.data.accounts(ctx, plan.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", "webhook signing key", "", err)
		return
	}
	plan.AccountID = types.StringValue(accountID)
	created, err := r.data.client.CreateSigningKey(ctx, account)
	if err != nil {
		addCreateError(&resp.Diagnostics, "webhook signing key", "klarna_webhook_signing_key", signingKeyIDForm, accountID, "created at the time of this apply", err)
		return
	}
	plan.setFromAPI(created.SigningKey)
	plan.Secret = types.StringValue(created.Secret)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(plan.AccountID, plan.ID))...)
	if created.Secret == "" {
		resp.Diagnostics.AddError("Unable to create webhook signing key",
			fmt.Sprintf("Klarna created webhook signing key %s in account %s but its response holds no secret, which the API shows "+
				"only once: the key cannot verify deliveries. It is in the state; replace it (terraform apply -replace).", created.SigningKeyID, accountID))
	}
}

func (r *webhookSigningKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state webhookSigningKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.readAccount(ctx, &state.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "webhook signing key", state.ID.ValueString(), err)
		return
	}
	key, err := r.data.client.GetSigningKey(ctx, account, state.ID.ValueString())
	if klarna.IsNotFound(err) {
		tflog.Warn(ctx, "webhook signing key not found; removing it from state", map[string]any{"id": state.ID.ValueString(), "account_id": state.AccountID.ValueString()})
		removeGone(ctx, resp, objectIdentity(state.AccountID, state.ID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "webhook signing key", state.ID.ValueString(), err)
		return
	}
	state.setFromAPI(*key)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(state.AccountID, state.ID))...)
}

// Update only records keepers set on an imported key: every other change replaces the key.
func (r *webhookSigningKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state webhookSigningKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Keepers = plan.Keepers
	state.AccountID = plan.AccountID
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(state.AccountID, state.ID))...)
}

func (r *webhookSigningKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state webhookSigningKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err == nil {
		err = r.data.client.DeleteSigningKey(ctx, account, state.ID.ValueString())
	}
	switch {
	case err == nil || klarna.IsNotFound(err):
	case klarna.HasCode(err, klarna.CodeSigningKeyInUse):
		resp.Diagnostics.AddError("Unable to delete webhook signing key", fmt.Sprintf(
			"A webhook still signs its deliveries with webhook signing key %s. Point the webhook's signing_key_id at another key "+
				"first (with create_before_destroy on the key, Terraform does this in one apply), or delete the webhook.\n\n%s",
			state.ID.ValueString(), apiErrorDetail("webhook signing key", state.ID.ValueString(), err)))
	default:
		addAPIError(&resp.Diagnostics, "delete", "webhook signing key", state.ID.ValueString(), err)
	}
}

func (r *webhookSigningKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountObject(ctx, r.data, signingKeyIDForm, "webhook signing key", func(ctx context.Context, account, id string) error {
		_, err := r.data.client.GetSigningKey(ctx, account, id)
		return err
	}, req, resp)
}

func (m *webhookSigningKeyResourceModel) setFromAPI(k klarna.SigningKey) {
	m.ID = types.StringValue(k.SigningKeyID)
	m.CreatedAt = types.StringValue(formatTime(k.CreatedAt))
}

// signingKeyReplacementDiagnostics is what the plan says when signing key keyID of accountID is
// to be replaced and the account has webhooks: a warning, naming the webhooks that name the
// key, that Klarna refuses to delete it (SIGNING_KEY_IN_USE) unless the new key is created
// first and those webhooks move to it in the same apply. The provider cannot see the
// resource's lifecycle block, so it warns rather than refuses.
func signingKeyReplacementDiagnostics(keyID, accountID string, webhooks []klarna.Webhook) diag.Diagnostics {
	var diags diag.Diagnostics
	var naming []string
	for _, w := range webhooks {
		if strings.EqualFold(w.SigningKeyID, keyID) {
			naming = append(naming, w.WebhookID+" ("+w.URL+")")
		}
	}
	if len(naming) == 0 {
		return diags
	}
	diags.AddWarning("The replaced webhook signing key is still named by a webhook",
		fmt.Sprintf("Signing key %s of account %s is to be replaced, and webhook(s) %s name it. Klarna refuses to delete a key a "+
			"webhook names (409 %s), so the apply fails half-way unless the klarna_webhook_signing_key has "+
			"lifecycle { create_before_destroy = true } and every one of these webhooks moves to the new key in the same apply "+
			"(a klarna_webhook whose signing_key_id refers to this resource's id does). The new key is then created, the "+
			"webhooks name it, and only then is the old key deleted.", keyID, accountID, strings.Join(naming, ", "), klarna.CodeSigningKeyInUse))
	return diags
}
