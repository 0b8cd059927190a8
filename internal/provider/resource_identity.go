package provider

// Resource identities: the data that identifies each resource's remote object, which
// Terraform 1.12 and later stores beside the state and takes in an import block
// (identity = { ... }) instead of a string import ID. An identity always holds resolved
// KRNs: where the configuration or the import identity omits account_id, it is the
// provider's own account's.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

// identityAccountIDDescription describes an identity's account_id that may be omitted at import.
func identityAccountIDDescription(noun string) string {
	return "The KRN of the account the " + noun + " belongs to. May be omitted in an import block's identity, which then means " +
		"the provider's own account; the identity Terraform stores always holds the resolved KRN."
}

// accountObjectIdentity identifies an object of an account: a credential or a certificate.
type accountObjectIdentity struct {
	AccountID types.String `tfsdk:"account_id"`
	ID        types.String `tfsdk:"id"`
}

// accountObjectIdentitySchema is the identity of an object an account holds: a credential,
// a certificate, a webhook or its signing key; form names its ID as the import ID does.
func accountObjectIdentitySchema(noun string, form objectIDForm) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"account_id": identityschema.StringAttribute{OptionalForImport: true, Description: identityAccountIDDescription(noun)},
			"id": identityschema.StringAttribute{RequiredForImport: true,
				Description: "The " + noun + "'s ID, " + form.kind + ": the " + form.placeholder + " of the import ID."},
		},
	}
}

// objectIdentity is the identity of the object whose state holds accountID and id.
func objectIdentity(accountID, id types.String) accountObjectIdentity {
	return accountObjectIdentity{AccountID: accountID, ID: id}
}

// accountIdentity identifies a setting an account has once, such as its mTLS enforcement.
type accountIdentity struct {
	AccountID types.String `tfsdk:"account_id"`
}

// accountIdentitySchema is the identity of a setting an account has once (noun).
func accountIdentitySchema(noun string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"account_id": identityschema.StringAttribute{OptionalForImport: true, Description: identityAccountIDDescription(noun)},
		},
	}
}

// portalUserIdentity identifies a grant of portal access by its three keys.
type portalUserIdentity struct {
	AccountID  types.String `tfsdk:"account_id"`
	OnBehalfOf types.String `tfsdk:"on_behalf_of"`
	Email      types.String `tfsdk:"email"`
}

// setIdentity writes v as the resource's identity. identity is nil where the resource or
// the framework has none.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v any) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, v)
}

// removeGone removes a resource that a read found gone from the state, answering with its
// identity all the same: the framework requires an identity after every read, and a
// Terraform CLI older than 1.12, which stores none, passes none in to keep.
func removeGone(ctx context.Context, resp *resource.ReadResponse, identity any) {
	resp.State.RemoveResource(ctx)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, identity)...)
}

// byIdentity reports whether an import names its object by identity rather than by a
// string import ID.
func byIdentity(req resource.ImportStateRequest) bool {
	return req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull()
}

// showIdentity renders an import identity as the import block writes it, leaving out the
// attributes it omits, for error messages.
func showIdentity(attrs ...any) string {
	var parts []string
	for i := 0; i+1 < len(attrs); i += 2 {
		if v, ok := attrs[i+1].(types.String); ok && !v.IsNull() && !v.IsUnknown() {
			parts = append(parts, fmt.Sprintf("%s = %q", attrs[i], v.ValueString()))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// importedObject is what an import of an object an account holds names, from its import ID
// ("<id>" or "<account_id>/<id>") or its import identity: accountID is "" for the
// provider's own account. Both are held to the same rules, the ID to form, and the account
// to the provider's environment.
func importedObject(ctx context.Context, data *providerData, req resource.ImportStateRequest, form objectIDForm) (accountID, id string, diags diag.Diagnostics) {
	if !byIdentity(req) {
		accountID, id, diags = parseImportID(req.ID, form)
		if !diags.HasError() {
			data.checkImportEnvironment(accountID, fmt.Sprintf("Import ID %q", req.ID), "Invalid import ID", &diags)
		}
		return accountID, id, diags
	}
	var in accountObjectIdentity
	if diags.Append(req.Identity.Get(ctx, &in)...); diags.HasError() {
		return "", "", diags
	}
	shown := "Import identity " + showIdentity("account_id", in.AccountID, "id", in.ID)
	if !in.AccountID.IsNull() {
		accountID = in.AccountID.ValueString()
		if _, err := krn.Parse(accountID); err != nil {
			diags.AddError("Invalid import identity", fmt.Sprintf("%s: account_id must be an account ID (%s), or be omitted for the "+
				"provider's own account: %v", shown, accountIDPlaceholder, err))
			return "", "", diags
		}
	}
	id = in.ID.ValueString()
	if err := form.check(id); err != nil {
		diags.AddError("Invalid import identity", fmt.Sprintf("%s: id must be the %s, %s; %v.", shown, form.placeholder, form.kind, err))
		return "", "", diags
	}
	data.checkImportEnvironment(accountID, shown, "Invalid import identity", &diags)
	return accountID, id, diags
}

// importedAccount is the account an import of an account's setting (noun, e.g. "mTLS
// enforcement") names, from its import ID (the KRN) or its import identity (the own account
// when account_id is omitted).
func importedAccount(ctx context.Context, data *providerData, req resource.ImportStateRequest, noun string) (accountID string, diags diag.Diagnostics) {
	if !byIdentity(req) {
		shown := fmt.Sprintf("Import ID %q", req.ID)
		if _, err := krn.Parse(req.ID); err != nil {
			diags.AddError("Invalid import ID", fmt.Sprintf("%s must be %s, the account ID (KRN) whose %s to import: %v", shown, accountIDPlaceholder, noun, err))
			return "", diags
		}
		data.checkImportEnvironment(req.ID, shown, "Invalid import ID", &diags)
		return req.ID, diags
	}
	var in accountIdentity
	if diags.Append(req.Identity.Get(ctx, &in)...); diags.HasError() {
		return "", diags
	}
	shown := "Import identity " + showIdentity("account_id", in.AccountID)
	if in.AccountID.IsNull() {
		own, err := data.ownAccountID(ctx)
		if err != nil {
			addAPIError(&diags, "import", noun, "", err)
		}
		return own, diags
	}
	if _, err := krn.Parse(in.AccountID.ValueString()); err != nil {
		diags.AddError("Invalid import identity", fmt.Sprintf("%s: account_id must be %s, the account ID (KRN) whose %s to "+
			"import, or be omitted for the provider's own account: %v", shown, accountIDPlaceholder, noun, err))
		return "", diags
	}
	data.checkImportEnvironment(in.AccountID.ValueString(), shown, "Invalid import identity", &diags)
	return in.AccountID.ValueString(), diags
}

// importedGrant is the grant an import of portal access names, from its import ID
// ("<account_id>/<on_behalf_of>/<email>") or its import identity, where an omitted
// on_behalf_of is account_id, as in the configuration.
func importedGrant(ctx context.Context, data *providerData, req resource.ImportStateRequest) (g importedGrantKeys, diags diag.Diagnostics) {
	if !byIdentity(req) {
		g = importedGrantKeys{shown: fmt.Sprintf("Import ID %q", req.ID), summary: "Invalid import ID"}
		var err error
		if g.accountID, g.onBehalfOf, g.email, err = parsePortalUserImportID(req.ID); err != nil {
			diags.AddError(g.summary, err.Error())
			return g, diags
		}
		data.checkImportEnvironment(g.accountID, g.shown, g.summary, &diags)
		return g, diags
	}
	var in portalUserIdentity
	if diags.Append(req.Identity.Get(ctx, &in)...); diags.HasError() {
		return g, diags
	}
	g = importedGrantKeys{
		shown:   "Import identity " + showIdentity("account_id", in.AccountID, "on_behalf_of", in.OnBehalfOf, "email", in.Email),
		summary: "Invalid import identity",
	}
	if in.OnBehalfOf.IsNull() {
		in.OnBehalfOf = in.AccountID
	}
	g.accountID, g.onBehalfOf, g.email = in.AccountID.ValueString(), in.OnBehalfOf.ValueString(), in.Email.ValueString()
	if err := checkGrantKeys(g.accountID, g.onBehalfOf, g.email); err != nil {
		diags.AddError(g.summary, fmt.Sprintf("%s: %v", g.shown, err))
		return g, diags
	}
	data.checkImportEnvironment(g.accountID, g.shown, g.summary, &diags)
	return g, diags
}

// importedGrantKeys are the keys of an imported grant, with the import ID or identity as
// messages show it and the summary of an error about it.
type importedGrantKeys struct {
	accountID, onBehalfOf, email string
	shown, summary               string
}

// checkImportEnvironment refuses an imported account of the other environment than the
// provider's: its objects cannot be reached with the provider's key. shown is the import ID
// or identity as the messages show it.
func (d *providerData) checkImportEnvironment(accountID, shown, summary string, diags *diag.Diagnostics) {
	if d == nil || accountID == "" {
		return
	}
	if a, err := krn.Parse(accountID); err == nil && a.Environment != d.environment {
		diags.AddError(summary, fmt.Sprintf("%s: account %s is a %s account, but the provider is configured for the %s environment.",
			shown, accountID, a.Environment, d.environment))
	}
}
