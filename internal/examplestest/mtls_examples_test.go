package examplestest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// TestAccMTLSExamples_planOnAnyDay plans, against the mock API, the klarna_mtls_enforcement
// reference example (resource.tf) and the configuration the mTLS guide builds, copied as they are, with
// the inputs a user gives them on the day the test runs: an enforcement a week ahead. An
// example that carries its own enforcement time stops planning once that time has passed.
func TestAccMTLSExamples_planOnAnyDay(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	partner := boot.PartnerAccountIDs[0]
	caFile := writeFile(t, t.TempDir(), "ca.pem", mock.CACertificatePEM())
	nextWeek := time.Now().UTC().Add(7 * 24 * time.Hour).Truncate(time.Hour).Format(time.RFC3339)

	key := newP256Key(t)
	keyPEM, err := pki.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dir   string
		files []string // the files a user copies; all of them when empty
		vars  map[string]string
		want  string
	}{
		{
			dir:   "resources/klarna_mtls_enforcement",
			files: []string{"resource.tf"}, // the example, without the import snippet beside it
			vars: map[string]string{
				"partner_account_id":         partner,
				"api_csr_pem":                csrFor(t, key, boot.AccountID),
				"partner_api_csr_pem":        csrFor(t, newP256Key(t), partner),
				"mtls_enforced_from":         nextWeek,
				"partner_mtls_enforced_from": nextWeek,
			},
			want: "Plan: 4 to add, 0 to change, 0 to destroy.",
		},
		{
			dir: "guides/rolling-out-mtls",
			vars: map[string]string{
				"api_private_key_pem": string(keyPEM),
				"mtls_enforced_from":  nextWeek,
			},
			want: "Plan: 2 to add, 0 to change, 0 to destroy.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			env := []string{
				"KLARNA_API_KEY=" + boot.APIKey,
				"KLARNA_BASE_URL=" + mock.URL,
				"KLARNA_CA_CERTIFICATE_FILE=" + caFile,
			}
			for name, value := range tt.vars {
				env = append(env, "TF_VAR_"+name+"="+value)
			}
			c := newCLI(t, tc, env...)
			dir := filepath.Join(t.TempDir(), "example")
			src := filepath.Join(tc.root, "examples", filepath.FromSlash(tt.dir))
			if len(tt.files) == 0 {
				copyTree(t, src, dir)
			} else {
				if err := os.Mkdir(dir, 0o750); err != nil {
					t.Fatal(err)
				}
				for _, f := range tt.files {
					copyFile(t, filepath.Join(src, f), filepath.Join(dir, f))
				}
			}
			out, err := c.run(t, dir, "plan")
			if err != nil || !strings.Contains(out, tt.want) {
				t.Fatalf("examples/%s with enforced_from %s: %v, want %q\n%s", tt.dir, nextWeek, err, tt.want, out)
			}
		})
	}
}

func newP256Key(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// csrFor is a CSR for an API certificate of the account, with the CN Klarna requires.
func csrFor(t *testing.T, key *ecdsa.PrivateKey, accountID string) string {
	t.Helper()
	id, err := krn.Parse(accountID)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := pki.BuildCSR(key, id.ID)
	if err != nil {
		t.Fatal(err)
	}
	return string(csr)
}
