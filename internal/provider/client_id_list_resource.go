package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = (*clientIDListResource)(nil)

func newClientIDListResource() list.ListResource {
	return &clientIDListResource{}
}

type clientIDListResource struct {
	data *providerData
}

func (r *clientIDListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_id"
}

func (r *clientIDListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = credentialListResourceSchema("client ID", "klarna_client_id")
}

func (r *clientIDListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *clientIDListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	var diags, warnings diag.Diagnostics
	if r.data == nil {
		stream.Results = listFailed(unconfiguredList(), nil)
		return
	}
	found := r.find(ctx, req, &diags)
	reportWaits(&warnings)
	if diags.HasError() {
		stream.Results = listFailed(diags, warnings)
		return
	}
	stream.Results = listedResults(ctx, req, append(warnings, diags...), found)
}

func (r *clientIDListResource) find(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) []listedObject {
	if diags.Append(knownListConfig(ctx, req.Config, "account_id", "status", "description_regex")...); diags.HasError() {
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
	ids, err := r.data.client.ListClientIDs(ctx, account)
	if err != nil {
		addAPIError(diags, "list", "client IDs", accountID, err)
		return nil
	}
	var found []listedObject
	for _, c := range ids {
		v := clientIDView(c)
		if !match(v) {
			continue
		}
		var m clientIDResourceModel
		if diags.Append(m.setFromClientID(c)...); diags.HasError() {
			return nil
		}
		m.AccountID = types.StringValue(accountID)
		m.Keepers = types.MapNull(types.StringType)
		found = append(found, listedObject{
			displayName: credentialDisplayName(v.description, v.id),
			identity:    [][2]string{{"account_id", accountID}, {"id", v.id}},
			resource:    &m,
		})
	}
	return found
}
