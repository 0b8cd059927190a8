package provider

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

var (
	_ resource.ResourceWithConfigure        = (*clientCertificateResource)(nil)
	_ resource.ResourceWithImportState      = (*clientCertificateResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*clientCertificateResource)(nil)
	_ resource.ResourceWithConfigValidators = (*clientCertificateResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*clientCertificateResource)(nil)
	_ resource.ResourceWithIdentity         = (*clientCertificateResource)(nil)
)

// defaultEarlyRenewalDays is how long before expiry a certificate is replaced by default.
const defaultEarlyRenewalDays = 30

func newClientCertificateResource() resource.Resource {
	return &clientCertificateResource{}
}

type clientCertificateResource struct {
	data *providerData
}

type clientCertificateResourceModel struct {
	ID                  types.String `tfsdk:"id"`
	AccountID           types.String `tfsdk:"account_id"`
	Usage               types.String `tfsdk:"usage"`
	Description         types.String `tfsdk:"description"`
	CSRPEM              types.String `tfsdk:"csr_pem"`
	PrivateKeyPEMWO     types.String `tfsdk:"private_key_pem_wo"`
	PrivateKeyWOVersion types.Int64  `tfsdk:"private_key_wo_version"`
	EarlyRenewalDays    types.Int64  `tfsdk:"early_renewal_days"`
	AllowLockout        types.Bool   `tfsdk:"allow_lockout"`
	CertificatePEM      types.String `tfsdk:"certificate_pem"`
	X5C                 types.String `tfsdk:"x5c"`
	FingerprintSHA256   types.String `tfsdk:"fingerprint_sha256"`
	SerialNumber        types.String `tfsdk:"serial_number"`
	SubjectCommonName   types.String `tfsdk:"subject_common_name"`
	NotBefore           types.String `tfsdk:"not_before"`
	NotAfter            types.String `tfsdk:"not_after"`
	CreatedAt           types.String `tfsdk:"created_at"`
	Status              types.String `tfsdk:"status"`
	ReadyForRenewal     types.Bool   `tfsdk:"ready_for_renewal"`
}

func (r *clientCertificateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_certificate"
}

func (r *clientCertificateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	fixed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("A client certificate that Klarna issues from a CSR, for mTLS (`usage = %q`) or for signing the "+
			"JWTs of deep links and user-access requests (`usage = %q`). Certificates are valid for %d years; ",
			apirules.UsageAPI, apirules.UsageJWTSigning, apirules.CertificateValidityYears) +
			"`early_renewal_days` replaces one before it expires. Destroying the resource revokes the certificate.\n\n" +
			"Give the key material as one of `csr_pem` (a CSR you made, e.g. with `openssl req`) or " +
			"`private_key_pem_wo` (an ECDSA P-256 key from which the provider builds the CSR; write-only, so it never " +
			"reaches the state or the plan), never both. The API returns neither, so an imported certificate (or one " +
			"`terraform query -generate-config-out` wrote) is valid with neither, until a plan would issue it again (renewal, " +
			fmt.Sprintf("or a change that replaces it): that plan fails, asking for one of them. An account may hold at most %d "+apirules.CertificateActive+" "+
				"certificates.\n\n", apirules.MaxActiveCertificates) +
			"Revoking an " + codeSpan(apirules.UsageAPI) + " certificate can lock an account out once its mTLS is enforced, so the provider refuses to " +
			"revoke the certificate it presents itself, or an account's last " + apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate, while the account's " +
			"enforcement is set or scheduled (see `allow_lockout`). With `create_before_destroy`, renewal becomes two " +
			"applies: the first issues the successor and keeps the old certificate; once the provider presents the " +
			"successor, the next apply revokes the old one.",
		Attributes: map[string]schema.Attribute{
			"id": fixed("The certificate ID (a UUID): the `<certificate_id>` of the import ID, and with `account_id` the " +
				"resource identity, by which an import block can name it too (Terraform 1.12 or later)."),
			"account_id": certificateAccountIDAttribute(),
			"usage": schema.StringAttribute{
				MarkdownDescription: "What the certificate is for: " + enumList(apirules.Usages) + ". " + codeSpan(apirules.UsageAPI) + " authenticates mTLS API " +
					"calls; " + codeSpan(apirules.UsageJWTSigning) + " signs deep-link and user-access JWTs. Changing it replaces the certificate.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(apirules.Usages...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("A description, at most %d characters. Default `\"\"`. Changing it replaces the certificate.", apirules.MaxTextLength),
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				Validators:          []validator.String{plainTextValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"csr_pem": schema.StringAttribute{
				MarkdownDescription: "A PEM certificate signing request: ECDSA P-256 key, a subject holding only the CN, and no " +
					"attributes at all (no extension request such as `-addext subjectAltName=...` or `keyUsage`, no challengePassword). " +
					"For " + codeSpan(apirules.UsageJWTSigning) + " the CN is the last segment of the account ID, e.g. `openssl req -new -key key.pem -subj \"/CN=LYABCDEI\"`; " +
					"for " + codeSpan(apirules.UsageAPI) + " it is any name of " + apirules.CommonNameAllowed + ", e.g. `LYABCDEI-mtls-1`. Checked at plan " +
					"time. A new CSR replaces the certificate only when its public key or common name differs from the issued " +
					"certificate's. Conflicts with `private_key_pem_wo`.",
				Optional: true,
			},
			"private_key_pem_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only (Terraform 1.11 or later): a PEM ECDSA P-256 private key (SEC1, PKCS#8, or as " +
					"`openssl ecparam -genkey -name prime256v1` writes it) from which the provider builds a compliant CSR. It is never " +
					"stored in the state or the plan. A key whose public key differs from the issued certificate's replaces the " +
					"certificate; bump `private_key_wo_version` to say so explicitly. Conflicts with `csr_pem`.",
				Optional:  true,
				WriteOnly: true,
				Sensitive: true,
			},
			"private_key_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Change this number to replace the certificate with one from a new `private_key_pem_wo`. " +
					"Setting it where the state has none (after an import) only records it.",
				Optional:      true,
				PlanModifiers: []planmodifier.Int64{int64RequiresReplaceIfPriorKnown()},
			},
			"early_renewal_days": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Replace the certificate when it is within this many days of `not_after`. Default %d.", defaultEarlyRenewalDays),
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(defaultEarlyRenewalDays),
				Validators:          []validator.Int64{int64validator.Between(0, apirules.CertificateValidityYears*365)},
			},
			"allow_lockout": schema.BoolAttribute{
				MarkdownDescription: "Turn the lock-out guard off: allow revoking this " + codeSpan(apirules.UsageAPI) + " certificate even when it is the one " +
					"the provider presents, or the account's last " + apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate, while the account's mTLS enforcement " +
					"is set. Default `false`. Only for those who know that nothing uses the certificate.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"certificate_pem":     fixed("The issued certificate (PEM)."),
			"x5c":                 fixed("The certificate as a JWT `x5c` header value: base64 DER, no PEM lines."),
			"fingerprint_sha256":  fixed("SHA-256 fingerprint of the certificate's DER (hex)."),
			"serial_number":       fixed("The certificate's serial number (hex)."),
			"subject_common_name": fixed("The certificate's common name: the account ID's last segment for " + codeSpan(apirules.UsageJWTSigning) + ", the CSR's CN for " + codeSpan(apirules.UsageAPI) + "."),
			"not_before":          fixed("Start of validity (RFC 3339)."),
			"not_after":           fixed(fmt.Sprintf("End of validity (RFC 3339): %d years after issue.", apirules.CertificateValidityYears)),
			"created_at":          fixed("When the certificate was issued (RFC 3339)."),
			"status": schema.StringAttribute{
				MarkdownDescription: codeSpan(apirules.CertificateActive) + ". A certificate revoked or expired outside Terraform is removed from the state and planned for re-issue.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"ready_for_renewal": schema.BoolAttribute{
				MarkdownDescription: "True when the certificate is within `early_renewal_days` of `not_after`: the plan then replaces it.",
				Computed:            true,
			},
		},
	}
}

func (r *clientCertificateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountObjectIdentitySchema("certificate", certificateIDForm)
}

func (r *clientCertificateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *clientCertificateResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("csr_pem"), path.MatchRoot("private_key_pem_wo")),
	}
}

// ValidateConfig checks the key material as far as it can without the provider: that the
// CSR or key parses and follows every rule, and the CSR's common name when account_id is known.
func (r *clientCertificateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg clientCertificateResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account := ""
	if !cfg.AccountID.IsNull() && !cfg.AccountID.IsUnknown() {
		if _, err := krn.Parse(cfg.AccountID.ValueString()); err == nil {
			account = cfg.AccountID.ValueString()
		}
	}
	checkKeyMaterial(cfg, account, &resp.Diagnostics)
}

// ModifyPlan checks the CSR's common name against the account, and plans a replacement when
// the certificate is due for renewal or the key material no longer matches it.
func (r *clientCertificateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	defer r.warnPartnerReplacement(ctx, req, resp)
	defer requireKeyMaterial(ctx, req, resp)
	if planAccountID(ctx, r.data, req, resp); resp.Diagnostics.HasError() {
		return
	}
	var plan, cfg clientCertificateResourceModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || plan.AccountID.IsUnknown() {
		return
	}
	checkAccountEnvironment(plan.AccountID, r.data, &resp.Diagnostics)
	account, err := r.data.accountFor(ctx, plan.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "plan", "client certificate", "", err)
		return
	}
	checkKeyMaterial(cfg, account, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("ready_for_renewal"), false)...)
		return
	}
	var state clientCertificateResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	issued, err := pki.ParseCertificatePEM([]byte(state.CertificatePEM.ValueString()))
	if err != nil {
		resp.Diagnostics.AddError("Unable to plan client certificate", fmt.Sprintf("certificate %s in state does not parse: %v", state.ID.ValueString(), err))
		return
	}
	if !plan.EarlyRenewalDays.IsUnknown() {
		if readyForRenewal(issued.NotAfter, plan.EarlyRenewalDays.ValueInt64(), r.data.now(ctx)) {
			// Replaced only on a change: whatever the state says, the successor's value is new.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("ready_for_renewal"), types.BoolUnknown())...)
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("ready_for_renewal"))
			return
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("ready_for_renewal"), false)...)
	}
	if !plan.CSRPEM.IsNull() && !plan.CSRPEM.IsUnknown() && !plan.CSRPEM.Equal(state.CSRPEM) {
		if csr, err := pki.ParseCSRPEM([]byte(plan.CSRPEM.ValueString())); err == nil && !matchesCertificate(csr.PublicKey, csr.Subject.CommonName, issued) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("csr_pem"))
		}
	}
	if v := cfg.PrivateKeyPEMWO; !v.IsNull() && !v.IsUnknown() {
		if key, err := pki.ParsePrivateKeyPEM([]byte(v.ValueString())); err == nil && !pki.SamePublicKey(key.Public(), issued.PublicKey) {
			// A write-only value is null in both plan and state, so the replacement is
			// carried by the certificate, which the new key will change.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("certificate_pem"), types.StringUnknown())...)
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("certificate_pem"))
		}
	}
}

func (r *clientCertificateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, cfg clientCertificateResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, account, err := r.data.accounts(ctx, plan.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", "client certificate", "", err)
		return
	}
	plan.AccountID = types.StringValue(accountID)
	csr, err := r.csrFor(plan, cfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create client certificate", err.Error())
		return
	}
	ctx, request := klarna.WithRequestRecord(ctx)
	created, err := r.data.client.CreateClientCertificate(ctx, account, klarna.CreateClientCertificateRequest{
		CSR: csr, Usage: plan.Usage.ValueString(), Description: plan.Description.ValueString(),
	})
	if klarna.HasCode(err, klarna.CodeCertificateLimitReached) {
		resp.Diagnostics.AddError("Unable to create client certificate", fmt.Sprintf(
			"The account already holds %d "+apirules.CertificateActive+" client certificates, the most Klarna allows. Free a slot first: list the "+
				"account's certificates with the klarna_client_certificates data source (status = \""+apirules.CertificateActive+"\") and revoke one that "+
				"nothing uses any more, by destroying its klarna_client_certificate (import it first if Terraform does not manage it).\n\n%s",
			apirules.MaxActiveCertificates, apiErrorDetail("client certificate", "", err)))
		return
	}
	lookFor := fmt.Sprintf("of usage %s with description %q", plan.Usage.ValueString(), plan.Description.ValueString())
	unusable := createdButUnusable{entity: "client certificate", resourceType: "klarna_client_certificate",
		dataSource: "klarna_client_certificates", form: certificateIDForm, accountID: accountID, lookFor: lookFor, request: request}
	switch {
	case undecodable(err):
		unusable.addNoID(&resp.Diagnostics, "its response body could not be decoded", err)
		return
	case err != nil:
		addCreateError(&resp.Diagnostics, "client certificate", "klarna_client_certificate", certificateIDForm, accountID, lookFor, err)
		return
	case created.CertificateID == "":
		unusable.addNoID(&resp.Diagnostics, "its response holds no certificate_id", nil)
		return
	}
	if _, err := pki.ParseCertificatePEM([]byte(created.Certificate)); err != nil {
		// The API issued the certificate but did not say all of it: read it back.
		if got, err := r.data.client.GetClientCertificate(ctx, account, created.CertificateID); err == nil {
			created = got
		}
	}
	problems := plan.setFromAPI(*created)
	plan.ReadyForRenewal = types.BoolValue(false)
	// Saved even when the certificate is unusable, so that it is never orphaned.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(plan.AccountID, plan.ID))...)
	if problems.HasError() {
		unusable.addIncomplete(&resp.Diagnostics, created.CertificateID, "its response holds no usable certificate: "+problems.Errors()[0].Detail())
	}
}

func (r *clientCertificateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state clientCertificateResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.readAccount(ctx, &state.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "client certificate", state.ID.ValueString(), err)
		return
	}
	got, err := r.data.client.RefreshClientCertificate(ctx, account, state.ID.ValueString())
	if klarna.IsNotFound(err) {
		tflog.Warn(ctx, "Client certificate not found; removing it from state", map[string]any{"id": state.ID.ValueString()})
		removeGone(ctx, resp, objectIdentity(state.AccountID, state.ID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "client certificate", state.ID.ValueString(), err)
		return
	}
	if got.Status != apirules.CertificateActive {
		tflog.Warn(ctx, "Client certificate is no longer active; removing it from state so that it is issued again",
			map[string]any{"id": state.ID.ValueString(), "status": got.Status})
		removeGone(ctx, resp, objectIdentity(state.AccountID, state.ID))
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(*got)...)
	// Judged on the API's time at every refresh, so that a plan shows why it renews.
	if days := state.EarlyRenewalDays; !days.IsNull() && !days.IsUnknown() {
		state.ReadyForRenewal = types.BoolValue(readyForRenewal(got.NotAfter, days.ValueInt64(), r.data.now(ctx)))
	} else if state.ReadyForRenewal.IsNull() {
		state.ReadyForRenewal = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(state.AccountID, state.ID))...)
}

// Update only records inputs the API never sees (a CSR for the same key, a key version,
// the renewal window, the guard): every change the API would need replaces the certificate.
func (r *clientCertificateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state clientCertificateResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	result := state
	result.AccountID = plan.AccountID
	result.CSRPEM = plan.CSRPEM
	result.PrivateKeyWOVersion = plan.PrivateKeyWOVersion
	result.EarlyRenewalDays = plan.EarlyRenewalDays
	result.AllowLockout = plan.AllowLockout
	result.PrivateKeyPEMWO = types.StringNull()
	if !plan.ReadyForRenewal.IsUnknown() {
		result.ReadyForRenewal = plan.ReadyForRenewal
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(result.AccountID, result.ID))...)
}

func (r *clientCertificateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state clientCertificateResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.Usage.ValueString() == apirules.UsageAPI && !state.AllowLockout.ValueBool() {
		risk, err := r.lockoutRisk(ctx, state)
		if err != nil {
			addAPIError(&resp.Diagnostics, "revoke", "client certificate", state.ID.ValueString(), fmt.Errorf("checking that revoking it cannot lock the account out: %w", err))
			return
		}
		if risk.kind != noLockout {
			resp.Diagnostics.AddError("Unable to revoke client certificate", fmt.Sprintf(
				"Client certificate %s (SHA-256 %s): revoking it now would lock the account out: %s\n\n%s\n\n%s",
				state.ID.ValueString(), state.FingerprintSHA256.ValueString(), risk.reason, lockoutRemedy(risk), lockoutOverride))
			return
		}
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err == nil {
		err = r.data.client.RevokeClientCertificate(ctx, account, state.ID.ValueString())
	}
	if err != nil && !klarna.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "revoke", "client certificate", state.ID.ValueString(), err)
		return
	}
}

// ImportState accepts "<certificate_id>" for the provider's own account or
// "<account_id>/<certificate_id>" for any account, or the same as an identity, and writes
// the defaults of the settings the API does not hold.
func (r *clientCertificateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountObject(ctx, r.data, certificateIDForm, "client certificate", func(ctx context.Context, account, id string) error {
		_, err := r.data.client.RefreshClientCertificate(ctx, account, id)
		return err
	}, req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("early_renewal_days"), int64(defaultEarlyRenewalDays))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("allow_lockout"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ready_for_renewal"), false)...)
}

// setFromAPI writes what the API says of the certificate into the model.
func (m *clientCertificateResourceModel) setFromAPI(c klarna.ClientCertificate) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.CertificateID)
	m.Usage = types.StringValue(c.Usage)
	m.Description = types.StringValue(c.Description)
	m.CertificatePEM = types.StringValue(c.Certificate)
	m.FingerprintSHA256 = types.StringValue(c.FingerprintSHA256)
	m.SerialNumber = types.StringValue(c.SerialNumber)
	m.SubjectCommonName = types.StringValue(c.SubjectCommonName)
	m.NotBefore = types.StringValue(formatTime(c.NotBefore))
	m.NotAfter = types.StringValue(formatTime(c.NotAfter))
	m.CreatedAt = types.StringValue(formatTime(c.CreatedAt))
	m.Status = types.StringValue(c.Status)
	cert, err := pki.ParseCertificatePEM([]byte(c.Certificate))
	if err != nil {
		diags.AddError("Unexpected certificate from the API", fmt.Sprintf("certificate %s does not parse: %v", c.CertificateID, err))
		m.X5C = types.StringNull()
		return diags
	}
	m.X5C = types.StringValue(pki.X5C(cert))
	return diags
}

// csrFor is the configured CSR, or one built from the write-only private key for the
// certificate's resolved account.
func (r *clientCertificateResource) csrFor(plan, cfg clientCertificateResourceModel) (string, error) {
	if !plan.CSRPEM.IsNull() {
		return plan.CSRPEM.ValueString(), nil
	}
	key, err := pki.ParsePrivateKeyPEM([]byte(cfg.PrivateKeyPEMWO.ValueString()))
	if err != nil {
		return "", fmt.Errorf("private_key_pem_wo: %w", err)
	}
	a, err := krn.Parse(plan.AccountID.ValueString())
	if err != nil {
		return "", err
	}
	csr, err := pki.BuildCSR(key, a.CommonName())
	if err != nil {
		return "", fmt.Errorf("building the CSR: %w", err)
	}
	return string(csr), nil
}

func certificateAccountIDAttribute() schema.StringAttribute {
	a := accountIDAttribute("certificate")
	a.MarkdownDescription += " A " + codeSpan(apirules.UsageJWTSigning) + " CSR's common name must be the account ID's last segment."
	return a
}

// checkKeyMaterial refuses a CSR or private key that the API would refuse. account is the
// certificate's account, or "" when it is not known yet; the CN is checked against the usage
// only when both are known.
func checkKeyMaterial(cfg clientCertificateResourceModel, account string, diags *diag.Diagnostics) {
	if v := cfg.CSRPEM; !v.IsNull() && !v.IsUnknown() {
		usage := ""
		if !cfg.Usage.IsNull() && !cfg.Usage.IsUnknown() {
			usage = cfg.Usage.ValueString()
		}
		if err := pki.CheckCSRWhereKnown([]byte(v.ValueString()), account, usage); err != nil {
			diags.AddAttributeError(path.Root("csr_pem"), "Invalid CSR", csrProblem(err))
		}
	}
	if v := cfg.PrivateKeyPEMWO; !v.IsNull() && !v.IsUnknown() {
		if _, err := pki.ParsePrivateKeyPEM([]byte(v.ValueString())); err != nil {
			diags.AddAttributeError(path.Root("private_key_pem_wo"), "Invalid private key", err.Error())
		}
	}
}

func csrProblem(err error) string {
	var csrErr *pki.CSRError
	if errors.As(err, &csrErr) {
		return csrErr.Reason
	}
	return err.Error()
}

// requireKeyMaterial refuses a plan that issues a certificate, a new one or a replacement,
// while the configuration gives neither csr_pem nor private_key_pem_wo. A certificate that is
// only kept (after an import, or as written by terraform query) needs neither.
func requireKeyMaterial(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if resp.Diagnostics.HasError() || req.Plan.Raw.IsNull() {
		return
	}
	var cfg clientCertificateResourceModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() || !cfg.CSRPEM.IsNull() || !cfg.PrivateKeyPEMWO.IsNull() {
		return
	}
	why := issueReason(ctx, req, resp)
	if why == "" {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("csr_pem"), "Missing key material for a new certificate", fmt.Sprintf(
		"This plan issues a certificate (%s), and issuing one needs key material, which the configuration does not give. "+
			"Add csr_pem (a PEM CSR) or private_key_pem_wo (a PEM ECDSA P-256 private key, write-only; Terraform 1.11 or "+
			"later). A certificate that is only kept, as after an import, needs neither.", why))
}

// issueReason says why the plan issues a certificate, or "" when it keeps the one in state.
func issueReason(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) string {
	if req.State.Raw.IsNull() {
		return "a new one"
	}
	var plan, state clientCertificateResourceModel
	if diags := resp.Plan.Get(ctx, &plan); diags.HasError() {
		return ""
	}
	if diags := req.State.Get(ctx, &state); diags.HasError() {
		return ""
	}
	for _, p := range resp.RequiresReplace {
		switch p.String() {
		case "ready_for_renewal":
			return "a renewal: the certificate is within early_renewal_days of not_after"
		case "account_id":
			return "a replacement in another account"
		}
	}
	switch {
	case !plan.Usage.Equal(state.Usage):
		return "a replacement: usage changes"
	case !plan.Description.Equal(state.Description):
		return "a replacement: description changes"
	case !state.PrivateKeyWOVersion.IsNull() && !plan.PrivateKeyWOVersion.Equal(state.PrivateKeyWOVersion):
		return "a replacement: private_key_wo_version changes"
	}
	return ""
}

func matchesCertificate(pub any, cn string, cert *x509.Certificate) bool {
	return pki.SamePublicKey(pub, cert.PublicKey) && cn == cert.Subject.CommonName
}

// readyForRenewal reports whether now is within days of notAfter.
func readyForRenewal(notAfter time.Time, days int64, now time.Time) bool {
	return !now.Before(notAfter.Add(-time.Duration(days) * 24 * time.Hour))
}

// lockoutKind is why revoking an API certificate would lock its account out.
type lockoutKind int

const (
	noLockout     lockoutKind = iota
	presentedByUs             // the provider presents it for its own account
	lastOfOwn                 // the own account's last ACTIVE API certificate
	lastOfPartner             // a partner account's last ACTIVE API certificate
)

type lockout struct {
	kind    lockoutKind
	account string // the certificate's account KRN
	reason  string
}

// lockoutRisk says why revoking the API certificate would lock its account out (kind
// noLockout when it would not). It reads the account's enforcement and certificates afresh.
func (r *clientCertificateResource) lockoutRisk(ctx context.Context, state clientCertificateResourceModel) (lockout, error) {
	accountID := state.AccountID.ValueString()
	account, err := r.data.apiAccount(ctx, accountID)
	if err != nil {
		return lockout{}, err
	}
	enf, err := r.data.client.GetMTLSEnforcement(ctx, account)
	if err != nil {
		return lockout{}, err
	}
	if enf.EnforcedFrom == nil {
		return lockout{}, nil
	}
	when := fmt.Sprintf("the account's mTLS enforcement is %s (from %s)", strings.ToLower(enf.Status), formatTime(*enf.EnforcedFrom))
	own := account == ""
	if own && r.data.presentedFingerprint == state.FingerprintSHA256.ValueString() {
		return lockout{kind: presentedByUs, account: accountID,
			reason: when + ", and this is the certificate the provider itself presents on every request."}, nil
	}
	certs, err := r.data.client.ListClientCertificates(ctx, account)
	if err != nil {
		return lockout{}, err
	}
	for _, c := range certs {
		if c.CertificateID != state.ID.ValueString() && c.Usage == apirules.UsageAPI && c.Status == apirules.CertificateActive {
			return lockout{}, nil
		}
	}
	kind := lastOfPartner
	if own {
		kind = lastOfOwn
	}
	return lockout{kind: kind, account: accountID, reason: when + ", and this is the account's last " + apirules.CertificateActive + " API certificate."}, nil
}

// warnPartnerReplacement warns, at plan time, when the plan replaces a partner's API
// certificate while the partner's mTLS enforcement is set: the old certificate is revoked in
// the same apply, and the provider cannot see which certificate the partner's own
// integration presents, so the guard cannot tell whether the partner already has the
// successor.
func (r *clientCertificateResource) warnPartnerReplacement(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if resp.Diagnostics.HasError() || len(resp.RequiresReplace) == 0 || req.State.Raw.IsNull() {
		return
	}
	var state clientCertificateResourceModel
	if diags := req.State.Get(ctx, &state); diags.HasError() || state.Usage.ValueString() != apirules.UsageAPI {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil || account == "" {
		return // the own account: the guard sees what the provider presents
	}
	enf, err := r.data.client.GetMTLSEnforcement(ctx, account)
	if err != nil || enf.EnforcedFrom == nil {
		return
	}
	resp.Diagnostics.AddWarning("Replacing a partner's API certificate under mTLS enforcement", fmt.Sprintf(
		"Partner account %s has mTLS enforcement %s (from %s). This apply revokes certificate %s (SHA-256 %s) once its "+
			"successor is issued (with create_before_destroy; without it, the lock-out guard refuses). The provider cannot see "+
			"which certificate the partner's own integration presents: if it still presents this one, its requests are refused "+
			"with "+klarna.CodeMTLSRequired+" from then on. To renew without a gap, first add the successor as a second "+
			"klarna_client_certificate, have the partner install it, and only then remove or replace this one.",
		state.AccountID.ValueString(), strings.ToLower(enf.Status), formatTime(*enf.EnforcedFrom),
		state.ID.ValueString(), state.FingerprintSHA256.ValueString()))
}

// lockoutRemedy says how to revoke the certificate safely, for whoever presents it.
func lockoutRemedy(l lockout) string {
	switch l.kind {
	case presentedByUs:
		return fmt.Sprintf("Install the successor first: set the provider's client_certificate_pem and client_private_key_pem (or the %s "+
			"and %s environment variables) to another "+apirules.CertificateActive+" API certificate of the account and its key, then apply again. With "+
			"create_before_destroy the old certificate is kept (deposed) until then.", envClientCertFile, envClientKeyFile)
	case lastOfOwn:
		return fmt.Sprintf("Issue its successor first (a klarna_client_certificate with usage = \""+apirules.UsageAPI+"\"), install it in every "+
			"integration of the account that presents this one (for the provider: client_certificate_pem and "+
			"client_private_key_pem, or the %s and %s environment variables), then apply again. Or remove the account's mTLS "+
			"enforcement (destroy its klarna_mtls_enforcement) before revoking the certificate.", envClientCertFile, envClientKeyFile)
	default:
		return fmt.Sprintf("The enforcement constrains the partner's own integration, which presents this certificate; the "+
			"provider's own settings play no part. Issue its successor first (a klarna_client_certificate with account_id = %q "+
			"and usage = \""+apirules.UsageAPI+"\"; with create_before_destroy on this resource a renewal issues it first), have the partner install it, "+
			"then apply again. Or remove the partner's mTLS enforcement "+
			"(destroy the klarna_mtls_enforcement with account_id = %q) before revoking the certificate.", l.account, l.account)
	}
}

// lockoutOverride says how to turn the guard off, whether or not the resource is still in
// the configuration.
const lockoutOverride = "To revoke it anyway: if its klarna_client_certificate block is still in the configuration, set " +
	"allow_lockout = true there, apply, then destroy or apply again. If the block was removed from the configuration, " +
	"allow_lockout can only be set by putting the block back as it was, with allow_lockout = true, and applying; then remove " +
	"it again. To keep the certificate and only stop managing it, use a removed block with lifecycle { destroy = false } " +
	"(Terraform 1.7 or later) or terraform state rm."
