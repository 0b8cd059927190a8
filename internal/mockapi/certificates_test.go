package mockapi_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// opensslCSR makes a key and a CSR with the openssl CLI, as the contract tells users to.
func opensslCSR(t *testing.T, subject string) (csrPEM string, key *ecdsa.PrivateKey) {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	dir := t.TempDir()
	keyFile, csrFile := filepath.Join(dir, "key.pem"), filepath.Join(dir, "csr.pem")
	for _, args := range [][]string{
		{"ecparam", "-genkey", "-name", "prime256v1", "-out", keyFile},
		{"req", "-new", "-key", keyFile, "-subj", subject, "-out", csrFile},
	} {
		if out, err := exec.CommandContext(t.Context(), bin, args...).CombinedOutput(); err != nil { //nolint:gosec // runs openssl on the test's own files
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	keyPEM, err := os.ReadFile(keyFile) //nolint:gosec // a file in the test's own temporary directory
	if err != nil {
		t.Fatal(err)
	}
	if key, err = pki.ParsePrivateKeyPEM(keyPEM); err != nil {
		t.Fatalf("the openssl key: %v", err)
	}
	b, err := os.ReadFile(csrFile) //nolint:gosec // a file in the test's own temporary directory
	if err != nil {
		t.Fatal(err)
	}
	return string(b), key
}

func TestCertificates_issue(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	m.advance(t, 10*24*time.Hour) // validity follows the mock clock, not the wall clock
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(m.CACertificatePEM())
	p2 := m.b.PartnerAccountIDs[2]
	tests := []struct {
		name    string
		prefix  string
		account string
		usage   string
		openssl bool
	}{
		{"Go CSR, API, own account", "/v2/account", m.b.AccountID, "API", false},
		{"Go CSR, JWT signing, own account", "/v2/account", m.b.AccountID, "JWT_SIGNING", false},
		{"Go CSR, API, partner account", acct(p2), p2, "API", false},
		{"openssl CSR, API, own account", "/v2/account", m.b.AccountID, "API", true},
		{"openssl CSR, JWT signing, partner account", acct(p2), p2, "JWT_SIGNING", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var csrPEM string
			var key *ecdsa.PrivateKey
			if tc.openssl {
				csrPEM, key = opensslCSR(t, "/CN="+cn(t, tc.account))
			} else {
				key = newKey(t)
				csrPEM = csrFor(t, key, cn(t, tc.account))
			}
			r := m.post(t, m.b.APIKey, tc.prefix+"/credentials/client-certificates", map[string]string{
				"csr": csrPEM, "usage": tc.usage, "description": "issued by a test — ünïcode is fine here",
			})
			r.wantStatus(t, http.StatusCreated)
			var got klarna.ClientCertificate
			r.decode(t, &got)
			now := m.Clock().Now()
			if !uuidRE.MatchString(got.CertificateID) || got.Usage != tc.usage || got.Status != "ACTIVE" ||
				got.Description != "issued by a test — ünïcode is fine here" || got.SubjectCommonName != cn(t, tc.account) {
				t.Fatalf("issued %+v", got)
			}
			cert, err := pki.ParseCertificatePEM([]byte(got.Certificate))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
				t.Fatalf("the certificate does not verify against the mock's CA at the mock's time: %v", err)
			}
			if !pki.SamePublicKey(cert.PublicKey, &key.PublicKey) {
				t.Fatal("the certificate does not hold the CSR's public key")
			}
			if cert.Subject.CommonName != cn(t, tc.account) || len(cert.Subject.Names) != 1 {
				t.Fatalf("certificate subject %s, want CN=%s only", cert.Subject, cn(t, tc.account))
			}
			sum := sha256.Sum256(cert.Raw)
			if got.FingerprintSHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("fingerprint_sha256 %s, want %x", got.FingerprintSHA256, sum)
			}
			if !strings.EqualFold(got.SerialNumber, cert.SerialNumber.Text(16)) {
				t.Errorf("serial_number %s, want %x", got.SerialNumber, cert.SerialNumber)
			}
			if !got.NotBefore.Equal(cert.NotBefore) || !got.NotAfter.Equal(cert.NotAfter) {
				t.Errorf("not_before/not_after %s/%s, certificate says %s/%s", got.NotBefore, got.NotAfter, cert.NotBefore, cert.NotAfter)
			}
			nearMock(t, m, "not_before", got.NotBefore)
			if !got.CreatedAt.Equal(got.NotBefore) {
				t.Errorf("created_at %s, not_before %s", got.CreatedAt, got.NotBefore)
			}
			if want := got.NotBefore.AddDate(3, 0, 0); !got.NotAfter.Equal(want) {
				t.Errorf("not_after %s, want 3 years after not_before: %s", got.NotAfter, want)
			}
			// The list and the item show the same certificate.
			r = m.get(t, m.b.APIKey, tc.prefix+"/credentials/client-certificates/"+got.CertificateID)
			r.wantStatus(t, http.StatusOK)
			var again klarna.ClientCertificate
			r.decode(t, &again)
			if again != got {
				t.Fatalf("GET %+v, create answered %+v", again, got)
			}
			if tc.usage == "API" {
				c := m.httpClient(t, issued{ClientCertificate: got, key: key, parsed: cert}.tlsCert())
				if tc.account == m.b.AccountID {
					m.do(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: c}).wantMTLS(t, "VALID")
				}
			}
		})
	}
}

// csrPEM encodes a DER CSR.
func csrPEM(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func rawCSR(t *testing.T, subject pkix.Name, key any) string {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: subject}, key)
	if err != nil {
		t.Fatal(err)
	}
	return csrPEM(der)
}

func TestCertificates_csrRules(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	p1 := m.b.PartnerAccountIDs[0]
	own := cn(t, p1)
	good := csrFor(t, newKey(t), own)
	block, _ := pem.Decode([]byte(good))
	tampered := append([]byte(nil), block.Bytes...)
	tampered[len(tampered)-3] ^= 0xff // inside the signature
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	issuedCert := m.issue(t, m.b.APIKey, acct(p1), p1, "API").Certificate

	fixed := func(csr string) func(*testing.T) string { return func(*testing.T) string { return csr } }
	tests := []struct {
		name string
		csr  func(t *testing.T) string
	}{
		{"not PEM", fixed("this is not a CSR")},
		{"empty", fixed("")},
		{"PEM with a broken body", fixed("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")},
		{"PEM of the wrong type", fixed(issuedCert)},
		{"two CSRs", fixed(good + good)},
		{"bad signature", fixed(csrPEM(tampered))},
		{"RSA key", fixed(rawCSR(t, pkix.Name{CommonName: own}, rsaKey))},
		{"P-384 key", fixed(rawCSR(t, pkix.Name{CommonName: own}, p384))},
		{"Ed25519 key", fixed(rawCSR(t, pkix.Name{CommonName: own}, edKey))},
		{"extra subject attribute", fixed(rawCSR(t, pkix.Name{CommonName: own, Organization: []string{"Acme"}}, newKey(t)))},
		{"extra subject attribute made by openssl", func(t *testing.T) string {
			csr, _ := opensslCSR(t, "/CN="+own+"/O=Acme")
			return csr
		}},
		{"P-384 key made by openssl", func(t *testing.T) string {
			dir := t.TempDir()
			keyFile := filepath.Join(dir, "key.pem")
			if _, err := exec.LookPath("openssl"); err != nil {
				t.Skip("openssl is not installed")
			}
			if out, err := exec.CommandContext(t.Context(), "openssl", "ecparam", "-genkey", "-name", "secp384r1", "-out", keyFile).CombinedOutput(); err != nil { //nolint:gosec // runs openssl on the test's own files
				t.Fatalf("%v: %s", err, out)
			}
			out, err := exec.CommandContext(t.Context(), "openssl", "req", "-new", "-key", keyFile, "-subj", "/CN="+own).Output() //nolint:gosec // runs openssl on the test's own files
			if err != nil {
				t.Fatal(err)
			}
			return string(out)
		}},
		{"second CN", fixed(rawCSR(t, pkix.Name{ExtraNames: []pkix.AttributeTypeAndValue{{Type: []int{2, 5, 4, 3}, Value: own}, {Type: []int{2, 5, 4, 3}, Value: own}}}, newKey(t)))},
		{"no subject", fixed(rawCSR(t, pkix.Name{}, newKey(t)))},
		{"CN of another account", fixed(csrFor(t, newKey(t), cn(t, m.b.PartnerAccountIDs[1])))},
		{"CN of the acquirer", fixed(csrFor(t, newKey(t), cn(t, m.b.AccountID)))},
		{"CN in lower case", fixed(csrFor(t, newKey(t), strings.ToLower(own)))},
		{"CN as the whole KRN", fixed(csrFor(t, newKey(t), p1))},
	}
	// CNs that only a JWT_SIGNING request must not carry: an API CN may be any allowed name.
	segmentOnly := map[string]bool{"CN of another account": true, "CN of the acquirer": true, "CN in lower case": true}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			csr := tc.csr(t)
			for _, usage := range []string{"API", "JWT_SIGNING"} {
				if usage == "JWT_SIGNING" || !segmentOnly[tc.name] {
					r := m.post(t, m.b.APIKey, acct(p1)+"/credentials/client-certificates", map[string]string{"csr": csr, "usage": usage})
					r.wantValidation(t, "csr")
				}
			}
		})
	}
	t.Cleanup(func() {
		if n := len(m.state(t)[p1].ClientCertificates); n != 1 {
			t.Errorf("%d certificates in the account, want only the one issued for the test", n)
		}
	})

	fields := []struct {
		name      string
		body      map[string]string
		parameter string
	}{
		{"unknown usage", map[string]string{"csr": good, "usage": "TLS"}, "usage"},
		{"no usage", map[string]string{"csr": good}, "usage"},
		{"no CSR", map[string]string{"usage": "API"}, "csr"},
		{"description over 255 characters", map[string]string{"csr": good, "usage": "API", "description": strings.Repeat("d", 256)}, "description"},
		{"description with a control character", map[string]string{"csr": good, "usage": "API", "description": "a\u0007b"}, "description"},
	}
	for _, tc := range fields {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m.post(t, m.b.APIKey, acct(p1)+"/credentials/client-certificates", tc.body).wantValidation(t, tc.parameter)
		})
	}
}

func TestCertificates_activeLimitAndRevoke(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	tests := []struct {
		name    string
		prefix  string
		account string
	}{
		{"own account", "/v2/account", m.b.AccountID},
		{"partner account", acct(m.b.PartnerAccountIDs[0]), m.b.PartnerAccountIDs[0]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := tc.prefix + "/credentials/client-certificates"
			var first issued
			for i := range 10 {
				usage := []string{"API", "JWT_SIGNING"}[i%2]
				c := m.issue(t, m.b.APIKey, tc.prefix, tc.account, usage)
				if i == 0 {
					first = c
				}
			}
			body := func() map[string]string {
				return map[string]string{"csr": csrFor(t, newKey(t), cn(t, tc.account)), "usage": "JWT_SIGNING"}
			}
			m.post(t, m.b.APIKey, base, body()).wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeCertificateLimitReached)
			// A refused CSR is refused as such, whatever the count.
			m.post(t, m.b.APIKey, base, map[string]string{"csr": "x", "usage": "API"}).wantValidation(t, "csr")

			m.del(t, m.b.APIKey, base+"/"+first.CertificateID).wantStatus(t, http.StatusNoContent)
			m.del(t, m.b.APIKey, base+"/"+first.CertificateID).wantStatus(t, http.StatusNoContent)
			r := m.get(t, m.b.APIKey, base+"/"+first.CertificateID)
			r.wantStatus(t, http.StatusOK)
			var revoked klarna.ClientCertificate
			r.decode(t, &revoked)
			if revoked.Status != "REVOKED" || revoked.Certificate != first.Certificate {
				t.Fatalf("after revoke: %+v", revoked)
			}
			m.post(t, m.b.APIKey, base, body()).wantStatus(t, http.StatusCreated)
			m.post(t, m.b.APIKey, base, body()).wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeCertificateLimitReached)

			r = m.get(t, m.b.APIKey, base)
			r.wantStatus(t, http.StatusOK)
			var list klarna.ClientCertificateList
			r.decode(t, &list)
			active := 0
			for _, c := range list.ClientCertificates {
				if c.Status == "ACTIVE" {
					active++
				}
			}
			if len(list.ClientCertificates) != 11 || active != 10 {
				t.Fatalf("%d certificates, %d active; want 11 and 10", len(list.ClientCertificates), active)
			}
			m.del(t, m.b.APIKey, base+"/"+uuid.NewString()).wantNotFound(t)
			m.get(t, m.b.APIKey, base+"/"+uuid.NewString()).wantNotFound(t)
		})
	}
}

func TestCertificates_expireAfterThreeYears(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	base := "/v2/account/credentials/client-certificates"
	var certs []issued
	for i := range 10 {
		certs = append(certs, m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, []string{"API", "JWT_SIGNING"}[i%2]))
	}
	revoked := certs[9]
	m.del(t, m.b.APIKey, base+"/"+revoked.CertificateID).wantStatus(t, http.StatusNoContent)
	notAfter := certs[0].NotAfter
	for _, c := range certs {
		if c.NotAfter.Before(notAfter) {
			notAfter = c.NotAfter
		}
	}
	status := func(t *testing.T, id string) string {
		t.Helper()
		r := m.get(t, m.b.APIKey, base+"/"+id)
		r.wantStatus(t, http.StatusOK)
		var c klarna.ClientCertificate
		r.decode(t, &c)
		return c.Status
	}
	apiClient := m.httpClient(t, certs[0].tlsCert())

	m.advanceKeeping(t, notAfter.Sub(m.Clock().Now())-24*time.Hour, m.b.APIKey)
	m.setClock(t, notAfter.Add(-time.Second))
	if s := status(t, certs[0].CertificateID); s != "ACTIVE" {
		t.Fatalf("a second before not_after: %s", s)
	}
	m.do(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: apiClient}).wantMTLS(t, "VALID")
	m.setClock(t, notAfter.Add(5*time.Second)) // all were issued within seconds
	for _, c := range certs[:9] {
		if s := status(t, c.CertificateID); s != "EXPIRED" {
			t.Fatalf("after not_after: %s, want EXPIRED", s)
		}
	}
	if s := status(t, revoked.CertificateID); s != "REVOKED" {
		t.Fatalf("a revoked certificate became %s", s)
	}
	// Revoking an expired certificate succeeds and changes nothing.
	m.del(t, m.b.APIKey, base+"/"+certs[0].CertificateID).wantStatus(t, http.StatusNoContent)
	if s := status(t, certs[0].CertificateID); s != "EXPIRED" {
		t.Fatalf("revoking an expired certificate made it %s", s)
	}
	// An expired certificate is no longer VALID, enables no enforcement and takes no slot.
	m.do(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: apiClient}).wantMTLS(t, "INVALID")
	m.put(t, m.b.APIKey, "/v2/account/integration/mtls", map[string]string{"enforced_from": "NOW"}).
		wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeMTLSNotEnabled)
	for range 10 {
		m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "JWT_SIGNING")
	}
}

func TestCertificates_oneKeyBacksBothUsages(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	key := newKey(t)
	csr := csrFor(t, key, cn(t, m.b.AccountID))
	var fingerprints []string
	for _, usage := range []string{"API", "JWT_SIGNING"} {
		r := m.post(t, m.b.APIKey, "/v2/account/credentials/client-certificates", map[string]string{"csr": csr, "usage": usage})
		r.wantStatus(t, http.StatusCreated)
		var c klarna.ClientCertificate
		r.decode(t, &c)
		cert, err := pki.ParseCertificatePEM([]byte(c.Certificate))
		if err != nil || !pki.SamePublicKey(cert.PublicKey, &key.PublicKey) || c.Usage != usage {
			t.Fatalf("%s certificate %+v (%v)", usage, c, err)
		}
		fingerprints = append(fingerprints, c.FingerprintSHA256)
	}
	if fingerprints[0] == fingerprints[1] {
		t.Fatal("two issues of one CSR gave one certificate")
	}
}
