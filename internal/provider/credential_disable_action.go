package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ action.ActionWithConfigure  = (*credentialDisableAction)(nil)
	_ action.ActionWithModifyPlan = (*credentialDisableAction)(nil)
)

// The kinds of credential the action disables, as its type attribute names them.
const (
	credentialTypeAPIKey   = "api_key"
	credentialTypeClientID = "client_id"
)

var credentialTypes = []string{credentialTypeAPIKey, credentialTypeClientID}

func newCredentialDisableAction() action.Action {
	return &credentialDisableAction{}
}

type credentialDisableAction struct {
	data *providerData
}

type credentialDisableActionModel struct {
	Type      types.String `tfsdk:"type"`
	ID        types.String `tfsdk:"id"`
	AccountID types.String `tfsdk:"account_id"`
}

func (a *credentialDisableAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_credential_disable"
}

func (a *credentialDisableAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The incident kill switch: disables an API key or a client ID at once, whether Terraform manages it " +
			"or not. Run it with `terraform apply -invoke=action.klarna_credential_disable.<name>` (Terraform 1.14 or later), or " +
			"from an `action_trigger`. The API records the disable as " + codeSpan(apirules.DisabledManual) + ", as it does one in the portal. A `klarna_api_key` or " +
			"`klarna_client_id` that the configuration wants enabled is then never enabled again in place: the next plan replaces it " +
			"with a new credential, which is how a leaked credential is rotated. A credential that is already disabled is left as it is: " +
			"one Klarna disabled for " + codeSpan(apirules.DisabledInactivity) + " keeps that reason, and one the configuration itself disabled (`enabled = false`) " +
			"stays under the configuration's control (the API records both that disable and the portal's as " + codeSpan(apirules.DisabledManual) + ", so the action " +
			"cannot tell them apart). In either case the action warns that a configuration wanting the credential enabled could " +
			"enable it again: to retire a leaked credential, replace it (`terraform apply -replace=<address>`) or delete it.",
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				MarkdownDescription: "What kind of credential to disable: " + enumOrList(credentialTypes) + ".",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(credentialTypes...)},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "The credential ID (a UUID): the `id` of a `klarna_api_key` or `klarna_client_id`, or the " +
					"`credential_id` the portal and the `klarna_api_keys`/`klarna_client_ids` data sources show.",
				Required:   true,
				Validators: []validator.String{uuidValidator("credential ID")},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account (KRN) the credential belongs to: a partner account onboarded through the provider's " +
					"account, or the provider's own. Omit it for the provider's own account.",
				Optional:   true,
				Validators: []validator.String{accountIDValidator()},
			},
		},
	}
}

func (a *credentialDisableAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan judges the values that were unknown when Terraform validated the config (from
// variables, say) as soon as the plan knows them.
func (a *credentialDisableAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if resp.Diagnostics.Append(checkCredentialDisableConfig(ctx, req.Config, a.data, false)...); resp.Diagnostics.HasError() {
		return
	}
	// An account outside the provider's account is refused before the CLI asks to invoke.
	var accountID types.String
	if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("account_id"), &accountID)...); resp.Diagnostics.HasError() {
		return
	}
	a.data.checkAccountBoundary(ctx, accountID, path.Root("account_id"), &resp.Diagnostics)
}

func (a *credentialDisableAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	ctx, reportWaits := a.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	if resp.Diagnostics.Append(checkCredentialDisableConfig(ctx, req.Config, a.data, true)...); resp.Diagnostics.HasError() {
		return
	}
	var cfg credentialDisableActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	noun := credentialNoun(cfg.Type.ValueString())
	id := cfg.ID.ValueString()
	accountID, account, err := a.data.accounts(ctx, cfg.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "disable", noun, id, err)
		return
	}
	progress(resp, fmt.Sprintf("Disabling %s %s in account %s", noun, id, accountID))
	var got klarna.Credential
	disabled := klarna.CredentialDisabled
	switch cfg.Type.ValueString() {
	case credentialTypeAPIKey:
		got, err = disableCredential(resp, noun, id,
			func() (*klarna.APIKey, error) { return a.data.client.GetAPIKey(ctx, account, id) },
			func() (*klarna.APIKey, error) {
				return a.data.client.UpdateAPIKey(ctx, account, id, klarna.UpdateAPIKeyRequest{Status: &disabled})
			},
			func(k *klarna.APIKey) klarna.Credential { return k.Credential })
	case credentialTypeClientID:
		got, err = disableCredential(resp, noun, id,
			func() (*klarna.ClientID, error) { return a.data.client.GetClientID(ctx, account, id) },
			func() (*klarna.ClientID, error) {
				return a.data.client.UpdateClientID(ctx, account, id, klarna.UpdateClientIDRequest{Status: &disabled})
			},
			func(c *klarna.ClientID) klarna.Credential { return c.Credential })
	default:
		resp.Diagnostics.AddAttributeError(path.Root("type"), "Unable to disable "+noun, fmt.Sprintf(
			"type %q is not a kind of credential the action disables: it must be %s.", cfg.Type.ValueString(), enumOrList(credentialTypes)))
		return
	}
	if klarna.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Unable to disable "+noun, fmt.Sprintf(
			"Account %s has no %s %s (it may have been deleted, or it belongs to another account: set account_id).\n\n%s",
			accountID, noun, id, apiErrorDetail(noun, id, err)))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "disable", noun, id, err)
		return
	}
	if got.Status != klarna.CredentialDisabled {
		resp.Diagnostics.AddError("Unable to disable "+noun, fmt.Sprintf(
			"The API answered the disable of %s %s in account %s with status %s, not %s. Disable it in the portal.",
			noun, id, accountID, got.Status, klarna.CredentialDisabled))
		return
	}
	progress(resp, fmt.Sprintf("%s %s is %s (disabled_reason %s)", strings.ToUpper(noun[:1])+noun[1:], id, got.Status, derefOr(got.DisabledReason, "none")))
}

// checkCredentialDisableConfig applies the schema's rules (type, id and account_id) and the
// provider's environment to the action's config. Terraform validates the config before it
// knows the values of variables, and the schema's validators skip an unknown value, so the
// plan and the invoke judge them again; at invoke (known) every value must be known, and a
// value outside the rules stops the action before any API call.
func checkCredentialDisableConfig(ctx context.Context, config tfsdk.Config, data *providerData, known bool) diag.Diagnostics {
	var unknown func(string) (string, string)
	if known {
		unknown = func(name string) (string, string) {
			return "Unknown " + name, name + " is unknown when the action runs; the action needs it to know what to disable."
		}
	}
	diags := checkKnownStrings(ctx, config, unknown)
	if diags.HasError() {
		return diags
	}
	var accountID types.String
	if diags.Append(config.GetAttribute(ctx, path.Root("account_id"), &accountID)...); diags.HasError() {
		return diags
	}
	checkAccountEnvironment(accountID, data, &diags)
	return diags
}

// disableCredential disables a credential of type T unless it is disabled already, and
// returns what the API then reports: get reads it, disable sets it DISABLED, and credential
// is the part every kind shares.
func disableCredential[T any](resp *action.InvokeResponse, noun, id string, get, disable func() (*T, error), credential func(*T) klarna.Credential) (klarna.Credential, error) {
	v, err := get()
	if err != nil {
		return klarna.Credential{}, err
	}
	if c := credential(v); c.Status == klarna.CredentialDisabled {
		progress(resp, fmt.Sprintf("%s %s is already disabled (disabled_reason %s); left as it is", strings.ToUpper(noun[:1])+noun[1:], id, derefOr(c.DisabledReason, "none")))
		warnAlreadyDisabled(resp, noun, id, c.DisabledReason)
		return c, nil
	}
	if v, err = disable(); err != nil {
		return klarna.Credential{}, err
	}
	return credential(v), nil
}

// warnAlreadyDisabled warns when the kill switch found a credential disabled already, for a
// reason under which a configuration could still enable it again: the API keeps the reason it
// has, and the action cannot change the private state of a resource that manages the
// credential.
//   - INACTIVITY: the provider enables such a credential in place when the configuration says
//     enabled = true.
//   - MANUAL: disabled in the portal, by this action, or by a configuration with
//     enabled = false. In the last case that configuration enables it again in place when it
//     says enabled = true; the action cannot tell which it was.
//
// SECURITY is never enabled again, so it needs no warning.
func warnAlreadyDisabled(resp *action.InvokeResponse, noun, id string, reason *klarna.DisabledReason) {
	subject := strings.ToUpper(noun[:1]) + noun[1:]
	switch derefOr(reason, "") {
	case string(klarna.DisabledInactivity):
		resp.Diagnostics.AddWarning("The "+noun+" stays disabled for "+apirules.DisabledInactivity+", not "+apirules.DisabledManual, fmt.Sprintf(
			"%s %s was already disabled for "+apirules.DisabledInactivity+", and the API keeps that reason. A configuration that manages it with "+
				"enabled = true would enable it again on its next apply. If it leaked, set enabled = false in that configuration, "+
				"or delete the %s.", subject, id, noun))
	case string(klarna.DisabledManual):
		resp.Diagnostics.AddWarning("The "+noun+" was already disabled", fmt.Sprintf(
			"%s %s was already disabled (disabled_reason "+apirules.DisabledManual+"), in the portal, by this action, or by a configuration with "+
				"enabled = false; the API does not say which. A configuration that disabled it itself enables it again in place "+
				"when it says enabled = true. If it leaked, retire it: replace it in that configuration "+
				"(terraform apply -replace=<address>) or delete the %s.", subject, id, noun))
	}
}

// credentialNoun is how messages name a credential of the type.
func credentialNoun(credentialType string) string {
	switch credentialType {
	case credentialTypeClientID:
		return "client ID"
	case credentialTypeAPIKey:
		return "API key"
	}
	return fmt.Sprintf("credential of type %q", credentialType)
}
