package provider

import (
	"context"
	"fmt"

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

var _ list.ListResourceWithConfigure = (*clientCertificateListResource)(nil)

func newClientCertificateListResource() list.ListResource {
	return &clientCertificateListResource{}
}

type clientCertificateListResource struct {
	data *providerData
}

type clientCertificateListConfig struct {
	AccountID types.String `tfsdk:"account_id"`
	Usage     types.String `tfsdk:"usage"`
	Status    types.String `tfsdk:"status"`
}

func (r *clientCertificateListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_certificate"
}

func (r *clientCertificateListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	status := listStatusAttribute("certificate", apirules.CertificateStatuses)
	status.MarkdownDescription = "Only list certificates with this status: " + enumList(apirules.CertificateStatuses) + ". Default `" +
		apirules.CertificateActive + "`: only an " + apirules.CertificateActive + " certificate can be managed (one revoked or expired is removed from the " +
		"state on its first read), so only " + apirules.CertificateActive + " ones are worth adopting; list the others for an audit."
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the client certificates of an account, for `terraform query` (Terraform 1.14 or later): issued " +
			"by hand in the portal or by another tool, they are adopted with `terraform query -generate-config-out=FILE`, which " +
			"writes a `klarna_client_certificate` resource and an `import` block for each; the imported certificate then plans " +
			"no change. The API returns neither the CSR nor the private key, so the written resource has neither: it stays valid " +
			"until the certificate must be issued again (renewal, or a change that replaces it), and that plan asks for `csr_pem` " +
			"or `private_key_pem_wo`.",
		Attributes: map[string]schema.Attribute{
			"account_id": listAccountIDAttribute("certificate"),
			"usage": schema.StringAttribute{
				MarkdownDescription: "Only list certificates of this usage: " + enumList(apirules.Usages) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(apirules.Usages...)},
			},
			"status": status,
		},
	}
}

func (r *clientCertificateListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *clientCertificateListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, r.data, req, stream, r.find)
}

func (r *clientCertificateListResource) find(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) []listedObject {
	if diags.Append(knownListConfig(ctx, req.Config)...); diags.HasError() {
		return nil
	}
	var cfg clientCertificateListConfig
	if diags.Append(req.Config.Get(ctx, &cfg)...); diags.HasError() {
		return nil
	}
	status := apirules.CertificateActive
	if !cfg.Status.IsNull() {
		status = cfg.Status.ValueString()
	}
	accountID, account, ok := r.data.listAccount(ctx, cfg.AccountID, diags)
	if !ok {
		return nil
	}
	certs, err := r.data.client.ListClientCertificates(ctx, account)
	if err != nil {
		addAPIError(diags, "list", "client certificates", accountID, err)
		return nil
	}
	now := r.data.now(ctx)
	var found []listedObject
	for _, c := range certs {
		if c.Status != status || (!cfg.Usage.IsNull() && c.Usage != cfg.Usage.ValueString()) {
			continue
		}
		m := clientCertificateResourceModel{
			AccountID:        types.StringValue(accountID),
			EarlyRenewalDays: types.Int64Value(defaultEarlyRenewalDays),
			AllowLockout:     types.BoolValue(false),
			ReadyForRenewal:  types.BoolValue(readyForRenewal(c.NotAfter, defaultEarlyRenewalDays, now)),
		}
		if diags.Append(m.setFromAPI(c)...); diags.HasError() {
			return nil
		}
		found = append(found, listedObject{
			displayName: certificateDisplayName(c),
			identity:    [][2]string{{"account_id", accountID}, {"id", c.CertificateID}},
			resource:    &m,
		})
	}
	return found
}

// certificateDisplayName is the description and ID, or, with no description, the usage and
// common name and the ID.
func certificateDisplayName(c klarna.ClientCertificate) string {
	if c.Description != "" {
		return credentialDisplayName(c.Description, c.CertificateID)
	}
	return credentialDisplayName(fmt.Sprintf("%s certificate CN=%s", c.Usage, c.SubjectCommonName), c.CertificateID)
}
