package provider

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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
