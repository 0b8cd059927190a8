package mockapi_test

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"net/http"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
	"github.com/partnerops/terraform-provider-klarna/internal/pki/pkitest"
)

// TestCertificates_csrAttributesRefused sends CSRs that carry attributes: every one is
// refused for both usages, naming csr and what was found, and nothing is issued.
func TestCertificates_csrAttributesRefused(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	p1 := m.b.PartnerAccountIDs[0]
	own := cn(t, p1)
	challenge := "[req]\ndistinguished_name = dn\nattributes = attrs\nprompt = no\n[dn]\nCN = " + own +
		"\n[attrs]\nchallengePassword = s3cret-pass\n"
	goCSR := func(tmpl *x509.CertificateRequest) func(t *testing.T) string {
		return func(t *testing.T) string {
			tmpl.Subject = pkix.Name{CommonName: own}
			return rawCSRFrom(t, tmpl)
		}
	}
	tests := []struct {
		name string
		csr  func(t *testing.T) string
		want string
	}{
		{"openssl subjectAltName", func(t *testing.T) string {
			return pkitest.OpenSSLRequest(t, "", "-subj", "/CN="+own, "-addext", "subjectAltName=DNS:pay.example.com")
		}, "extensionRequest (subjectAltName)"},
		{"openssl keyUsage", func(t *testing.T) string {
			return pkitest.OpenSSLRequest(t, "", "-subj", "/CN="+own, "-addext", "keyUsage=critical,digitalSignature")
		}, "extensionRequest (keyUsage)"},
		{"openssl extendedKeyUsage", func(t *testing.T) string {
			return pkitest.OpenSSLRequest(t, "", "-subj", "/CN="+own, "-addext", "extendedKeyUsage=clientAuth")
		}, "extensionRequest (extKeyUsage)"},
		{"openssl challengePassword", func(t *testing.T) string {
			return pkitest.OpenSSLRequest(t, challenge, "-config", "req.cnf")
		}, "challengePassword"},
		{"go DNS name", goCSR(&x509.CertificateRequest{DNSNames: []string{"pay.example.com"}}), "extensionRequest (subjectAltName)"},
		{"go extra extension", goCSR(&x509.CertificateRequest{ExtraExtensions: []pkix.Extension{
			{Id: asn1.ObjectIdentifier{2, 5, 29, 19}, Critical: true, Value: []byte{0x30, 0x00}},
		}}), "extensionRequest (basicConstraints)"},
		{"go other attribute", goCSR(&x509.CertificateRequest{Attributes: []pkix.AttributeTypeAndValueSET{{ //nolint:staticcheck // the deprecated field is the way to write a raw attribute
			Type:  asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2},
			Value: [][]pkix.AttributeTypeAndValue{{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: "x"}}},
		}}}), "unstructuredName"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			csr := tc.csr(t)
			for _, usage := range apirules.Usages {
				r := m.post(t, m.b.APIKey, acct(p1)+"/credentials/client-certificates", map[string]string{"csr": csr, "usage": usage})
				r.wantValidation(t, "csr")
				if !strings.Contains(string(r.body), tc.want) || !strings.Contains(string(r.body), "expected no attributes") {
					t.Errorf("usage %s: the error does not name %q and what is expected: %s", usage, tc.want, r.body)
				}
			}
		})
	}
	t.Cleanup(func() {
		if n := len(m.state(t)[p1].ClientCertificates); n != 0 {
			t.Errorf("%d certificates were issued from CSRs with attributes", n)
		}
	})
}

// TestCertificates_commonNameByUsage: a JWT_SIGNING CN is the account's last segment; an
// API CN is any name of 1 to 64 characters from A-Z a-z 0-9 - _ . .
func TestCertificates_commonNameByUsage(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	p1 := m.b.PartnerAccountIDs[0]
	own := cn(t, p1)
	long64 := own + "-" + strings.Repeat("x", 63-len(own))
	tests := []struct {
		name  string
		cn    string
		usage string
		ok    bool
	}{
		{"API: the segment", own, "API", true},
		{"API: segment with a dash, as in Klarna's guide", own + "-mtls-1", "API", true},
		{"API: 64 characters", long64, "API", true},
		{"API: every allowed character", "az.AZ_09-", "API", true},
		{"API: another account's segment", cn(t, m.b.PartnerAccountIDs[1]), "API", true},
		{"API: one character", "a", "API", true},
		{"API: 65 characters", long64 + "x", "API", false},
		{"API: a space", own + " mtls", "API", false},
		{"API: a slash", own + "/mtls", "API", false},
		{"API: a colon", p1, "API", false},
		{"API: an at sign", "ops@example", "API", false},
		{"API: a wildcard", "*.example.com", "API", false},
		{"API: non-ASCII", own + "é", "API", false},
		{"JWT_SIGNING: the segment", own, "JWT_SIGNING", true},
		{"JWT_SIGNING: segment with a dash", own + "-mtls-1", "JWT_SIGNING", false},
		{"JWT_SIGNING: lower case", strings.ToLower(own), "JWT_SIGNING", false},
		{"JWT_SIGNING: another account's segment", cn(t, m.b.PartnerAccountIDs[1]), "JWT_SIGNING", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := m.post(t, m.b.APIKey, acct(p1)+"/credentials/client-certificates",
				map[string]string{"csr": csrFor(t, newKey(t), tc.cn), "usage": tc.usage})
			if !tc.ok {
				r.wantValidation(t, "csr")
				return
			}
			r.wantStatus(t, http.StatusCreated)
			var got klarna.ClientCertificate
			r.decode(t, &got)
			if got.SubjectCommonName != tc.cn || got.Usage != tc.usage {
				t.Fatalf("issued CN %q usage %s, want %q %s", got.SubjectCommonName, got.Usage, tc.cn, tc.usage)
			}
		})
	}
	t.Run("openssl API CN with a dash", func(t *testing.T) {
		t.Parallel()
		r := m.post(t, m.b.APIKey, acct(p1)+"/credentials/client-certificates",
			map[string]string{"csr": pkitest.OpenSSLRequest(t, "", "-subj", "/CN="+own+"-mtls-1"), "usage": "API"})
		r.wantStatus(t, http.StatusCreated)
	})
}

// TestCertificates_commonNamePatternMatchesTheDocument holds the document's pattern for
// subject_common_name to the rule the mock applies.
func TestCertificates_commonNamePatternMatchesTheDocument(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	prop := doc.Components.Schemas["ClientCertificate"].Value.Properties["subject_common_name"]
	if prop == nil || prop.Value.Pattern != apirules.CommonNamePattern {
		t.Fatalf("ClientCertificate.subject_common_name pattern differs from %q", apirules.CommonNamePattern)
	}
}

func rawCSRFrom(t *testing.T, tmpl *x509.CertificateRequest) string {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader, tmpl, newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	return csrPEM(der)
}
