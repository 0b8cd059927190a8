package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ resource.ResourceWithConfigure   = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiKeyResource)(nil)
	_ resource.ResourceWithIdentity    = (*apiKeyResource)(nil)
)

func newAPIKeyResource() resource.Resource {
	return &apiKeyResource{}
}

type apiKeyResource struct {
	data *providerData
}

type apiKeyResourceModel struct {
	credentialModel
	APIKey types.String `tfsdk:"api_key"`
}

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := credentialAttributes("API key")
	maps.Copy(attrs, map[string]schema.Attribute{
		"api_key": schema.StringAttribute{
			MarkdownDescription: "The secret API key (`klarna_<env>_api_...`). Sensitive. The API shows it once, when the key is " +
				"created; it is kept in state and never read again. An imported key has none: its secret cannot be recovered.",
			Computed:      true,
			Sensitive:     true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API key: the server-side credential that authenticates calls to Klarna's APIs, for the " +
			"provider's own account or for a partner account onboarded through it (`account_id`). Give each partner its own " +
			"key; never hand out the key the provider itself uses.\n\n" +
			"Klarna disables a key that is unused for 2 months and deletes it after 10 months disabled. Change `keepers` to " +
			"rotate the key (with `create_before_destroy` for an overlap).",
		Attributes: attrs,
	}
}

func (r *apiKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountObjectIdentitySchema("API key", credentialIDForm)
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	modifyCredentialPlan(ctx, r.data, "API key", req, resp)
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan apiKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	wantEnabled := plan.Enabled.ValueBool()
	accountID, account, err := r.data.accounts(ctx, plan.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", "API key", "", err)
		return
	}
	plan.AccountID = types.StringValue(accountID)
	lookFor := fmt.Sprintf("with description %q", plan.Description.ValueString())
	unusable := createdButUnusable{entity: "API key", resourceType: "klarna_api_key", dataSource: "klarna_api_keys", accountID: accountID, lookFor: lookFor}
	ctx, unusable.request = klarna.WithRequestRecord(ctx)
	created, err := r.data.client.CreateAPIKey(ctx, account, plan.toCreateRequest())
	switch {
	case undecodable(err):
		unusable.addNoID(&resp.Diagnostics, "its response body could not be decoded", err)
		return
	case err != nil:
		addCreateError(&resp.Diagnostics, "API key", "klarna_api_key", accountID, lookFor, err)
		return
	case created.CredentialID == "":
		unusable.addNoID(&resp.Diagnostics, "its response holds no credential_id", nil)
		return
	}
	plan.setFromAPI(created.Credential)
	plan.APIKey = types.StringValue(created.Secret)
	// Save the key before anything else can fail, so it is never orphaned.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(plan.AccountID, plan.ID))...)
	if created.Secret == "" {
		unusable.addIncomplete(&resp.Diagnostics, created.CredentialID,
			"its response holds no secret (api_key), which the API shows only once, so the key cannot be used")
		return
	}
	if resp.Diagnostics.HasError() || wantEnabled {
		return
	}
	status := statusFor(false)
	updated, err := r.data.client.UpdateAPIKey(ctx, account, created.CredentialID, klarna.UpdateAPIKeyRequest{Status: &status})
	if err != nil {
		failedDisable(ctx, resp, "API key", created.CredentialID, err, func() error {
			return r.data.client.DeleteAPIKey(ctx, account, created.CredentialID)
		})
		return
	}
	plan.setFromAPI(updated.Credential)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(plan.AccountID, plan.ID))...)
	resp.Diagnostics.Append(markDisabledByConfiguration(ctx, resp.Private, true)...)
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state apiKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.data.recordOwnAccount(ctx, &state.AccountID); err != nil {
		addAPIError(&resp.Diagnostics, "read", "API key", state.ID.ValueString(), err)
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "API key", state.ID.ValueString(), err)
		return
	}
	key, err := r.data.client.RefreshAPIKey(ctx, account, state.ID.ValueString())
	if klarna.IsNotFound(err) {
		tflog.Warn(ctx, "API key not found; removing it from state", map[string]any{"id": state.ID.ValueString(), "account_id": state.AccountID.ValueString()})
		removeGone(ctx, resp, objectIdentity(state.AccountID, state.ID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "API key", state.ID.ValueString(), err)
		return
	}
	state.setFromAPI(key.Credential)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(state.AccountID, state.ID))...)
	resp.Diagnostics.Append(keepDisableMark(ctx, resp.Private, key.Credential)...)
}

func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state apiKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	description, status := plan.changes(state.credentialModel)
	result := state
	result.Keepers = plan.Keepers
	result.AccountID = plan.AccountID
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "update", "API key", state.ID.ValueString(), err)
		return
	}
	if description != nil || status != nil {
		key, err := r.data.client.UpdateAPIKey(ctx, account, state.ID.ValueString(), klarna.UpdateAPIKeyRequest{Description: description, Status: status})
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", "API key", state.ID.ValueString(), err)
			return
		}
		result.setFromAPI(key.Credential)
		if status != nil {
			resp.Diagnostics.Append(markDisabledByConfiguration(ctx, resp.Private, *status == klarna.CredentialDisabled)...)
		}
	}
	if !plan.LastUsedAt.IsUnknown() {
		// As planned: a use between the plan and the apply shows at the next read.
		result.LastUsedAt = plan.LastUsedAt
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(result.AccountID, result.ID))...)
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state apiKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err == nil {
		err = r.data.client.DeleteAPIKey(ctx, account, state.ID.ValueString())
	}
	if err != nil && !klarna.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", "API key", state.ID.ValueString(), err)
		return
	}
}

func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importCredential(ctx, r.data, req, resp)
}

func (m apiKeyResourceModel) toCreateRequest() klarna.CreateAPIKeyRequest {
	return klarna.CreateAPIKeyRequest{Description: m.Description.ValueString()}
}
