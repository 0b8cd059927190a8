package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
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
	_ resource.ResourceWithConfigure        = (*portalUserResource)(nil)
	_ resource.ResourceWithImportState      = (*portalUserResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*portalUserResource)(nil)
	_ resource.ResourceWithConfigValidators = (*portalUserResource)(nil)
	_ resource.ResourceWithIdentity         = (*portalUserResource)(nil)
)

// userAccessJWTLifetime is the lifetime of a user-access JWT: long enough for the retries of
// one request, which resend the same JWT, short enough to be useless if it leaks.
const userAccessJWTLifetime = 5 * time.Minute

func newPortalUserResource() resource.Resource {
	return &portalUserResource{}
}

type portalUserResource struct {
	data *providerData
}

type portalUserResourceModel struct {
	ID                     types.String `tfsdk:"id"`
	Email                  types.String `tfsdk:"email"`
	AccountID              types.String `tfsdk:"account_id"`
	OnBehalfOf             types.String `tfsdk:"on_behalf_of"`
	Roles                  types.Set    `tfsdk:"roles"`
	SigningCertificatePEM  types.String `tfsdk:"signing_certificate_pem"`
	SigningPrivateKeyPEMWO types.String `tfsdk:"signing_private_key_pem_wo"`
	Status                 types.String `tfsdk:"status"`
	CreatedAt              types.String `tfsdk:"created_at"`
}

func (r *portalUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user"
}

func (r *portalUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A person's access to a partner account in Klarna's Partner Portal, granted with the User Access " +
			"Management API. Granting creates the portal user if needed and sends an invitation email, once per address. " +
			"Each grant is a user-access JWT signed with a " + codeSpan(apirules.UsageJWTSigning) + " certificate of the provider's account: the provider's " +
			"`portal_signing`, or `signing_certificate_pem` with `signing_private_key_pem_wo` here; only a create, a replacement " +
			"or a change of roles needs it. Destroying the resource revokes exactly this grant, with no JWT (so it works with no " +
			"signing identity and after the signing certificate was revoked); other grants of the same person stay.\n\n" + onBehalfOfExplained,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<account_id>/<on_behalf_of>/<email>`, the grant's key; also the import ID, in which all three are " +
					"required and the email is everything after the second slash (account KRNs contain no slash, an email may). " +
					"An import block can name the grant by its resource identity instead (Terraform 1.12 or later): `account_id`, " +
					"`email`, and `on_behalf_of`, which defaults to `account_id`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The person's email address. Compared without regard to case (Klarna stores it in lower case): a change of case alone " +
					"is an in-place update that only records the new case, with no call to Klarna. Changing the address replaces the grant.",
				Required:   true,
				Validators: []validator.String{emailValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !apirules.SameEmail(req.StateValue.ValueString(), req.PlanValue.ValueString())
					},
					"Replaces the grant when the address changes, not when only its case does.",
					"Replaces the grant when the address changes, not when only its case does.",
				)},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The partner account (KRN) the person gets into. It must be onboarded through the provider's account; " +
					"the provider's own account cannot be granted and is refused at plan time. Changing it replaces the grant.",
				Required:      true,
				Validators:    []validator.String{accountIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"on_behalf_of": schema.StringAttribute{
				MarkdownDescription: "The account (KRN) the person acts as: `account_id` (the default) or the provider's own account. " +
					"Changing it replaces the grant.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{accountIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"roles": schema.SetAttribute{
				MarkdownDescription: "The person's roles, one or more of " + enumList(apirules.Roles) + ": " + codeSpan(apirules.RoleAdmin) + " reaches all apps of " +
					"the agreement, " + codeSpan(apirules.RoleDeveloper) + " the developer apps (client-side tokens, Conversion features), " + codeSpan(apirules.RoleAgent) + " the " +
					"support apps. Updated in place by granting again, which replaces the roles.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(apirules.Roles...)),
				},
			},
			"signing_certificate_pem": schema.StringAttribute{
				MarkdownDescription: "A " + codeSpan(apirules.UsageJWTSigning) + " certificate of the provider's account to sign this grant with, instead of the provider's " +
					"`portal_signing` (for a configuration that issues the certificate and grants access in one apply). Goes with " +
					"`signing_private_key_pem_wo`. Changing it only records it.",
				Optional:   true,
				Validators: []validator.String{pemCertificatesValidator()},
			},
			"signing_private_key_pem_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only (Terraform 1.11 or later): the private key of `signing_certificate_pem`. Never stored in the state or the plan.",
				Optional:            true,
				WriteOnly:           true,
				Sensitive:           true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: codeSpan(klarna.UserAccessInvited) + " until the person first signs in, then " + codeSpan(klarna.UserAccessActive) +
					". New roles keep an " + codeSpan(klarna.UserAccessActive) + " grant " + codeSpan(klarna.UserAccessActive) + ", and the plan shows it.",
				Computed: true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the access was first granted (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *portalUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"account_id": identityschema.StringAttribute{RequiredForImport: true,
				Description: "The KRN of the partner account the person gets into."},
			"on_behalf_of": identityschema.StringAttribute{OptionalForImport: true,
				Description: "The KRN of the account the person acts as. May be omitted in an import block's identity, which then " +
					"means `account_id`, as in the configuration; the identity Terraform stores always holds it."},
			"email": identityschema.StringAttribute{RequiredForImport: true,
				Description: "The person's email address, in lower case as Klarna stores it (an import may give it in any case)."},
		},
	}
}

func (r *portalUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *portalUserResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.RequiredTogether(path.MatchRoot("signing_certificate_pem"), path.MatchRoot("signing_private_key_pem_wo")),
	}
}

// ModifyPlan defaults on_behalf_of to account_id, checks it, and, when the plan sends a
// grant, checks the signing identity that is known then. Revoking a grant needs no JWT, so
// an unchanged grant, an import and a destroy need no signing identity at all.
func (r *portalUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, cfg portalUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *portalUserResourceModel
	if !req.State.Raw.IsNull() {
		state = &portalUserResourceModel{}
		if resp.Diagnostics.Append(req.State.Get(ctx, state)...); resp.Diagnostics.HasError() {
			return
		}
	}
	checkAccountEnvironment(plan.AccountID, r.data, &resp.Diagnostics)
	if cfg.OnBehalfOf.IsNull() && !plan.AccountID.IsUnknown() {
		plan.OnBehalfOf = plan.AccountID
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("on_behalf_of"), plan.AccountID)...)
		if state != nil && !state.OnBehalfOf.Equal(plan.OnBehalfOf) {
			// The default moved the grant to another key: a new grant, and the old one revoked.
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("on_behalf_of"))
		}
	}
	checkGrantAccount(ctx, r.data, plan.AccountID, path.Root("account_id"), &resp.Diagnostics)
	if (state == nil || !state.AccountID.Equal(plan.AccountID)) && !resp.Diagnostics.HasError() {
		r.data.checkAccountBoundary(ctx, plan.AccountID, path.Root("account_id"), &resp.Diagnostics)
	}
	checkOnBehalfOf(ctx, r.data, plan.AccountID, plan.OnBehalfOf, path.Root("on_behalf_of"), &resp.Diagnostics)
	if !sendsGrant(state, plan) {
		// Only recorded: the grant, and so its status, stays as it is.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), state.Status)...)
		return
	}
	if state != nil && state.Status.ValueString() == klarna.UserAccessActive && sameGrantKey(*state, plan) {
		// Granting the same key again only replaces its roles; the person has signed in, so the
		// grant stays ACTIVE.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), state.Status)...)
	}
	// terraform destroy plans the configuration first, so a grant changed in the configuration
	// would block offboarding; say how to destroy without signing anything.
	var signing diag.Diagnostics
	r.signerFor(ctx, cfg, true, &signing)
	for _, d := range signing {
		if d.Severity() != diag.SeverityError {
			resp.Diagnostics.Append(d)
			continue
		}
		var withHint diag.Diagnostic = diag.NewErrorDiagnostic(d.Summary(), d.Detail()+" "+destroyWithoutSigningHint)
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			withHint = diag.WithPath(dp.Path(), withHint)
		}
		resp.Diagnostics.Append(withHint)
	}
}

func (r *portalUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, cfg portalUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.refuseExistingGrant(ctx, plan, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	granted := r.grant(ctx, plan, cfg, "grant", &resp.Diagnostics)
	if granted == nil {
		return
	}
	resp.Diagnostics.Append(plan.setFromAPI(ctx, *granted)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *portalUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state portalUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := state.filter()
	if filter.AccountID == "" || filter.OnBehalfOf == "" || filter.Principal == "" {
		resp.Diagnostics.AddError("Unable to read portal access", fmt.Sprintf(
			"The grant %q lacks its account_id, on_behalf_of or email; a grant is read by all three, never by fewer.", state.ID.ValueString()))
		return
	}
	grants, err := r.data.client.RefreshUserAccess(ctx, filter)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "portal access", state.ID.ValueString(), err)
		return
	}
	g := findGrant(grants, filter)
	if g == nil {
		tflog.Warn(ctx, "Portal access not found; removing it from state", map[string]any{"id": state.ID.ValueString()})
		removeGone(ctx, resp, state.identity())
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(ctx, *g)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.identity())...)
}

func (r *portalUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state, cfg portalUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	result := state
	result.Email = plan.Email
	result.SigningCertificatePEM = plan.SigningCertificatePEM
	if !plan.Roles.Equal(state.Roles) {
		granted := r.grant(ctx, plan, cfg, "update", &resp.Diagnostics)
		if granted == nil {
			return
		}
		resp.Diagnostics.Append(result.setFromAPI(ctx, *granted)...)
		if !plan.Status.IsUnknown() {
			// The plan promised the status as it was; a grant revoked and made again since shows
			// at the next refresh.
			result.Status = plan.Status
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, result.identity())...)
}

func (r *portalUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state portalUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.data.client.RevokeUserAccess(ctx, state.filter()); err != nil && !klarna.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "revoke", "portal access", state.ID.ValueString(), err)
	}
}

func (r *portalUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	g, diags := importedGrant(ctx, r.data, req)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	own, err := r.data.ownAccountID(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "import", "portal access", g.accountID+"/"+g.onBehalfOf+"/"+g.email, err)
		return
	}
	if g.accountID == own {
		resp.Diagnostics.AddError(g.summary, fmt.Sprintf("%s: %s", g.shown, ownAccountGrantRefused(own)))
		return
	}
	// The plan's rules, so that an import names what is wrong instead of finding nothing.
	checkOnBehalfOf(ctx, r.data, types.StringValue(g.accountID), types.StringValue(g.onBehalfOf), path.Root("on_behalf_of"), &resp.Diagnostics)
	r.data.checkAccountBoundary(ctx, types.StringValue(g.accountID), path.Root("account_id"), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := portalUserResourceModel{AccountID: types.StringValue(g.accountID), OnBehalfOf: types.StringValue(g.onBehalfOf),
		Email: types.StringValue(g.email)}.filter()
	grants, err := r.data.client.RefreshUserAccess(ctx, filter)
	if err != nil {
		addAPIError(&resp.Diagnostics, "import", "portal access", g.accountID+"/"+g.onBehalfOf+"/"+g.email, err)
		return
	}
	if findGrant(grants, filter) == nil {
		resp.Diagnostics.AddError("Cannot import portal access", fmt.Sprintf("%s: account %s holds no grant for %s on behalf of %s. "+
			"List the grants the provider's account made with the klarna_portal_user list resource (terraform query) to find the one to import.",
			g.shown, g.accountID, g.email, g.onBehalfOf))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), g.accountID+"/"+g.onBehalfOf+"/"+g.email)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), g.accountID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("on_behalf_of"), g.onBehalfOf)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("email"), g.email)...)
}

// identity is the grant's resource identity: its three keys, the email in lower case as
// Klarna stores it, so that a change of case alone keeps the identity.
func (m portalUserResourceModel) identity() portalUserIdentity {
	return portalUserIdentity{AccountID: m.AccountID, OnBehalfOf: m.OnBehalfOf, Email: types.StringValue(strings.ToLower(m.Email.ValueString()))}
}

// filter names exactly this grant: all three filters, never fewer.
func (m portalUserResourceModel) filter() klarna.UserAccessFilter {
	return klarna.UserAccessFilter{
		AccountID:  m.AccountID.ValueString(),
		OnBehalfOf: m.OnBehalfOf.ValueString(),
		Principal:  strings.ToLower(m.Email.ValueString()),
	}
}

// setFromAPI writes the API's view of the grant; the email keeps the configured case.
func (m *portalUserResourceModel) setFromAPI(ctx context.Context, g klarna.UserAccess) diag.Diagnostics {
	if !apirules.SameEmail(m.Email.ValueString(), g.Principal) {
		m.Email = types.StringValue(g.Principal)
	}
	m.AccountID = types.StringValue(g.AccountID)
	m.OnBehalfOf = types.StringValue(g.OnBehalfOf)
	m.ID = types.StringValue(g.AccountID + "/" + g.OnBehalfOf + "/" + g.Principal)
	m.Status = types.StringValue(g.Status)
	m.CreatedAt = types.StringValue(formatTime(g.CreatedAt))
	roles, diags := types.SetValueFrom(ctx, types.StringType, g.Roles)
	m.Roles = roles
	return diags
}

// signerFor picks the signing identity of a grant: the resource's own or the provider's. At
// plan time (planning true) a value not known yet is no error.
func (r *portalUserResource) signerFor(ctx context.Context, cfg portalUserResourceModel, planning bool, diags *diag.Diagnostics) *signer {
	if cfg.SigningCertificatePEM.IsUnknown() || cfg.SigningPrivateKeyPEMWO.IsUnknown() {
		if !planning {
			diags.AddError("Unable to sign the user-access JWT", "The signing certificate or key is still unknown.")
		}
		return nil
	}
	return resolveSigner(ctx, r.data, cfg.SigningCertificatePEM, cfg.SigningPrivateKeyPEMWO,
		path.Root("signing_certificate_pem"), path.Root("signing_private_key_pem_wo"), diags)
}

// refuseExistingGrant stops a create that would take over a grant made elsewhere (by hand in
// the portal, or by another configuration): granting an existing key replaces its roles, so
// a create would silently change, and on destroy revoke, someone else's grant.
func (r *portalUserResource) refuseExistingGrant(ctx context.Context, plan portalUserResourceModel, diags *diag.Diagnostics) {
	filter := plan.filter()
	grants, err := r.data.client.ListUserAccess(ctx, filter)
	if err != nil {
		addAPIError(diags, "grant", "portal access", plan.Email.ValueString()+" to "+plan.AccountID.ValueString(), err)
		return
	}
	g := findGrant(grants, filter)
	if g == nil {
		return
	}
	diags.AddError("Unable to grant portal access", fmt.Sprintf(
		"%s already has access to %s on behalf of %s (roles %s, %s), granted outside this resource. Granting it again would "+
			"replace those roles, and destroying this resource would revoke the access. To manage it here, import it: "+
			"terraform import klarna_portal_user.<name> %s/%s/%s (or an import block with that ID).",
		g.Principal, g.AccountID, g.OnBehalfOf, strings.Join(g.Roles, ", "), g.Status, g.AccountID, g.OnBehalfOf, g.Principal))
}

// grant signs a fresh user-access JWT for the planned grant and sends it.
func (r *portalUserResource) grant(ctx context.Context, plan, cfg portalUserResourceModel, verb string, diags *diag.Diagnostics) *klarna.UserAccess {
	// Checked again here for an account_id that was unknown at plan time.
	if checkGrantAccount(ctx, r.data, plan.AccountID, path.Root("account_id"), diags); diags.HasError() {
		return nil
	}
	s := r.signerFor(ctx, cfg, false, diags)
	if s == nil {
		return nil
	}
	var roles []string
	if diags.Append(plan.Roles.ElementsAs(ctx, &roles, false)...); diags.HasError() {
		return nil
	}
	sort.Strings(roles)
	token, err := r.data.signPortalJWT(ctx, s, portalClaims{
		email: plan.Email.ValueString(), accountID: plan.AccountID.ValueString(), onBehalfOf: plan.OnBehalfOf.ValueString(),
		roles: roles, lifetime: userAccessJWTLifetime,
	})
	if err != nil {
		diags.AddError("Unable to "+verb+" portal access", "signing the user-access JWT: "+err.Error())
		return nil
	}
	granted, err := r.data.client.GrantUserAccess(ctx, token.token)
	if err != nil {
		addAPIError(diags, verb, "portal access", plan.Email.ValueString()+" to "+plan.AccountID.ValueString(), err)
		return nil
	}
	return granted
}

// findGrant is the grant of the list that has all three keys of f (the principal compared
// without regard to case), or nil: a grant of another person or account is never taken for
// this one, whatever the list holds.
func findGrant(grants []klarna.UserAccess, f klarna.UserAccessFilter) *klarna.UserAccess {
	for i, g := range grants {
		if g.AccountID == f.AccountID && g.OnBehalfOf == f.OnBehalfOf && apirules.SameEmail(g.Principal, f.Principal) {
			return &grants[i]
		}
	}
	return nil
}

// sendsGrant reports whether applying plan over state (nil when there is none) may send a
// grant: a create, a replacement, or a change of roles. A value not known yet counts as a
// change, so that a missing signing identity is found at plan time rather than at apply.
func sendsGrant(state *portalUserResourceModel, plan portalUserResourceModel) bool {
	if state == nil {
		return true
	}
	if plan.Email.IsUnknown() || !apirules.SameEmail(plan.Email.ValueString(), state.Email.ValueString()) {
		return true
	}
	return !plan.AccountID.Equal(state.AccountID) || !plan.OnBehalfOf.Equal(state.OnBehalfOf) || !plan.Roles.Equal(state.Roles)
}

// sameGrantKey reports whether plan names the grant state holds: the same person, account
// and on_behalf_of.
func sameGrantKey(state, plan portalUserResourceModel) bool {
	return !plan.Email.IsUnknown() && apirules.SameEmail(plan.Email.ValueString(), state.Email.ValueString()) &&
		known(plan.AccountID) && plan.AccountID.Equal(state.AccountID) && known(plan.OnBehalfOf) && plan.OnBehalfOf.Equal(state.OnBehalfOf)
}

// destroyWithoutSigningHint is added to a plan-time signing error: revoking needs no JWT.
const destroyWithoutSigningHint = "This plan sends a grant (a new person, account or on_behalf_of, or new roles). " +
	"Destroying grants needs no signing identity: to offboard now, undo the change in the configuration or run " +
	"terraform destroy -refresh=false."
