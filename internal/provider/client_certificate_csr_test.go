package provider

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/pki/pkitest"
)

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
		{"subjectAltName by openssl", "API", pkitest.OpenSSLRequest(t, "", "-subj", "/CN="+pcn, "-addext", "subjectAltName=DNS:pay.example.com"),
			[]string{"Invalid CSR", "csr_pem", "extensionRequest (subjectAltName)", "expected no attributes"}},
		{"keyUsage by openssl", "JWT_SIGNING", pkitest.OpenSSLRequest(t, "", "-subj", "/CN="+pcn, "-addext", "keyUsage=digitalSignature"),
			[]string{"Invalid CSR", "csr_pem", "extensionRequest (keyUsage)"}},
		{"challengePassword by openssl", "API", pkitest.OpenSSLRequest(t, challenge, "-config", "req.cnf"),
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
				partner, heredoc(pkitest.OpenSSLRequest(t, "", "-subj", "/CN="+name)))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("klarna_client_certificate.test", tfjsonpath.New("subject_common_name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue("klarna_client_certificate.test", tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
			},
		}},
	})
}
