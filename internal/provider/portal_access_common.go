package provider

// Rules of portal access shared by klarna_portal_user and the klarna_portal_deep_link data
// source and ephemeral resource: which account a person gets into and whom they act as.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// onBehalfOfExplained is what on_behalf_of means, for every schema that has it.
const onBehalfOfExplained = "`on_behalf_of` decides whom the person represents inside the partner account. Left at the partner's " +
	"own account (the default), the person acts as the partner, with full write access. Set to the acquiring partner's " +
	"account (the provider's own), the person represents the acquiring partner inside the partner's account, with reduced " +
	"(for example read-only) rights."

// checkGrantAccount refuses the provider's own account as the account a person gets into:
// Klarna grants portal access only to accounts onboarded through the caller.
func checkGrantAccount(ctx context.Context, data *providerData, accountID types.String, at path.Path, diags *diag.Diagnostics) {
	if accountID.IsUnknown() || accountID.IsNull() {
		return
	}
	own, err := data.ownAccountID(ctx)
	if err != nil {
		addAPIError(diags, "plan", "portal access", "", err)
		return
	}
	if accountID.ValueString() == own {
		diags.AddAttributeError(at, "Invalid account_id", ownAccountGrantRefused(own))
	}
}

// ownAccountGrantRefused says why the provider's own account cannot be granted, and what to do.
func ownAccountGrantRefused(own string) string {
	return fmt.Sprintf("account_id %s is the provider's own account. Klarna grants portal access only to partner accounts "+
		"onboarded through the provider's account, never to the provider's own. Set account_id to a partner account; for a "+
		"person who represents the provider's account inside that partner account, also set on_behalf_of = %q.", own, own)
}

// checkOnBehalfOf refuses an on_behalf_of that is neither the account nor the provider's own.
func checkOnBehalfOf(ctx context.Context, data *providerData, accountID, onBehalfOf types.String, at path.Path, diags *diag.Diagnostics) {
	if accountID.IsUnknown() || onBehalfOf.IsUnknown() || onBehalfOf.IsNull() || onBehalfOf.Equal(accountID) {
		return
	}
	own, err := data.isOwnAccount(ctx, onBehalfOf.ValueString())
	if err != nil {
		addAPIError(diags, "plan", "portal access", "", err)
		return
	}
	if !own {
		diags.AddAttributeError(at, "Invalid on_behalf_of", fmt.Sprintf(
			"on_behalf_of %s must be the partner account %s or the provider's own account: %s",
			onBehalfOf.ValueString(), accountID.ValueString(), onBehalfOfExplained))
	}
}
