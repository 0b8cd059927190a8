package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func newClientIDResource() resource.Resource {
	return &clientIDResource{kind: clientIDKind}
}

// clientIDKind is what only client IDs have.
var clientIDKind = credentialResourceKind[clientIDResourceModel, klarna.ClientID, klarna.CreateClientIDRequest]{
	typeName: "client_id",
	noun:     "client ID",
	description: "A client ID: the client-side credential that Klarna's Web SDK uses on the listed web origins, for " +
		"the provider's own account or for a partner account (`account_id`). " + fmt.Sprintf("Klarna disables a client ID unused for %d months "+
		"and deletes it after %d months disabled.", apirules.InactiveMonthsBeforeDisable, apirules.DisabledMonthsBeforeDelete),
	attributes: map[string]schema.Attribute{
		"client_id": schema.StringAttribute{
			MarkdownDescription: "The client ID (`klarna_<env>_client_...`) that web pages pass to Klarna's Web SDK. Not a secret.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"allowed_origins": schema.SetAttribute{
			MarkdownDescription: fmt.Sprintf("The web origins allowed to use the client ID: %d to %d of ", apirules.MinOrigins, apirules.MaxOrigins) + apirules.OriginAllowed +
				". The Web SDK refuses pages outside this list. Updated in place.",
			ElementType: types.StringType,
			Required:    true,
			Validators: []validator.Set{
				setvalidator.SizeBetween(apirules.MinOrigins, apirules.MaxOrigins),
				setvalidator.ValueStringsAre(originValidator()),
			},
		},
	},
	base:       func(m *clientIDResourceModel) *credentialModel { return &m.credentialModel },
	credential: func(c klarna.ClientID) klarna.Credential { return c.Credential },
	setFromAPI: func(ctx context.Context, m *clientIDResourceModel, c klarna.ClientID) diag.Diagnostics {
		return m.setFromClientID(ctx, c)
	},
	createRequest: func(ctx context.Context, m clientIDResourceModel) (klarna.CreateClientIDRequest, diag.Diagnostics) {
		return m.toCreateRequest(ctx)
	},
	create: createClientID,
	tellApart: func(r klarna.CreateClientIDRequest) string {
		return "allowed_origins " + quoteAll(r.AllowedOrigins)
	},
	lacks: func(m clientIDResourceModel) string {
		if m.ClientID.ValueString() == "" {
			return "its response holds no client_id"
		}
		return ""
	},
	changes: func(ctx context.Context, plan, state clientIDResourceModel) (credentialUpdate, diag.Diagnostics) {
		return plan.changes(ctx, state)
	},
	refresh: (*klarna.Client).RefreshClientID,
	update: func(c *klarna.Client, ctx context.Context, account, id string, u credentialUpdate) (*klarna.ClientID, error) {
		return c.UpdateClientID(ctx, account, id, klarna.UpdateClientIDRequest{Description: u.description, AllowedOrigins: u.allowedOrigins, Status: u.status})
	},
	delete: (*klarna.Client).DeleteClientID,
}

type clientIDResource = credentialResource[clientIDResourceModel, klarna.ClientID, klarna.CreateClientIDRequest]

type clientIDResourceModel struct {
	credentialModel
	ClientID       types.String `tfsdk:"client_id"`
	AllowedOrigins types.Set    `tfsdk:"allowed_origins"`
}

func (m clientIDResourceModel) toCreateRequest(ctx context.Context) (klarna.CreateClientIDRequest, diag.Diagnostics) {
	out := klarna.CreateClientIDRequest{Description: m.Description.ValueString()}
	diags := m.AllowedOrigins.ElementsAs(ctx, &out.AllowedOrigins, false)
	sort.Strings(out.AllowedOrigins)
	return out, diags
}

// changes is what an update must send: what credentials share, and the origins when they changed.
func (m clientIDResourceModel) changes(ctx context.Context, state clientIDResourceModel) (credentialUpdate, diag.Diagnostics) {
	description, status := m.credentialModel.changes(state.credentialModel)
	update := credentialUpdate{description: description, status: status}
	var diags diag.Diagnostics
	if !m.AllowedOrigins.Equal(state.AllowedOrigins) {
		diags = m.AllowedOrigins.ElementsAs(ctx, &update.allowedOrigins, false)
		sort.Strings(update.allowedOrigins)
	}
	return update, diags
}

// setFromClientID writes the API's view of a client ID into the model.
func (m *clientIDResourceModel) setFromClientID(ctx context.Context, c klarna.ClientID) diag.Diagnostics {
	m.setFromAPI(c.Credential)
	m.ClientID = types.StringValue(c.ClientID)
	origins, diags := types.SetValueFrom(ctx, types.StringType, c.AllowedOrigins)
	m.AllowedOrigins = origins
	return diags
}

// createClientID creates a client ID and, when the response does not say all of it, reads it back.
func createClientID(ctx context.Context, c *klarna.Client, account string, req klarna.CreateClientIDRequest, _ *clientIDResourceModel) (*klarna.ClientID, error) {
	created, err := c.CreateClientID(ctx, account, req)
	if err != nil || created.CredentialID == "" || created.ClientID != "" {
		return created, err
	}
	if got, err := c.GetClientID(ctx, account, created.CredentialID); err == nil {
		return got, nil
	}
	return created, nil
}
