package examplestest

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// queryVersion is the first Terraform release with list blocks and terraform query.
var queryVersion = terraformVersion{1, 14}

var cliQuery struct {
	once sync.Once
	ok   bool
	why  string
}

// supportsQuery reports whether the CLI runs terraform query and validate -query, and if not, why.
func supportsQuery(t *testing.T, tc toolchain) (bool, string) {
	t.Helper()
	cliQuery.once.Do(func() {
		if tc.openTofu {
			cliQuery.why = "OpenTofu has no terraform query"
			return
		}
		ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, tc.cliPath, "version", "-json") //nolint:gosec // the CLI the test run was given
		cmd.Env = append(inheritedEnv(), "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			cliQuery.why = fmt.Sprintf("%s version -json: %v", tc.cliPath, err)
			return
		}
		v, err := parseCLIVersion(out)
		if err != nil {
			cliQuery.why = err.Error()
			return
		}
		cliQuery.ok = !v.less(queryVersion)
		cliQuery.why = fmt.Sprintf("Terraform %s has no terraform query; it needs %s or later", v, queryVersion)
	})
	return cliQuery.ok, cliQuery.why
}

// parseCLIVersion reads major.minor from the output of `terraform version -json`.
func parseCLIVersion(out []byte) (terraformVersion, error) {
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return terraformVersion{}, fmt.Errorf("reading the CLI's version: %w", err)
	}
	parts := strings.SplitN(v.Version, ".", 3)
	if len(parts) < 2 {
		return terraformVersion{}, fmt.Errorf("the CLI's version %q is not major.minor.patch", v.Version)
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return terraformVersion{}, fmt.Errorf("the CLI's version %q is not major.minor.patch", v.Version)
	}
	return terraformVersion{major, minor}, nil
}

// skipUnlessQuery skips a test that runs terraform query on a CLI without it.
func skipUnlessQuery(t *testing.T, tc toolchain) {
	t.Helper()
	tc.skipBelow(t, terraformVersion{1, 14}, "terraform query")
	if ok, why := supportsQuery(t, tc); !ok {
		t.Skip(why)
	}
}

// validateArgs are the arguments of terraform validate: -query on a CLI that reads query
// files, so that an example's list blocks are validated too.
func validateArgs(t *testing.T, tc toolchain) []string {
	t.Helper()
	if ok, _ := supportsQuery(t, tc); ok {
		return []string{"-query"}
	}
	return nil
}

// importedIdentity matches one import block's identity as terraform query writes it.
var importedIdentity = regexp.MustCompile(`(?s)import \{\s*to\s*=\s*(\S+).*?identity = \{(.*?)\}`)

// TestAccQueryAdoption_generatedConfigurationImportsWithNoChanges follows the adoption
// guide's query path against the mock API: API keys, a client ID and a certificate made by
// hand in two partner accounts, and a portal grant made outside Terraform, are found by the
// guide's query file, whose generated configuration (written by terraform query
// -generate-config-out, not edited) plans every object as an import with no change; after
// the apply, the next plan is empty.
func TestAccQueryAdoption_generatedConfigurationImportsWithNoChanges(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	skipUnlessQuery(t, tc)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	first, second := boot.PartnerAccountIDs[0], boot.PartnerAccountIDs[1]
	client := mocktest.Client(t, mock)
	ctx := t.Context()

	backend := mustCreateKey(t, client, first, "checkout backend")
	batch := mustCreateKey(t, client, first, "nightly batch")
	storefrontKey := mustCreateKey(t, client, second, "storefront backend")
	notSearched := mustCreateKey(t, client, boot.PartnerAccountIDs[2], "not searched")
	if err := mock.DisableCredential(batch, apirules.DisabledInactivity); err != nil {
		t.Fatal(err)
	}
	storefront, err := client.CreateClientID(ctx, second, klarna.CreateClientIDRequest{
		Description: "storefront", AllowedOrigins: []string{"https://shop.example.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	mtls, err := client.CreateClientCertificate(ctx, first, klarna.CreateClientCertificateRequest{
		CSR: csrFor(t, newP256Key(t), first), Usage: apirules.UsageAPI, Description: "partner mTLS",
	})
	if err != nil {
		t.Fatal(err)
	}
	signing := grantByHand(t, client, boot.AccountID, "jane@example.com", second)

	caFile := writeFile(t, t.TempDir(), "ca.pem", mock.CACertificatePEM())
	c := newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+caFile,
	)
	work := t.TempDir()
	copyTree(t, filepath.Join(tc.root, "examples", "guides", "adopting-credentials", "query"), work)
	out := c.mustRun(t, work, "query", "-generate-config-out=adopted.tf",
		"-var", fmt.Sprintf(`partner_account_ids=[%q, %q]`, first, second))
	generated := readFile(t, filepath.Join(work, "adopted.tf"))

	imported := map[string]string{}
	for _, m := range importedIdentity.FindAllStringSubmatch(generated, -1) {
		imported[m[1]] = m[2]
	}
	for _, want := range []struct{ what, account, id string }{
		{"the API key made by hand", first, backend},
		{"the API key Klarna disabled", first, batch},
		{"the other account's API key", second, storefrontKey},
		{"the client ID", second, storefront.CredentialID},
		{"the certificate", first, mtls.CertificateID},
		{"the signing certificate", boot.AccountID, signing},
	} {
		if !identityImported(imported, want.account, want.id) {
			t.Errorf("the generated configuration does not import %s (%s in %s):\n%s", want.what, want.id, want.account, generated)
		}
	}
	if !identityImported(imported, second, "jane@example.com") {
		t.Errorf("the generated configuration does not import the portal grant of jane@example.com in %s:\n%s", second, generated)
	}
	if strings.Contains(out+generated, notSearched) {
		t.Errorf("the query found %s in an account it was not asked to search:\n%s", notSearched, out)
	}

	// The provider's own key, the signing certificate, three partner keys, the client ID,
	// the partner certificate and the grant.
	const objects = 8
	if len(imported) != objects {
		t.Errorf("the generated configuration imports %d objects, want %d:\n%s", len(imported), objects, generated)
	}
	checkPlan(t, c, work, "the plan of the generated configuration", fmt.Sprintf("%d to import, 0 to add, 0 to change, 0 to destroy", objects))
	c.mustRun(t, work, "apply", "-auto-approve")
	checkPlan(t, c, work, "the plan after the import", "No changes.")
}

// identityImported reports whether an import identity names the account and the object
// (its ID, or a grant's email).
func identityImported(imported map[string]string, account, id string) bool {
	for _, identity := range imported {
		if strings.Contains(identity, fmt.Sprintf("%q", account)) && strings.Contains(identity, fmt.Sprintf("%q", id)) {
			return true
		}
	}
	return false
}

// grantByHand issues a JWT_SIGNING certificate to the own account and grants email access
// to accountID with it, as a portal administrator would; it returns the certificate's ID.
func grantByHand(t *testing.T, client *klarna.Client, own, email, accountID string) string {
	t.Helper()
	key := newP256Key(t)
	cert, err := client.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{
		CSR: csrFor(t, key, own), Usage: apirules.UsageJWTSigning, Description: "portal signing",
	})
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := pki.ParseCertificatePEM([]byte(cert.Certificate))
	if err != nil {
		t.Fatal(err)
	}
	now := client.Now() // the API's time, from the last response
	tok, err := jwt.Sign(jwt.Claims{
		Issuer: own, Subject: email, ID: uuid.NewString(), IssuedAt: now.Unix(), Expiry: now.Add(300e9).Unix(),
		AccountID: accountID, Roles: []string{"merchant:admin"},
	}, parsed, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.GrantUserAccess(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	return cert.CertificateID
}
