package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*portalDeepLinkEphemeralResource)(nil)

func newPortalDeepLinkEphemeralResource() ephemeral.EphemeralResource {
	return &portalDeepLinkEphemeralResource{}
}

type portalDeepLinkEphemeralResource struct {
	data *providerData
}

type portalDeepLinkEphemeralModel struct {
	deepLinkModel
	SigningCertificatePEM types.String `tfsdk:"signing_certificate_pem"`
	SigningPrivateKeyPEM  types.String `tfsdk:"signing_private_key_pem"`
}

func (r *portalDeepLinkEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_deep_link"
}

func (r *portalDeepLinkEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"signing_certificate_pem": schema.StringAttribute{
			MarkdownDescription: "A " + codeSpan(apirules.UsageJWTSigning) + " certificate of the provider's account to sign with, instead of the provider's `portal_signing`. Goes with `signing_private_key_pem`.",
			Optional:            true,
			Validators:          []validator.String{pemCertificatesValidator()},
		},
		"signing_private_key_pem": schema.StringAttribute{
			MarkdownDescription: "The private key of `signing_certificate_pem`. Sensitive; an ephemeral resource keeps none of its inputs.",
			Optional:            true,
			Sensitive:           true,
		},
	}
	for name, a := range deepLinkAttributes(true) {
		attrs[name] = ephemeralForms.build(a)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A signed ES256 JWT that lets a person into a partner account in Klarna's Partner Portal and, by " +
			fmt.Sprintf("default, the single-use URL Klarna makes of it (valid %g seconds). Ephemeral (Terraform 1.10 or later): nothing of it, ", apirules.DeepLinkTTL.Seconds()) +
			"and none of its inputs, reaches the plan or the state. This is the recommended way to make deep links: feed the URL " +
			"to a write-only attribute or a secret store, or sign with a key that Terraform never stores.",
		Attributes: attrs,
	}
}

func (r *portalDeepLinkEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (r *portalDeepLinkEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var m portalDeepLinkEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := resolveSigner(ctx, r.data, m.SigningCertificatePEM, m.SigningPrivateKeyPEM,
		path.Root("signing_certificate_pem"), path.Root("signing_private_key_pem"), &resp.Diagnostics)
	if s == nil {
		return
	}
	resp.Diagnostics.Append(r.data.makeDeepLink(ctx, &m.deepLinkModel, s, true)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
