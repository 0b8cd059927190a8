package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ resource.ResourceWithConfigure   = (*mtlsEnforcementResource)(nil)
	_ resource.ResourceWithImportState = (*mtlsEnforcementResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*mtlsEnforcementResource)(nil)
	_ resource.ResourceWithIdentity    = (*mtlsEnforcementResource)(nil)
)

func newMTLSEnforcementResource() resource.Resource {
	return &mtlsEnforcementResource{}
}

type mtlsEnforcementResource struct {
	data *providerData
}

type mtlsEnforcementResourceModel struct {
	ID                        types.String `tfsdk:"id"`
	AccountID                 types.String `tfsdk:"account_id"`
	EnforcedFrom              types.String `tfsdk:"enforced_from"`
	RequireVerifiedConnection types.Bool   `tfsdk:"require_verified_connection"`
	Status                    types.String `tfsdk:"status"`
	EnforcedAt                types.String `tfsdk:"enforced_at"`
}

func (r *mtlsEnforcementResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mtls_enforcement"
}

func (r *mtlsEnforcementResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Enforces mTLS for an account: from `enforced_from` on, every request made with the account's own API " +
			"keys must present an " + apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " client certificate of the account, or Klarna refuses it (" + codeSpan(klarna.CodeMTLSRequired) + "). One per " +
			"account. Destroying it removes the enforcement.\n\n" +
			"Enforcement belongs to the account that owns the API key: enforcing a partner account constrains the partner's own " +
			"keys, not the provider acting on the partner. With `require_verified_connection` (the default) the provider refuses " +
			"to enforce its own account unless its own connection verifies (" + codeSpan(apirules.VerificationValid) + "), and a partner account unless it holds an " +
			apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate. Give the enforcement a `depends_on` on its certificates, so that a destroy removes the " +
			"enforcement before revoking them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The account ID (KRN) the enforcement belongs to: the import ID, and as `account_id` the " +
					"resource identity, by which an import block can name it too (Terraform 1.12 or later).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": accountIDAttribute("enforcement"),
			"enforced_from": schema.StringAttribute{
				MarkdownDescription: codeSpan(apirules.EnforceNow) + ", or a time of the form " + timestampFormMarkdown + fmt.Sprintf(" at most %d months ahead and not in the past ", apirules.EnforcementMonthsAhead) +
					"when it is set or changed. Kept in the state as written. Klarna applies the enforcement up to 5 minutes after this time.",
				Required:   true,
				Validators: []validator.String{enforcedFromValidator()},
			},
			"require_verified_connection": schema.BoolAttribute{
				MarkdownDescription: "Refuse to enforce unless it is safe to: for the provider's own account, a fresh request of the " +
					"provider must report `Klarna-Mtls-Verification-Status: " + apirules.VerificationValid + "`; for a partner account, the account must hold an " +
					apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate (the partner's own integration cannot be checked from here). The plan warns already what the apply " +
					"will refuse: the own account while its connection does not verify (the apply cannot change that, but the same " +
					"configuration may issue the certificate), and a partner account with no API certificate yet (one may be issued " +
					"in the same apply). Default `true`. With `false` " +
					"the plan warns, instead of refusing, when the enforcement would lock the provider or the partner out. Klarna itself " +
					"refuses to enforce on an account with no " + apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate (409 " + codeSpan(klarna.CodeMTLSNotEnabled) + "), whatever this says.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: codeSpan(apirules.MTLSReporting) + " until the enforcement is in effect, then " + codeSpan(apirules.MTLSEnforced) +
					"; " + codeSpan(apirules.MTLSNotEnabled) + " or " + codeSpan(apirules.MTLSReporting) + " with " +
					"`enforced_at = null` when the enforcement was removed outside Terraform (the next apply enforces again).",
				Computed: true,
			},
			"enforced_at": schema.StringAttribute{
				MarkdownDescription: "The enforcement time the API stored (RFC 3339): " + codeSpan(apirules.EnforceNow) + " becomes the time it was applied. Null when no enforcement is set.",
				Computed:            true,
			},
		},
	}
}

func (r *mtlsEnforcementResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountIdentitySchema("enforcement")
}

func (r *mtlsEnforcementResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses a past or too distant enforced_from when it is set or changed, warns
// about partner accounts, and plans to enforce again an enforcement removed out of band.
func (r *mtlsEnforcementResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	if planAccountID(ctx, r.data, req, resp); resp.Diagnostics.HasError() {
		return
	}
	var plan mtlsEnforcementResourceModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	checkAccountEnvironment(plan.AccountID, r.data, &resp.Diagnostics)
	var state *mtlsEnforcementResourceModel
	if !req.State.Raw.IsNull() {
		state = &mtlsEnforcementResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() || plan.EnforcedFrom.IsUnknown() {
		return
	}
	now := r.data.now(ctx)
	changed := state == nil || !state.EnforcedFrom.Equal(plan.EnforcedFrom)
	from := plan.EnforcedFrom.ValueString()
	if changed && from != apirules.EnforceNow {
		if t, err := time.Parse(time.RFC3339, from); err == nil {
			if err := apirules.CheckEnforcedFrom(t, now); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("enforced_from"), "Invalid enforced_from", err.Error())
				return
			}
		}
	}
	if changed && !plan.AccountID.IsNull() && !plan.AccountID.IsUnknown() && plan.RequireVerifiedConnection.ValueBool() {
		if own, err := r.data.isOwnAccount(ctx, plan.AccountID.ValueString()); err == nil && !own {
			resp.Diagnostics.AddAttributeWarning(path.Root("account_id"), "The partner's own integration cannot be verified from here",
				fmt.Sprintf("Enforcing mTLS on %s constrains requests made with the partner's own API keys. The provider can check that the "+
					"account holds an "+apirules.CertificateActive+" API certificate, but not that the partner's integration presents it. Agree a date with the "+
					"partner and prefer a future enforced_from over "+apirules.EnforceNow+".", plan.AccountID.ValueString()))
		}
	}
	// What Update sends: an enforcement unless the one the API holds stays, or is in effect and asked from NOW.
	inEffect := state != nil && !state.EnforcedAt.IsNull() && state.Status.ValueString() == apirules.MTLSEnforced
	moved := ""
	if state != nil && !changed && !state.EnforcedAt.IsNull() {
		moved = mtlsEnforcementMoved(from, state.EnforcedAt.ValueString(), now)
	}
	enforces := state == nil || moved != "" || ((changed || state.EnforcedAt.IsNull()) && (!inEffect || from != apirules.EnforceNow))
	if enforces && !plan.AccountID.IsNull() && !plan.AccountID.IsUnknown() {
		// The plan says what the guard will refuse at apply, or with the guard relaxed what the
		// enforcement would lock out.
		if r.guard(ctx, plan, true, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	if !enforces && state != nil && !state.EnforcedAt.IsNull() && state.Status.ValueString() != apirules.MTLSEnforced &&
		!plan.AccountID.IsNull() && !plan.AccountID.IsUnknown() {
		r.warnScheduled(ctx, plan.AccountID.ValueString(), state.EnforcedAt.ValueString(), &resp.Diagnostics)
	}
	if moved != "" {
		// Moved outside Terraform: enforce again as the configuration asks.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("enforced_at"), types.StringUnknown())...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		resp.Diagnostics.AddAttributeWarning(path.Root("enforced_from"), "The mTLS enforcement was moved outside Terraform",
			fmt.Sprintf("%s The apply sets the enforcement of %s again as enforced_from %s asks.", moved, plan.AccountID.ValueString(), from))
	}
	if state != nil && !state.EnforcedAt.IsNull() && !changed && moved == "" {
		// The enforcement the API holds stays as it is: the apply makes no API call.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("enforced_at"), state.EnforcedAt)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), state.Status)...)
	}
	if state != nil && state.EnforcedAt.IsNull() && !changed {
		// Removed outside Terraform: enforce again.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("enforced_at"), types.StringUnknown())...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		if t, err := time.Parse(time.RFC3339, from); err == nil && t.Before(now) {
			resp.Diagnostics.AddAttributeWarning(path.Root("enforced_from"), "The enforcement will be set from "+apirules.EnforceNow,
				fmt.Sprintf("The account's mTLS enforcement was removed outside Terraform, and enforced_from %s has passed: the apply "+
					"enforces it again from now.", from))
		}
	}
}

func (r *mtlsEnforcementResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan mtlsEnforcementResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, account, err := r.data.accounts(ctx, plan.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "enforce", "mTLS", "", err)
		return
	}
	plan.ID = types.StringValue(accountID)
	plan.AccountID = types.StringValue(accountID)
	if resp.Diagnostics.Append(r.guardErrors(ctx, plan)...); resp.Diagnostics.HasError() {
		return
	}
	enf := r.enforce(ctx, account, accountID, plan.EnforcedFrom.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.setFromAPI(*enf)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: plan.AccountID})...)
}

func (r *mtlsEnforcementResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state mtlsEnforcementResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.readAccount(ctx, &state.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "mTLS enforcement", state.ID.ValueString(), err)
		return
	}
	enf, err := r.data.client.GetMTLSEnforcement(ctx, account)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "mTLS enforcement", state.ID.ValueString(), err)
		return
	}
	state.setFromAPI(*enf)
	if state.EnforcedFrom.IsNull() {
		// Imported: record what the API holds.
		state.EnforcedFrom = state.EnforcedAt
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: state.AccountID})...)
}

func (r *mtlsEnforcementResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state mtlsEnforcementResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	from := plan.EnforcedFrom.ValueString()
	inEffect := !state.EnforcedAt.IsNull() && state.Status.ValueString() == apirules.MTLSEnforced
	moved := !state.EnforcedAt.IsNull() && mtlsEnforcementMoved(from, state.EnforcedAt.ValueString(), r.data.now(ctx)) != ""
	switch {
	case moved:
		// The API holds another enforcement time than the configuration asks: enforce below.
	case !state.EnforcedAt.IsNull() && plan.EnforcedFrom.Equal(state.EnforcedFrom),
		inEffect && from == apirules.EnforceNow:
		// Nothing for the API: the enforcement it holds already is what the configuration asks.
		result := state
		result.AccountID = plan.AccountID
		result.EnforcedFrom = plan.EnforcedFrom
		result.RequireVerifiedConnection = plan.RequireVerifiedConnection
		resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: result.AccountID})...)
		return
	}
	if t, err := time.Parse(time.RFC3339, from); err == nil && t.Before(r.data.now(ctx)) {
		from = apirules.EnforceNow
	}
	if resp.Diagnostics.Append(r.guardErrors(ctx, plan)...); resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "enforce", "mTLS", state.ID.ValueString(), err)
		return
	}
	enf := r.enforce(ctx, account, state.ID.ValueString(), from, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	plan.setFromAPI(*enf)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: plan.AccountID})...)
}

func (r *mtlsEnforcementResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state mtlsEnforcementResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err == nil {
		err = r.data.client.RemoveMTLSEnforcement(ctx, account)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "remove", "mTLS enforcement", state.ID.ValueString(), err)
	}
}

func (r *mtlsEnforcementResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountSetting(ctx, r.data, "mTLS enforcement", req, resp, func(ctx context.Context, account, accountID string) (string, error) {
		enf, err := r.data.client.GetMTLSEnforcement(ctx, account)
		if err != nil {
			return "", err
		}
		if enf.EnforcedFrom == nil {
			return fmt.Sprintf("Account %s has no mTLS enforcement (status %s): there is nothing to import. Create the resource instead: remove "+
				"the import, and apply klarna_mtls_enforcement with the enforced_from the account is to be enforced from.", accountID, enf.Status), nil
		}
		return "", nil
	})
}

func (m *mtlsEnforcementResourceModel) setFromAPI(e klarna.MTLSEnforcement) {
	m.Status = types.StringValue(e.Status)
	m.EnforcedAt = timePointerValue(e.EnforcedFrom)
}

// enforce sets the enforcement of account (the client's argument for accountID). An answer
// that does not decode is read back: the API set the enforcement all the same.
func (r *mtlsEnforcementResource) enforce(ctx context.Context, account, accountID, from string, diags *diag.Diagnostics) *klarna.MTLSEnforcement {
	ctx, request := klarna.WithRequestRecord(ctx)
	enf, err := r.data.client.EnforceMTLS(ctx, account, from)
	if undecodable(err) {
		var readErr error
		if enf, readErr = r.data.client.GetMTLSEnforcement(ctx, account); readErr != nil {
			diags.AddError("Unable to enforce mTLS", fmt.Sprintf(
				"The API answered the enforcement of %s with success, but its response body could not be decoded, and reading "+
					"the enforcement back failed (%v). The enforcement is most likely set, but the Terraform state does not say so: "+
					"check it with data.klarna_account or the API, and import it by account ID if the resource is not in the state:\n"+
					"  terraform import klarna_mtls_enforcement.<name> %s\n\n%s", accountID, readErr, accountID, requestReference(err, request)))
			return nil
		}
		err = nil
	}
	if err != nil {
		addAPIError(diags, "enforce", "mTLS", accountID, err)
		return nil
	}
	return enf
}

// guard checks afresh that an enforcement would not lock the account out: an error, or
// with require_verified_connection = false a warning, when it would. At plan (atPlan) a
// partner account without an API certificate is a warning: one may be issued in the apply.
func (r *mtlsEnforcementResource) guard(ctx context.Context, plan mtlsEnforcementResourceModel, atPlan bool, diags *diag.Diagnostics) {
	account := plan.AccountID.ValueString()
	own, err := r.data.isOwnAccount(ctx, account)
	if err != nil {
		addAPIError(diags, "enforce", "mTLS", account, err)
		return
	}
	check := mtlsLockOut{accountID: account, own: own, requireVerified: plan.RequireVerifiedConnection.ValueBool(), enforces: true, atPlan: atPlan}
	if own {
		who, err := r.data.client.WhoAmI(ctx)
		if err != nil {
			addAPIError(diags, "enforce", "mTLS", account, err)
			return
		}
		check.accountID, check.verification = who.AccountID, who.MTLSVerificationStatus
	} else {
		certs, err := r.data.client.ListClientCertificates(ctx, account)
		if err != nil {
			addAPIError(diags, "enforce", "mTLS", account, err)
			return
		}
		for _, c := range certs {
			if c.Usage == apirules.UsageAPI && c.Status == apirules.CertificateActive {
				check.activeAPICertificate = true
			}
		}
	}
	diags.Append(mtlsLockOutDiagnostics(check)...)
}

// warnScheduled warns, on a plan that changes nothing, when an enforcement of the own account
// that is not in effect yet would refuse the provider's own requests once it is: the
// provider runs without the certificate it had when the enforcement was set.
func (r *mtlsEnforcementResource) warnScheduled(ctx context.Context, account, enforcedAt string, diags *diag.Diagnostics) {
	if own, err := r.data.isOwnAccount(ctx, account); err != nil || !own {
		return
	}
	who, err := r.data.client.WhoAmI(ctx)
	if err != nil {
		return // the next apply's guard reads it again
	}
	diags.Append(scheduledEnforcementDiagnostics(who.AccountID, enforcedAt, who.MTLSVerificationStatus)...)
}

// scheduledEnforcementDiagnostics is the warning about an own-account enforcement that takes
// effect at enforcedAt while the provider's connection reports status, not VALID.
func scheduledEnforcementDiagnostics(accountID, enforcedAt, status string) diag.Diagnostics {
	var diags diag.Diagnostics
	if status == apirules.VerificationValid {
		return diags
	}
	if status == "" {
		status = "absent"
	}
	diags.AddAttributeWarning(path.Root("enforced_from"), "The scheduled mTLS enforcement will refuse the provider's own requests",
		fmt.Sprintf("mTLS is enforced for %s from %s, and the provider's request to GET /v2/account reports "+
			"Klarna-Mtls-Verification-Status %s, not "+apirules.VerificationValid+". From then on Klarna refuses ("+klarna.CodeMTLSRequired+") every request this "+
			"provider makes without a valid certificate. Configure client_certificate_pem and client_private_key_pem (or the %s "+
			"and %s environment variables) with the account's API certificate before then.",
			accountID, enforcedAt, status, envClientCertFile, envClientKeyFile))
	return diags
}

// guardErrors is the guard's check made right before enforcing: its errors only, as the
// plan has shown its warnings. A relaxed guard has nothing to refuse.
func (r *mtlsEnforcementResource) guardErrors(ctx context.Context, plan mtlsEnforcementResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if !plan.RequireVerifiedConnection.ValueBool() {
		return diags
	}
	r.guard(ctx, plan, false, &diags)
	return diags.Errors()
}

// mtlsLockOut is what decides whether enforcing mTLS on an account locks it out.
type mtlsLockOut struct {
	accountID string
	// own: the provider's own account, whose verification is the
	// Klarna-Mtls-Verification-Status of the provider's own request; a partner account is
	// judged by whether it holds an ACTIVE API certificate.
	own                  bool
	verification         string
	activeAPICertificate bool
	requireVerified      bool // require_verified_connection
	enforces             bool // whether the plan sets an enforcement
	// atPlan: judged at plan, before the apply, which warns what the apply will refuse. The
	// own account's verification cannot change within the apply (the certificate the provider
	// presents is fixed for the run), but the same configuration may issue that certificate;
	// a partner account may still get its API certificate in the apply.
	atPlan bool
}

// mtlsLockOutDiagnostics is what enforcing mTLS says: nothing when the plan sets no
// enforcement or the account's connection passes; otherwise an error, or with
// require_verified_connection = false a warning, that the enforcement would refuse the
// provider's own requests (own account) or the partner's whole integration (partner account).
func mtlsLockOutDiagnostics(c mtlsLockOut) diag.Diagnostics {
	var diags diag.Diagnostics
	if !c.enforces || (c.own && c.verification == apirules.VerificationValid) || (!c.own && c.activeAPICertificate) {
		return diags
	}
	if c.own {
		status := c.verification
		if status == "" {
			status = "absent (the account has no API certificate yet)"
		}
		if !c.requireVerified && c.verification == "" {
			diags.AddAttributeWarning(path.Root("require_verified_connection"), "The apply will fail: the account has no API certificate",
				fmt.Sprintf("Account %s holds no "+apirules.CertificateActive+" API client certificate. Klarna refuses to enforce mTLS on such an account "+
					"(409 "+klarna.CodeMTLSNotEnabled+") whatever require_verified_connection says. Issue an API certificate "+
					"(klarna_client_certificate with usage = \""+apirules.UsageAPI+"\"), configure the provider with it (client_certificate_pem and "+
					"client_private_key_pem, or the %s and %s environment variables), then enforce.", c.accountID, envClientCertFile, envClientKeyFile))
			return diags
		}
		if !c.requireVerified {
			diags.AddAttributeWarning(path.Root("require_verified_connection"), "mTLS enforcement will refuse the provider's own requests",
				fmt.Sprintf("The provider's request to GET /v2/account reported Klarna-Mtls-Verification-Status %s, not "+apirules.VerificationValid+". With "+
					"require_verified_connection = false the provider enforces mTLS for %s all the same: once it is in effect, Klarna "+
					"refuses ("+klarna.CodeMTLSRequired+") every request made with the account's keys without a valid certificate, this provider's "+
					"included, until it is configured with client_certificate_pem and client_private_key_pem (or the %s and %s "+
					"environment variables).", status, c.accountID, envClientCertFile, envClientKeyFile))
			return diags
		}
		if c.atPlan {
			// A warning, not an error: the same configuration may issue the certificate the
			// provider is to present, and refusing the plan would refuse that too.
			diags.AddAttributeWarning(path.Root("require_verified_connection"), "The apply will refuse to enforce mTLS: the provider's own connection does not verify",
				fmt.Sprintf("The provider's request to GET /v2/account reported Klarna-Mtls-Verification-Status %s, not "+apirules.VerificationValid+", so the "+
					"apply refuses to enforce mTLS for %s. The apply cannot change that: the certificate the provider presents is fixed "+
					"for the whole run, and a certificate issued in the same apply is not one it presents. Configure the provider's "+
					"client_certificate_pem and client_private_key_pem (or the %s and %s environment variables) with an API certificate "+
					"of the account, check that data.klarna_account reports mtls_verification_status = \""+apirules.VerificationValid+"\", then apply the "+
					"enforcement.", status, c.accountID, envClientCertFile, envClientKeyFile))
			return diags
		}
		diags.AddAttributeError(path.Root("require_verified_connection"), "Unable to enforce mTLS: the provider's own connection does not verify",
			fmt.Sprintf("The provider's request to GET /v2/account reported Klarna-Mtls-Verification-Status %s, not "+apirules.VerificationValid+". Enforcing mTLS "+
				"for %s now would lock the provider, and every integration of the account that does not present a valid certificate, out.\n\n"+
				"Issue an API certificate (klarna_client_certificate with usage = \""+apirules.UsageAPI+"\"), configure the provider's client_certificate_pem "+
				"and client_private_key_pem (or the %s and %s environment variables) with it, check that data.klarna_account reports "+
				"mtls_verification_status = \""+apirules.VerificationValid+"\", then apply again. To enforce regardless, set require_verified_connection = false.",
				status, c.accountID, envClientCertFile, envClientKeyFile))
		return diags
	}
	if !c.requireVerified {
		diags.AddAttributeWarning(path.Root("require_verified_connection"), "mTLS enforcement needs an API certificate of the partner account",
			fmt.Sprintf("Account %s holds no "+apirules.CertificateActive+" API client certificate now. Klarna refuses to enforce mTLS on such an account "+
				"(409 "+klarna.CodeMTLSNotEnabled+") whatever require_verified_connection says, so the apply fails unless one is issued earlier in "+
				"the same apply (klarna_client_certificate with account_id = %q and usage = \""+apirules.UsageAPI+"\", named in the enforcement's "+
				"depends_on). Once enforced, Klarna refuses every request made with the partner's own keys that does not present "+
				"that certificate: the partner must install it first.", c.accountID, c.accountID))
		return diags
	}
	if c.atPlan {
		diags.AddAttributeWarning(path.Root("require_verified_connection"), "The apply will refuse to enforce mTLS unless the partner account gets an API certificate",
			fmt.Sprintf("Account %s holds no "+apirules.CertificateActive+" API client certificate now. With require_verified_connection = true the apply refuses "+
				"to enforce mTLS on it (enforcing would lock its own integration out) unless an "+apirules.CertificateActive+" API certificate of the account "+
				"exists by then: one issued earlier in the same apply (klarna_client_certificate with account_id = %q and usage = \""+apirules.UsageAPI+"\", "+
				"named in the enforcement's depends_on) does.", c.accountID, c.accountID))
		return diags
	}
	diags.AddAttributeError(path.Root("require_verified_connection"), "Unable to enforce mTLS: the partner account has no API certificate",
		fmt.Sprintf("Account %s holds no "+apirules.CertificateActive+" API client certificate, so enforcing mTLS would lock its own integration out. Issue one "+
			"(klarna_client_certificate with account_id = %q and usage = \""+apirules.UsageAPI+"\"), have the partner install it, then apply again.", c.accountID, c.accountID))
	return diags
}

// mtlsEnforcementMoved says how the enforcement time the API holds (enforcedAt) differs from
// what enforced_from asks, or "" when it does not. NOW, and a configured time that has passed,
// ask for an enforcement in effect by now: one that starts later (moved into the future) is
// not. A configured time still ahead asks for exactly that time. An enforced_at earlier than
// a passed time, or the time NOW was applied, is in effect and fine.
func mtlsEnforcementMoved(from, enforcedAt string, now time.Time) string {
	at, err := time.Parse(time.RFC3339, enforcedAt)
	if err != nil {
		return ""
	}
	if from != apirules.EnforceNow {
		want, err := time.Parse(time.RFC3339, from)
		if err != nil {
			return ""
		}
		if want.After(now) {
			if at.Equal(want) {
				return ""
			}
			return fmt.Sprintf("The API enforces mTLS from %s, not from %s as enforced_from asks.", enforcedAt, from)
		}
	}
	if at.After(now) {
		return fmt.Sprintf("The API enforces mTLS only from %s, later than now (%s), though enforced_from = %q asks for it to be in effect already.",
			enforcedAt, now.UTC().Format(time.RFC3339), from)
	}
	return ""
}
