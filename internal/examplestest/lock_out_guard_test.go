package examplestest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// TestAccLockOutGuards_relaxedWarnAtPlan plans, through the CLI against the mock API,
// enforcements that would lock their account out, with require_verified_connection = false:
// an IP allow-list in REPORTING whose blocks deny the provider, imported and planned as
// ENFORCED; mTLS on the provider's own account, whose connection presents no certificate;
// mTLS on a partner account holding no API certificate. Each plan goes through, and warns
// what the enforcement would refuse.
func TestAccLockOutGuards_relaxedWarnAtPlan(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	partner := boot.PartnerAccountIDs[0]
	client := mocktest.Client(t, mock)

	mode := klarna.IPModeReporting
	if _, err := client.UpdateIPRestriction(t.Context(), "", klarna.UpdateIPRestrictionRequest{
		EnforcementMode: &mode, CIDRBlocks: []string{"203.0.113.0/24"},
	}); err != nil {
		t.Fatal(err)
	}
	// The own account holds an API certificate the provider does not present.
	if _, err := client.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{
		CSR: csrFor(t, newP256Key(t), boot.AccountID), Usage: "API",
	}); err != nil {
		t.Fatal(err)
	}
	nextWeek := time.Now().UTC().Add(7 * 24 * time.Hour).Truncate(time.Hour).Format(time.RFC3339)

	dir := t.TempDir()
	writeFile(t, dir, "main.tf", fmt.Appendf(nil, `
terraform {
  required_providers {
    klarna = {
      source = %q
    }
  }
}

import {
  to = klarna_ip_restriction.own
  id = %q
}

resource "klarna_ip_restriction" "own" {
  enforcement_mode            = "ENFORCED"
  cidr_blocks                 = ["203.0.113.0/24"]
  require_verified_connection = false
}

resource "klarna_mtls_enforcement" "own" {
  enforced_from               = %q
  require_verified_connection = false
}

resource "klarna_mtls_enforcement" "partner" {
  account_id                  = %q
  enforced_from               = %q
  require_verified_connection = false
}
`, providerSource, boot.AccountID, nextWeek, partner, nextWeek))

	caFile := writeFile(t, t.TempDir(), "ca.pem", mock.CACertificatePEM())
	c := newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+caFile,
	)
	out := c.mustRun(t, dir, "plan")
	if want := "Plan: 1 to import, 2 to add, 1 to change, 0 to destroy."; !strings.Contains(out, want) {
		t.Errorf("plan does not say %q:\n%s", want, out)
	}
	for _, want := range []struct{ summary, address, detail string }{
		{"The IP allow-list will refuse the provider's own requests", "klarna_ip_restriction.own", "Klarna-Ip-Validation-Status DENIED"},
		{"mTLS enforcement will refuse the provider's own requests", "klarna_mtls_enforcement.own", "Klarna-Mtls-Verification-Status NOT_PRESENT"},
		{"mTLS enforcement needs an API certificate of the partner account", "klarna_mtls_enforcement.partner", partner},
	} {
		// The CLI prints a warning as its summary, the resource it is about, then the detail.
		pattern := `(?s)Warning: ` + regexp.QuoteMeta(want.summary) + `\s.*?with ` + regexp.QuoteMeta(want.address) + `,.*?` +
			strings.ReplaceAll(regexp.QuoteMeta(want.detail), " ", `\s+`)
		if !regexp.MustCompile(pattern).MatchString(out) {
			t.Errorf("plan does not warn %q on %s saying %q:\n%s", want.summary, want.address, want.detail, out)
		}
	}
}
