package provider

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// opensslCSRWith writes a P-256 key and a CSR with the openssl CLI; reqArgs follow
// `openssl req -new -key key.pem`. config, when set, is written to req.cnf beside them.
func opensslCSRWith(t *testing.T, config string, reqArgs ...string) string {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	dir := t.TempDir()
	if config != "" {
		if err := os.WriteFile(filepath.Join(dir, "req.cnf"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"ecparam", "-genkey", "-name", "prime256v1", "-out", "key.pem"},
		append([]string{"req", "-new", "-key", "key.pem", "-out", "csr.pem"}, reqArgs...),
	} {
		cmd := exec.CommandContext(t.Context(), bin, args...) //nolint:gosec // runs openssl on the test's own files
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "OPENSSL_CONF=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "csr.pem")) //nolint:gosec // a file in the test's own temporary directory
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccClientCertificate_csrRulesAtPlan: a CSR that carries attributes, or whose CN breaks
// the rule of its usage, fails at plan naming csr_pem, and never reaches the API.
func TestAccClientCertificate_csrRulesAtPlan(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	pcn := cnOf(t, partner)
	p256 := newTestKey(t)
	challenge := "[req]\ndistinguished_name = dn\nattributes = attrs\nprompt = no\n[dn]\nCN = " + pcn +
		"\n[attrs]\nchallengePassword = s3cret-pass\n"
	withDNSName := func() string {
		der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: pcn}, DNSNames: []string{"pay.example.com"}}, p256)
		if err != nil {
			t.Fatal(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
	}

	for _, tc := range []struct {
		name, usage, csr string
		want             []string
	}{
		{"subjectAltName by openssl", "API", opensslCSRWith(t, "", "-subj", "/CN="+pcn, "-addext", "subjectAltName=DNS:pay.example.com"),
			[]string{"Invalid CSR", "csr_pem", "extensionRequest (subjectAltName)", "expected no attributes"}},
		{"keyUsage by openssl", "JWT_SIGNING", opensslCSRWith(t, "", "-subj", "/CN="+pcn, "-addext", "keyUsage=digitalSignature"),
			[]string{"Invalid CSR", "csr_pem", "extensionRequest (keyUsage)"}},
		{"challengePassword by openssl", "API", opensslCSRWith(t, challenge, "-config", "req.cnf"),
			[]string{"Invalid CSR", "csr_pem", "challengePassword"}},
		{"DNS name by Go", "API", withDNSName(), []string{"Invalid CSR", "csr_pem", "subjectAltName"}},
		{"API CN of 65 characters", "API", csrPEM(t, p256, pkix.Name{CommonName: strings.Repeat("A", 65)}),
			[]string{"Invalid CSR", "csr_pem", "65 characters", "1 to 64 characters from A-Z a-z 0-9 - _ ."}},
		{"API CN with a space", "API", csrPEM(t, p256, pkix.Name{CommonName: pcn + " mtls"}),
			[]string{"Invalid CSR", "csr_pem", "is not allowed", "A-Z a-z 0-9 - _ ."}},
		{"JWT_SIGNING CN with a suffix", "JWT_SIGNING", csrPEM(t, p256, pkix.Name{CommonName: pcn + "-mtls-1"}),
			[]string{"Invalid CSR", "csr_pem", fmt.Sprintf("must be %q for usage JWT_SIGNING", pcn)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config: e.config(fmt.Sprintf("resource \"klarna_client_certificate\" \"test\" {\n  usage = %q\n  account_id = %q\n  csr_pem = %s\n}\n",
						tc.usage, partner, heredoc(tc.csr))),
					PlanOnly:    true,
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
	if n := e.mock.Requests().ByRoute["POST /v2/accounts/{account_id}/credentials/client-certificates"]; n != 0 {
		t.Fatalf("refused CSRs reached the API: %d certificate requests", n)
	}
}

// TestAccClientCertificate_apiCommonNameOfChoice: an API certificate may carry any CN from
// the allowed set, such as the account's segment with a suffix, as Klarna's mTLS guide shows.
func TestAccClientCertificate_apiCommonNameOfChoice(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	name := cnOf(t, partner) + "-mtls-1"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             certificateDestroyed(e),
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf("resource \"klarna_client_certificate\" \"test\" {\n  usage = \"API\"\n  account_id = %q\n  csr_pem = %s\n}\n",
				partner, heredoc(opensslCSRWith(t, "", "-subj", "/CN="+name)))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("klarna_client_certificate.test", tfjsonpath.New("subject_common_name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue("klarna_client_certificate.test", tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
			},
		}},
	})
}
