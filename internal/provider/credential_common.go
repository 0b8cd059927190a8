package provider

import (
	"context"
	"fmt"
	"strings"

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

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// credentialModel holds what API keys and client IDs share; each resource model embeds it.
type credentialModel struct {
	ID             types.String `tfsdk:"id"`
	AccountID      types.String `tfsdk:"account_id"`
	Description    types.String `tfsdk:"description"`
	Enabled        types.Bool   `tfsdk:"enabled"`
	Keepers        types.Map    `tfsdk:"keepers"`
	Environment    types.String `tfsdk:"environment"`
	Status         types.String `tfsdk:"status"`
	DisabledReason types.String `tfsdk:"disabled_reason"`
	CreatedAt      types.String `tfsdk:"created_at"`
	LastUsedAt     types.String `tfsdk:"last_used_at"`
}

// setFromAPI writes what the API says of an API key or a client ID into the model;
// account_id and keepers, which the API does not return, are left as they are.
func (m *credentialModel) setFromAPI(c klarna.Credential) {
	m.ID = types.StringValue(c.CredentialID)
	m.Description = types.StringValue(c.Description)
	m.Enabled = types.BoolValue(c.Status == klarna.CredentialEnabled)
	m.Environment = types.StringValue(string(c.Environment))
	m.Status = types.StringValue(string(c.Status))
	m.DisabledReason = enumPointerValue(c.DisabledReason)
	m.CreatedAt = types.StringValue(formatTime(c.CreatedAt))
	m.LastUsedAt = timePointerValue(c.LastUsedAt)
}

// changes lists what an update must send; nil fields stay as they are. Keepers are not
// sent: they only live in Terraform.
func (m credentialModel) changes(state credentialModel) (description *string, status *klarna.CredentialStatus) {
	if !m.Description.Equal(state.Description) {
		d := m.Description.ValueString()
		description = &d
	}
	if !m.Enabled.Equal(state.Enabled) {
		s := statusFor(m.Enabled.ValueBool())
		status = &s
	}
	return description, status
}

func statusFor(enabled bool) klarna.CredentialStatus {
	if enabled {
		return klarna.CredentialEnabled
	}
	return klarna.CredentialDisabled
}

// credentialAttributes are the schema attributes API keys and client IDs share.
func credentialAttributes(noun string) map[string]schema.Attribute {
	aNoun := withArticle(noun)
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The " + noun + "'s credential ID (a UUID): the `<credential_id>` of the import ID, and with " +
				"`account_id` the resource identity, by which an import block can name it too (Terraform 1.12 or later).",
			Computed:      true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"account_id": accountIDAttribute(noun),
		"description": schema.StringAttribute{
			MarkdownDescription: "A description of the " + noun + ": " + apirules.DescriptionAllowed + ". Default `\"\"`. Updated in place.",
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(""),
			Validators:          []validator.String{descriptionValidator()},
		},
		"enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether the " + noun + " is enabled. Default `true`. Updated in place. " + strings.ToUpper(aNoun[:1]) + aNoun[1:] + " that Klarna disabled " +
				fmt.Sprintf("for inactivity (unused for %d months, `disabled_reason = %q`) is enabled again in place on the next apply, and so is one ",
					apirules.InactiveMonthsBeforeDisable, apirules.DisabledInactivity) +
				"this configuration disabled (`enabled = false`) once it says `true` again. One disabled outside Terraform " +
				fmt.Sprintf("(`disabled_reason = %q`: in the portal, or by the `klarna_credential_disable` action, the incident kill switch) is never ", apirules.DisabledManual) +
				fmt.Sprintf("enabled again, nor is one Klarna disabled because it may be compromised (`disabled_reason = %q`, which cannot be ", apirules.DisabledSecurity) +
				"enabled again): the plan replaces it with a new one, with a warning. An imported " + noun + " that is disabled " + codeSpan(apirules.DisabledManual) + " counts as " +
				"disabled outside Terraform. With `enabled = false` " +
				"the " + noun + " is created, then disabled; should disabling fail, the new " + noun + " is deleted again (or, should that " +
				"fail too, kept tainted for the next apply to replace), never left enabled.",
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
		},
		"keepers": schema.MapAttribute{
			MarkdownDescription: "Arbitrary values that, when changed, replace the " + noun + " with a new one: rotation on demand. " +
				"The API never sees them. Setting them on " + aNoun + " that has none in state (after an import) only records them.",
			ElementType:   types.StringType,
			Optional:      true,
			PlanModifiers: []planmodifier.Map{requiresReplaceIfPriorKnown()},
		},
		"environment": schema.StringAttribute{
			MarkdownDescription: enumOrList(klarna.Environments) + ".",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"status": schema.StringAttribute{
			MarkdownDescription: enumOrList(apirules.CredentialStatuses) + ".",
			Computed:            true,
		},
		"disabled_reason": schema.StringAttribute{
			MarkdownDescription: "Why the " + noun + " is disabled: " + annotatedEnumOrList(apirules.DisabledReasons, map[string]string{
				apirules.DisabledInactivity: fmt.Sprintf("unused for %d months; deleted by Klarna after %d months disabled",
					apirules.InactiveMonthsBeforeDisable, apirules.DisabledMonthsBeforeDelete),
				apirules.DisabledSecurity: "Klarna suspects it is compromised",
			}) + ". Null while enabled.",
			Computed: true,
		},
		"created_at": schema.StringAttribute{
			MarkdownDescription: "When the " + noun + " was created (RFC 3339).",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"last_used_at": schema.StringAttribute{
			MarkdownDescription: "When the " + noun + " was last used (RFC 3339); null until first used.",
			Computed:            true,
		},
	}
}

// modifyCredentialPlan plans what the API will report after the apply, and replaces a
// credential Klarna disabled for suspected compromise when the configuration wants it enabled.
func modifyCredentialPlan(ctx context.Context, data *providerData, noun string, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if planAccountID(ctx, data, req, resp); resp.Diagnostics.HasError() {
		return
	}
	var accountID types.String
	var enabled types.Bool
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("account_id"), &accountID)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("enabled"), &enabled)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if checkAccountEnvironment(accountID, data, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	// No apply changes when the credential was last used: a new one is unused, an update
	// keeps what the last read saw.
	lastUsed := types.StringNull()
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("last_used_at"), &lastUsed)...)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("last_used_at"), lastUsed)...)
	if enabled.IsUnknown() {
		return
	}
	status := types.StringValue(string(statusFor(enabled.ValueBool())))
	reason := types.StringNull()
	if !enabled.ValueBool() {
		reason = types.StringValue(apirules.DisabledManual)
	}
	if !req.State.Raw.IsNull() {
		var state credentialModel
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &state.ID)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("enabled"), &state.Enabled)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &state.Status)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("disabled_reason"), &state.DisabledReason)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if state.DisabledReason.ValueString() == apirules.DisabledSecurity && enabled.ValueBool() {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("enabled"))
			resp.Diagnostics.AddAttributeWarning(path.Root("enabled"), "Klarna disabled this "+noun+": it will be replaced",
				fmt.Sprintf("Klarna disabled %s %s because it may be compromised (disabled_reason "+apirules.DisabledSecurity+"). Such a %s cannot be "+
					"enabled again, so Terraform plans to replace it with a new one. Update whatever uses it, and contact Klarna "+
					"Partner support about the suspected compromise.", noun, state.ID.ValueString(), noun))
			return
		}
		if state.DisabledReason.ValueString() == apirules.DisabledManual && !state.Enabled.ValueBool() && enabled.ValueBool() {
			byConfiguration, diags := disabledByConfiguration(ctx, req.Private)
			if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
				return
			}
			if !byConfiguration {
				resp.RequiresReplace = append(resp.RequiresReplace, path.Root("enabled"))
				resp.Diagnostics.AddAttributeWarning(path.Root("enabled"), "This "+noun+" was disabled outside Terraform: it will be replaced",
					fmt.Sprintf("%s %s was disabled outside Terraform (disabled_reason "+apirules.DisabledManual+": in the portal, or by the "+
						"klarna_credential_disable action), most likely because it leaked. Terraform does not enable such a credential again; "+
						"it plans to replace it with a new one. Update whatever uses it. To keep it disabled instead, set enabled = false.",
						strings.ToUpper(noun[:1])+noun[1:], state.ID.ValueString()))
				return
			}
		}
		if state.Enabled.Equal(enabled) {
			// The status does not change: keep what the API reported, reason included.
			status, reason = state.Status, state.DisabledReason
		}
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), status)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("disabled_reason"), reason)...)
}

// privateDisabledByConfiguration is the private-state key that marks a credential the
// configuration itself disabled (enabled = false). The API records that disable as MANUAL,
// as it does one in the portal or by the klarna_credential_disable action; only this mark
// tells them apart. A credential with the mark is enabled again in place when the
// configuration says so; one disabled MANUAL without it is replaced.
const privateDisabledByConfiguration = "disabled_by_configuration"

// privateState is the private state of a resource's request or response.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// disabledByConfiguration reports whether the private state holds the mark.
func disabledByConfiguration(ctx context.Context, private privateState) (bool, diag.Diagnostics) {
	if private == nil {
		return false, nil
	}
	value, diags := private.GetKey(ctx, privateDisabledByConfiguration)
	return string(value) == "true", diags
}

// markDisabledByConfiguration sets the mark (after Terraform's own disable) or removes it.
func markDisabledByConfiguration(ctx context.Context, private privateState, disabled bool) diag.Diagnostics {
	var value []byte
	if disabled {
		value = []byte("true")
	}
	return private.SetKey(ctx, privateDisabledByConfiguration, value)
}

// keepDisableMark removes the mark once the API reports the credential enabled, or disabled
// for a reason of Klarna's: a later MANUAL disable is then someone else's.
func keepDisableMark(ctx context.Context, private privateState, c klarna.Credential) diag.Diagnostics {
	if c.Status == klarna.CredentialDisabled && c.DisabledReason != nil && *c.DisabledReason == klarna.DisabledManual {
		return nil
	}
	marked, diags := disabledByConfiguration(ctx, private)
	if !marked || diags.HasError() {
		return diags
	}
	return markDisabledByConfiguration(ctx, private, false)
}

// failedDisable handles a credential created for enabled = false whose disable failed: it must
// not stay enabled, so it is deleted; if that fails too, it stays in the state (saved before
// the disable), which Terraform then marks tainted, so that the next apply replaces it.
func failedDisable(ctx context.Context, resp *resource.CreateResponse, noun, id string, disableErr error, deleteCredential func() error) {
	summary := "Unable to create " + noun
	deleteErr := deleteCredential()
	if deleteErr == nil || klarna.IsNotFound(deleteErr) {
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddError(summary, fmt.Sprintf(
			"The %s was created, but disabling it (enabled = false) failed, so it was deleted again rather than left "+
				"enabled. Nothing is kept; apply again to retry.\n\nDisabling:\n%s",
			noun, apiErrorDetail(noun, id, disableErr)))
		return
	}
	resp.Diagnostics.AddError(summary, fmt.Sprintf(
		"The %s %s was created, disabling it (enabled = false) failed, and deleting it failed too: it exists and is "+apirules.StatusEnabled+". "+
			"It is kept in the Terraform state, where Terraform marks it tainted: the next apply replaces it (deletes it and "+
			"creates a new one). Apply again soon, or delete it by hand.\n\nDisabling:\n%s\n\nDeleting:\n%s",
		noun, id, apiErrorDetail(noun, id, disableErr), apiErrorDetail(noun, id, deleteErr)))
}
