package provider

// The account_id attribute of every resource that belongs to an account, and how it is planned.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// accountIDAttribute is the account_id of every resource that belongs to an account: the
// configured partner account, or the provider's own when omitted, always resolved to a KRN.
func accountIDAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The account (KRN) the " + noun + " belongs to: a partner account onboarded through the provider's " +
			"account, or the provider's own. Omit it for the provider's own account; the state then holds the own account's KRN, " +
			"and giving that KRN explicitly is the same. Changing it to another account replaces the " + noun + ". An account that " +
			"is neither is refused at plan when the " + noun + " is created or moved to it.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{accountIDValidator()},
	}
}

// planAccountID plans account_id as the account it resolves to, and replaces the resource only
// when that account changes: an omitted account_id and the own account's KRN are the same.
// A create or a move to an account outside the provider's account is refused
// (checkAccountBoundary).
func planAccountID(ctx context.Context, data *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || data == nil {
		return
	}
	attr := path.Root("account_id")
	var cfg, planned, prior types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, attr, &cfg)...)
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, attr, &planned)...)
	exists := !req.State.Raw.IsNull()
	if exists {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, attr, &prior)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.IsUnknown() {
		if exists {
			resp.RequiresReplace = append(resp.RequiresReplace, attr)
		}
		return
	}
	if exists && cfg.IsNull() && prior.IsNull() && !planned.IsUnknown() {
		// State written before account_id was computed: the own account, recorded by the next read.
		return
	}
	want, err := data.resolvedAccount(ctx, cfg)
	if err != nil {
		resp.Diagnostics.AddAttributeError(attr, "Unable to resolve the account",
			"Omitting account_id means the provider's own account, whose ID could not be looked up.\n\n"+apiErrorDetail("account", "", err))
		return
	}
	moved := !exists // a create sends its requests to the account, as a move does
	if exists {
		was, err := data.resolvedAccount(ctx, prior)
		if err != nil {
			resp.Diagnostics.AddAttributeError(attr, "Unable to resolve the account",
				"The state's account_id is the provider's own account, whose ID could not be looked up.\n\n"+apiErrorDetail("account", "", err))
			return
		}
		if was != want {
			resp.RequiresReplace = append(resp.RequiresReplace, attr)
			moved = true
		}
	}
	if moved {
		data.checkAccountBoundary(ctx, types.StringValue(want), attr, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, attr, want)...)
}
