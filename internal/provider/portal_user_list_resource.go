package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ list.ListResourceWithConfigure = (*portalUserListResource)(nil)

// grantStatuses are the statuses a portal grant can have.
var grantStatuses = []string{klarna.UserAccessInvited, klarna.UserAccessActive}

func newPortalUserListResource() list.ListResource {
	return &portalUserListResource{}
}

type portalUserListResource struct {
	data *providerData
}

type portalUserListConfig struct {
	AccountID  types.String `tfsdk:"account_id"`
	OnBehalfOf types.String `tfsdk:"on_behalf_of"`
	Email      types.String `tfsdk:"email"`
	Status     types.String `tfsdk:"status"`
}

func (r *portalUserListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user"
}

func (r *portalUserListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the Partner Portal access the provider's account granted, for `terraform query` (Terraform 1.14 " +
			"or later): grants made by hand in the portal or by another tool are adopted with `terraform query " +
			"-generate-config-out=FILE`, which writes a `klarna_portal_user` resource and an `import` block for each; the imported " +
			"grant then plans no change and needs no signing identity until its roles change. Only grants made by the provider's " +
			"own account are listed, never those another account made.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Only list access to this partner account (KRN). Omit it to list every grant the provider's account made, in every account.",
				Optional:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
			"on_behalf_of": schema.StringAttribute{
				MarkdownDescription: "Only list grants whose person acts as this account (KRN).",
				Optional:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "Only list this person's grants; compared without regard to case.",
				Optional:            true,
				Validators:          []validator.String{emailValidator()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only list grants with this status: " + enumList(grantStatuses) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(grantStatuses...)},
			},
		},
	}
}

func (r *portalUserListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *portalUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, r.data, req, stream, r.find)
}

func (r *portalUserListResource) find(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) []listedObject {
	if diags.Append(knownListConfig(ctx, req.Config)...); diags.HasError() {
		return nil
	}
	var cfg portalUserListConfig
	if diags.Append(req.Config.Get(ctx, &cfg)...); diags.HasError() {
		return nil
	}
	checkAccountEnvironment(cfg.AccountID, r.data, diags)
	if diags.HasError() {
		return nil
	}
	filter := klarna.UserAccessFilter{
		AccountID:  cfg.AccountID.ValueString(),
		OnBehalfOf: cfg.OnBehalfOf.ValueString(),
		Principal:  strings.ToLower(cfg.Email.ValueString()),
	}
	grants, err := r.data.client.ListUserAccess(ctx, filter)
	if err != nil {
		addAPIError(diags, "list", "portal access", "", err)
		return nil
	}
	var found []listedObject
	for _, g := range grants {
		// The API filtered already; checked again so that a filter is never widened.
		if !grantMatches(g, filter, cfg.Status.ValueString()) {
			continue
		}
		m := portalUserResourceModel{SigningCertificatePEM: types.StringNull(), SigningPrivateKeyPEMWO: types.StringNull()}
		if diags.Append(m.setFromAPI(ctx, g)...); diags.HasError() {
			return nil
		}
		found = append(found, listedObject{
			displayName: grantDisplayName(g),
			identity:    [][2]string{{"account_id", g.AccountID}, {"on_behalf_of", g.OnBehalfOf}, {"email", m.Email.ValueString()}},
			resource:    &m,
		})
	}
	return found
}

// grantMatches reports whether a grant passes every filter that is set ("" is not set).
func grantMatches(g klarna.UserAccess, f klarna.UserAccessFilter, status string) bool {
	return (f.AccountID == "" || g.AccountID == f.AccountID) &&
		(f.OnBehalfOf == "" || g.OnBehalfOf == f.OnBehalfOf) &&
		(f.Principal == "" || apirules.SameEmail(g.Principal, f.Principal)) &&
		(status == "" || g.Status == status)
}

// grantDisplayName is the email and the grant's ID.
func grantDisplayName(g klarna.UserAccess) string {
	return g.Principal + " (" + g.AccountID + "/" + g.OnBehalfOf + "/" + g.Principal + ")"
}
