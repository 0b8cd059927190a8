package examplestest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// planSummary is the CLI's one-line summary of a plan.
var planSummary = regexp.MustCompile(`Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy\.|Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.|No changes\.`)

// TestAccAdoptionGuide_adoptsOnceAndKeepsWhatItAdopted follows the adopting-credentials
// guide against the mock API, with the files the guide shows: credentials made by hand in a
// partner account (one of them already disabled for inactivity, one managed by another
// configuration) are listed once by the scratch configuration, which writes import blocks
// with literal IDs; the lasting configuration imports them with no change but re-enabling
// the inactive key, and once the import blocks are removed it plans nothing. Then Klarna
// disables an adopted key for inactivity and another configuration creates a key: the next
// plan enables the adopted key again in place, destroys nothing and leaves the new key alone.
func TestAccAdoptionGuide_adoptsOnceAndKeepsWhatItAdopted(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	partner := boot.PartnerAccountIDs[0]
	client := mocktest.Client(t, mock)
	ctx := t.Context()

	backend := mustCreateKey(t, client, partner, "checkout backend")
	batch := mustCreateKey(t, client, partner, "nightly batch")
	elsewhere := mustCreateKey(t, client, partner, "managed elsewhere")
	storefront, err := client.CreateClientID(ctx, partner, klarna.CreateClientIDRequest{Description: "storefront", AllowedOrigins: []string{"https://shop.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.DisableCredential(batch, apirules.DisabledInactivity); err != nil {
		t.Fatal(err)
	}

	caFile := writeFile(t, t.TempDir(), "ca.pem", mock.CACertificatePEM())
	c := newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+caFile,
	)
	guide := filepath.Join(tc.root, "examples", "guides", "adopting-credentials")
	work := t.TempDir()

	// 1. The scratch configuration lists the credentials once and writes adopted.tf.
	scratch := filepath.Join(work, "discover")
	copyTree(t, filepath.Join(guide, "discover"), scratch)
	c.mustRun(t, scratch, "apply", "-auto-approve",
		"-var", "account_id="+partner,
		"-var", `excluded_ids=["`+elsewhere+`"]`)
	adopted := c.mustRun(t, scratch, "output", "-raw", "adopted_tf")
	for _, id := range []string{backend, batch, storefront.CredentialID} {
		if !strings.Contains(adopted, `id = "`+partner+"/"+id+`"`) {
			t.Errorf("the written configuration does not import %s by its literal ID:\n%s", id, adopted)
		}
	}
	if strings.Contains(adopted, elsewhere) {
		t.Errorf("the written configuration adopts the excluded key %s:\n%s", elsewhere, adopted)
	}

	// 2. The lasting configuration: the provider and the written file, nothing else.
	lasting := filepath.Join(work, "lasting")
	if err := os.Mkdir(lasting, 0o750); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(guide, "versions.tf"), filepath.Join(lasting, "versions.tf"))
	writeFile(t, lasting, "adopted.tf", []byte(adopted))
	c.mustRun(t, lasting, "fmt")
	adopted = readFile(t, filepath.Join(lasting, "adopted.tf"))
	checkPlan(t, c, lasting, "the first plan", "3 to import, 0 to add, 1 to change, 0 to destroy")
	c.mustRun(t, lasting, "apply", "-auto-approve")
	if k := apiKey(t, mock.State(), partner, batch); k.Status != apirules.StatusEnabled {
		t.Errorf("after the adoption the inactive key %s is %s, want it enabled again", batch, k.Status)
	}

	// 3. Without the import blocks, the configuration plans nothing.
	writeFile(t, lasting, "adopted.tf", []byte(withoutImportBlocks(t, adopted)))
	c.mustRun(t, lasting, "fmt")
	checkPlan(t, c, lasting, "the plan without import blocks", "No changes.")

	// Klarna disables an adopted key for inactivity; another configuration rotates its key.
	if err := mock.DisableCredential(backend, apirules.DisabledInactivity); err != nil {
		t.Fatal(err)
	}
	rotated := mustCreateKey(t, client, partner, "managed elsewhere")
	checkPlan(t, c, lasting, "the plan after Klarna disabled an adopted key", "0 to add, 1 to change, 0 to destroy")
	c.mustRun(t, lasting, "apply", "-auto-approve")
	st := mock.State()
	for _, id := range []string{backend, batch} {
		if k := apiKey(t, st, partner, id); k.Status != apirules.StatusEnabled {
			t.Errorf("adopted key %s is %s after the apply, want it enabled again in place", id, k.Status)
		}
	}
	for _, id := range []string{elsewhere, rotated} {
		apiKey(t, st, partner, id) // still there, untouched
	}
	checkPlan(t, c, lasting, "the last plan", "No changes.")
}

func mustCreateKey(t *testing.T, c *klarna.Client, account, description string) string {
	t.Helper()
	k, err := c.CreateAPIKey(t.Context(), account, klarna.CreateAPIKeyRequest{Description: description})
	if err != nil {
		t.Fatal(err)
	}
	return k.CredentialID
}

// apiKey is the key of the mock's state with that ID; it fails the test if there is none.
func apiKey(t *testing.T, st []mockapi.AccountState, accountID, id string) mockapi.APIKey {
	t.Helper()
	for _, k := range stateOf(t, st, accountID).APIKeys {
		if k.CredentialID == id {
			return k
		}
	}
	t.Errorf("the account %s holds no API key %s", accountID, id)
	return mockapi.APIKey{}
}

// checkPlan runs a plan and checks its summary line.
func checkPlan(t *testing.T, c *cli, dir, what, want string) {
	t.Helper()
	out := c.mustRun(t, dir, "plan")
	got := planSummary.FindString(out)
	if !strings.Contains(got, want) {
		t.Errorf("%s: %q, want %q\n%s", what, got, want, out)
	}
}

// importBlock is a whole import block as the scratch configuration writes it.
var importBlock = regexp.MustCompile(`(?ms)^import \{\n.*?^\}\n`)

func withoutImportBlocks(t *testing.T, src string) string {
	t.Helper()
	out := importBlock.ReplaceAllString(src, "")
	if out == src || strings.Contains(out, "import {") {
		t.Fatalf("could not remove the import blocks of:\n%s", src)
	}
	return out
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path) //nolint:gosec // the test's own file
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src) //nolint:gosec // a file of the repository's examples
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil { //nolint:gosec // into the test's own temporary directory
		t.Fatal(err)
	}
}
