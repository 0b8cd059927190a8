package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func newClientIDsDataSource() datasource.DataSource {
	return &credentialsDataSource[klarna.ClientID, clientIDItem]{kind: credentialsKind[klarna.ClientID, clientIDItem]{
		listAttr:     "client_ids",
		noun:         "client ID",
		resourceType: "klarna_client_id",
		extra: map[string]schema.Attribute{
			"client_id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The client ID (`klarna_<env>_client_...`)."},
			"allowed_origins": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The web origins allowed to use it."},
		},
		list:       (*klarna.Client).ListClientIDs,
		credential: func(c klarna.ClientID) klarna.Credential { return c.Credential },
		item:       clientIDItemFromAPI,
	}}
}

// clientIDItem is one listed client ID.
type clientIDItem struct {
	credentialItem
	ClientID       types.String `tfsdk:"client_id"`
	AllowedOrigins types.Set    `tfsdk:"allowed_origins"`
}

func clientIDItemFromAPI(ctx context.Context, c klarna.ClientID) (clientIDItem, diag.Diagnostics) {
	origins, diags := types.SetValueFrom(ctx, types.StringType, c.AllowedOrigins)
	return clientIDItem{
		credentialItem: credentialItemFromAPI(c.Credential),
		ClientID:       types.StringValue(c.ClientID),
		AllowedOrigins: origins,
	}, diags
}
