package examplestest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
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
	c := newMockCLI(t, tc, mock)
	dir := t.TempDir()
	copyTree(t, filepath.Join(tc.root, "examples", "modules", "partner-onboarding"), filepath.Join(dir, "modules", "partner-onboarding"))
	reference := fmt.Sprintf("shop-%d", time.Now().UnixNano())
	write := func(inputs, extra string) { t.Helper(); writeModuleCall(t, dir, inputs, extra) }

	write(`partner = {
    reference          = "`+reference+`"
    name               = "Example Shop"
    contact_email      = "owner@shop.example.com"
    payment_profile_id = "`+boot.PaymentProfileIDs[0]+`"
  }`, "")
	c.mustRun(t, dir, "get")
	c.mustRun(t, dir, "apply", "-auto-approve")
	client := mocktest.Client(t, mock)
	ctx := t.Context()
	accountID, err := client.ResolvePartnerAccountID(ctx, reference)
	if err != nil {
		t.Fatalf("the onboarded partner cannot be found: %v", err)
	}
	keyID := strings.TrimSpace(c.mustRun(t, dir, "output", "-raw", "api_key_id"))

	// Switched as it is, the plan destroys the partner account, and changes nothing else.
	withAccountID := `account_id = "` + accountID + `"`
	write(withAccountID, "")
	if out := c.mustRun(t, dir, "plan"); !strings.Contains(out, "module.partner.klarna_partner_account.this[0] will be destroyed") ||
		!strings.Contains(out, "Plan: 0 to add, 0 to change, 1 to destroy.") {
		t.Errorf("switched to account_id, the plan does not destroy the partner account alone:\n%s", out)
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

// writeModuleCall writes dir/main.tf: a configuration that calls the partner-onboarding
// module in dir/modules with origins, inputs and, after it, extra.
func writeModuleCall(t *testing.T, dir, inputs, extra string) {
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

// TestAccPartnerOnboardingModule_reimportPartner imports the partner account of a module
// instance that onboarded it, as the README says after a removed block or state rm: the
// plan imports the account and updates its timeouts alone (the module sets them; the import
// leaves them null), the apply makes no change at Klarna, and the next plan shows no change.
func TestAccPartnerOnboardingModule_reimportPartner(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	writes := &requestLog{}
	mock := mocktest.Start(t, mockapi.Options{Logf: writes.logf})
	boot := mock.Bootstrap()
	c := newMockCLI(t, tc, mock)
	dir := t.TempDir()
	copyTree(t, filepath.Join(tc.root, "examples", "modules", "partner-onboarding"), filepath.Join(dir, "modules", "partner-onboarding"))
	reference := fmt.Sprintf("shop-%d", time.Now().UnixNano())
	partner := `partner = {
    reference          = "` + reference + `"
    name               = "Example Shop"
    contact_email      = "owner@shop.example.com"
    payment_profile_id = "` + boot.PaymentProfileIDs[0] + `"
  }`
	writeModuleCall(t, dir, partner, "")
	c.mustRun(t, dir, "get")
	c.mustRun(t, dir, "apply", "-auto-approve")
	if out, err := c.cliState(t, dir, "rm", "module.partner.klarna_partner_account.this[0]"); err != nil {
		t.Fatalf("state rm: %v\n%s", err, out)
	}

	writeModuleCall(t, dir, partner, `
import {
  to = module.partner.klarna_partner_account.this[0]
  id = "ref:`+reference+`"
}
`)
	out := c.mustRun(t, dir, "plan")
	if !strings.Contains(out, "1 to import, 0 to add, 1 to change, 0 to destroy") || !regexp.MustCompile(`\+ timeouts\s*=?\s*\{`).MatchString(out) {
		t.Errorf("the plan after the import does not import the account and update its timeouts:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "~ ") && !strings.HasPrefix(l, "~ resource") && !strings.HasPrefix(l, "~ update in-place") {
			t.Errorf("the plan after the import changes more than timeouts: %s\n%s", l, out)
		}
	}
	before := len(writes.requests())
	c.mustRun(t, dir, "apply", "-auto-approve")
	if changed := writes.requests()[before:]; len(changed) > 0 {
		t.Errorf("applying the import changed the account at Klarna: %v", changed)
	}
	if out := c.mustRun(t, dir, "plan"); !strings.Contains(out, "No changes.") {
		t.Errorf("after applying the import the plan shows changes:\n%s", out)
	}
}

// requestLog keeps the mock's log lines of the requests that changed something (every
// method but GET) and succeeded.
type requestLog struct {
	mu    sync.Mutex
	lines []string
}

var changeRequest = regexp.MustCompile(`^(POST|PUT|PATCH|DELETE) /v2/\S* 2\d\d `)

func (l *requestLog) logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if !changeRequest.MatchString(line) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, line)
}

func (l *requestLog) requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
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
