package examplestest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// TestAccPartnerOnboardingModule_badInputs plans a configuration that calls the
// partner-onboarding module with one bad input at a time, null parts included, and checks
// what the user sees: the module's own rule fails with its message, and no other error
// appears (no raw "Invalid function argument" or "Attempt to get attribute from null value"
// from evaluating a rule). Lengths are counted in characters (code points), as Klarna counts
// them.
func TestAccPartnerOnboardingModule_badInputs(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	partner := boot.PartnerAccountIDs[0]
	c := newMockCLI(t, tc, mock)

	withAccount := `account_id = "` + partner + `"
  origins    = ["https://shop.example.com"]
`
	newPartner := func(fields string) string {
		return `origins = ["https://shop.example.com"]
  partner = {
    name               = "Example Shop"
    contact_email      = "owner@shop.example.com"
    payment_profile_id = "` + boot.PaymentProfileIDs[0] + `"
    ` + fields + `
  }
`
	}
	// 1100 times "x" with a combining acute accent: 1100 letters as displayed, 2200 characters.
	longURL := `"https://hooks.example.com/${join("", [for i in range(11) : join("", [for j in range(100) : "x\u0301"])])}"`
	tests := []struct {
		name, inputs, want string
	}{
		{"null origin", `account_id = "` + partner + `"
  origins = [null]`, "Every origin must be https://host[:port]"},
		{"null user", withAccount + `users = [null]`, "Every entry of users must be a user"},
		{"user without email", withAccount + `users = [{ email = null, roles = ["merchant:admin"] }]`, "Every user needs an email address"},
		{"user with null roles", withAccount + `users = [{ email = "ada@example.com", roles = null }]`, "Every user needs at least one role"},
		{"null role", withAccount + `users = [{ email = "ada@example.com", roles = [null] }]`, "User roles must be one or more of"},
		{"webhook without url", withAccount + `webhook = { url = null, event_types = ["partner.account.*"] }`, "The webhook's url is required"},
		{"webhook with null event types", withAccount + `webhook = { url = "https://hooks.example.com/k", event_types = null }`, "The webhook needs event_types"},
		{"null event type", withAccount + `webhook = { url = "https://hooks.example.com/k", event_types = [null] }`, "Every webhook event type must be"},
		{"webhook url of 2200 characters", withAccount + `webhook = { url = ` + longURL + `, event_types = ["partner.account.*"] }`, "at most 2048 characters"},
		{"partner without reference", newPartner(`reference = null`), "The partner's reference must be"},
		{"null store", newPartner(`reference = "shop-1"
    stores = [null]`), "Every store of partner.stores must be a store with a type"},
		{"store without type", newPartner(`reference = "shop-1"
    stores = [{ reference = "web", type = null, name = "Web", url = "https://shop.example.com" }]`), "Every store of partner.stores must be a store with a type"},
		{"zero onboarding timeout", newPartner(`reference = "shop-1"`) + `onboarding_timeout = "0s"`, "The onboarding_timeout must be a positive duration"},
		{"negative onboarding timeout", newPartner(`reference = "shop-1"`) + `onboarding_timeout = "-5m"`, "The onboarding_timeout must be a positive duration"},
		{"onboarding timeout without unit", newPartner(`reference = "shop-1"`) + `onboarding_timeout = "10"`, "The onboarding_timeout must be a positive duration"},
	}
	errorHeading := regexp.MustCompile(`(?m)^\s*Error: (.*)$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, filepath.Join(tc.root, "examples", "modules", "partner-onboarding"), filepath.Join(dir, "modules", "partner-onboarding"))
			config := `terraform {
  required_providers {
    klarna = {
      source = "` + providerSource + `"
    }
  }
}

provider "klarna" {}

module "partner" {
  source = "./modules/partner-onboarding"

  ` + tt.inputs + `
}
`
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
				t.Fatal(err)
			}
			c.mustRun(t, dir, "get")
			out, err := c.run(t, dir, "plan")
			if err == nil {
				t.Fatalf("the plan succeeded, want the rule %q to fail:\n%s", tt.want, out)
			}
			if text := strings.Join(strings.Fields(out), " "); !strings.Contains(text, tt.want) {
				t.Errorf("the plan does not say %q:\n%s", tt.want, out)
			}
			for _, m := range errorHeading.FindAllStringSubmatch(out, -1) {
				if !strings.HasPrefix(m[1], "Invalid value for") {
					t.Errorf("the plan reports %q besides the module's rule:\n%s", m[1], out)
				}
			}
		})
	}
}
