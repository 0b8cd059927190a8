package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*portalDeepLinkDataSource)(nil)

func newPortalDeepLinkDataSource() datasource.DataSource {
	return &portalDeepLinkDataSource{}
}

type portalDeepLinkDataSource struct {
	data *providerData
}

func (d *portalDeepLinkDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_deep_link"
}

func (d *portalDeepLinkDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{}
	for name, a := range deepLinkAttributes(false) {
		attrs[name] = dataSourceForms.build(a)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A signed ES256 JWT that lets a person into a partner account in Klarna's Partner Portal, and, with " +
			"`exchange = true`, the single-use URL Klarna makes of it. It is signed with the provider's `portal_signing` identity " +
			"(a data source keeps every argument in the state, so it takes no key of its own).\n\n" +
			"Terraform reads a data source at every plan, and every read signs a new JWT with a new `jti`, so its values change " +
			"each time and are written to the state. For anything that feeds another resource or a secret store, use the " +
			"ephemeral `klarna_portal_deep_link`, which keeps nothing.",
		Attributes: attrs,
	}
}

func (d *portalDeepLinkDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *portalDeepLinkDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var m deepLinkModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := resolveSigner(ctx, d.data, types.StringNull(), types.StringNull(), path.Empty(), path.Empty(), &resp.Diagnostics)
	if s == nil {
		return
	}
	resp.Diagnostics.Append(d.data.makeDeepLink(ctx, &m, s, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
