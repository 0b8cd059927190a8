// Package provider is the Terraform provider for Klarna's partner management API.
package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
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

// Bounds of retry_budget, and how they read.
const (
	minRetryBudget = time.Second
	maxRetryBudget = 24 * time.Hour
)

var retryBudgetRange = fmt.Sprintf("%gs to %gh", minRetryBudget.Seconds(), maxRetryBudget.Hours())

// Option changes how the provider is built; tests use it to share a clock with the mock API.
type Option func(*klarnaProvider)

// WithClock makes c the provider's own clock, from which it follows the API server's time
// (the Date header of the API's responses); before its first API call, c alone is "now".
func WithClock(c clock.Clock) Option {
	return func(p *klarnaProvider) { p.clock = c }
}

// New returns the provider factory for the given version.
func New(version string, opts ...Option) func() provider.Provider {
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
			MarkdownDescription: "PEM client certificate (an ACTIVE " + codeSpan(apirules.UsageAPI) + " certificate of the provider's account) presented on every " +
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
			"an ACTIVE " + codeSpan(apirules.UsageJWTSigning) + " certificate of the provider's account and its private key. Resources may bring their own " +
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

// unknownSettings reports every provider attribute whose value is not known yet, in the
// order of the schema, so that the same configuration always gets the same diagnostics.
func unknownSettings(cfg providerModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range []struct {
		name  string
		value interface{ IsUnknown() bool }
	}{
		{"api_key", cfg.APIKey}, {"environment", cfg.Environment}, {"base_url", cfg.BaseURL}, {"account_id", cfg.AccountID},
		{"ca_certificate_pem", cfg.CACertificatePEM}, {"client_certificate_pem", cfg.ClientCertificatePEM},
		{"client_private_key_pem", cfg.ClientPrivateKeyPEM}, {"max_retries", cfg.MaxRetries},
		{"retry_budget", cfg.RetryBudget}, {"requests_per_second", cfg.RequestsPerSecond},
	} {
		if a.value.IsUnknown() {
			diags.AddAttributeError(path.Root(a.name), "Unknown provider configuration",
				fmt.Sprintf("The provider cannot be configured while %s is unknown. Give it a value known at plan time, "+
					"or apply its source first with -target.", a.name))
		}
	}
	if ps := cfg.PortalSigning; ps != nil && (ps.CertificatePEM.IsUnknown() || ps.PrivateKeyPEM.IsUnknown()) {
		diags.AddAttributeError(path.Root("portal_signing"), "Unknown provider configuration",
			"The provider cannot be configured while portal_signing is unknown. Give it values known at plan time; to issue the "+
				"signing certificate and use it in one apply, give it to klarna_portal_user or the ephemeral klarna_portal_deep_link instead.")
	}
	return diags
}

// settings is the provider configuration after environment fallbacks and checks.
type settings struct {
	apiKey, environment, baseURL, accountID string
	caPEM, clientCertPEM, clientKeyPEM      []byte
	signingCertPEM, signingKeyPEM           []byte
	maxRetries                              int
	retryBudget                             time.Duration
	requestsPerSecond                       float64

	// presentedFingerprint is the SHA-256 fingerprint of the mTLS client certificate, ""
	// when there is none.
	presentedFingerprint string
	// signer is the portal signing identity, nil when none is configured.
	signer *signer
}

// resolveSettings applies the environment fallbacks and checks what the schema validators
// cannot: combinations, environment variables and files. Each part of the configuration is
// resolved by its own function: credentials, environment, TLS and signing.
func resolveSettings(cfg providerModel, getenv func(string) string, readFile func(string) ([]byte, error)) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := settings{
		apiKey:      stringOr(cfg.APIKey, getenv(envAPIKey)),
		environment: stringOr(cfg.Environment, getenv(envEnvironment)),
		baseURL:     stringOr(cfg.BaseURL, getenv(envBaseURL)),
		accountID:   stringOr(cfg.AccountID, getenv(envAccountID)),
	}
	s.resolveLimits(cfg, getenv, &diags)
	s.readPEMs(cfg, pemReader{getenv: getenv, readFile: readFile, diags: &diags})
	keyErr := s.checkCredentials(&diags)
	s.resolveEnvironment(keyErr, &diags)
	s.checkTLS(&diags)
	s.resolveSigning(&diags)
	return s, diags
}

// resolveLimits sets the retry and rate limits, with their defaults.
func (s *settings) resolveLimits(cfg providerModel, getenv func(string) string, diags *diag.Diagnostics) {
	s.maxRetries = klarna.DefaultMaxRetries
	if !cfg.MaxRetries.IsNull() {
		s.maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.RequestsPerSecond.IsNull() {
		s.requestsPerSecond = cfg.RequestsPerSecond.ValueFloat64()
	}
	s.retryBudget = klarna.DefaultRetryBudget
	if budget := stringOr(cfg.RetryBudget, getenv(envRetryBudget)); budget != "" {
		d, err := parseRetryBudget(budget)
		if err != nil {
			diags.AddAttributeError(path.Root("retry_budget"), "Invalid retry budget", fmt.Sprintf("retry_budget (or %s): %v", envRetryBudget, err))
		}
		s.retryBudget = d
	}
}

// pemReader reads a PEM attribute, or else the file its environment variable names.
type pemReader struct {
	getenv   func(string) string
	readFile func(string) ([]byte, error)
	diags    *diag.Diagnostics
}

// read is v's value, or the content of the file named by env; nil when neither is set.
// A file that cannot be read is reported on at.
func (r pemReader) read(at path.Path, v types.String, env string) []byte {
	if !v.IsNull() {
		return []byte(v.ValueString())
	}
	file := r.getenv(env)
	if file == "" {
		return nil
	}
	b, err := r.readFile(file)
	if err != nil {
		r.diags.AddAttributeError(at, "Unable to read "+env, fmt.Sprintf("%s names %q, which cannot be read: %v", env, file, err))
		return nil
	}
	return b
}

// readPEMs reads the CA, mTLS and signing PEMs from the configuration or their files.
func (s *settings) readPEMs(cfg providerModel, r pemReader) {
	s.caPEM = r.read(path.Root("ca_certificate_pem"), cfg.CACertificatePEM, envCAFile)
	s.clientCertPEM = r.read(path.Root("client_certificate_pem"), cfg.ClientCertificatePEM, envClientCertFile)
	s.clientKeyPEM = r.read(path.Root("client_private_key_pem"), cfg.ClientPrivateKeyPEM, envClientKeyFile)
	signing := portalSigningModel{CertificatePEM: types.StringNull(), PrivateKeyPEM: types.StringNull()}
	if cfg.PortalSigning != nil {
		signing = *cfg.PortalSigning
	}
	s.signingCertPEM = r.read(path.Root("portal_signing").AtName("certificate_pem"), signing.CertificatePEM, envSigningCert)
	s.signingKeyPEM = r.read(path.Root("portal_signing").AtName("private_key_pem"), signing.PrivateKeyPEM, envSigningKey)
}

// checkCredentials refuses a missing API key or one that cannot be sent as it is, and
// returns what is wrong with the key (nil when it can be sent).
func (s *settings) checkCredentials(diags *diag.Diagnostics) error {
	if s.apiKey == "" {
		diags.AddAttributeError(path.Root("api_key"), "Missing API key",
			fmt.Sprintf("Set api_key in the provider block or the %s environment variable to a Klarna API key (%s... or %s...).",
				envAPIKey, apirules.APIKeyPrefix(krn.EnvironmentLive), apirules.APIKeyPrefix(krn.EnvironmentTest)))
	}
	keyErr := checkAPIKey(s.apiKey)
	if keyErr != nil {
		diags.AddAttributeError(path.Root("api_key"), "Invalid API key", fmt.Sprintf("api_key (or %s) %v", envAPIKey, keyErr))
	}
	return keyErr
}

// resolveEnvironment settles the environment (given, or the API key's), the base URL and
// the own account, and refuses any of them that does not fit the others. keyErr is what is
// wrong with the API key: its environment is not judged until the key is fixed.
func (s *settings) resolveEnvironment(keyErr error, diags *diag.Diagnostics) {
	keyEnv := apirules.KeyEnvironment(s.apiKey)
	switch {
	case s.environment != "" && !slices.Contains(krn.Environments, s.environment):
		diags.AddAttributeError(path.Root("environment"), "Invalid environment", fmt.Sprintf("environment is %q; it must be %q or %q.", s.environment, krn.EnvironmentLive, krn.EnvironmentTest))
	case keyErr != nil:
		// One mistake, one diagnostic: the key's environment is not judged until the key is fixed.
	case s.environment == "" && keyEnv == "" && s.apiKey != "":
		diags.AddAttributeError(path.Root("environment"), "Unknown environment",
			fmt.Sprintf("The API key has neither the %s nor the %s prefix, so the environment cannot be inferred: set environment to %q or %q.",
				apirules.APIKeyPrefix(krn.EnvironmentLive), apirules.APIKeyPrefix(krn.EnvironmentTest), krn.EnvironmentLive, krn.EnvironmentTest))
	case s.environment == "":
		s.environment = keyEnv
	case keyEnv != "" && keyEnv != s.environment:
		diags.AddAttributeError(path.Root("api_key"), "API key of the wrong environment",
			fmt.Sprintf("The provider is configured for the %s environment, but the API key is a %s key (%s...). Use a %s key or set environment to %q.",
				s.environment, keyEnv, apirules.APIKeyPrefix(keyEnv), s.environment, keyEnv))
	}
	if s.baseURL == "" {
		s.baseURL = klarna.BaseURLTest
		if s.environment == krn.EnvironmentLive {
			s.baseURL = klarna.BaseURLLive
		}
	} else if err := checkHTTPSURL(s.baseURL); err != nil {
		diags.AddAttributeError(path.Root("base_url"), "Invalid base URL", fmt.Sprintf("%v (base_url or %s)", err, envBaseURL))
	}
	if s.accountID != "" {
		if a, err := krn.Parse(s.accountID); err != nil {
			diags.AddAttributeError(path.Root("account_id"), "Invalid account ID", err.Error())
		} else if s.environment != "" && a.Environment != s.environment {
			diags.AddAttributeError(path.Root("account_id"), "Account ID of the wrong environment",
				fmt.Sprintf("account_id %s is a %s account, but the provider is configured for %s.", s.accountID, a.Environment, s.environment))
		}
	}
}

// checkTLS checks the extra CA certificates and the mTLS client identity, and records the
// fingerprint of the client certificate the provider will present.
func (s *settings) checkTLS(diags *diag.Diagnostics) {
	if len(s.caPEM) > 0 {
		if err := pki.CheckPEMCertificates(string(s.caPEM)); err != nil {
			diags.AddAttributeError(path.Root("ca_certificate_pem"), "Invalid CA certificates", err.Error())
		}
	}
	switch {
	case len(s.clientCertPEM) > 0 && len(s.clientKeyPEM) == 0:
		diags.AddAttributeError(path.Root("client_private_key_pem"), "Missing client private key",
			"client_certificate_pem is set, so client_private_key_pem (or "+envClientKeyFile+") is required: the certificate and its key go together.")
	case len(s.clientKeyPEM) > 0 && len(s.clientCertPEM) == 0:
		diags.AddAttributeError(path.Root("client_certificate_pem"), "Missing client certificate",
			"client_private_key_pem is set, so client_certificate_pem (or "+envClientCertFile+") is required: the certificate and its key go together.")
	case len(s.clientCertPEM) > 0:
		if _, err := klarna.ClientTLSCertificate(s.clientCertPEM, s.clientKeyPEM); err != nil {
			diags.AddAttributeError(path.Root("client_private_key_pem"), "Invalid mTLS client identity", err.Error())
			return
		}
		cert, err := pki.ParseCertificatePEM(s.clientCertPEM)
		if err != nil {
			diags.AddAttributeError(path.Root("client_certificate_pem"), "Invalid mTLS client certificate", err.Error())
			return
		}
		s.presentedFingerprint = pki.FingerprintSHA256(cert)
	}
}

// resolveSigning parses the portal signing identity, when one is given, reporting what is
// wrong with the certificate and the key each on its own attribute.
func (s *settings) resolveSigning(diags *diag.Diagnostics) {
	if len(s.signingCertPEM) == 0 && len(s.signingKeyPEM) == 0 {
		return
	}
	signer, certErr, keyErr := parseSigner(string(s.signingCertPEM), string(s.signingKeyPEM))
	if certErr != nil {
		diags.AddAttributeError(path.Root("portal_signing").AtName("certificate_pem"), "Invalid portal signing certificate", certErr.Error())
	}
	if keyErr != nil {
		diags.AddAttributeError(path.Root("portal_signing").AtName("private_key_pem"), "Invalid portal signing key", keyErr.Error())
	}
	s.signer = signer
}

func stringOr(v types.String, fallback string) string {
	if v.IsNull() || v.ValueString() == "" {
		return fallback
	}
	return v.ValueString()
}

func checkHTTPSURL(v string) error {
	u, err := url.Parse(v)
	if err != nil {
		// Say why without the value: it may hold a password.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("base_url is not a URL: %w", err)
	}
	if u.User != nil {
		// The user information is left out whole: a key pasted there as a user name is a secret too.
		shown := *u
		shown.User = nil
		return fmt.Errorf("base_url %q (shown without its user information) must not hold a user name or password (user:password@): "+
			"the provider authenticates with api_key only, and a URL is written to logs", shown.String())
	}
	if u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("base_url %q must be an https:// URL: the Klarna API is served over HTTPS only", v)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base_url %q must not have a query or fragment", v)
	}
	return nil
}

// checkAPIKey refuses a key that cannot be sent as it is: white space around it (a key read
// with file() keeps the file's final newline) or a control character in it.
func checkAPIKey(v string) error {
	if strings.TrimSpace(v) != v {
		return errors.New("begins or ends with white space, which is not part of any Klarna API key (a key read with file() keeps " +
			"the file's final newline): remove it, e.g. with trimspace(file(\"...\")); the provider does not trim it for you")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return errors.New("holds a control character, which no Klarna API key has and no HTTP header may carry")
		}
	}
	return nil
}

// parseRetryBudget reads a retry budget: a Go duration within the allowed bounds.
func parseRetryBudget(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"90s\" or \"5m\"", v)
	}
	if d < minRetryBudget || d > maxRetryBudget {
		return 0, fmt.Errorf("%s is outside the allowed range, %s", d, retryBudgetRange)
	}
	return d, nil
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
