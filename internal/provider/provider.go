// Package provider is the Terraform provider for Klarna's partner management API.
package provider

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
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
	minRetryBudget   = time.Second
	maxRetryBudget   = 24 * time.Hour
	retryBudgetRange = "1s to 24h"
)

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

// providerData is what resources and data sources get from Configure.
type providerData struct {
	client *klarna.Client
	// clock is the API server's time: the client's, which follows the Date header of every
	// response. Read it through now.
	clock       clock.Clock
	environment string // "live" or "test"
	// presentedFingerprint is the SHA-256 fingerprint of the mTLS client certificate the
	// provider presents, "" when it presents none.
	presentedFingerprint string

	// signer is the provider's portal signing identity; nil when none is configured.
	signer *signer

	// longWait is how long an operation may wait for the API before the user gets a
	// warning; 0 means the package's longWait.
	longWait time.Duration

	mu        sync.Mutex
	accountID string          // the caller's own account, given or discovered once
	lookup    *accountLookup  // the discovery of accountID in flight, nil when none is
	checked   map[string]bool // signing certificates found ACTIVE JWT_SIGNING certificates of the own account

	timeAsked sync.Once // now's one question to the API for its time
}

// now is the API server's current time, for every decision the provider makes by time:
// renewal windows, enforcement windows and the times of the JWTs it signs. The client
// learns it from the Date header of every response; when no response has come yet, one
// GET /v2/account asks for it first (shared by concurrent callers, and holding no lock that
// other work needs), so that such a decision never rests on the provider's own clock alone.
// Should that call fail, the own clock answers and the next call reports the error.
func (d *providerData) now(ctx context.Context) time.Time {
	if d.client != nil && !d.client.ServerTimeKnown() {
		d.timeAsked.Do(func() {
			if d.client.ServerTimeKnown() {
				return
			}
			who, err := d.client.WhoAmI(ctx)
			if err != nil {
				tflog.Warn(ctx, "Unable to read the API server's time; using the provider's own clock", map[string]any{"error": err.Error()})
				return
			}
			d.mu.Lock()
			if d.accountID == "" {
				d.accountID = who.AccountID
			}
			d.mu.Unlock()
		})
	}
	return d.clock.Now()
}

// accountLookup is one GET /v2/account that concurrent callers share.
type accountLookup struct {
	done    chan struct{} // closed when id and err are set
	waiters int           // callers waiting for it besides the one running it
	id      string
	err     error
}

// accountFor is the account a resource acts on: its account_id, or the provider's own.
func (d *providerData) accountFor(ctx context.Context, accountID string) (string, error) {
	if accountID != "" {
		return accountID, nil
	}
	return d.ownAccountID(ctx)
}

// isOwnAccount reports whether accountID ("" included) is the provider's own account.
func (d *providerData) isOwnAccount(ctx context.Context, accountID string) (bool, error) {
	if accountID == "" {
		return true, nil
	}
	own, err := d.ownAccountID(ctx)
	return own == accountID, err
}

// ownAccountID is the caller's own account KRN: the configured one, else discovered with
// GET /v2/account on first use. Concurrent callers share one lookup and its result, error
// included; no lock is held while it runs, and an error is not kept: the next caller after
// a failed lookup starts a new one.
func (d *providerData) ownAccountID(ctx context.Context) (string, error) {
	for {
		d.mu.Lock()
		if d.accountID != "" {
			id := d.accountID
			d.mu.Unlock()
			return id, nil
		}
		l := d.lookup
		leader := l == nil
		if leader {
			l = &accountLookup{done: make(chan struct{})}
			d.lookup = l
		} else {
			l.waiters++
		}
		d.mu.Unlock()

		if leader {
			who, err := d.client.WhoAmI(ctx)
			if err != nil {
				l.err = fmt.Errorf("discovering the provider's own account ID (GET /v2/account): %w", err)
			} else {
				l.id = who.AccountID
			}
			d.mu.Lock()
			if l.err == nil {
				d.accountID = l.id
			}
			d.lookup = nil
			d.mu.Unlock()
			close(l.done)
			return l.id, l.err
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for the provider's own account ID (GET /v2/account): %w", ctx.Err())
		case <-l.done:
		}
		// A lookup ended by its own caller's cancellation says nothing about this caller's:
		// try again, as the leader of a new lookup if none is running.
		if l.err != nil && ctx.Err() == nil && (errors.Is(l.err, context.Canceled) || errors.Is(l.err, context.DeadlineExceeded)) {
			continue
		}
		return l.id, l.err
	}
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
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "The API key the provider authenticates with (`klarna_live_api_...` or `klarna_test_api_...`). " +
					"Falls back to the `" + envAPIKey + "` environment variable. A key with white space around it or a control " +
					"character in it is refused, not trimmed: a key read with `file()` keeps the file's final newline, so read it " +
					"with `trimspace(file(...))`. Sensitive.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{apiKeyValidator()},
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: "`live` or `test`. Defaults to the environment in the API key's prefix; a key of the other " +
					"environment is refused. Falls back to `" + envEnvironment + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(krn.EnvironmentLive, krn.EnvironmentTest)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The API's base URL; `https://` only, with no user name or password (the provider " +
					"authenticates with `api_key` alone). Defaults to `" + klarna.BaseURLLive + "` for `live` and `" +
					klarna.BaseURLTest + "` for `test`. Falls back to `" + envBaseURL + "`.",
				Optional:   true,
				Validators: []validator.String{httpsURLValidator()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The provider's own account ID (KRN, e.g. `krn:partner:global:account:live:LYABCDEI`). " +
					"Defaults to the account of the API key, read with `GET /v2/account` when first needed. Falls back to `" + envAccountID + "`.",
				Optional:   true,
				Validators: []validator.String{accountIDValidator()},
			},
			"ca_certificate_pem": schema.StringAttribute{
				MarkdownDescription: "Extra PEM CA certificates to trust, added to the system's roots (for a proxy or a test server). " +
					"Falls back to the file named by `" + envCAFile + "`.",
				Optional:   true,
				Validators: []validator.String{pemCertificatesValidator()},
			},
			"client_certificate_pem": schema.StringAttribute{
				MarkdownDescription: "PEM client certificate (an ACTIVE `API` certificate of the provider's account) presented on every " +
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
					"Default 0: no limit (the server's 429 and `Retry-After` are always honoured). For users who know their account's quota.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0)},
			},
		},
		Blocks: map[string]schema.Block{
			"portal_signing": schema.SingleNestedBlock{
				MarkdownDescription: "The signing identity for Partner Portal JWTs (`klarna_portal_user` and `klarna_portal_deep_link`): " +
					"an ACTIVE `JWT_SIGNING` certificate of the provider's account and its private key. Resources may bring their own " +
					"instead. Falls back to the files named by `" + envSigningCert + "` and `" + envSigningKey + "`.",
				Attributes: map[string]schema.Attribute{
					"certificate_pem": schema.StringAttribute{
						MarkdownDescription: "The PEM `JWT_SIGNING` certificate; its base64 DER goes into each JWT's `x5c` header.",
						Optional:            true,
						Validators:          []validator.String{pemCertificatesValidator()},
					},
					"private_key_pem": schema.StringAttribute{
						MarkdownDescription: "The certificate's PEM ECDSA P-256 private key (SEC1, PKCS#8, or as `openssl ecparam -genkey` writes it). Sensitive.",
						Optional:            true,
						Sensitive:           true,
					},
				},
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
	for attr, v := range map[string]interface{ IsUnknown() bool }{
		"api_key": cfg.APIKey, "environment": cfg.Environment, "base_url": cfg.BaseURL, "account_id": cfg.AccountID,
		"ca_certificate_pem": cfg.CACertificatePEM, "client_certificate_pem": cfg.ClientCertificatePEM,
		"client_private_key_pem": cfg.ClientPrivateKeyPEM, "max_retries": cfg.MaxRetries, "requests_per_second": cfg.RequestsPerSecond,
		"retry_budget": cfg.RetryBudget,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Unknown provider configuration",
				fmt.Sprintf("The provider cannot be configured while %s is unknown. Give it a value known at plan time, "+
					"or apply its source first with -target.", attr))
		}
	}
	if ps := cfg.PortalSigning; ps != nil && (ps.CertificatePEM.IsUnknown() || ps.PrivateKeyPEM.IsUnknown()) {
		resp.Diagnostics.AddAttributeError(path.Root("portal_signing"), "Unknown provider configuration",
			"The provider cannot be configured while portal_signing is unknown. Give it values known at plan time; to issue the "+
				"signing certificate and use it in one apply, give it to klarna_portal_user or the ephemeral klarna_portal_deep_link instead.")
	}
	if resp.Diagnostics.HasError() {
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
		client:      client,
		clock:       client,
		environment: settings.environment,
		accountID:   settings.accountID,
	}
	if len(settings.clientCertPEM) > 0 {
		if cert, err := pki.ParseCertificatePEM(settings.clientCertPEM); err == nil {
			data.presentedFingerprint = pki.FingerprintSHA256(cert)
		}
	}
	if len(settings.signingCertPEM) > 0 {
		data.signer, _, _ = parseSigner(string(settings.signingCertPEM), string(settings.signingKeyPEM))
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
}

// settings is the provider configuration after environment fallbacks and checks.
type settings struct {
	apiKey, environment, baseURL, accountID string
	caPEM, clientCertPEM, clientKeyPEM      []byte
	signingCertPEM, signingKeyPEM           []byte
	maxRetries                              int
	retryBudget                             time.Duration
	requestsPerSecond                       float64
}

// resolveSettings applies the environment fallbacks and checks what the schema validators
// cannot: combinations, environment variables and files.
func resolveSettings(cfg providerModel, getenv func(string) string, readFile func(string) ([]byte, error)) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := settings{
		apiKey:      stringOr(cfg.APIKey, getenv(envAPIKey)),
		environment: stringOr(cfg.Environment, getenv(envEnvironment)),
		baseURL:     stringOr(cfg.BaseURL, getenv(envBaseURL)),
		accountID:   stringOr(cfg.AccountID, getenv(envAccountID)),
		maxRetries:  klarna.DefaultMaxRetries,
		retryBudget: klarna.DefaultRetryBudget,
	}
	if !cfg.MaxRetries.IsNull() {
		s.maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.RequestsPerSecond.IsNull() {
		s.requestsPerSecond = cfg.RequestsPerSecond.ValueFloat64()
	}
	if budget := stringOr(cfg.RetryBudget, getenv(envRetryBudget)); budget != "" {
		d, err := parseRetryBudget(budget)
		if err != nil {
			diags.AddAttributeError(path.Root("retry_budget"), "Invalid retry budget", fmt.Sprintf("retry_budget (or %s): %v", envRetryBudget, err))
		}
		s.retryBudget = d
	}
	pemFrom := func(attr string, v types.String, env string) []byte {
		at := path.Empty()
		for _, step := range strings.Split(attr, ".") {
			at = at.AtName(step)
		}
		if !v.IsNull() {
			return []byte(v.ValueString())
		}
		file := getenv(env)
		if file == "" {
			return nil
		}
		b, err := readFile(file)
		if err != nil {
			diags.AddAttributeError(at, "Unable to read "+env, fmt.Sprintf("%s names %q, which cannot be read: %v", env, file, err))
			return nil
		}
		return b
	}
	s.caPEM = pemFrom("ca_certificate_pem", cfg.CACertificatePEM, envCAFile)
	s.clientCertPEM = pemFrom("client_certificate_pem", cfg.ClientCertificatePEM, envClientCertFile)
	s.clientKeyPEM = pemFrom("client_private_key_pem", cfg.ClientPrivateKeyPEM, envClientKeyFile)
	signing := portalSigningModel{CertificatePEM: types.StringNull(), PrivateKeyPEM: types.StringNull()}
	if cfg.PortalSigning != nil {
		signing = *cfg.PortalSigning
	}
	s.signingCertPEM = pemFrom("portal_signing.certificate_pem", signing.CertificatePEM, envSigningCert)
	s.signingKeyPEM = pemFrom("portal_signing.private_key_pem", signing.PrivateKeyPEM, envSigningKey)

	if s.apiKey == "" {
		diags.AddAttributeError(path.Root("api_key"), "Missing API key",
			"Set api_key in the provider block or the "+envAPIKey+" environment variable to a Klarna API key (klarna_live_api_... or klarna_test_api_...).")
	}
	keyErr := checkAPIKey(s.apiKey)
	if keyErr != nil {
		diags.AddAttributeError(path.Root("api_key"), "Invalid API key", fmt.Sprintf("api_key (or %s) %v", envAPIKey, keyErr))
	}
	keyEnv := apirules.KeyEnvironment(s.apiKey)
	switch {
	case s.environment != "" && s.environment != krn.EnvironmentLive && s.environment != krn.EnvironmentTest:
		diags.AddAttributeError(path.Root("environment"), "Invalid environment", fmt.Sprintf("environment is %q; it must be %q or %q.", s.environment, krn.EnvironmentLive, krn.EnvironmentTest))
	case keyErr != nil:
		// One mistake, one diagnostic: the key's environment is not judged until the key is fixed.
	case s.environment == "" && keyEnv == "" && s.apiKey != "":
		diags.AddAttributeError(path.Root("environment"), "Unknown environment",
			"The API key has neither the klarna_live_api_ nor the klarna_test_api_ prefix, so the environment cannot be inferred: set environment to \"live\" or \"test\".")
	case s.environment == "":
		s.environment = keyEnv
	case keyEnv != "" && keyEnv != s.environment:
		diags.AddAttributeError(path.Root("api_key"), "API key of the wrong environment",
			fmt.Sprintf("The provider is configured for the %s environment, but the API key is a %s key (klarna_%s_api_...). Use a %s key or set environment to %q.",
				s.environment, keyEnv, keyEnv, s.environment, keyEnv))
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
	if len(s.caPEM) > 0 {
		if err := checkPEMCertificates(string(s.caPEM)); err != nil {
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
		}
	}
	if len(s.signingCertPEM) > 0 || len(s.signingKeyPEM) > 0 {
		_, certErr, keyErr := parseSigner(string(s.signingCertPEM), string(s.signingKeyPEM))
		if certErr != nil {
			diags.AddAttributeError(path.Root("portal_signing").AtName("certificate_pem"), "Invalid portal signing certificate", certErr.Error())
		}
		if keyErr != nil {
			diags.AddAttributeError(path.Root("portal_signing").AtName("private_key_pem"), "Invalid portal signing key", keyErr.Error())
		}
	}
	return s, diags
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

func checkPEMCertificates(v string) error {
	rest := []byte(v)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Errorf("found a PEM %q block; only CERTIFICATE blocks are allowed here", block.Type)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("certificate %d does not parse: %w", n+1, err)
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("no PEM CERTIFICATE block found (expected -----BEGIN CERTIFICATE-----)")
	}
	return nil
}

func (p *klarnaProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newAPIKeyResource,
		newClientIDResource,
		newClientCertificateResource,
		newMTLSEnforcementResource,
		newPortalUserResource,
	}
}

func (p *klarnaProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newAccountDataSource,
		newAPIKeysDataSource,
		newClientIDsDataSource,
		newClientCertificatesDataSource,
		newPortalDeepLinkDataSource,
	}
}

func (p *klarnaProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		newPortalDeepLinkEphemeralResource,
	}
}

func (p *klarnaProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		newAccountCommonNameFunction,
		newCertificateX5CFunction,
		newParseAccountIDFunction,
	}
}

func (p *klarnaProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		newCredentialDisableAction,
		newConnectionCheckAction,
	}
}

// apiKeyValidator refuses an API key that cannot be sent as it is.
func apiKeyValidator() validator.String {
	return stringCheck{
		description: "must be the API key alone, with no white space around it and no control characters",
		summary:     "Invalid API key",
		check:       checkAPIKey,
	}
}

// retryBudgetValidator refuses a retry budget that is not a duration within the bounds.
func retryBudgetValidator() validator.String {
	return stringCheck{
		description: "must be a duration from " + retryBudgetRange,
		summary:     "Invalid retry budget",
		check:       func(s string) error { _, err := parseRetryBudget(s); return err },
	}
}
