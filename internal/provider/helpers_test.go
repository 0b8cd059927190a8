package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// hasError reports whether diags holds an error on the attribute whose text contains msg.
func hasError(diags diag.Diagnostics, attr, msg string) bool {
	for _, d := range diags.Errors() {
		withPath, ok := d.(diag.DiagnosticWithPath)
		if !ok || !withPath.Path().Equal(path.Root(attr)) {
			continue
		}
		if strings.Contains(d.Summary()+" "+d.Detail(), msg) {
			return true
		}
	}
	return false
}

// testCAPEM is a throwaway self-signed CA certificate.
func testCAPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// nonNullState and nonNullPlan stand for an existing resource in plan-modifier unit tests.
func nonNullState(t *testing.T) tfsdk.State {
	t.Helper()
	return tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}, map[string]tftypes.Value{})}
}

func nonNullPlan(t *testing.T) tfsdk.Plan {
	t.Helper()
	return tfsdk.Plan{Raw: tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}, map[string]tftypes.Value{})}
}

func newTestKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// opensslCSR makes a key and a CSR for the account with the openssl CLI, as Klarna's
// documentation shows, so the provider is not only tested with CSRs it builds itself.
func opensslCSR(t *testing.T, accountID string) (keyPEM, csrPEM string) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatalf("openssl is required by this test (apt-get install openssl): %v", err)
	}
	a, err := krn.Parse(accountID)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	key := filepath.Join(dir, "key.pem")
	ctx := t.Context()
	if out, err := exec.CommandContext(ctx, "openssl", "ecparam", "-genkey", "-name", "prime256v1", "-out", key).CombinedOutput(); err != nil { //nolint:gosec // runs openssl on the test's own files
		t.Fatalf("openssl ecparam: %v: %s", err, out)
	}
	csr, err := exec.CommandContext(ctx, "openssl", "req", "-new", "-key", key, "-subj", "/CN="+a.CommonName()).Output() //nolint:gosec // runs openssl on the test's own files
	if err != nil {
		t.Fatalf("openssl req: %v", err)
	}
	k, err := os.ReadFile(key) //nolint:gosec // a file of the test's own temporary directory
	if err != nil {
		t.Fatal(err)
	}
	return string(k), string(csr)
}

func newKeyPEM(t *testing.T) (*ecdsa.PrivateKey, string) {
	t.Helper()
	key := newTestKey(t)
	b, err := pki.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	return key, string(b)
}

func heredoc(s string) string {
	return "<<-EOT\n" + indent(strings.TrimSpace(s), "    ") + "\n  EOT"
}
