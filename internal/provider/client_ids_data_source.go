package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*clientIDsDataSource)(nil)

func newClientIDsDataSource() datasource.DataSource {
	return &clientIDsDataSource{}
}

type clientIDsDataSource struct {
	data *providerData
}

type clientIDsDataSourceModel struct {
	credentialListFilter
	ClientIDs []clientIDItem `tfsdk:"client_ids"`
}

type clientIDItem struct {
	credentialItem
	ClientID       types.String `tfsdk:"client_id"`
	AllowedOrigins types.Set    `tfsdk:"allowed_origins"`
}

func (d *clientIDsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_ids"
}

func (d *clientIDsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = credentialListSchema("client ID", "client_ids", "klarna_client_id", map[string]schema.Attribute{
		"client_id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The client ID (`klarna_<env>_client_...`)."},
		"allowed_origins": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The web origins allowed to use it."},
	})
}

func (d *clientIDsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *clientIDsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state clientIDsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	match, err := state.matcher()
	if err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	ids, err := d.data.client.ListClientIDs(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "client IDs", state.AccountID.ValueString(), err)
		return
	}
	state.ClientIDs = []clientIDItem{}
	for _, c := range ids {
		if !match(c.Credential) {
			continue
		}
		origins, diags := types.SetValueFrom(ctx, types.StringType, c.AllowedOrigins)
		resp.Diagnostics.Append(diags...)
		state.ClientIDs = append(state.ClientIDs, clientIDItem{
			credentialItem: credentialItemFromAPI(c.Credential),
			ClientID:       types.StringValue(c.ClientID),
			AllowedOrigins: origins,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
