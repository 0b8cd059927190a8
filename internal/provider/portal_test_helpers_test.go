package provider

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/partnerops/terraform-provider-klarna/internal/clock"
	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// signingIdentity is a certificate of the provider's own account and its key.
type signingIdentity struct {
	id, certPEM, keyPEM string
}

// issueOwn issues a certificate of the given usage to the provider's own account.
func (e *accEnv) issueOwn(usage string) signingIdentity {
	e.t.Helper()
	key, keyPEM := newKeyPEM(e.t)
	cert, err := e.client.CreateClientCertificate(e.t.Context(), "", klarna.CreateClientCertificateRequest{
		CSR: csrPEM(e.t, key, pkix.Name{CommonName: cnOf(e.t, e.boot.AccountID)}), Usage: usage,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return signingIdentity{id: cert.CertificateID, certPEM: cert.Certificate, keyPEM: keyPEM}
}

// signingBlock is a portal_signing block for the provider.
func (s signingIdentity) signingBlock() string {
	return fmt.Sprintf("  portal_signing {\n    certificate_pem = %s\n    private_key_pem = %s\n  }", heredoc(s.certPEM), heredoc(s.keyPEM))
}

// factoriesWithClock serves a provider whose clock differs from the mock's.
func (e *accEnv) factoriesWithClock(c clock.Clock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"klarna": providerserver.NewProtocol6WithError(New("test", withClock(c))()),
	}
}

// grantByHand grants access outside Terraform, signed with s.
func (e *accEnv) grantByHand(s signingIdentity, email, accountID string, roles ...string) {
	e.t.Helper()
	cert, err := pki.ParseCertificatePEM([]byte(s.certPEM))
	if err != nil {
		e.t.Fatal(err)
	}
	key, err := pki.ParsePrivateKeyPEM([]byte(s.keyPEM))
	if err != nil {
		e.t.Fatal(err)
	}
	now := e.mock.Clock().Now()
	tok, err := jwt.Sign(jwt.Claims{
		Issuer: e.boot.AccountID, Subject: email, ID: uuid.NewString(), IssuedAt: now.Unix(), Expiry: now.Add(5 * 60e9).Unix(),
		AccountID: accountID, Roles: roles,
	}, cert, key)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.client.GrantUserAccess(e.t.Context(), tok); err != nil {
		e.t.Fatal(err)
	}
}

// visit opens a deep-link URL as a browser would and returns the status and body.
func (e *accEnv) visit(url string) (int, string) {
	e.t.Helper()
	c := mocktest.HTTPClient(e.mock)
	req, err := http.NewRequestWithContext(e.t.Context(), http.MethodGet, url, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// invitations counts the invitation emails the mock sent to an address.
func (e *accEnv) invitations(email string) int {
	n := 0
	for _, m := range e.mock.Emails() {
		if strings.EqualFold(m.To, email) {
			n++
		}
	}
	return n
}

// verifyWithOpenSSL checks an ES256 JWT's signature with the openssl CLI, an implementation
// other than the one that signed it, against the public key of the x5c certificate, and
// returns its claims.
func verifyWithOpenSSL(t *testing.T, token, certPEM string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS: %d parts", len(parts))
	}
	var header struct {
		Alg string   `json:"alg"`
		X5C []string `json:"x5c"`
	}
	decodeSegment(t, parts[0], &header)
	cert, err := pki.ParseCertificatePEM([]byte(certPEM))
	if err != nil {
		t.Fatal(err)
	}
	if header.Alg != "ES256" || len(header.X5C) != 1 || header.X5C[0] != pki.X5C(cert) {
		t.Fatalf("unexpected header %+v", header)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		t.Fatalf("signature is not 64 bytes of R||S: %v", err)
	}
	der, err := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{"cert.pem": []byte(certPEM), "sig.der": der, "input": []byte(parts[0] + "." + parts[1])}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	pub, err := exec.CommandContext(t.Context(), "openssl", "x509", "-in", filepath.Join(dir, "cert.pem"), "-pubkey", "-noout").Output() //nolint:gosec // runs openssl on the test's own files
	if err != nil {
		t.Fatalf("openssl x509: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pub.pem"), pub, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "openssl", "dgst", "-sha256", "-verify", filepath.Join(dir, "pub.pem"), //nolint:gosec // runs openssl on the test's own files
		"-signature", filepath.Join(dir, "sig.der"), filepath.Join(dir, "input")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verified OK") {
		t.Fatalf("openssl does not verify the JWT: %v: %s", err, out)
	}
	var claims map[string]any
	decodeSegment(t, parts[1], &claims)
	return claims
}

func decodeSegment(t *testing.T, seg string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
