package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ list.ListResourceWithConfigure = (*credentialListResource)(nil)

func newAPIKeyListResource() list.ListResource {
	return &credentialListResource{kind: credentialListKind{
		name: "api_key", noun: "API key",
		list: func(ctx context.Context, c *klarna.Client, account, accountID string) ([]listedCredential, diag.Diagnostics, error) {
			keys, err := c.ListAPIKeys(ctx, account)
			var found []listedCredential
			for _, k := range keys {
				m := apiKeyResourceModel{APIKey: types.StringNull()}
				m.setFromAPI(k.Credential)
				m.AccountID = types.StringValue(accountID)
				m.Keepers = types.MapNull(types.StringType)
				found = append(found, listedCredential{credential: k.Credential, resource: &m})
			}
			return found, nil, err
		},
	}}
}

func newClientIDListResource() list.ListResource {
	return &credentialListResource{kind: credentialListKind{
		name: "client_id", noun: "client ID",
		list: func(ctx context.Context, c *klarna.Client, account, accountID string) ([]listedCredential, diag.Diagnostics, error) {
			ids, err := c.ListClientIDs(ctx, account)
			var found []listedCredential
			var diags diag.Diagnostics
			for _, id := range ids {
				var m clientIDResourceModel
				if diags.Append(m.setFromClientID(ctx, id)...); diags.HasError() {
					return nil, diags, nil
				}
				m.AccountID = types.StringValue(accountID)
				m.Keepers = types.MapNull(types.StringType)
				found = append(found, listedCredential{credential: id.Credential, resource: &m})
			}
			return found, diags, err
		},
	}}
}

// credentialListResource finds an account's credentials of one kind (API keys or client
// IDs) for terraform query.
type credentialListResource struct {
	data *providerData
	kind credentialListKind
}

// credentialListKind is what differs between the credential kinds a list resource finds.
type credentialListKind struct {
	name string // the list resource's and the adopting resource's type name, without klarna_
	noun string // how messages name one credential
	// list reads the account's credentials, each with the resource model it is adopted as
	// (accountID is the account's KRN, account the client's form of it).
	list func(ctx context.Context, c *klarna.Client, account, accountID string) ([]listedCredential, diag.Diagnostics, error)
}

// listedCredential is one credential as listed: what the API says of it, for filtering, and
// its resource model.
type listedCredential struct {
	credential klarna.Credential
	resource   any
}

func (r *credentialListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.kind.name
}

func (r *credentialListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = credentialListResourceSchema(r.kind.noun, "klarna_"+r.kind.name)
}

func (r *credentialListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *credentialListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, r.data, req, stream, r.find)
}

func (r *credentialListResource) find(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) []listedObject {
	if diags.Append(knownListConfig(ctx, req.Config)...); diags.HasError() {
		return nil
	}
	var cfg credentialListConfig
	if diags.Append(req.Config.Get(ctx, &cfg)...); diags.HasError() {
		return nil
	}
	match, err := cfg.matcher()
	if err != nil {
		diags.AddError("Invalid filter", err.Error())
		return nil
	}
	accountID, account, ok := r.data.listAccount(ctx, cfg.AccountID, diags)
	if !ok {
		return nil
	}
	listed, listDiags, err := r.kind.list(ctx, r.data.client, account, accountID)
	if err != nil {
		addAPIError(diags, "list", r.kind.noun+"s", accountID, err)
		return nil
	}
	if diags.Append(listDiags...); diags.HasError() {
		return nil
	}
	var found []listedObject
	for _, l := range listed {
		if !match(l.credential) {
			continue
		}
		found = append(found, listedObject{
			displayName: credentialDisplayName(l.credential.Description, l.credential.CredentialID),
			identity:    [][2]string{{"account_id", accountID}, {"id", l.credential.CredentialID}},
			resource:    l.resource,
		})
	}
	return found
}
