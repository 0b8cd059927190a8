package provider

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func TestResolveSettings_environmentFallbacks(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		envAPIKey:      "klarna_live_api_abc",
		envAccountID:   "krn:partner:global:account:live:LYABCDEI",
		envCAFile:      "/ca.pem",
		envBaseURL:     "",
		envEnvironment: "",
	}
	files := map[string][]byte{"/ca.pem": []byte(testCAPEM(t))}
	s, diags := resolveSettings(providerModel{}, func(k string) string { return env[k] }, func(p string) ([]byte, error) {
		if b, ok := files[p]; ok {
			return b, nil
		}
		return nil, os.ErrNotExist
	})
	if diags.HasError() {
		t.Fatalf("unexpected errors: %v", diags)
	}
	if s.apiKey != "klarna_live_api_abc" || s.environment != "live" || s.baseURL != klarna.BaseURLLive ||
		s.accountID != env[envAccountID] || len(s.caPEM) == 0 || s.maxRetries != klarna.DefaultMaxRetries {
		t.Fatalf("unexpected settings %+v", s)
	}
	// The block wins over the environment.
	s, diags = resolveSettings(providerModel{APIKey: types.StringValue("klarna_test_api_x"), MaxRetries: types.Int64Value(2)},
		func(k string) string { return env[k] }, func(string) ([]byte, error) { return []byte(testCAPEM(t)), nil })
	if s.apiKey != "klarna_test_api_x" || s.environment != "test" || s.baseURL != klarna.BaseURLTest || s.maxRetries != 2 {
		t.Fatalf("the block did not win: %+v", s)
	}
	// The live account ID from the environment does not fit a test key.
	if !hasError(diags, "account_id", "wrong environment") {
		t.Fatalf("want an account_id environment error, got %v", diags)
	}
}

func TestResolveSettings_errors(t *testing.T) {
	t.Parallel()
	noEnv := func(string) string { return "" }
	noFiles := func(string) ([]byte, error) { return nil, errors.New("no such file") }
	for _, tc := range []struct {
		name      string
		cfg       providerModel
		env       map[string]string
		attr, msg string
	}{
		{"missing key", providerModel{}, nil, "api_key", envAPIKey},
		{"key of the other environment", providerModel{APIKey: types.StringValue("klarna_test_api_x"), Environment: types.StringValue("live")}, nil, "api_key", "test key"},
		{"unknown key prefix", providerModel{APIKey: types.StringValue("opaque")}, nil, "environment", "cannot be inferred"},
		{"plain http", providerModel{APIKey: types.StringValue("klarna_test_api_x"), BaseURL: types.StringValue("http://127.0.0.1:1")}, nil, "base_url", "HTTPS only"},
		{"bad account", providerModel{APIKey: types.StringValue("klarna_test_api_x"), AccountID: types.StringValue("acme")}, nil, "account_id", "does not start with"},
		{"certificate without key", providerModel{APIKey: types.StringValue("klarna_test_api_x"), ClientCertificatePEM: types.StringValue("x")}, nil, "client_private_key_pem", "go together"},
		{"key without certificate", providerModel{APIKey: types.StringValue("klarna_test_api_x"), ClientPrivateKeyPEM: types.StringValue("x")}, nil, "client_certificate_pem", "go together"},
		{"unreadable CA file", providerModel{APIKey: types.StringValue("klarna_test_api_x")}, map[string]string{envCAFile: "/nope.pem"}, "ca_certificate_pem", "cannot be read"},
		{"API key with a final newline from the environment", providerModel{}, map[string]string{envAPIKey: "klarna_test_api_x\n"}, "api_key", "white space"},
		{"API key with a leading space", providerModel{APIKey: types.StringValue(" klarna_test_api_x")}, nil, "api_key", "trimspace"},
		{"API key with a control character", providerModel{APIKey: types.StringValue("klarna_test_api_\x00x")}, nil, "api_key", "control character"},
		{"base URL with a password from the environment", providerModel{APIKey: types.StringValue("klarna_test_api_x")},
			map[string]string{envBaseURL: "https://ops:hunter2@api-global.test.klarna.com"}, "base_url", "user name or password"},
		{"base URL with the API key as its user name", providerModel{APIKey: types.StringValue("klarna_test_api_x")},
			map[string]string{envBaseURL: "https://klarna_test_api_hunter2@api-global.test.klarna.com"}, "base_url", "user name or password"},
		{"retry budget that is no duration", providerModel{APIKey: types.StringValue("klarna_test_api_x")},
			map[string]string{envRetryBudget: "sixty"}, "retry_budget", envRetryBudget},
		{"retry budget too short", providerModel{APIKey: types.StringValue("klarna_test_api_x"), RetryBudget: types.StringValue("10ms")},
			nil, "retry_budget", "outside the allowed range"},
		{"CA that is not a certificate", providerModel{APIKey: types.StringValue("klarna_test_api_x"), CACertificatePEM: types.StringValue("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")}, nil, "ca_certificate_pem", "only CERTIFICATE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			getenv := noEnv
			if tc.env != nil {
				getenv = func(k string) string { return tc.env[k] }
			}
			_, diags := resolveSettings(tc.cfg, getenv, noFiles)
			if !hasError(diags, tc.attr, tc.msg) {
				t.Fatalf("want an error on %s saying %q, got %v", tc.attr, tc.msg, diags)
			}
			for _, d := range diags {
				if strings.Contains(d.Detail(), "hunter2") {
					t.Fatalf("a diagnostic shows the password of base_url: %s", d.Detail())
				}
			}
		})
	}
}

func TestResolveSettings_oneDiagnosticForAKeyWithWhiteSpace(t *testing.T) {
	t.Parallel()
	for _, key := range []string{" klarna_test_api_x", "klarna_test_api_x\n", "\tklarna_live_api_x"} {
		_, diags := resolveSettings(providerModel{}, func(k string) string {
			if k == envAPIKey {
				return key
			}
			return ""
		}, func(string) ([]byte, error) { return nil, os.ErrNotExist })
		if len(diags) != 1 || !hasError(diags, "api_key", "white space") {
			t.Fatalf("key %q: want exactly one error, on api_key, got %v", key, diags)
		}
	}
}

func TestResolveSettings_retryBudget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  types.String
		env  string
		want time.Duration
	}{
		{"default", types.StringNull(), "", klarna.DefaultRetryBudget},
		{"from the environment", types.StringNull(), "90s", 90 * time.Second},
		{"the block wins", types.StringValue("5m"), "90s", 5 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, diags := resolveSettings(providerModel{APIKey: types.StringValue("klarna_test_api_x"), RetryBudget: tc.cfg},
				func(k string) string {
					if k == envRetryBudget {
						return tc.env
					}
					return ""
				}, func(string) ([]byte, error) { return nil, os.ErrNotExist })
			if diags.HasError() || s.retryBudget != tc.want {
				t.Fatalf("want a budget of %s, got %s (%v)", tc.want, s.retryBudget, diags)
			}
		})
	}
}

func TestAccProvider_configErrors(t *testing.T) {
	e := newAccEnv(t)
	for _, tc := range []struct {
		name, provider string
		want           []string
	}{
		{"plain http base URL", `provider "klarna" {
  api_key  = "` + e.boot.APIKey + `"
  base_url = "http://127.0.0.1:8080"
}`, []string{"Invalid base URL", "must be an https:// URL"}},
		{"live environment with a test key", `provider "klarna" {
  api_key     = "` + e.boot.APIKey + `"
  environment = "live"
}`, []string{"API key of the wrong environment"}},
		{"unknown environment", `provider "klarna" {
  api_key     = "` + e.boot.APIKey + `"
  environment = "prod"
}`, []string{"environment", "value must be one of"}},
		{"wrong API key", strings.Replace(e.providerBlock(), e.boot.APIKey, "klarna_test_api_wrong", 1), []string{"Unable to read account", "API key was refused", "UNAUTHORIZED"}},
		{"API key unknown at plan time", `resource "terraform_data" "key" {
  input = "klarna_test_api_later"
}
provider "klarna" {
  api_key = terraform_data.key.output
}`, []string{"Unknown provider configuration", "api_key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      tc.provider + "\ndata \"klarna_account\" \"me\" {}\n",
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
}

// testIdentityPEM is a throwaway self-signed certificate for key, and key, both PEM.
func testIdentityPEM(t *testing.T, key *ecdsa.PrivateKey) (certPEM, keyPEM string) {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "AB12CD34"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pki.EncodeCertificatePEM(der)), string(pem.EncodeToMemory(&pem.Block{Type: pki.BlockECPrivateKey, Bytes: keyDER}))
}

// errorPaths are the paths of diags' errors, in the order they were reported.
func errorPaths(diags diag.Diagnostics) []string {
	var paths []string
	for _, d := range diags.Errors() {
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			paths = append(paths, dp.Path().String())
		}
	}
	return paths
}

func TestProviderConfigure_unknownValuesInSchemaOrder(t *testing.T) {
	t.Parallel()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(t.Context(), provider.SchemaRequest{}, &schemaResp)
	typ, ok := schemaResp.Schema.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema's type is no object")
	}
	values := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(at, tftypes.UnknownValue)
	}
	signing, ok := typ.AttributeTypes["portal_signing"].(tftypes.Object)
	if !ok {
		t.Fatal("portal_signing's type is no object")
	}
	values["portal_signing"] = tftypes.NewValue(signing, map[string]tftypes.Value{
		"certificate_pem": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"private_key_pem": tftypes.NewValue(tftypes.String, "x"),
	})
	cfg := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, values)}
	want := []string{"api_key", "environment", "base_url", "account_id", "ca_certificate_pem", "client_certificate_pem",
		"client_private_key_pem", "max_retries", "retry_budget", "requests_per_second", "portal_signing"}
	// A map would give another order now and then: ask often enough to see it.
	for range 30 {
		var resp provider.ConfigureResponse
		p.Configure(t.Context(), provider.ConfigureRequest{Config: cfg}, &resp)
		if got := errorPaths(resp.Diagnostics); !reflect.DeepEqual(got, want) {
			t.Fatalf("unknown values reported as %v, want %v", got, want)
		}
	}
}

func TestResolveSettings_signingAndClientIdentity(t *testing.T) {
	t.Parallel()
	key, other := newTestKey(t), newTestKey(t)
	certPEM, keyPEM := testIdentityPEM(t, key)
	_, otherKeyPEM := testIdentityPEM(t, other)
	cert, err := pki.ParseCertificatePEM([]byte(certPEM))
	if err != nil {
		t.Fatal(err)
	}
	certPath := path.Root("portal_signing").AtName("certificate_pem").String()
	keyPath := path.Root("portal_signing").AtName("private_key_pem").String()
	for _, tc := range []struct {
		name          string
		signing       *portalSigningModel
		wantSigner    bool
		wantErrorPath []string
	}{
		{name: "none", signing: nil},
		{name: "certificate and its key", signing: &portalSigningModel{CertificatePEM: types.StringValue(certPEM), PrivateKeyPEM: types.StringValue(keyPEM)}, wantSigner: true},
		{name: "key of another certificate", signing: &portalSigningModel{CertificatePEM: types.StringValue(certPEM), PrivateKeyPEM: types.StringValue(otherKeyPEM)},
			wantErrorPath: []string{keyPath}},
		{name: "key alone", signing: &portalSigningModel{CertificatePEM: types.StringNull(), PrivateKeyPEM: types.StringValue(keyPEM)},
			wantErrorPath: []string{certPath}},
		{name: "certificate that is no PEM", signing: &portalSigningModel{CertificatePEM: types.StringValue("x"), PrivateKeyPEM: types.StringValue(keyPEM)},
			wantErrorPath: []string{certPath}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := providerModel{
				APIKey:               types.StringValue("klarna_test_api_x"),
				ClientCertificatePEM: types.StringValue(certPEM),
				ClientPrivateKeyPEM:  types.StringValue(keyPEM),
				PortalSigning:        tc.signing,
			}
			s, diags := resolveSettings(cfg, func(string) string { return "" }, func(string) ([]byte, error) { return nil, nil })
			if got := errorPaths(diags); !reflect.DeepEqual(got, tc.wantErrorPath) {
				t.Fatalf("errors on %v, want on %v: %v", got, tc.wantErrorPath, diags)
			}
			if s.presentedFingerprint != pki.FingerprintSHA256(cert) {
				t.Errorf("presentedFingerprint = %q, want %q", s.presentedFingerprint, pki.FingerprintSHA256(cert))
			}
			switch {
			case tc.wantSigner && (s.signer == nil || !s.signer.cert.Equal(cert)):
				t.Errorf("signer = %v, want the configured certificate", s.signer)
			case !tc.wantSigner && s.signer != nil:
				t.Errorf("signer = %v, want none", s.signer)
			}
		})
	}
}
