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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ resource.ResourceWithConfigure   = (*ipRestrictionResource)(nil)
	_ resource.ResourceWithImportState = (*ipRestrictionResource)(nil)
	_ resource.ResourceWithIdentity    = (*ipRestrictionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*ipRestrictionResource)(nil)
)

// ipRestrictionModes are the enforcement modes the resource sets; NOT_ENABLED is what
// destroying it leaves.
var ipRestrictionModes = []string{apirules.IPModeReporting, apirules.IPModeEnforced}

func newIPRestrictionResource() resource.Resource {
	return &ipRestrictionResource{}
}

type ipRestrictionResource struct {
	data *providerData
}

type ipRestrictionResourceModel struct {
	ID                        types.String `tfsdk:"id"`
	AccountID                 types.String `tfsdk:"account_id"`
	EnforcementMode           types.String `tfsdk:"enforcement_mode"`
	CIDRBlocks                types.Set    `tfsdk:"cidr_blocks"`
	RequireVerifiedConnection types.Bool   `tfsdk:"require_verified_connection"`
	EffectiveAt               types.String `tfsdk:"effective_at"`
}

func (r *ipRestrictionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ip_restriction"
}

func (r *ipRestrictionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The IP allow-list of an account: the CIDR blocks from which the account's own API keys may be used. " +
			"One per account. In " + codeSpan(apirules.IPModeReporting) + " mode every request is answered and says whether its address is allowed " +
			"(`Klarna-Ip-Validation-Status`); in " + codeSpan(apirules.IPModeEnforced) + " mode Klarna refuses requests from elsewhere (403 `IP_NOT_ALLOWED`). " +
			"Changes take effect up to 5 minutes after they are made. Destroying the resource returns the account to " + codeSpan(apirules.IPModeNotEnabled) + ".\n\n" +
			"Roll out in two applies: first " + codeSpan(apirules.IPModeReporting) + " with the final `cidr_blocks`, then " + codeSpan(apirules.IPModeEnforced) + " with the same blocks. The " +
			"provider refuses at plan to create the resource as " + codeSpan(apirules.IPModeEnforced) + ", to change `cidr_blocks` in the same apply that " +
			"enforces them or while the allow-list is " + codeSpan(apirules.IPModeEnforced) + " (new blocks go through " + codeSpan(apirules.IPModeReporting) + " first, a superset too), and " +
			"`cidr_blocks` it cannot judge because they are not known at plan; with `require_verified_connection` (the default) it enforces the provider's own account only when a " +
			"fresh read shows " + codeSpan(apirules.IPModeReporting) + " in effect with the same blocks and " + codeSpan(apirules.IPValidationAllowed) + " for the provider's own request.\n\n" +
			"As for mTLS, an account's allow-list binds the requests made with that account's keys: a partner account's " +
			"allow-list constrains the partner's integration, not the provider acting on the partner.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The account ID (KRN) the allow-list belongs to.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": accountIDAttribute("IP allow-list"),
			"enforcement_mode": schema.StringAttribute{
				MarkdownDescription: enumOrList(ipRestrictionModes) + ". " + codeSpan(apirules.IPModeEnforced) + " only after an apply with " +
					codeSpan(apirules.IPModeReporting) + " and the same `cidr_blocks` has taken effect.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(ipRestrictionModes...)},
			},
			"cidr_blocks": schema.SetAttribute{
				MarkdownDescription: fmt.Sprintf("The allowed addresses, %d to %d IPv4 or IPv6 CIDR blocks in canonical form "+
					"(no host bits set), e.g. `203.0.113.0/24`, `2001:db8::/32`, `198.51.100.7/32`.", apirules.MinCIDRBlocks, apirules.MaxCIDRBlocks),
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeBetween(apirules.MinCIDRBlocks, apirules.MaxCIDRBlocks),
					setvalidator.ValueStringsAre(cidrBlockValidator()),
				},
			},
			"require_verified_connection": schema.BoolAttribute{
				MarkdownDescription: "Refuse to enforce the provider's own account unless a fresh request of the provider reports " +
					"`Klarna-Ip-Validation-Status: " + apirules.IPValidationAllowed + "` under the same blocks in " + codeSpan(apirules.IPModeReporting) + " mode. Default `true`. Set it to " +
					"`false` only when Terraform runs from an address other than the integrations the list is for, and you have " +
					"checked them another way: the plan then warns, instead of refusing, that the provider's own requests will be refused " +
					"once the list is enforced.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"effective_at": schema.StringAttribute{
				MarkdownDescription: "When the latest change takes (or took) effect (RFC 3339); until then the previous setting applies.",
				Computed:            true,
			},
		},
	}
}

func (r *ipRestrictionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountIdentitySchema("IP allow-list")
}

func (r *ipRestrictionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses an ENFORCED that skips REPORTING or changes the blocks in the same
// apply, and, for the provider's own account, one that a fresh read does not show safe.
func (r *ipRestrictionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	if planAccountID(ctx, r.data, req, resp); resp.Diagnostics.HasError() {
		return
	}
	var plan ipRestrictionResourceModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.EnforcementMode.IsUnknown() {
		// It may turn out ENFORCED: the plan passes only if enforcing would.
		var guard diag.Diagnostics
		r.guardEnforcing(ctx, req, plan, &guard)
		if guard.HasError() {
			resp.Diagnostics.AddAttributeError(path.Root("enforcement_mode"), "Unable to judge the IP allow-list",
				"enforcement_mode is not known at plan (it comes from a value computed during the apply), so it may be "+apirules.IPModeEnforced+", "+
					"and enforcing this allow-list now would be refused for the reason below. Give enforcement_mode a value "+
					"known at plan, or apply what it depends on first (terraform apply -target=...).")
		}
		for _, d := range guard {
			if d.Severity() == diag.SeverityError {
				resp.Diagnostics.Append(d)
			}
		}
		return
	}
	if plan.EnforcementMode.ValueString() != apirules.IPModeEnforced {
		return
	}
	r.guardEnforcing(ctx, req, plan, &resp.Diagnostics)
}

func (r *ipRestrictionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan ipRestrictionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, account, err := r.data.accounts(ctx, plan.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "set", "IP allow-list", "", err)
		return
	}
	plan.ID = types.StringValue(accountID)
	plan.AccountID = types.StringValue(accountID)
	r.apply(ctx, account, plan, &resp.Diagnostics, func(m ipRestrictionResourceModel) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: m.AccountID})...)
	})
}

func (r *ipRestrictionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state ipRestrictionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "IP allow-list", state.ID.ValueString(), err)
		return
	}
	ip, err := r.data.client.GetIPRestriction(ctx, account)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "IP allow-list", state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(ctx, ip.IPRestriction)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: state.AccountID})...)
}

func (r *ipRestrictionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state ipRestrictionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if plan.EnforcementMode.Equal(state.EnforcementMode) && plan.CIDRBlocks.Equal(state.CIDRBlocks) {
		// Only require_verified_connection changed: nothing for the API.
		plan.EffectiveAt = state.EffectiveAt
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: plan.AccountID})...)
		return
	}
	if plan.EnforcementMode.ValueString() == apirules.IPModeEnforced && state.EnforcementMode.ValueString() != apirules.IPModeEnforced {
		// The plan's check, made again right before enforcing; its warnings the plan has shown.
		var guard diag.Diagnostics
		if r.guard(ctx, plan, &guard); guard.HasError() {
			resp.Diagnostics.Append(guard.Errors()...)
			return
		}
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "set", "IP allow-list", state.ID.ValueString(), err)
		return
	}
	r.apply(ctx, account, plan, &resp.Diagnostics, func(m ipRestrictionResourceModel) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, accountIdentity{AccountID: m.AccountID})...)
	})
}

func (r *ipRestrictionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state ipRestrictionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, err := r.data.apiAccount(ctx, state.AccountID.ValueString())
	if err == nil {
		mode := apirules.IPModeNotEnabled
		_, err = r.data.client.UpdateIPRestriction(ctx, account, klarna.UpdateIPRestrictionRequest{EnforcementMode: &mode})
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "remove", "IP allow-list", state.ID.ValueString(), err)
	}
}

func (r *ipRestrictionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountSetting(ctx, r.data, "IP allow-list", req, resp, func(ctx context.Context, account, accountID string) (string, error) {
		ip, err := r.data.client.GetIPRestriction(ctx, account)
		if err != nil {
			return "", err
		}
		if ip.EnforcementMode == apirules.IPModeNotEnabled {
			return fmt.Sprintf("The IP allow-list of %s is "+apirules.IPModeNotEnabled+": there is nothing to import. Create the resource instead: remove the "+
				"import, and apply klarna_ip_restriction with enforcement_mode = \""+apirules.IPModeReporting+"\" and the account's cidr_blocks.", accountID), nil
		}
		return "", nil
	})
}

func (m *ipRestrictionResourceModel) setFromAPI(ctx context.Context, ip klarna.IPRestriction) diag.Diagnostics {
	m.EnforcementMode = types.StringValue(ip.EnforcementMode)
	m.EffectiveAt = timePointerValue(ip.EffectiveAt)
	blocks := ip.CIDRBlocks
	if blocks == nil {
		blocks = []string{}
	}
	set, diags := types.SetValueFrom(ctx, types.StringType, blocks)
	m.CIDRBlocks = set
	return diags
}

// guardEnforcing holds a plan that enforces the allow-list to the staged rollout and the
// lock-out guard.
func (r *ipRestrictionResource) guardEnforcing(ctx context.Context, req resource.ModifyPlanRequest, plan ipRestrictionResourceModel, diags *diag.Diagnostics) {
	var state *ipRestrictionResourceModel
	if !req.State.Raw.IsNull() {
		state = &ipRestrictionResourceModel{}
		diags.Append(req.State.Get(ctx, state)...)
	}
	if diags.HasError() {
		return
	}
	switch {
	case state == nil:
		diags.AddAttributeError(path.Root("enforcement_mode"), "Unable to enforce the IP allow-list",
			"An IP allow-list is created in "+apirules.IPModeReporting+" mode first. Apply enforcement_mode = \""+apirules.IPModeReporting+"\" with these cidr_blocks, "+
				"check that every integration of the account reports Klarna-Ip-Validation-Status: "+apirules.IPValidationAllowed+", then apply "+
				"enforcement_mode = \""+apirules.IPModeEnforced+"\" with the same cidr_blocks.")
		return
	case state.EnforcementMode.ValueString() == apirules.IPModeNotEnabled:
		diags.AddAttributeError(path.Root("enforcement_mode"), "Unable to enforce the IP allow-list",
			fmt.Sprintf("The IP allow-list of %s was turned off ("+apirules.IPModeNotEnabled+") outside Terraform. It is enforced again the way it "+
				"was first: apply enforcement_mode = \""+apirules.IPModeReporting+"\" with these cidr_blocks, check that every integration of the "+
				"account reports Klarna-Ip-Validation-Status: "+apirules.IPValidationAllowed+", then apply enforcement_mode = \""+apirules.IPModeEnforced+"\".", state.ID.ValueString()))
		return
	case plan.CIDRBlocks.IsUnknown() || !state.CIDRBlocks.Equal(plan.CIDRBlocks):
		diags.Append(ipBlocksChangeDiagnostics(state.EnforcementMode.ValueString(), !plan.CIDRBlocks.IsUnknown())...)
		return
	case state.EnforcementMode.ValueString() == apirules.IPModeEnforced:
		return
	}
	if plan.AccountID.IsUnknown() {
		return
	}
	r.guard(ctx, plan, diags)
}

// apply sends the planned mode and blocks and saves the answer.
func (r *ipRestrictionResource) apply(ctx context.Context, account string, plan ipRestrictionResourceModel, diags *diag.Diagnostics, save func(ipRestrictionResourceModel)) {
	var blocks []string
	diags.Append(plan.CIDRBlocks.ElementsAs(ctx, &blocks, false)...)
	if diags.HasError() {
		return
	}
	slices.Sort(blocks)
	mode := plan.EnforcementMode.ValueString()
	ip, err := r.data.client.UpdateIPRestriction(ctx, account, klarna.UpdateIPRestrictionRequest{EnforcementMode: &mode, CIDRBlocks: blocks})
	if err != nil {
		addAPIError(diags, "set", "IP allow-list", plan.ID.ValueString(), err)
		return
	}
	diags.Append(plan.setFromAPI(ctx, ip.IPRestriction)...)
	save(plan)
}

// guard refuses to enforce the provider's own account unless a fresh read shows REPORTING
// in effect with the planned blocks and ALLOWED for this very request. For a partner
// account it can only check the mode and blocks, and says so.
func (r *ipRestrictionResource) guard(ctx context.Context, plan ipRestrictionResourceModel, diags *diag.Diagnostics) {
	accountID := plan.AccountID.ValueString()
	account, err := r.data.apiAccount(ctx, accountID)
	if err != nil {
		addAPIError(diags, "enforce", "IP allow-list", accountID, err)
		return
	}
	ip, err := r.data.client.GetIPRestriction(ctx, account)
	if err != nil {
		addAPIError(diags, "enforce", "IP allow-list", accountID, err)
		return
	}
	var planned []string
	diags.Append(plan.CIDRBlocks.ElementsAs(ctx, &planned, false)...)
	slices.Sort(planned)
	got := slices.Sorted(slices.Values(ip.CIDRBlocks))
	if ip.EnforcementMode != apirules.IPModeReporting || !slices.Equal(got, planned) {
		diags.AddAttributeError(path.Root("enforcement_mode"), "Unable to enforce the IP allow-list",
			fmt.Sprintf("Klarna holds enforcement_mode %s with cidr_blocks %v for %s, not "+apirules.IPModeReporting+" with the planned blocks %v. "+
				"Apply enforcement_mode = \""+apirules.IPModeReporting+"\" with these cidr_blocks first, then "+apirules.IPModeEnforced+".", ip.EnforcementMode, got, accountID, planned))
		return
	}
	now := r.data.now(ctx)
	if ip.EffectiveAt != nil && now.Before(*ip.EffectiveAt) {
		diags.AddAttributeError(path.Root("enforcement_mode"), "Unable to enforce the IP allow-list yet",
			fmt.Sprintf("The "+apirules.IPModeReporting+" setting of %s takes effect at %s; until then Klarna cannot say whether requests are allowed. "+
				"Apply again after that time.", accountID, formatTime(*ip.EffectiveAt)))
		return
	}
	if account != "" {
		if plan.RequireVerifiedConnection.ValueBool() {
			diags.AddAttributeWarning(path.Root("account_id"), "The partner's own integration cannot be verified from here",
				fmt.Sprintf("Enforcing the IP allow-list of %s constrains requests made with the partner's own API keys. The provider "+
					"checked that "+apirules.IPModeReporting+" is in effect with the same blocks, but not that the partner's integration calls from "+
					"inside them: agree the moment with the partner.", accountID))
		}
		return
	}
	diags.Append(ipLockOutDiagnostics(accountID, ip.IPValidationStatus, plan.RequireVerifiedConnection.ValueBool(), plan.EnforcementMode.ValueString())...)
}

// ipLockOutDiagnostics is what enforcing the provider's own allow-list says, given the
// Klarna-Ip-Validation-Status of the provider's own request under REPORTING with the planned
// blocks: nothing when the plan does not enforce or the provider is allowed; otherwise an
// error, or with require_verified_connection = false a warning, that the provider's own
// requests would be refused once the list is enforced.
func ipLockOutDiagnostics(accountID, status string, requireVerified bool, plannedMode string) diag.Diagnostics {
	var diags diag.Diagnostics
	if plannedMode != apirules.IPModeEnforced || status == apirules.IPValidationAllowed {
		return diags
	}
	if status == "" {
		status = "absent"
	}
	if requireVerified {
		diags.AddAttributeError(path.Root("cidr_blocks"), "Unable to enforce the IP allow-list: it does not allow the provider",
			fmt.Sprintf("The provider's own request to read the allow-list of %s reported Klarna-Ip-Validation-Status %s, not "+apirules.IPValidationAllowed+". "+
				"Enforcing these cidr_blocks would lock the provider, and every integration calling from the same address, out of the "+
				"account. Add the provider's egress address to cidr_blocks (in "+apirules.IPModeReporting+" mode), apply, then enforce. To enforce "+
				"regardless, set require_verified_connection = false.", accountID, status))
		return diags
	}
	diags.AddAttributeWarning(path.Root("cidr_blocks"), "The IP allow-list will refuse the provider's own requests",
		fmt.Sprintf("The provider's own request to read the allow-list of %s reported Klarna-Ip-Validation-Status %s, not "+apirules.IPValidationAllowed+". "+
			"With require_verified_connection = false the provider enforces these cidr_blocks all the same: once they take effect, "+
			"Klarna refuses (403 IP_NOT_ALLOWED) every request made with the account's keys from this address, this provider's "+
			"included, until the list is changed from an allowed address.", accountID, status))
	return diags
}

// ipBlocksChangeDiagnostics refuses cidr_blocks that change, or may change (not known at plan),
// in an apply whose enforcement_mode is ENFORCED, saying which of the cases it is: the
// allow-list is enforced already (fromMode ENFORCED) and stays so, or this apply enforces it.
// Blocks are enforced only after REPORTING showed them: new blocks in ENFORCED mode refuse at
// once every request from an address they leave out, the provider's own included.
func ipBlocksChangeDiagnostics(fromMode string, known bool) diag.Diagnostics {
	var diags diag.Diagnostics
	const how = "Apply the new cidr_blocks with enforcement_mode = \"" + apirules.IPModeReporting + "\" first, check that every integration of the " +
		"account reports Klarna-Ip-Validation-Status: " + apirules.IPValidationAllowed + ", then apply enforcement_mode = \"" + apirules.IPModeEnforced + "\" with the same blocks."
	which := "this apply sets enforcement_mode = \"" + apirules.IPModeEnforced + "\""
	if fromMode == apirules.IPModeEnforced {
		which = "the allow-list is " + apirules.IPModeEnforced + " already and stays so, and the cidr_blocks of an enforced allow-list change only " +
			"through " + apirules.IPModeReporting + ": in " + apirules.IPModeEnforced + " mode new blocks would refuse at once every request from an address they leave out, " +
			"the provider's own included, with no " + apirules.IPModeReporting + " to show it first"
	}
	if !known {
		diags.AddAttributeError(path.Root("cidr_blocks"), "Unable to enforce the IP allow-list",
			"cidr_blocks are not known at plan (they come from a resource this apply creates or replaces), so the guard cannot "+
				"judge whether they are the blocks "+apirules.IPModeReporting+" checked, and "+which+". Make them known at plan (apply what they "+
				"come from first, e.g. with -target), or apply them with enforcement_mode = \""+apirules.IPModeReporting+"\": "+how)
		return diags
	}
	if fromMode == apirules.IPModeEnforced {
		diags.AddAttributeError(path.Root("cidr_blocks"), "Unable to change the blocks of an enforced IP allow-list",
			"cidr_blocks change, but "+which+" (even blocks that only add addresses are checked in "+apirules.IPModeReporting+" first). "+how)
		return diags
	}
	diags.AddAttributeError(path.Root("cidr_blocks"), "Unable to enforce the IP allow-list",
		"cidr_blocks change in the same apply that sets enforcement_mode = \""+apirules.IPModeEnforced+"\": the new blocks were never checked "+
			"in "+apirules.IPModeReporting+" mode. "+how)
	return diags
}
