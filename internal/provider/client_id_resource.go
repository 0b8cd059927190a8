package provider

import (
	"context"
	"fmt"
	"maps"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ resource.ResourceWithConfigure   = (*clientIDResource)(nil)
	_ resource.ResourceWithImportState = (*clientIDResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*clientIDResource)(nil)
	_ resource.ResourceWithIdentity    = (*clientIDResource)(nil)
)

func newClientIDResource() resource.Resource {
	return &clientIDResource{}
}

type clientIDResource struct {
	data *providerData
}

type clientIDResourceModel struct {
	credentialModel
	ClientID       types.String `tfsdk:"client_id"`
	AllowedOrigins types.Set    `tfsdk:"allowed_origins"`
}

func (r *clientIDResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_id"
}

func (r *clientIDResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := credentialAttributes("client ID")
	maps.Copy(attrs, map[string]schema.Attribute{
		"client_id": schema.StringAttribute{
			MarkdownDescription: "The client ID (`klarna_<env>_client_...`) that web pages pass to Klarna's Web SDK. Not a secret.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"allowed_origins": schema.SetAttribute{
			MarkdownDescription: "The web origins allowed to use the client ID: 1 to 100 of " + apirules.OriginAllowed +
				". The Web SDK refuses pages outside this list. Updated in place.",
			ElementType: types.StringType,
			Required:    true,
			Validators: []validator.Set{
				setvalidator.SizeBetween(apirules.MinOrigins, apirules.MaxOrigins),
				setvalidator.ValueStringsAre(originValidator()),
			},
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "A client ID: the client-side credential that Klarna's Web SDK uses on the listed web origins, for " +
			"the provider's own account or for a partner account (`account_id`). Klarna disables a client ID unused for 2 months " +
			"and deletes it after 10 months disabled.",
		Attributes: attrs,
	}
}

func (r *clientIDResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountObjectIdentitySchema("client ID", credentialIDForm)
}

func (r *clientIDResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *clientIDResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	modifyCredentialPlan(ctx, r.data, "client ID", req, resp)
}

func (r *clientIDResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan clientIDResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	createReq, diags := plan.toCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	wantEnabled := plan.Enabled.ValueBool()
	accountID, account, err := r.data.accounts(ctx, plan.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", "client ID", "", err)
		return
	}
	plan.AccountID = types.StringValue(accountID)
	lookFor := fmt.Sprintf("with description %q", plan.Description.ValueString())
	unusable := createdButUnusable{entity: "client ID", resourceType: "klarna_client_id", dataSource: "klarna_client_ids", accountID: accountID, lookFor: lookFor}
	ctx, unusable.request = klarna.WithRequestRecord(ctx)
	created, err := r.data.client.CreateClientID(ctx, account, createReq)
	switch {
	case undecodable(err):
		unusable.addNoID(&resp.Diagnostics, "its response body could not be decoded", err)
		return
	case err != nil:
		addCreateError(&resp.Diagnostics, "client ID", "klarna_client_id", accountID, lookFor, err)
		return
	case created.CredentialID == "":
		unusable.addNoID(&resp.Diagnostics, "its response holds no credential_id", nil)
		return
	}
	if created.ClientID == "" {
		// The API made the client ID but did not say all of it: read it back.
		if got, err := r.data.client.GetClientID(ctx, account, created.CredentialID); err == nil {
			created = got
		}
	}
	resp.Diagnostics.Append(plan.setFromClientID(ctx, *created)...)
	// Save the client ID before anything else can fail, so it is never orphaned.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(plan.AccountID, plan.ID))...)
	if created.ClientID == "" {
		unusable.addIncomplete(&resp.Diagnostics, created.CredentialID, "its response holds no client_id")
		return
	}
	if resp.Diagnostics.HasError() || wantEnabled {
		return
	}
	status := statusFor(false)
	updated, err := r.data.client.UpdateClientID(ctx, account, created.CredentialID, klarna.UpdateClientIDRequest{Status: &status})
	if err != nil {
		failedDisable(ctx, resp, "client ID", created.CredentialID, err, func() error {
			return r.data.client.DeleteClientID(ctx, account, created.CredentialID)
		})
		return
	}
	resp.Diagnostics.Append(plan.setFromClientID(ctx, *updated)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(plan.AccountID, plan.ID))...)
	resp.Diagnostics.Append(markDisabledByConfiguration(ctx, resp.Private, true)...)
}

func (r *clientIDResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state clientIDResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.data.recordOwnAccount(ctx, &state.AccountID); err != nil {
		addAPIError(&resp.Diagnostics, "read", "client ID", state.ID.ValueString(), err)
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "client ID", state.ID.ValueString(), err)
		return
	}
	got, err := r.data.client.RefreshClientID(ctx, account, state.ID.ValueString())
	if klarna.IsNotFound(err) {
		tflog.Warn(ctx, "Client ID not found; removing it from state", map[string]any{"id": state.ID.ValueString(), "account_id": state.AccountID.ValueString()})
		removeGone(ctx, resp, objectIdentity(state.AccountID, state.ID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "client ID", state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(state.setFromClientID(ctx, *got)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(state.AccountID, state.ID))...)
	resp.Diagnostics.Append(keepDisableMark(ctx, resp.Private, got.Credential)...)
}

func (r *clientIDResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state clientIDResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	description, status := plan.changes(state.credentialModel)
	update := klarna.UpdateClientIDRequest{Description: description, Status: status}
	if !plan.AllowedOrigins.Equal(state.AllowedOrigins) {
		resp.Diagnostics.Append(plan.AllowedOrigins.ElementsAs(ctx, &update.AllowedOrigins, false)...)
		sort.Strings(update.AllowedOrigins)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	result := state
	result.Keepers = plan.Keepers
	result.AccountID = plan.AccountID
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "update", "client ID", state.ID.ValueString(), err)
		return
	}
	if update.Description != nil || update.Status != nil || update.AllowedOrigins != nil {
		got, err := r.data.client.UpdateClientID(ctx, account, state.ID.ValueString(), update)
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", "client ID", state.ID.ValueString(), err)
			return
		}
		resp.Diagnostics.Append(result.setFromClientID(ctx, *got)...)
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

func (r *clientIDResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state clientIDResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err == nil {
		err = r.data.client.DeleteClientID(ctx, account, state.ID.ValueString())
	}
	if err != nil && !klarna.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", "client ID", state.ID.ValueString(), err)
		return
	}
}

func (r *clientIDResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importCredential(ctx, r.data, req, resp)
}

func (m clientIDResourceModel) toCreateRequest(ctx context.Context) (klarna.CreateClientIDRequest, diag.Diagnostics) {
	out := klarna.CreateClientIDRequest{Description: m.Description.ValueString()}
	diags := m.AllowedOrigins.ElementsAs(ctx, &out.AllowedOrigins, false)
	sort.Strings(out.AllowedOrigins)
	return out, diags
}

// setFromClientID writes the API's view of a client ID into the model.
func (m *clientIDResourceModel) setFromClientID(ctx context.Context, c klarna.ClientID) diag.Diagnostics {
	m.setFromAPI(c.Credential)
	m.ClientID = types.StringValue(c.ClientID)
	origins, diags := types.SetValueFrom(ctx, types.StringType, c.AllowedOrigins)
	m.AllowedOrigins = origins
	return diags
}
