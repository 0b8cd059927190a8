package provider

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestAddCreateError_outcomeUnknownSaysHowToImport(t *testing.T) {
	t.Parallel()
	last := &klarna.APIError{StatusCode: 500, Method: "POST", Path: "/v2/accounts/krn:x/credentials/api-keys", ErrorCode: "TIMEOUT",
		ErrorMessage: "the request timed out", ErrorID: "e-1", CorrelationID: "k-1", PartnerCorrelationID: "p-1"}
	for _, tc := range []struct {
		name string
		err  error
		want []string
		not  []string
	}{
		{
			name: "retries ended on a server error",
			err:  &klarna.RetriesExhaustedError{Method: "POST", Attempts: 9, IdempotencyKey: "idem-1", OutcomeUnknown: true, Err: last},
			want: []string{"may or may not have been carried out", "The outcome is unknown", "idem-1", "after 9 attempts",
				`with description "backend"`, "klarna_api_keys data source", "terraform import klarna_api_key.<name> krn:partner:global:account:test:AB12CD34/<credential_id>",
				"error_code: TIMEOUT", "error_id: e-1", "Klarna-Correlation-Id: k-1"},
		},
		{
			name: "a definite refusal",
			err:  &klarna.APIError{StatusCode: 400, ErrorCode: "VALIDATION_ERROR", Errors: []klarna.ValidationError{{Parameter: "description", ErrorMessage: "bad"}}},
			want: []string{"description: bad", "error_code: VALIDATION_ERROR"},
			not:  []string{"outcome is unknown", "terraform import"},
		},
		{
			name: "a request that was never sent",
			err: &klarna.LocalError{Method: "POST", Path: "/v2/account/credentials/api-keys", Kind: klarna.LocalTLSVerification,
				Err: errors.New("x509: certificate signed by unknown authority")},
			want: []string{"No request was sent", "ca_certificate_pem", envCAFile, "unknown authority"},
			not:  []string{"outcome", "terraform import", "may or may not"},
		},
		{
			name: "DDoS block of an earlier request",
			err:  &klarna.DDoSBlockedError{Method: "POST", Path: "/x", First: &klarna.DDoSBlockedError{Method: "GET", Path: "/y"}},
			want: []string{"not sent", "DDoS"},
			not:  []string{"outcome", "terraform import"},
		},
		{
			name: "retries ended without an answer",
			err:  &klarna.RetriesExhaustedError{Method: "POST", Attempts: 9, IdempotencyKey: "idem-2", OutcomeUnknown: true, Err: errors.New("POST /x: no response: EOF")},
			want: []string{"outcome is unknown", "terraform import klarna_api_key.<name>"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			addCreateError(&diags, "API key", "klarna_api_key", credentialIDForm, "krn:partner:global:account:test:AB12CD34", `with description "backend"`, tc.err)
			if len(diags) != 1 || diags[0].Summary() != "Unable to create API key" {
				t.Fatalf("unexpected diagnostics %v", diags)
			}
			detail := diags[0].Detail()
			for _, w := range tc.want {
				if !strings.Contains(detail, w) {
					t.Errorf("detail lacks %q:\n%s", w, detail)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(detail, n) {
					t.Errorf("detail holds %q:\n%s", n, detail)
				}
			}
		})
	}
}

// TestAddCreateError_importHintTakesTheResourcesIDForm checks that the import command an
// unknown outcome suggests names the ID each resource's import takes, and that the ID it
// names, filled in, is one that import accepts.
func TestAddCreateError_importHintTakesTheResourcesIDForm(t *testing.T) {
	t.Parallel()
	const account = "krn:partner:global:account:test:AB12CD34"
	unknown := &klarna.RetriesExhaustedError{Method: "POST", Attempts: 9, IdempotencyKey: "idem-1", OutcomeUnknown: true,
		Err: errors.New("POST /x: no response: EOF")}
	for _, tc := range []struct {
		resourceType, entity string
		form                 objectIDForm
		example              string
	}{
		{"klarna_api_key", "API key", credentialIDForm, "6f1c9a52-3c1e-4f57-9a43-2b8f6d0e7c11"},
		{"klarna_client_id", "client ID", credentialIDForm, "6f1c9a52-3c1e-4f57-9a43-2b8f6d0e7c11"},
		{"klarna_client_certificate", "client certificate", certificateIDForm, "6f1c9a52-3c1e-4f57-9a43-2b8f6d0e7c11"},
		{"klarna_webhook", "webhook", webhookIDForm, webhookIDPrefix + "6f1c9a52-3c1e-4f57-9a43-2b8f6d0e7c11"},
		{"klarna_webhook_signing_key", "webhook signing key", signingKeyIDForm, "6f1c9a52-3c1e-4f57-9a43-2b8f6d0e7c11"},
	} {
		t.Run(tc.resourceType, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			addCreateError(&diags, tc.entity, tc.resourceType, tc.form, account, "x", unknown)
			want := "terraform import " + tc.resourceType + ".<name> " + account + "/" + tc.form.placeholder
			if len(diags) != 1 || !strings.Contains(diags[0].Detail(), want) {
				t.Fatalf("diagnostics %v, want a detail holding %q", diags, want)
			}
			filled := account + "/" + tc.example
			gotAccount, gotID, parseDiags := parseImportID(filled, tc.form)
			if parseDiags.HasError() || gotAccount != account || gotID != tc.example {
				t.Errorf("the hint filled in, %q, parsed as %q, %q, %v", filled, gotAccount, gotID, parseDiags)
			}
		})
	}
}

func TestErrorHint_namesTheSettingToFix(t *testing.T) {
	t.Parallel()
	local := func(kind klarna.LocalErrorKind) error {
		return &klarna.LocalError{Method: "GET", Path: "/v2/account", Kind: kind, Err: errors.New("cause")}
	}
	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"untrusted certificate", local(klarna.LocalTLSVerification), []string{"ca_certificate_pem", envCAFile, "did not retry"}},
		{"certificate for another host", local(klarna.LocalTLSHostname), []string{"base_url", envBaseURL}},
		{"TLS version refused", local(klarna.LocalTLSHandshake), []string{"TLS 1.2", "base_url"}},
		{"invalid header", local(klarna.LocalInvalidHeader), []string{"api_key", envAPIKey, "newline"}},
		{"invalid URL", local(klarna.LocalInvalidURL), []string{"base_url"}},
		{"unknown host", local(klarna.LocalHostNotFound), []string{"base_url"}},
		{"proxy refused", local(klarna.LocalProxyRefused), []string{"HTTPS_PROXY"}},
		{"retry budget spent", &klarna.RetriesExhaustedError{Reason: klarna.ExhaustedBudget, Budget: 5 * time.Second, Attempts: 4,
			Err: fmt.Errorf("dial: %w", syscall.ECONNREFUSED)}, []string{"retry_budget", envRetryBudget, "5s", "host and port"}},
		{"Retry-After past the budget", &klarna.RetriesExhaustedError{Reason: klarna.ExhaustedRetryAfter, Budget: time.Minute,
			RetryAfter: time.Hour, Attempts: 1, Err: &klarna.APIError{StatusCode: 429}}, []string{"1h0m0s", "Try again after", "retry_budget"}},
		{"no retry allowed", &klarna.RetriesExhaustedError{Reason: klarna.ExhaustedRetries, Attempts: 1, Err: errors.New("reset")},
			[]string{"max_retries is 0", "did not retry"}},
		{"every retry used", &klarna.RetriesExhaustedError{Reason: klarna.ExhaustedRetries, Attempts: 3, Err: errors.New("reset")},
			[]string{"every retry max_retries allows"}},
		{"signing key limit", &klarna.APIError{StatusCode: 409, ErrorCode: klarna.CodeSigningKeyLimitReached},
			[]string{"most webhook signing keys", "(50)", "then apply again"}},
		{"payment product terminated", &klarna.APIError{StatusCode: 409, ErrorCode: klarna.CodePaymentProductTerminated},
			[]string{"terminated the account's payment product", "Klarna Support", "payment_enabled"}},
		{"IP allow-list refusal", &klarna.APIError{StatusCode: 403, ErrorCode: klarna.CodeIPNotAllowed}, []string{"IP allow-list", "IP_NOT_ALLOWED", "klarna_ip_restriction"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hint := errorHint(tc.err)
			if klarna.IsIPNotAllowed(tc.err) && strings.Contains(hint, "neither the provider's own account") {
				t.Errorf("an IP refusal is explained as the account boundary: %s", hint)
			}
			for _, w := range tc.want {
				if !strings.Contains(hint, w) {
					t.Errorf("hint lacks %q: %s", w, hint)
				}
			}
		})
	}
}

func TestAPIErrorDetail_masksSecrets(t *testing.T) {
	t.Parallel()
	const key = "klarna_test_api_0123456789abcdef"
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"echoed Authorization in error_message", &klarna.APIError{StatusCode: 400, ErrorCode: "VALIDATION_ERROR",
			ErrorMessage: "header Authorization: Basic " + key + " refused"}},
		{"key in a validation error", &klarna.APIError{StatusCode: 400, Errors: []klarna.ValidationError{{Parameter: "x", ErrorMessage: "got " + key}}}},
		{"HTML page in a plain error", fmt.Errorf("proxy said: <html>Authorization=Basic %s</html>", key)},
		{"inside retries", &klarna.RetriesExhaustedError{Attempts: 2, Err: &klarna.APIError{StatusCode: 502, ErrorMessage: "echo " + key}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			addAPIError(&diags, "read", "API key", "id-1", tc.err)
			addCreateError(&diags, "API key", "klarna_api_key", credentialIDForm, "", "x", tc.err)
			for _, d := range diags {
				if strings.Contains(d.Summary()+d.Detail(), key) {
					t.Fatalf("diagnostic shows the key:\n%s", d.Detail())
				}
				if !strings.Contains(d.Detail(), "***") {
					t.Fatalf("diagnostic lost the masked text:\n%s", d.Detail())
				}
			}
		})
	}
}

func TestAddWaitWarning_onlyForLongWaits(t *testing.T) {
	t.Parallel()
	const reason = "GET /v2/account: HTTP 429 RATE_LIMITED: slow down, Authorization: Basic klarna_test_api_secret1"
	for _, tc := range []struct {
		name  string
		waits []time.Duration
		warn  bool
	}{
		{"no wait", nil, false},
		{"short waits", []time.Duration{time.Second, 3 * time.Second}, false},
		{"waits that add up", []time.Duration{4 * time.Second, 4 * time.Second, 3 * time.Second}, true},
		{"one long wait", []time.Duration{30 * time.Second}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, tally := klarna.WithWaitTally(t.Context())
			for _, w := range tc.waits {
				tally.Add(w, reason)
			}
			var diags diag.Diagnostics
			addWaitWarning(&diags, tally, longWait)
			if !tc.warn {
				if len(diags) != 0 {
					t.Fatalf("want no warning, got %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags.HasError() || !strings.Contains(diags[0].Summary(), "Waited") {
				t.Fatalf("want one warning, got %v", diags)
			}
			d := diags[0].Detail()
			if !strings.Contains(d, "RATE_LIMITED") || !strings.Contains(d, fmt.Sprintf("in %d waits", len(tc.waits))) ||
				!strings.Contains(d, "TF_LOG=WARN") || strings.Contains(d, "klarna_test_api_secret1") {
				t.Fatalf("the warning must say why, how often and where to look, masked: %s", d)
			}
		})
	}
}

// mangledCreates is a TLS proxy in front of the mock that passes every request on and, while
// mangle is set, rewrites the 2xx answer of every create (a POST) with it: the credential is
// made, but its response is one the provider cannot use.
type mangledCreates struct {
	url, caPEM string
	mu         sync.Mutex
	method     string // the create method whose answers are rewritten; POST when ""
	mangle     func(body map[string]any) []byte
}

func (e *accEnv) mangleCreates(t *testing.T) *mangledCreates {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(e.mock.CACertificatePEM())
	target, err := url.Parse(e.mock.URL)
	if err != nil {
		t.Fatal(err)
	}
	m := &mangledCreates{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}}
	proxy.ModifyResponse = func(resp *http.Response) error {
		m.mu.Lock()
		mangle, method := m.mangle, m.method
		m.mu.Unlock()
		if method == "" {
			method = http.MethodPost
		}
		if mangle == nil || resp.Request.Method != method || resp.StatusCode/100 != 2 {
			return nil
		}
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		var body map[string]any
		if err := json.Unmarshal(raw, &body); err != nil {
			return err
		}
		out := mangle(body)
		resp.Body = io.NopCloser(bytes.NewReader(out))
		resp.ContentLength = int64(len(out))
		resp.Header.Set("Content-Length", strconv.Itoa(len(out)))
		return nil
	}
	srv := httptest.NewTLSServer(proxy)
	t.Cleanup(srv.Close)
	m.url = srv.URL
	m.caPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return m
}

func (m *mangledCreates) set(f func(map[string]any) []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mangle = f
}

// config is a configuration whose provider talks to the mock through the proxy.
func (m *mangledCreates) config(e *accEnv, body string) string {
	return fmt.Sprintf(`
provider "klarna" {
  api_key            = %q
  base_url           = %q
  max_retries        = 0
  ca_certificate_pem = <<-EOT
%s
  EOT
}
`, e.boot.APIKey, m.url, indent(m.caPEM, "    ")) + body
}

func without(field string) func(map[string]any) []byte {
	return func(body map[string]any) []byte {
		delete(body, field)
		out, _ := json.Marshal(body)
		return out
	}
}

func emptied(field string) func(map[string]any) []byte {
	return func(body map[string]any) []byte {
		body[field] = ""
		out, _ := json.Marshal(body)
		return out
	}
}

func garbled(map[string]any) []byte { return []byte(`{"credential_id": "trunc`) }

// unusableCreateSteps checks the answers to a create that the provider cannot use. With no
// ID (no ID field, or a body that does not decode), nothing is saved and the error says how
// to find the credential and import it by ID; with an ID but something else missing, the
// credential is saved, tainted, and the next apply replaces it; with an ID and idField ""
// the provider reads the credential back and saves it whole. count is how many such
// credentials the API holds.
func (e *accEnv) unusableCreateSteps(t *testing.T, p *mangledCreates, addr, body, idField, dataSource string,
	mangle func(map[string]any) []byte, withID bool, count func() int) []tfresource.TestStep {
	// The import command names the ID as import.sh does.
	idPlaceholder := "<credential_id>"
	if strings.HasPrefix(addr, "klarna_client_certificate.") {
		idPlaceholder = "<certificate_id>"
	}
	config := p.config(e, body)
	if withID && idField == "" {
		// Read back: the credential is saved whole, with no error.
		return []tfresource.TestStep{{
			PreConfig: func() { p.set(mangle) },
			Config:    config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
				check(func(context.Context, statecheck.CheckStateRequest) error {
					p.set(nil)
					if n := count(); n != 1 {
						return fmt.Errorf("the API holds %d such credentials, want 1", n)
					}
					return nil
				}),
			},
		}}
	}
	if !withID {
		return []tfresource.TestStep{
			{
				PreConfig: func() { p.set(mangle) },
				Config:    config,
				ExpectError: regexp.MustCompile(errorRegexp("Unable to create", "answered the create with success", "not in the Terraform state",
					"Find it with the "+dataSource+" data source", "terraform import", e.boot.AccountID+"/"+idPlaceholder).String() + requestReferenceRegexp),
			},
			{
				// Nothing was saved: the plan creates again, while the API holds the one made.
				PreConfig: func() {
					p.set(nil)
					if n := count(); n != 1 {
						t.Fatalf("the API holds %d such credentials, want the 1 made", n)
					}
				},
				Config: config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		}
	}
	return []tfresource.TestStep{
		{
			PreConfig:   func() { p.set(mangle) },
			Config:      config,
			ExpectError: regexp.MustCompile(errorRegexp("Unable to create", "The API created", "but its response holds no "+idField, "tainted", "the next apply replaces it").String() + requestReferenceRegexp),
		},
		{
			PreConfig: func() { p.set(nil) },
			Config:    config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				check(func(context.Context, statecheck.CheckStateRequest) error {
					if n := count(); n != 1 {
						return fmt.Errorf("the API holds %d such credentials after the replacement, want 1", n)
					}
					return nil
				}),
			},
		},
	}
}

// requestReferenceRegexp matches the create request's idempotency key and correlation IDs
// as an error quotes them for support: real values, not placeholders.
const requestReferenceRegexp = `.*Klarna-Idempotency-Key:\s+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}` +
	`\s+Partner-Correlation-Id:\s+[A-Za-z0-9]+\s+Klarna-Correlation-Id:\s+[A-Za-z0-9-]+`

func TestUndecodable(t *testing.T) {
	t.Parallel()
	syntaxErr := json.Unmarshal([]byte(`{"credential_id": "trunc`), &map[string]any{})
	typeErr := json.Unmarshal([]byte(`{"credential_id": 7}`), &struct {
		CredentialID string `json:"credential_id"`
	}{})
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"truncated body", fmt.Errorf("POST /v2/account/credentials/api-keys: decoding the response: %w", syntaxErr), true},
		{"wrong type", fmt.Errorf("decoding the response: %w", typeErr), true},
		{"no response", fmt.Errorf("POST /x: no response: reading the response: %w", io.ErrUnexpectedEOF), false},
		{"API error", &klarna.APIError{StatusCode: 400, ErrorCode: "VALIDATION_ERROR"}, false},
		{"none", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := undecodable(tc.err); got != tc.want {
				t.Fatalf("undecodable(%v) = %t, want %t", tc.err, got, tc.want)
			}
		})
	}
}

func TestCredentialLookFor_tellsTheCreatedCredentialApart(t *testing.T) {
	t.Parallel()
	keyReq := klarna.CreateAPIKeyRequest{Description: ""}
	if got, want := credentialLookFor("", apiKeyKind.tellApart, keyReq), `with description "" (the newest by created_at, if several match)`; got != want {
		t.Errorf("API key: %q, want %q", got, want)
	}
	idReq := klarna.CreateClientIDRequest{AllowedOrigins: []string{"https://a.example", "https://b.example"}}
	got := credentialLookFor("", clientIDKind.tellApart, idReq)
	for _, w := range []string{`with description ""`, `allowed_origins "https://a.example", "https://b.example"`, "newest by created_at"} {
		if !strings.Contains(got, w) {
			t.Errorf("client ID: %q lacks %q", got, w)
		}
	}
}
