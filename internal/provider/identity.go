package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure        = (*identified)(nil)
	_ resource.ResourceWithIdentity         = (*identified)(nil)
	_ resource.ResourceWithImportState      = (*identified)(nil)
	_ resource.ResourceWithModifyPlan       = (*identified)(nil)
	_ resource.ResourceWithConfigValidators = (*identified)(nil)
	_ resource.ResourceWithValidateConfig   = (*identified)(nil)
)

// identityKind is a resource's identity: its attributes, each also a state attribute of the
// same name holding the resolved value, and how an import identity reads as an import ID.
type identityKind struct {
	attributes map[string]identityschema.StringAttribute
	// order is the attributes in the order of the import ID.
	order []string
	// lowerCase names the attributes compared without regard to case, whose identity is
	// the lower-case form, so that a change of case alone keeps the identity.
	lowerCase map[string]bool
	// importID is the string import ID for an import identity's values, by name; a null
	// account_id is "" and means the provider's own account.
	importID func(values map[string]string) string
}

// credentialIdentity is the identity of an API key, client ID or client certificate: the
// account KRN (the provider's own when the configuration omits account_id) and the ID.
var credentialIdentity = identityKind{
	attributes: map[string]identityschema.StringAttribute{
		"account_id": {
			OptionalForImport: true,
			Description:       "The account (KRN) the credential belongs to; omitted on import, the provider's own account.",
		},
		"id": {RequiredForImport: true, Description: "The credential's ID (a UUID)."},
	},
	order: []string{"account_id", "id"},
	importID: func(v map[string]string) string {
		if v["account_id"] == "" {
			return v["id"]
		}
		return v["account_id"] + "/" + v["id"]
	},
}

// portalUserIdentity is the identity of a portal user grant: its three keys.
var portalUserIdentity = identityKind{
	attributes: map[string]identityschema.StringAttribute{
		"account_id":   {RequiredForImport: true, Description: "The partner account (KRN) the person gets into."},
		"on_behalf_of": {RequiredForImport: true, Description: "The account (KRN) the person acts as."},
		"email":        {RequiredForImport: true, Description: "The person's email address, in lower case."},
	},
	order:     []string{"account_id", "on_behalf_of", "email"},
	lowerCase: map[string]bool{"email": true},
	importID: func(v map[string]string) string {
		return strings.Join([]string{v["account_id"], v["on_behalf_of"], v["email"]}, "/")
	},
}

// withIdentity gives the resources that newResource makes the identity kind: after every
// create, read and update the identity is copied from the state, and an import by identity
// is an import by the ID the identity spells.
func withIdentity(newResource func() resource.Resource, kind identityKind) func() resource.Resource {
	return func() resource.Resource {
		return &identified{Resource: newResource(), kind: kind}
	}
}

// identified is a resource with an identity; every other call goes to the resource itself.
type identified struct {
	resource.Resource
	kind identityKind
}

func (r *identified) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attrs := make(map[string]identityschema.Attribute, len(r.kind.attributes))
	for name, a := range r.kind.attributes {
		attrs[name] = a
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

func (r *identified) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.Resource.Create(ctx, req, resp)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *identified) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.Resource.Read(ctx, req, resp)
	if resp.State.Raw.IsNull() {
		// Gone: the framework still wants the identity it had, which state from before
		// identities lacks.
		r.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
		return
	}
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *identified) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.Resource.Update(ctx, req, resp)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// setIdentity copies the identity attributes from a state the resource wrote without error.
func (r *identified) setIdentity(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || diags.HasError() || state.Raw.IsNull() {
		return
	}
	for _, name := range r.kind.order {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(name), &v)...)
		if r.kind.lowerCase[name] && !v.IsNull() && !v.IsUnknown() {
			v = types.StringValue(strings.ToLower(v.ValueString()))
		}
		diags.Append(identity.SetAttribute(ctx, path.Root(name), v)...)
	}
}

func (r *identified) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	inner, ok := r.Resource.(resource.ResourceWithImportState)
	if !ok {
		resp.Diagnostics.AddError("Import not supported", "This resource cannot be imported.")
		return
	}
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		values := make(map[string]string, len(r.kind.order))
		for _, name := range r.kind.order {
			var v types.String
			resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root(name), &v)...)
			values[name] = v.ValueString()
		}
		if resp.Diagnostics.HasError() {
			return
		}
		req.ID = r.kind.importID(values)
	}
	inner.ImportState(ctx, req, resp)
}

func (r *identified) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c, ok := r.Resource.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (r *identified) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if m, ok := r.Resource.(resource.ResourceWithModifyPlan); ok {
		m.ModifyPlan(ctx, req, resp)
	}
}

func (r *identified) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.Resource.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (r *identified) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := r.Resource.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}
