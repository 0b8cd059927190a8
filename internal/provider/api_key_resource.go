package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func newAPIKeyResource() resource.Resource {
	return &apiKeyResource{kind: apiKeyKind}
}

// apiKeyKind is what only API keys have.
var apiKeyKind = credentialResourceKind[apiKeyResourceModel, klarna.APIKey, klarna.CreateAPIKeyRequest]{
	typeName: "api_key",
	noun:     "API key",
	description: "An API key: the server-side credential that authenticates calls to Klarna's APIs, for the " +
		"provider's own account or for a partner account onboarded through it (`account_id`). Give each partner its own " +
		"key; never hand out the key the provider itself uses.\n\n" +
		fmt.Sprintf("Klarna disables a key that is unused for %d months and deletes it after %d months disabled. Change `keepers` to "+
			"rotate the key (with `create_before_destroy` for an overlap).", apirules.InactiveMonthsBeforeDisable, apirules.DisabledMonthsBeforeDelete),
	attributes: map[string]schema.Attribute{
		"api_key": schema.StringAttribute{
			MarkdownDescription: "The secret API key (`klarna_<env>_api_...`). Sensitive. The API shows it once, when the key is " +
				"created; it is kept in state and never read again. An imported key has none: its secret cannot be recovered.",
			Computed:      true,
			Sensitive:     true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
	},
	base:       func(m *apiKeyResourceModel) *credentialModel { return &m.credentialModel },
	credential: func(k klarna.APIKey) klarna.Credential { return k.Credential },
	setFromAPI: func(_ context.Context, m *apiKeyResourceModel, k klarna.APIKey) diag.Diagnostics {
		m.setFromAPI(k.Credential)
		return nil
	},
	createRequest: func(_ context.Context, m apiKeyResourceModel) (klarna.CreateAPIKeyRequest, diag.Diagnostics) {
		return m.toCreateRequest(), nil
	},
	create: createAPIKey,
	lacks: func(m apiKeyResourceModel) string {
		if m.APIKey.ValueString() == "" {
			return "its response holds no secret (api_key), which the API shows only once, so the key cannot be used"
		}
		return ""
	},
	changes: func(_ context.Context, plan, state apiKeyResourceModel) (credentialUpdate, diag.Diagnostics) {
		description, status := plan.changes(state.credentialModel)
		return credentialUpdate{description: description, status: status}, nil
	},
	refresh: (*klarna.Client).RefreshAPIKey,
	update: func(c *klarna.Client, ctx context.Context, account, id string, u credentialUpdate) (*klarna.APIKey, error) {
		return c.UpdateAPIKey(ctx, account, id, klarna.UpdateAPIKeyRequest{Description: u.description, Status: u.status})
	},
	delete: (*klarna.Client).DeleteAPIKey,
}

type apiKeyResource = credentialResource[apiKeyResourceModel, klarna.APIKey, klarna.CreateAPIKeyRequest]

type apiKeyResourceModel struct {
	credentialModel
	APIKey types.String `tfsdk:"api_key"`
}

func (m apiKeyResourceModel) toCreateRequest() klarna.CreateAPIKeyRequest {
	return klarna.CreateAPIKeyRequest{Description: m.Description.ValueString()}
}

// createAPIKey creates an API key and keeps its secret, which only the create response holds.
func createAPIKey(ctx context.Context, c *klarna.Client, account string, req klarna.CreateAPIKeyRequest, m *apiKeyResourceModel) (*klarna.APIKey, error) {
	created, err := c.CreateAPIKey(ctx, account, req)
	if err != nil {
		return nil, err
	}
	m.APIKey = types.StringValue(created.Secret)
	return &created.APIKey, nil
}
