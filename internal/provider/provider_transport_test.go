package provider

import (
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// TestAccProvider_transportErrors: what a user sees when the provider cannot reach the
// API, or the API will not answer in time: an error at once that names the setting to fix,
// or an error after the retry budget that says how long and why.
func TestAccProvider_transportErrors(t *testing.T) {
	e := newAccEnv(t)
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.mock.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account/credentials/client-ids", Kind: mockapi.FaultRateLimited,
		Count: 1000, RetryAfter: 3600}); err != nil {
		t.Fatal(err)
	}
	otherCA := testCAPEM(t)
	for _, tc := range []struct {
		name, provider, body string
		want                 *regexp.Regexp
	}{
		{"untrusted server certificate", fmt.Sprintf(`provider "klarna" {
  api_key            = %q
  base_url           = %q
  ca_certificate_pem = <<-EOT
%s
  EOT
}`, e.boot.APIKey, e.mock.URL, indent(otherCA, "      ")),
			`resource "klarna_api_key" "k" {
  description = "never sent"
}`, errorRegexp("Unable to resolve the account", "No request was sent", "did not retry", "ca_certificate_pem", envCAFile,
				"not sent, the API's TLS certificate could not be verified")},
		{"nothing listening", fmt.Sprintf(`provider "klarna" {
  api_key      = %q
  base_url     = "https://%s"
  retry_budget = "1s"
}`, e.boot.APIKey, closedPort),
			`data "klarna_account" "me" {}`,
			errorRegexp("Unable to read account", "retry budget (1s)", "retry_budget", envRetryBudget, "host and port", "base_url",
				"failed after", "attempts in", "the retry budget of 1s ran out", "connection refused")},
		{"Retry-After past the budget", e.providerBlock(`  retry_budget = "30s"`),
			`data "klarna_client_ids" "all" {}`,
			errorRegexp("Unable to list client IDs", "wait 1h0m0s before retrying", "Try again after", "retry_budget",
				"(after 1 attempt in ")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps:                    []resource.TestStep{{Config: tc.provider + "\n" + tc.body, ExpectError: tc.want}},
			})
		})
	}
	t.Cleanup(func() { // after the subtests, when they ran
		if os.Getenv(resource.EnvTfAcc) == "" {
			return
		}
		// One plan reads the data source once, without retrying.
		if n := e.mock.Requests().ByRoute["GET /v2/account/credentials/client-ids"]; n != 1 {
			t.Errorf("a Retry-After past the budget must end the operation at its first answer; the mock saw %d requests", n)
		}
	})
}

// TestAccProvider_refusedSettings: settings that could never work, or would leak a secret,
// fail at validate and name the attribute.
func TestAccProvider_refusedSettings(t *testing.T) {
	e := newAccEnv(t)
	for _, tc := range []struct {
		name, provider string
		want           *regexp.Regexp
	}{
		{"API key with its file's final newline", strings.Replace(e.providerBlock(), fmt.Sprintf("%q", e.boot.APIKey),
			fmt.Sprintf("%q", e.boot.APIKey+"\n"), 1), errorRegexp("Invalid API key", "api_key", "white space", "trimspace(file(")},
		{"password in the base URL", strings.Replace(e.providerBlock(), "https://", "https://ops:hunter2@", 1),
			errorRegexp("Invalid base URL", "(shown without its user information)", "must not hold a user name or password")},
		{"retry budget that is no duration", e.providerBlock(`  retry_budget = "60"`),
			errorRegexp("Invalid retry budget", "retry_budget", "not a duration")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      tc.provider + "\ndata \"klarna_account\" \"me\" {}\n",
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
	t.Cleanup(func() { // after the subtests
		if n := e.mock.Requests().Total; n != 0 {
			t.Errorf("settings refused at validate must send nothing; the mock saw %d requests", n)
		}
	})
}

// TestAccProvider_masksEchoedSecrets: a server or proxy that echoes the Authorization
// header in its error cannot put the API key into what Terraform prints.
func TestAccProvider_masksEchoedSecrets(t *testing.T) {
	e := newAccEnv(t)
	echo := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"error_code":"VALIDATION_ERROR","error_message":"unexpected header Authorization: %s"}`, r.Header.Get("Authorization")) //nolint:gosec // the test server echoes the header on purpose
	}))
	t.Cleanup(echo.Close)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: echo.Certificate().Raw})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "klarna" {
  api_key            = %q
  base_url           = %q
  ca_certificate_pem = <<-EOT
%s
  EOT
}
data "klarna_account" "me" {}
`, e.boot.APIKey, echo.URL, indent(string(caPEM), "    ")),
			ExpectError: errorRegexp("Unable to read account", "error_message: unexpected header Authorization: Basic ***"),
		}},
	})
}
