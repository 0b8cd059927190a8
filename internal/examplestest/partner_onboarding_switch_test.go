package examplestest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// TestAccPartnerOnboardingModule_switchToAccountID does what the module's README says about
// switching a module instance that onboarded its partner (partner given) to account_id:
// switched as it is, the plan destroys the partner account (disabling its payments), and a
// removed block for the account is refused, as the module still declares it; after
// `state rm` of the account, the switched configuration plans no change, and the account
// keeps its payment product enabled and the partner its API key.
func TestAccPartnerOnboardingModule_switchToAccountID(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	files := t.TempDir()
	c := newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+writeFile(t, files, "ca.pem", mock.CACertificatePEM()),
	)
	dir := t.TempDir()
	copyTree(t, filepath.Join(tc.root, "examples", "modules", "partner-onboarding"), filepath.Join(dir, "modules", "partner-onboarding"))
	reference := fmt.Sprintf("shop-%d", time.Now().UnixNano())
	write := func(inputs, extra string) {
		t.Helper()
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

  origins = ["https://shop.example.com"]
  ` + inputs + `
}

output "api_key_id" {
  value = module.partner.api_key_id
}
` + extra
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	write(`partner = {
    reference          = "`+reference+`"
    name               = "Example Shop"
    contact_email      = "owner@shop.example.com"
    payment_profile_id = "`+boot.PaymentProfileIDs[0]+`"
  }`, "")
	c.mustRun(t, dir, "get")
	c.mustRun(t, dir, "apply", "-auto-approve")
	client := mocktest.Client(t, mock)
	ctx := context.Background()
	accountID, err := client.ResolvePartnerAccountID(ctx, reference)
	if err != nil {
		t.Fatalf("the onboarded partner cannot be found: %v", err)
	}
	keyID := strings.TrimSpace(c.mustRun(t, dir, "output", "-raw", "api_key_id"))

	// Switched as it is, the plan destroys the partner account.
	withAccountID := `account_id = "` + accountID + `"`
	write(withAccountID, "")
	if out := c.mustRun(t, dir, "plan"); !strings.Contains(out, "module.partner.klarna_partner_account.this[0] will be destroyed") {
		t.Errorf("switched to account_id, the plan does not destroy the partner account:\n%s", out)
	}

	// A removed block for the account is refused: the module still declares it.
	write(withAccountID, `
removed {
  from = module.partner.klarna_partner_account.this

  lifecycle {
    destroy = false
  }
}
`)
	if out, err := c.run(t, dir, "plan"); err == nil {
		t.Errorf("a removed block for the module's partner account was accepted:\n%s", out)
	} else {
		t.Logf("a removed block for the module's partner account is refused:\n%s", out)
	}

	// After state rm, the switch plans no change and the apply leaves everything at Klarna.
	write(withAccountID, "")
	if out, err := c.cliState(t, dir, "rm", "module.partner.klarna_partner_account.this[0]"); err != nil {
		t.Fatalf("state rm: %v\n%s", err, out)
	}
	if out := c.mustRun(t, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Errorf("after state rm, the switched configuration plans changes:\n%s", out)
	}
	c.mustRun(t, dir, "apply", "-auto-approve")
	account, err := client.GetPartnerAccount(ctx, accountID)
	if err != nil {
		t.Fatal(err)
	}
	if p := account.PaymentProduct(); p == nil || p.Status == klarna.PaymentProductDisabled {
		t.Errorf("after the switch the payment product is %+v, want it enabled", p)
	}
	if got := strings.TrimSpace(c.mustRun(t, dir, "output", "-raw", "api_key_id")); got != keyID {
		t.Errorf("after the switch the partner's API key is %s, want %s, the one it had", got, keyID)
	}
	if keys, err := client.ListAPIKeys(ctx, accountID); err != nil || len(keys) != 1 {
		t.Errorf("after the switch the partner holds API keys %v (%v), want its one key", keys, err)
	}
}

// cliState runs `state <args>` with the CLI configuration and environment of c: the state
// command takes -no-color after its own subcommand, which run does not do.
func (c *cli) cliState(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.tc.cliPath, append([]string{"state"}, args...)...) //nolint:gosec // the CLI the test run was given, on the test's own directory
	cmd.Dir = dir
	cmd.Env = append(inheritedEnv(), "TF_CLI_CONFIG_FILE="+c.config, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	cmd.Env = append(cmd.Env, c.env...)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	return string(out), err
}
