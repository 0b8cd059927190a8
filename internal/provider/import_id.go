package provider

// Import IDs: the placeholders and ID forms that import.sh, the docs and the messages name,
// and the imports shared by the resources an account holds.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
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

// uuidIDForm is the form of an ID that is a UUID, in the 8-4-4-4-12 form the API answers
// (not the braced, URN or unhyphenated forms a UUID parser also takes).
func uuidIDForm(placeholder string) objectIDForm {
	return objectIDForm{placeholder: placeholder, kind: "a UUID", check: checkUUID}
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
		if strings.Contains(accountID, "/") {
			diags.AddError("Invalid import ID", fmt.Sprintf("Import ID %q holds more than one /: it must be %s for the provider's own account or %s/%s for any account.",
				raw, form.placeholder, accountIDPlaceholder, form.placeholder))
			return "", "", diags
		}
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

// importAccountObject imports an object an account holds (noun, e.g. "API key"), named by
// "<id>" for the provider's own account or "<account_id>/<id>", or by its identity, where
// form is the form of its ID. get reads the object through the client's account argument,
// so that an ID the account does not hold is refused with what to do instead.
func importAccountObject(ctx context.Context, data *providerData, form objectIDForm, noun string, get objectGetter,
	req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ctx, reportWaits := data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	accountID, id, diags := importedObject(ctx, data, req, form)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !checkImportedObject(ctx, data, form, noun, get, accountID, id, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	if accountID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), accountID)...)
	}
}

// objectGetter reads one object of an account, given the client's account argument and the
// object's ID; a klarna not-found error means the account holds no such object.
type objectGetter func(ctx context.Context, account, id string) error

// checkImportedObject says whether the account an import names (accountID, "" for the
// provider's own) holds the object id. Where it does not, it says so and how an object of
// the other kind of account is imported, instead of leaving Terraform to report a
// non-existent object with no word on the form of the ID.
func checkImportedObject(ctx context.Context, data *providerData, form objectIDForm, noun string, get objectGetter,
	accountID, id string, diags *diag.Diagnostics) bool {
	account, err := data.apiAccount(ctx, accountID)
	if err == nil {
		err = get(ctx, account, id)
	}
	switch {
	case klarna.IsNotFound(err):
		where := "The provider's own account"
		instead := fmt.Sprintf("An object of a partner account is imported as %s/%s.", accountIDPlaceholder, form.placeholder)
		if account != "" {
			where = "Account " + accountID
			instead = fmt.Sprintf("One of the provider's own account is imported as %s alone.", form.placeholder)
		}
		diags.AddError("Cannot import "+noun, fmt.Sprintf("%s holds no %s %s. %s", where, noun, id, instead))
		return false
	case err != nil:
		addAPIError(diags, "import", noun, id, err)
		return false
	}
	return true
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

// webhookIDForm is the form of a webhook's ID in its import ID and identity.
var webhookIDForm = objectIDForm{placeholder: "<webhook_id>", kind: "a KRN " + webhookIDPrefix + "<uuid>", check: checkWebhookID}

// checkWebhookID refuses anything but a webhook KRN: the prefix and a UUID.
func checkWebhookID(id string) error {
	rest, ok := strings.CutPrefix(id, webhookIDPrefix)
	if !ok {
		return fmt.Errorf("a webhook ID starts with %s", webhookIDPrefix)
	}
	if err := checkUUID(rest); err != nil {
		return fmt.Errorf("a webhook ID ends in a UUID: %w", err)
	}
	return nil
}

// signingKeyIDForm is the form of a signing key's ID in its import ID and identity.
var signingKeyIDForm = uuidIDForm("<signing_key_id>")

// portalUserImportIDFormat is the import ID of a grant, as error messages show it.
const portalUserImportIDFormat = "<account_id>/<on_behalf_of>/<email>"

// parsePortalUserImportID splits an import ID into its three keys. Account KRNs hold no
// slash, so the email is everything after the second slash and may hold slashes itself.
func parsePortalUserImportID(id string) (accountID, onBehalfOf, email string, err error) {
	parts := strings.SplitN(id, "/", 3)
	if len(parts) != 3 {
		return "", "", "", fmt.Errorf("import ID %q must be %s: the account KRN, the on_behalf_of KRN and the email, "+
			"separated by the first two slashes", id, portalUserImportIDFormat)
	}
	if err := checkGrantKeys(parts[0], parts[1], parts[2]); err != nil {
		return "", "", "", fmt.Errorf("import ID %q: %w", id, err)
	}
	return parts[0], parts[1], parts[2], nil
}

// checkGrantKeys holds the three keys of a grant to the rules of its import ID: all three
// given, two account KRNs and an email address.
func checkGrantKeys(accountID, onBehalfOf, email string) error {
	for _, k := range []struct{ name, value string }{{"account_id", accountID}, {"on_behalf_of", onBehalfOf}, {"email", email}} {
		if k.value == "" {
			return fmt.Errorf("empty %s; a grant is named by %s, all three given", k.name, portalUserImportIDFormat)
		}
	}
	for _, k := range []struct{ name, value string }{{"account_id", accountID}, {"on_behalf_of", onBehalfOf}} {
		if _, err := krn.Parse(k.value); err != nil {
			return fmt.Errorf("%s: %w", k.name, err)
		}
	}
	if err := apirules.CheckEmail(email); err != nil {
		return fmt.Errorf("email: %w", err)
	}
	return nil
}
