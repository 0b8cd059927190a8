package provider

// Resolving the provider block: environment fallbacks, files, and the checks the schema's
// validators cannot make (combinations, environment variables and files).

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

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
