package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var (
	_ resource.ResourceWithConfigure   = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiKeyResource)(nil)
	_ resource.ResourceWithIdentity    = (*apiKeyResource)(nil)
)

// credentialResource manages one credential of an account (an API key or a client ID):
// M is the resource's model, T the API's type of the credential, C its create request.
type credentialResource[M, T, C any] struct {
	data *providerData
	kind credentialResourceKind[M, T, C]
}

// credentialResourceKind is what differs between the credential resources.
type credentialResourceKind[M, T, C any] struct {
	typeName    string // after klarna_, the resource's type name; with an s, its list data source's
	noun        string // how descriptions and messages name one credential
	description string
	attributes  map[string]schema.Attribute // the attributes besides those all credentials have
	base        func(*M) *credentialModel
	credential  func(T) klarna.Credential
	setFromAPI  func(context.Context, *M, T) diag.Diagnostics
	// createRequest and create make the credential; create also writes into the model what
	// only the create response holds.
	createRequest func(context.Context, M) (C, diag.Diagnostics)
	create        func(ctx context.Context, c *klarna.Client, account string, req C, m *M) (*T, error)
	// lacks says what a created credential lacks to be usable, or "".
	lacks func(M) string
	// tellApart says what, besides its description, tells the created credential apart in a
	// listing of the account's credentials (e.g. a client ID's origins), or is nil.
	tellApart func(C) string
	changes   func(ctx context.Context, plan, state M) (credentialUpdate, diag.Diagnostics)
	refresh   func(c *klarna.Client, ctx context.Context, account, id string) (*T, error)
	update    func(c *klarna.Client, ctx context.Context, account, id string, u credentialUpdate) (*T, error)
	delete    func(c *klarna.Client, ctx context.Context, account, id string) error
}

// credentialUpdate is what an update of a credential changes; nil fields stay as they are.
type credentialUpdate struct {
	description    *string
	status         *klarna.CredentialStatus
	allowedOrigins []string // client IDs only
}

func (u credentialUpdate) changesNothing() bool {
	return u.description == nil && u.status == nil && u.allowedOrigins == nil
}

func (r *credentialResource[M, T, C]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.kind.typeName
}

func (r *credentialResource[M, T, C]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := credentialAttributes(r.kind.noun)
	maps.Copy(attrs, r.kind.attributes)
	resp.Schema = schema.Schema{MarkdownDescription: r.kind.description, Attributes: attrs}
}

func (r *credentialResource[M, T, C]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = accountObjectIdentitySchema(r.kind.noun, credentialIDForm)
}

func (r *credentialResource[M, T, C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *credentialResource[M, T, C]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	modifyCredentialPlan(ctx, r.data, r.kind.noun, req, resp)
}

func (r *credentialResource[M, T, C]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	createReq, diags := r.kind.createRequest(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	p := r.kind.base(&plan)
	wantEnabled := p.Enabled.ValueBool()
	accountID, account, err := r.data.accounts(ctx, p.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create", r.kind.noun, "", err)
		return
	}
	p.AccountID = types.StringValue(accountID)
	resourceType := "klarna_" + r.kind.typeName
	lookFor := credentialLookFor(p.Description.ValueString(), r.kind.tellApart, createReq)
	unusable := createdButUnusable{entity: r.kind.noun, resourceType: resourceType, dataSource: resourceType + "s", form: credentialIDForm, accountID: accountID, lookFor: lookFor}
	ctx, unusable.request = klarna.WithRequestRecord(ctx)
	created, err := r.kind.create(ctx, r.data.client, account, createReq, &plan)
	switch {
	case undecodable(err):
		unusable.addNoID(&resp.Diagnostics, "its response body could not be decoded", err)
		return
	case err != nil:
		addCreateError(&resp.Diagnostics, r.kind.noun, resourceType, credentialIDForm, accountID, lookFor, err)
		return
	case r.kind.credential(*created).CredentialID == "":
		unusable.addNoID(&resp.Diagnostics, "its response holds no credential_id", nil)
		return
	}
	id := r.kind.credential(*created).CredentialID
	resp.Diagnostics.Append(r.kind.setFromAPI(ctx, &plan, *created)...)
	// Save the credential before anything else can fail, so it is never orphaned.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(p.AccountID, p.ID))...)
	if lacks := r.kind.lacks(plan); lacks != "" {
		unusable.addIncomplete(&resp.Diagnostics, id, lacks)
		return
	}
	if resp.Diagnostics.HasError() || wantEnabled {
		return
	}
	status := statusFor(false)
	updated, err := r.kind.update(r.data.client, ctx, account, id, credentialUpdate{status: &status})
	if err != nil {
		failedDisable(ctx, resp, r.kind.noun, id, err, func() error {
			return r.kind.delete(r.data.client, ctx, account, id)
		})
		return
	}
	resp.Diagnostics.Append(r.kind.setFromAPI(ctx, &plan, *updated)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(p.AccountID, p.ID))...)
	resp.Diagnostics.Append(markDisabledByConfiguration(ctx, resp.Private, true)...)
}

func (r *credentialResource[M, T, C]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := r.kind.base(&state)
	account, err := r.data.readAccount(ctx, &s.AccountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", r.kind.noun, s.ID.ValueString(), err)
		return
	}
	got, err := r.kind.refresh(r.data.client, ctx, account, s.ID.ValueString())
	if klarna.IsNotFound(err) {
		tflog.Warn(ctx, strings.ToUpper(r.kind.noun[:1])+r.kind.noun[1:]+" not found; removing it from state",
			map[string]any{"id": s.ID.ValueString(), "account_id": s.AccountID.ValueString()})
		removeGone(ctx, resp, objectIdentity(s.AccountID, s.ID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", r.kind.noun, s.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(r.kind.setFromAPI(ctx, &state, *got)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(s.AccountID, s.ID))...)
	resp.Diagnostics.Append(keepDisableMark(ctx, resp.Private, r.kind.credential(*got))...)
}

func (r *credentialResource[M, T, C]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	update, diags := r.kind.changes(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, s := r.kind.base(&plan), r.kind.base(&state)
	result := state
	out := r.kind.base(&result)
	out.Keepers = p.Keepers
	out.AccountID = p.AccountID
	account, err := r.data.apiAccount(ctx, s.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "update", r.kind.noun, s.ID.ValueString(), err)
		return
	}
	if !update.changesNothing() {
		got, err := r.kind.update(r.data.client, ctx, account, s.ID.ValueString(), update)
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", r.kind.noun, s.ID.ValueString(), err)
			return
		}
		resp.Diagnostics.Append(r.kind.setFromAPI(ctx, &result, *got)...)
		if update.status != nil {
			resp.Diagnostics.Append(markDisabledByConfiguration(ctx, resp.Private, *update.status == klarna.CredentialDisabled)...)
		}
	}
	if !p.LastUsedAt.IsUnknown() {
		// As planned: a use between the plan and the apply shows at the next read.
		out.LastUsedAt = p.LastUsedAt
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, objectIdentity(out.AccountID, out.ID))...)
}

func (r *credentialResource[M, T, C]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := r.kind.base(&state)
	account, err := r.data.apiAccount(ctx, s.AccountID.ValueString())
	if err == nil {
		err = r.kind.delete(r.data.client, ctx, account, s.ID.ValueString())
	}
	if err != nil && !klarna.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", r.kind.noun, s.ID.ValueString(), err)
		return
	}
}

// ImportState accepts "<credential_id>" for the provider's own account or
// "<account_id>/<credential_id>" for any account, the own one included, or the same as an
// import identity (account_id omitted for the own account).
func (r *credentialResource[M, T, C]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAccountObject(ctx, r.data, credentialIDForm, r.kind.noun, func(ctx context.Context, account, id string) error {
		_, err := r.kind.refresh(r.data.client, ctx, account, id)
		return err
	}, req, resp)
}

// credentialLookFor tells a created credential apart in a listing of its account, for the
// message of a create whose outcome is unknown: by its description and what tellApart adds
// and, since descriptions need not be unique, by being the newest.
func credentialLookFor[C any](description string, tellApart func(C) string, req C) string {
	out := fmt.Sprintf("with description %q", description)
	if tellApart != nil {
		out += " and " + tellApart(req)
	}
	return out + " (the newest by created_at, if several match)"
}
