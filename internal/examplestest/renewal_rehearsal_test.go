package examplestest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

const rehearsalMain = `terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

provider "klarna" {}

resource "klarna_client_certificate" "signing" {
  usage              = "JWT_SIGNING"
  description        = "portal signing"
  csr_pem            = file("${path.module}/signing.csr")
  early_renewal_days = 30
}

output "certificate_id" {
  value = klarna_client_certificate.signing.id
}

output "not_after" {
  value = klarna_client_certificate.signing.not_after
}
`

// rehearsalUser grants portal access with a JWT signed by the signing certificate.
const rehearsalUser = `
resource "klarna_portal_user" "owner" {
  email                      = "owner@partner.example"
  account_id                 = %q
  roles                      = ["merchant:admin"]
  signing_certificate_pem    = klarna_client_certificate.signing.certificate_pem
  signing_private_key_pem_wo = file("${path.module}/signing.key")
}
`

// TestAccClientCertificate_renewalRehearsal rehearses a certificate renewal as a user would:
// the Terraform CLI and the provider built from this repository against the standalone mock,
// whose clock is moved close to the certificate's expiry with POST /_mock/clock and
// keep_used. The provider follows the mock's time from its Date headers, so the plan finds
// the certificate ready for renewal and replaces it, and a JWT signed after the move is
// accepted.
func TestAccClientCertificate_renewalRehearsal(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	mock := startStandaloneMock(t, tc)
	c := newCLI(t, tc, mock.env()...)

	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := pki.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	own, err := krn.Parse(mock.boot.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := pki.BuildCSR(key, own.CommonName())
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "signing.key", keyPEM)
	writeFile(t, dir, "signing.csr", csr)
	writeFile(t, dir, "main.tf", []byte(rehearsalMain))

	c.mustRun(t, dir, "apply", "-auto-approve")
	first := outputs(t, c, dir, "not_after", "certificate_id")
	notAfter, err := time.Parse(time.RFC3339, first["not_after"])
	if err != nil {
		t.Fatalf("not_after %q: %v", first["not_after"], err)
	}

	// Nearly three years on: ten days before expiry, inside the 30-day renewal window.
	target := notAfter.Add(-10 * 24 * time.Hour)
	var moved struct {
		Now time.Time `json:"now"`
	}
	mock.call(t, "POST", "/_mock/clock", map[string]any{"set": target.Format(time.RFC3339), "keep_used": true}, &moved)
	if moved.Now.Before(target) {
		t.Fatalf("the mock's clock is %s after being set to %s", moved.Now, target)
	}

	planText := c.mustRun(t, dir, "plan", "-out=renew.tfplan")
	checkRenewalPlanned(t, planText, c.mustRun(t, dir, "show", "-json", "renew.tfplan"))
	c.mustRun(t, dir, "apply", "-auto-approve", "renew.tfplan")
	renewed := outputs(t, c, dir, "not_after", "certificate_id")
	if renewed["certificate_id"] == first["certificate_id"] {
		t.Fatalf("the certificate %s was not renewed", first["certificate_id"])
	}
	renewedNotAfter, err := time.Parse(time.RFC3339, renewed["not_after"])
	if err != nil {
		t.Fatal(err)
	}
	if renewedNotAfter.Before(target.AddDate(3, 0, 0)) {
		t.Fatalf("the renewed certificate ends %s, want 3 years after the mock's %s", renewed["not_after"], target.Format(time.RFC3339))
	}

	// A JWT signed now, on the mock's time, with the renewed certificate, is accepted.
	writeFile(t, dir, "user.tf", []byte(fmt.Sprintf(rehearsalUser, mock.boot.PartnerAccountIDs[0])))
	c.mustRun(t, dir, "apply", "-auto-approve")
	var state struct {
		Accounts []struct {
			AccountID  string `json:"account_id"`
			UserAccess []struct {
				Principal string `json:"principal"`
				AccountID string `json:"account_id"`
			} `json:"user_access_granted"`
		} `json:"accounts"`
	}
	mock.call(t, "GET", "/_mock/state", nil, &state)
	granted := false
	for _, a := range state.Accounts {
		for _, g := range a.UserAccess {
			granted = granted || (a.AccountID == mock.boot.AccountID && g.Principal == "owner@partner.example" && g.AccountID == mock.boot.PartnerAccountIDs[0])
		}
	}
	if !granted {
		t.Fatalf("the mock holds no grant for owner@partner.example: %+v", state)
	}
	c.mustRun(t, dir, "destroy", "-auto-approve")
}

// outputs reads the root module's string outputs of those names; it fails the test if one
// is missing or is not a string.
func outputs(t *testing.T, c *cli, dir string, names ...string) map[string]string {
	t.Helper()
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(c.mustRun(t, dir, "output", "-json")), &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		o, ok := raw[name]
		if !ok {
			t.Fatalf("the configuration has no output %q", name)
		}
		s, ok := o.Value.(string)
		if !ok {
			t.Fatalf("the output %q is %v (%T), want a string", name, o.Value, o.Value)
		}
		out[name] = s
	}
	return out
}

// checkRenewalPlanned requires a plan that replaces the signing certificate because it is
// ready for renewal: the refreshed state says so, and that is what forces the replacement.
func checkRenewalPlanned(t *testing.T, planText, planJSON string) {
	t.Helper()
	if !regexp.MustCompile(`ready_for_renewal\s+= true -> false # forces replacement`).MatchString(planText) {
		t.Errorf("the plan does not show ready_for_renewal forcing the replacement:\n%s", planText)
	}
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions      []string       `json:"actions"`
				Before       map[string]any `json:"before"`
				ReplacePaths [][]any        `json:"replace_paths"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON[strings.Index(planJSON, "{"):]), &plan); err != nil {
		t.Fatal(err)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Address != "klarna_client_certificate.signing" {
			continue
		}
		if got := strings.Join(rc.Change.Actions, ","); got != "delete,create" {
			t.Fatalf("the certificate's planned actions are %s, want delete,create", got)
		}
		if ready, _ := rc.Change.Before["ready_for_renewal"].(bool); !ready {
			t.Fatalf("the refreshed certificate says ready_for_renewal %v, want true", rc.Change.Before["ready_for_renewal"])
		}
		if fmt.Sprint(rc.Change.ReplacePaths) != "[[ready_for_renewal]]" {
			t.Fatalf("the replacement is forced by %v, want ready_for_renewal alone", rc.Change.ReplacePaths)
		}
		return
	}
	t.Fatal("the plan has no change for klarna_client_certificate.signing")
}
