package pki

import (
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

var (
	oidChallengePassword = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 7}
	oidSubjectAltName    = asn1.ObjectIdentifier{2, 5, 29, 17}
)

func TestCheckCSR_commonNameByUsage(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	build := func(cn string) []byte {
		return csrPEM(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}}, key)
	}
	long64 := strings.Repeat("a", 64)
	for _, tc := range []struct {
		name  string
		cn    string
		usage string
		want  string // substring of the *CSRError; "" means accepted
	}{
		{"api: the account segment", testCN, apirules.UsageAPI, ""},
		{"api: segment with a suffix", "LYABCDEI-mtls-1", apirules.UsageAPI, ""},
		{"api: every allowed character", "Az09-_.", apirules.UsageAPI, ""},
		{"api: one character", "x", apirules.UsageAPI, ""},
		{"api: 64 characters", long64, apirules.UsageAPI, ""},
		{"api: 65 characters", long64 + "a", apirules.UsageAPI, "CN has 65 characters; expected 1 to 64 characters"},
		{"api: a space", "LYABCDEI mtls", apirules.UsageAPI, `CN "LYABCDEI mtls" is not allowed; expected 1 to 64 characters from A-Z a-z 0-9 - _ .`},
		{"api: a slash", "a/b", apirules.UsageAPI, "is not allowed"},
		{"api: a wildcard", "*.example.com", apirules.UsageAPI, "is not allowed"},
		{"api: a colon", "krn:x", apirules.UsageAPI, "is not allowed"},
		{"api: non-ASCII", "LYABCDEÏ", apirules.UsageAPI, "is not allowed"},
		{"jwt: the account segment", testCN, apirules.UsageJWTSigning, ""},
		{"jwt: segment with a suffix", "LYABCDEI-mtls-1", apirules.UsageJWTSigning, `CN "LYABCDEI-mtls-1" must be "LYABCDEI" for usage JWT_SIGNING`},
		{"jwt: lower case", "lyabcdei", apirules.UsageJWTSigning, `must be "LYABCDEI"`},
		{"jwt: a bad character", "LYABCDEI mtls", apirules.UsageJWTSigning, "is not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			csr, err := CheckCSR(build(tc.cn), testAccount, tc.usage)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckCSR: %v", err)
				}
				if csr.Subject.CommonName != tc.cn {
					t.Errorf("CN %q, want %q", csr.Subject.CommonName, tc.cn)
				}
				return
			}
			var ce *CSRError
			if !errors.As(err, &ce) {
				t.Fatalf("CheckCSR error %v (%T), want a *CSRError", err, err)
			}
			if !strings.Contains(ce.Reason, tc.want) {
				t.Errorf("reason %q does not contain %q", ce.Reason, tc.want)
			}
		})
	}
}

func TestCheckCSR_unknownUsage(t *testing.T) {
	t.Parallel()
	good, err := BuildCSR(newECKey(t, elliptic.P256()), testCN)
	if err != nil {
		t.Fatal(err)
	}
	for _, usage := range []string{"", "api", "TLS"} {
		_, err := CheckCSR(good, testAccount, usage)
		var ce *CSRError
		if err == nil || errors.As(err, &ce) || !strings.Contains(err.Error(), "is not one of API, JWT_SIGNING") {
			t.Errorf("usage %q: error %v, want a plain error naming the usages", usage, err)
		}
	}
}

// TestCheckCSR_attributes builds requests that carry attributes with Go's x509 package.
func TestCheckCSR_attributes(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	cn := pkix.Name{CommonName: testCN}
	for _, tc := range []struct {
		name string
		tmpl *x509.CertificateRequest
		want string
	}{
		{"dns name", &x509.CertificateRequest{Subject: cn, DNSNames: []string{"example.com"}}, "extensionRequest (subjectAltName)"},
		{"email address", &x509.CertificateRequest{Subject: cn, EmailAddresses: []string{"ops@example.com"}}, "extensionRequest (subjectAltName)"},
		{"extra extension", &x509.CertificateRequest{Subject: cn, ExtraExtensions: []pkix.Extension{
			{Id: asn1.ObjectIdentifier{2, 5, 29, 15}, Critical: true, Value: []byte{0x03, 0x02, 0x07, 0x80}},
			{Id: asn1.ObjectIdentifier{1, 2, 3, 4}, Value: []byte{0x05, 0x00}},
		}}, "extensionRequest (keyUsage, 1.2.3.4)"},
		{"challenge password attribute", &x509.CertificateRequest{Subject: cn, Attributes: []pkix.AttributeTypeAndValueSET{{ //nolint:staticcheck // the deprecated field is the way to write a raw attribute
			Type:  oidChallengePassword,
			Value: [][]pkix.AttributeTypeAndValue{{{Type: oidSubjectAltName, Value: "secret"}}},
		}}}, "challengePassword"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, usage := range apirules.Usages {
				_, err := CheckCSR(csrPEM(t, tc.tmpl, key), testAccount, usage)
				var ce *CSRError
				if !errors.As(err, &ce) {
					t.Fatalf("usage %s: CheckCSR error %v (%T), want a *CSRError", usage, err, err)
				}
				if !strings.Contains(ce.Reason, "carries "+tc.want) || !strings.Contains(ce.Reason, "expected no attributes at all") {
					t.Errorf("reason %q does not name %q and what is expected", ce.Reason, tc.want)
				}
			}
		})
	}
}

func TestRequestAttributes_encodings(t *testing.T) {
	t.Parallel()
	seq := func(parts ...[]byte) []byte {
		var body []byte
		for _, p := range parts {
			body = append(body, p...)
		}
		der, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: body})
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	version := []byte{0x02, 0x01, 0x00}
	name := seq()
	spki := seq()
	attr := seq(mustMarshal(t, asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 2}), []byte{0x31, 0x03, 0x0c, 0x01, 'x'})
	attrSet, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attr})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		tbs     []byte
		want    []string
		wantErr string
	}{
		{"attributes absent", seq(version, name, spki), nil, ""},
		{"empty attributes", seq(version, name, spki, []byte{0xa0, 0x00}), nil, ""},
		{"unstructured name", seq(version, name, spki, attrSet), []string{"unstructuredName"}, ""},
		{"unknown attribute", seq(version, name, spki, append([]byte{0xa0, 0x0a}, seq(mustMarshal(t, asn1.ObjectIdentifier{1, 2, 3}), []byte{0x31, 0x02, 0x05, 0x00})...)), []string{"attribute 1.2.3"}, ""},
		{"wrong tag", seq(version, name, spki, []byte{0xa1, 0x00}), nil, "where the attributes [0] belong"},
		{"trailing field", seq(version, name, spki, []byte{0xa0, 0x00}, []byte{0x05, 0x00}), nil, "follow the attributes"},
		{"truncated", seq(version, name), nil, "parsing the public key"},
		{"not a sequence", []byte{0x05, 0x00}, nil, "not one SEQUENCE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := requestAttributes(tc.tbs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("requestAttributes error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("attributes %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCheckCSR_opensslAttributes checks requests with attributes that the openssl CLI writes.
func TestCheckCSR_opensslAttributes(t *testing.T) {
	t.Parallel()
	const config = `[req]
distinguished_name = dn
attributes = attrs
prompt = no
[dn]
CN = LYABCDEI
[attrs]
challengePassword = s3cret-pass
`
	for _, tc := range []struct {
		name  string
		args  []string
		usage string
		want  string // substring of the *CSRError; "" means accepted
	}{
		{"api cn with a dash", []string{"-subj", "/CN=LYABCDEI-mtls-1"}, apirules.UsageAPI, ""},
		{"jwt cn with a dash", []string{"-subj", "/CN=LYABCDEI-mtls-1"}, apirules.UsageJWTSigning, `must be "LYABCDEI"`},
		{"subjectAltName", []string{"-subj", "/CN=LYABCDEI", "-addext", "subjectAltName=DNS:x.example.com"}, apirules.UsageAPI, "carries extensionRequest (subjectAltName)"},
		{"keyUsage", []string{"-subj", "/CN=LYABCDEI", "-addext", "keyUsage=digitalSignature"}, apirules.UsageJWTSigning, "carries extensionRequest (keyUsage)"},
		{"both extensions", []string{"-subj", "/CN=LYABCDEI", "-addext", "keyUsage=digitalSignature", "-addext", "subjectAltName=DNS:x"}, apirules.UsageAPI, "extensionRequest (keyUsage, subjectAltName)"},
		{"challengePassword", []string{"-config", "req.cnf"}, apirules.UsageAPI, "carries challengePassword"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFile(t, dir, "req.cnf", []byte(config))
			openssl(t, dir, "ecparam", "-genkey", "-name", "prime256v1", "-out", "k.pem")
			openssl(t, dir, append([]string{"req", "-new", "-key", "k.pem", "-out", "req.pem"}, tc.args...)...)
			_, err := CheckCSR(readFile(t, dir, "req.pem"), testAccount, tc.usage)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckCSR: %v", err)
				}
				return
			}
			var ce *CSRError
			if !errors.As(err, &ce) {
				t.Fatalf("CheckCSR error %v (%T), want a *CSRError", err, err)
			}
			if !strings.Contains(ce.Reason, tc.want) {
				t.Errorf("reason %q does not contain %q", ce.Reason, tc.want)
			}
		})
	}
}
