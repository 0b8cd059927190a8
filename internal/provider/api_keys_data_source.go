package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func newAPIKeysDataSource() datasource.DataSource {
	return &credentialsDataSource[klarna.APIKey, credentialItem]{kind: credentialsKind[klarna.APIKey, credentialItem]{
		listAttr:     "api_keys",
		noun:         "API key",
		resourceType: "klarna_api_key",
		list:         (*klarna.Client).ListAPIKeys,
		credential:   func(k klarna.APIKey) klarna.Credential { return k.Credential },
		item: func(_ context.Context, k klarna.APIKey) (credentialItem, diag.Diagnostics) {
			return credentialItemFromAPI(k.Credential), nil
		},
	}}
}
