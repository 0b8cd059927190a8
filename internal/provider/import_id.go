package provider

// Import IDs: the placeholders and ID forms that import.sh, the docs and the messages name,
// and the imports shared by the resources an account holds.

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

// Placeholders of import IDs, as import.sh, the import docs and every error message that
// tells how to import name them.
const (
	accountIDPlaceholder     = "<account_id>"
	credentialIDPlaceholder  = "<credential_id>"
	certificateIDPlaceholder = "<certificate_id>"
)

// objectIDForm is the form of the ID of an object an account holds, as its import ID and
// import identity name it: placeholder as the examples and messages write it, kind what it
// is ("a UUID"), and check, which refuses any other value.
type objectIDForm struct {
	placeholder, kind string
	check             func(id string) error
}

// uuidIDForm is the form of an ID that is a UUID.
func uuidIDForm(placeholder string) objectIDForm {
	return objectIDForm{placeholder: placeholder, kind: "a UUID", check: func(id string) error {
		if _, err := uuid.Parse(id); err != nil {
			return fmt.Errorf("%q is not a UUID", id)
		}
		return nil
	}}
}

// The forms of the IDs of credentials and certificates.
var (
	credentialIDForm  = uuidIDForm(credentialIDPlaceholder)
	certificateIDForm = uuidIDForm(certificateIDPlaceholder)
)

// parseImportID splits "<id>" or "<account_id>/<id>" and holds the ID to form, whose
// placeholder names it in the messages (e.g. "<credential_id>").
func parseImportID(raw string, form objectIDForm) (accountID, id string, diags diag.Diagnostics) {
	id = raw
	if i := strings.LastIndexByte(raw, '/'); i >= 0 {
		accountID, id = raw[:i], raw[i+1:]
		if _, err := krn.Parse(accountID); err != nil {
			diags.AddError("Invalid import ID", fmt.Sprintf("Import ID %q: the part before / must be an account ID (%s): %v", raw, accountIDPlaceholder, err))
			return "", "", diags
		}
	}
	if err := form.check(id); err != nil {
		diags.AddError("Invalid import ID", fmt.Sprintf(
			"Import ID %q must be %s for the provider's own account or %s/%s for any account, where %s is %s; %v.",
			raw, form.placeholder, accountIDPlaceholder, form.placeholder, form.placeholder, form.kind, err))
	}
	return accountID, id, diags
}

// importAccountObject imports an object an account holds, named by "<id>" for the provider's
// own account or "<account_id>/<id>", or by its identity, where form is the form of its ID.
func importAccountObject(ctx context.Context, data *providerData, form objectIDForm, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	accountID, id, diags := importedObject(ctx, data, req, form)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	if accountID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), accountID)...)
	}
}

// importAccountSetting imports a setting an account holds once (noun, e.g. "mTLS
// enforcement"), named by the account's KRN or by its identity. nothing reads the setting
// through the client's account argument and says why there is nothing to import, or ""
// when there is. The import writes the account as id and account_id, and
// require_verified_connection at its default.
func importAccountSetting(ctx context.Context, data *providerData, noun string, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	nothing func(ctx context.Context, account, accountID string) (string, error)) {
	ctx, reportWaits := data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	accountID, diags := importedAccount(ctx, data, req, noun)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	account, err := data.apiAccount(ctx, accountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "import", noun, accountID, err)
		return
	}
	why, err := nothing(ctx, account, accountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "import", noun, accountID, err)
		return
	}
	if why != "" {
		resp.Diagnostics.AddError("Unable to import "+noun, why)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), accountID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), accountID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("require_verified_connection"), true)...)
}
