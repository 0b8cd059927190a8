package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

var _ datasource.DataSourceWithConfigure = (*apiKeysDataSource)(nil)

func newAPIKeysDataSource() datasource.DataSource {
	return &apiKeysDataSource{}
}

type apiKeysDataSource struct {
	data *providerData
}

type apiKeysDataSourceModel struct {
	credentialListFilter
	APIKeys []credentialItem `tfsdk:"api_keys"`
}

func (d *apiKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_keys"
}

func (d *apiKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = credentialListSchema("API key", "api_keys", "klarna_api_key", nil)
}

func (d *apiKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state apiKeysDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	match, err := state.matcher()
	if err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	keys, err := d.data.client.ListAPIKeys(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "API keys", state.AccountID.ValueString(), err)
		return
	}
	state.APIKeys = []credentialItem{}
	for _, k := range keys {
		if match(k.Credential) {
			state.APIKeys = append(state.APIKeys, credentialItemFromAPI(k.Credential))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
