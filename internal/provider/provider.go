// Package provider is the Terraform provider for Klarna's partner management API.
package provider

import (
	"context"
	"fmt"
	"maps"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/clock"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

var (
	_ provider.Provider                       = (*klarnaProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*klarnaProvider)(nil)
	_ provider.ProviderWithFunctions          = (*klarnaProvider)(nil)
	_ provider.ProviderWithListResources      = (*klarnaProvider)(nil)
	_ provider.ProviderWithActions            = (*klarnaProvider)(nil)
)

// Environment variables the provider block falls back to.
const (
	envAPIKey         = "KLARNA_API_KEY"
	envEnvironment    = "KLARNA_ENVIRONMENT"
	envBaseURL        = "KLARNA_BASE_URL"
	envAccountID      = "KLARNA_ACCOUNT_ID"
	envCAFile         = "KLARNA_CA_CERTIFICATE_FILE"
	envClientCertFile = "KLARNA_CLIENT_CERTIFICATE_FILE"
	envClientKeyFile  = "KLARNA_CLIENT_PRIVATE_KEY_FILE"
	envSigningCert    = "KLARNA_SIGNING_CERTIFICATE_FILE"
	envSigningKey     = "KLARNA_SIGNING_PRIVATE_KEY_FILE"
	envRetryBudget    = "KLARNA_RETRY_BUDGET"
)

// option changes how the provider is built; tests use it to share a clock with the mock API.
type option func(*klarnaProvider)

// withClock makes c the provider's own clock, from which it follows the API server's time
// (the Date header of the API's responses); before its first API call, c alone is "now".
func withClock(c clock.Clock) option {
	return func(p *klarnaProvider) { p.clock = c }
}

// New returns the provider factory for the given version.
func New(version string, opts ...option) func() provider.Provider {
	return func() provider.Provider {
		p := &klarnaProvider{version: version, clock: clock.Real{}}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type klarnaProvider struct {
	version string
	clock   clock.Clock
}

type providerModel struct {
	APIKey               types.String        `tfsdk:"api_key"`
	Environment          types.String        `tfsdk:"environment"`
	BaseURL              types.String        `tfsdk:"base_url"`
	AccountID            types.String        `tfsdk:"account_id"`
	CACertificatePEM     types.String        `tfsdk:"ca_certificate_pem"`
	ClientCertificatePEM types.String        `tfsdk:"client_certificate_pem"`
	ClientPrivateKeyPEM  types.String        `tfsdk:"client_private_key_pem"`
	MaxRetries           types.Int64         `tfsdk:"max_retries"`
	RequestsPerSecond    types.Float64       `tfsdk:"requests_per_second"`
	RetryBudget          types.String        `tfsdk:"retry_budget"`
	PortalSigning        *portalSigningModel `tfsdk:"portal_signing"`
}

// portalSigningModel is the provider's signing identity for portal JWTs.
type portalSigningModel struct {
	CertificatePEM types.String `tfsdk:"certificate_pem"`
	PrivateKeyPEM  types.String `tfsdk:"private_key_pem"`
}

func (p *klarnaProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "klarna"
	resp.Version = p.version
}

func (p *klarnaProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Klarna provider manages the credentials, mTLS and Partner Portal access of a Klarna " +
			"account and of every partner (sub-)account onboarded through it, using Klarna's partner management API. " +
			"It authenticates with one API key; once mTLS is enforced for that key's account it also presents a client certificate.",
		Attributes: providerAttributes(),
		Blocks: map[string]schema.Block{
			"portal_signing": portalSigningBlock(),
		},
	}
}

func (p *klarnaProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if resp.Diagnostics.Append(unknownSettings(cfg)...); resp.Diagnostics.HasError() {
		return
	}
	settings, diags := resolveSettings(cfg, os.Getenv, os.ReadFile)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := klarna.New(klarna.Config{
		BaseURL:              settings.baseURL,
		APIKey:               settings.apiKey,
		CACertificatesPEM:    settings.caPEM,
		ClientCertificatePEM: settings.clientCertPEM,
		ClientPrivateKeyPEM:  settings.clientKeyPEM,
		MaxRetries:           settings.maxRetries,
		RetryBudget:          settings.retryBudget,
		RequestsPerSecond:    settings.requestsPerSecond,
		UserAgent:            "terraform-provider-klarna/" + p.version,
		Clock:                p.clock,
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to configure the Klarna API client", klarna.Redact(err.Error()))
		return
	}
	tflog.Debug(ctx, "Configured the Klarna API client", map[string]any{
		"base_url": settings.baseURL, "environment": settings.environment, "mtls_client_certificate": len(settings.clientCertPEM) > 0,
	})
	data := &providerData{
		client:               client,
		clock:                client,
		environment:          settings.environment,
		accountID:            settings.accountID,
		presentedFingerprint: settings.presentedFingerprint,
		signer:               settings.signer,
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func (p *klarnaProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newAPIKeyResource,
		newClientIDResource,
		newClientCertificateResource,
		newMTLSEnforcementResource,
		newPortalUserResource,
		newWebhookSigningKeyResource,
		newWebhookResource,
		newIPRestrictionResource,
		newPartnerAccountResource,
	}
}

func (p *klarnaProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newAccountDataSource,
		newAPIKeysDataSource,
		newClientIDsDataSource,
		newClientCertificatesDataSource,
		newPortalDeepLinkDataSource,
		newWebhooksDataSource,
		newWebhookSigningKeysDataSource,
		newPartnerAccountDataSource,
		newPaymentProfilesDataSource,
		newSettlementConfigurationDataSource,
	}
}

func (p *klarnaProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		newPortalDeepLinkEphemeralResource,
	}
}

func (p *klarnaProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		newAPIKeyListResource,
		newClientIDListResource,
		newClientCertificateListResource,
		newPortalUserListResource,
		newWebhookListResource,
	}
}

func (p *klarnaProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		newAccountCommonNameFunction,
		newCertificateX5CFunction,
		newParseAccountIDFunction,
		newWebhookSignatureFunction,
	}
}

func (p *klarnaProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		newCredentialDisableAction,
		newConnectionCheckAction,
	}
}

// providerAttributes are the provider block's attributes: how it reaches and authenticates
// with the API, its TLS identity and its retry and rate limits.
func providerAttributes() map[string]schema.Attribute {
	attrs := connectionAttributes()
	maps.Copy(attrs, tlsAttributes())
	maps.Copy(attrs, limitAttributes())
	return attrs
}

// connectionAttributes say which API, environment and account the provider works with, and
// with which key.
func connectionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"api_key": schema.StringAttribute{
			MarkdownDescription: "The API key the provider authenticates with (`" + apirules.APIKeyPrefix(krn.EnvironmentLive) + "...` or `" +
				apirules.APIKeyPrefix(krn.EnvironmentTest) + "...`). " +
				"Falls back to the `" + envAPIKey + "` environment variable. A key with white space around it or a control " +
				"character in it is refused, not trimmed: a key read with `file()` keeps the file's final newline, so read it " +
				"with `trimspace(file(...))`. Sensitive.",
			Optional:   true,
			Sensitive:  true,
			Validators: []validator.String{apiKeyValidator()},
		},
		"environment": schema.StringAttribute{
			MarkdownDescription: enumOrList(krn.Environments) + ". Defaults to the environment in the API key's prefix; a key of the other " +
				"environment is refused. Falls back to `" + envEnvironment + "`.",
			Optional:   true,
			Validators: []validator.String{stringvalidator.OneOf(krn.Environments...)},
		},
		"base_url": schema.StringAttribute{
			MarkdownDescription: "The API's base URL; `https://` only, with no user name or password (the provider " +
				"authenticates with `api_key` alone). Defaults to `" + klarna.BaseURLLive + "` for `" + krn.EnvironmentLive + "` and `" +
				klarna.BaseURLTest + "` for `" + krn.EnvironmentTest + "`. Falls back to `" + envBaseURL + "`.",
			Optional:   true,
			Validators: []validator.String{httpsURLValidator()},
		},
		"account_id": schema.StringAttribute{
			MarkdownDescription: "The provider's own account ID (KRN, e.g. `krn:partner:global:account:live:LYABCDEI`). " +
				"Defaults to the account of the API key, read with `GET /v2/account` when first needed. Falls back to `" + envAccountID + "`.",
			Optional:   true,
			Validators: []validator.String{accountIDValidator()},
		},
	}
}

// tlsAttributes are the extra CA certificates and the mTLS client identity.
func tlsAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"ca_certificate_pem": schema.StringAttribute{
			MarkdownDescription: "Extra PEM CA certificates to trust, added to the system's roots (for a proxy or a test server). " +
				"Falls back to the file named by `" + envCAFile + "`.",
			Optional:   true,
			Validators: []validator.String{pemCertificatesValidator()},
		},
		"client_certificate_pem": schema.StringAttribute{
			MarkdownDescription: "PEM client certificate (an " + apirules.CertificateActive + " " + codeSpan(apirules.UsageAPI) + " certificate of the provider's account) presented on every " +
				"connection for mTLS. Required once the account enforces mTLS. Goes with `client_private_key_pem`. " +
				"Falls back to the file named by `" + envClientCertFile + "`.",
			Optional:   true,
			Validators: []validator.String{pemCertificatesValidator()},
		},
		"client_private_key_pem": schema.StringAttribute{
			MarkdownDescription: "PEM ECDSA P-256 private key of `client_certificate_pem` (SEC1, PKCS#8, or as `openssl ecparam -genkey` " +
				"writes it). Sensitive. Falls back to the file named by `" + envClientKeyFile + "`.",
			Optional:  true,
			Sensitive: true,
		},
	}
}

// limitAttributes bound retries and the request rate.
func limitAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"max_retries": schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("How many times a request that met a rate limit (429), a timeout, a 502/503/504 or a "+
				"network error that may pass (a refused or reset connection, a timeout) is retried, with backoff (the server's "+
				"`Retry-After` is honoured). Default %d. Retries also stop when `retry_budget` runs out or Terraform's operation "+
				"is cancelled. Errors on this machine that a retry cannot change (an untrusted server certificate, a refused TLS "+
				"version, an API key that cannot be sent) are never retried.", klarna.DefaultMaxRetries),
			Optional:   true,
			Validators: []validator.Int64{int64validator.Between(0, 100)},
		},
		"retry_budget": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("The most time one API operation may take with its retries, as a duration such as "+
				"`\"90s\"` or `\"5m\"`, from %s. Default `\"%gs\"`. No wait between retries goes past it; when the "+
				"API asks for a longer wait (`Retry-After`) the operation fails at once, saying so. Every wait is logged at WARN "+
				"(`TF_LOG=WARN`), and an operation that waited more than %g seconds in total gets a warning. Falls back to `%s`.",
				retryBudgetRange, klarna.DefaultRetryBudget.Seconds(), longWait.Seconds(), envRetryBudget),
			Optional:   true,
			Validators: []validator.String{retryBudgetValidator()},
		},
		"requests_per_second": schema.Float64Attribute{
			MarkdownDescription: "A client-side limit on requests per second, shared by every call of this provider instance. " +
				"For users who know their account's quota. Without it (or with 0) the provider learns the rate from the API: once " +
				"several operations in a row are answered 429, it paces every request to a little below the rate the API let " +
				"through, raises that rate slowly while requests succeed, and stops pacing once the API no longer limits it. " +
				"A 429 that is not yet such evidence holds requests back to that pace for two seconds, so that the requests sent " +
				"meanwhile do not meet 429s too, and teaches nothing; time spent waiting for the pace does not count against " +
				"`retry_budget`. The " +
				"server's 429 and `Retry-After` are always honoured.",
			Optional:   true,
			Validators: []validator.Float64{float64validator.AtLeast(0)},
		},
	}
}

// portalSigningBlock is the provider's signing identity for portal JWTs.
func portalSigningBlock() schema.Block {
	return schema.SingleNestedBlock{
		MarkdownDescription: "The signing identity for Partner Portal JWTs (`klarna_portal_user` and `klarna_portal_deep_link`): " +
			"an " + apirules.CertificateActive + " " + codeSpan(apirules.UsageJWTSigning) + " certificate of the provider's account and its private key. Resources may bring their own " +
			"instead. Falls back to the files named by `" + envSigningCert + "` and `" + envSigningKey + "`.",
		Attributes: map[string]schema.Attribute{
			"certificate_pem": schema.StringAttribute{
				MarkdownDescription: "The PEM " + codeSpan(apirules.UsageJWTSigning) + " certificate; its base64 DER goes into each JWT's `x5c` header.",
				Optional:            true,
				Validators:          []validator.String{pemCertificatesValidator()},
			},
			"private_key_pem": schema.StringAttribute{
				MarkdownDescription: "The certificate's PEM ECDSA P-256 private key (SEC1, PKCS#8, or as `openssl ecparam -genkey` writes it). Sensitive.",
				Optional:            true,
				Sensitive:           true,
			},
		},
	}
}
