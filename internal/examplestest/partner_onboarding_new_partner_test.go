package examplestest

import (
	"fmt"
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

// TestAccPartnerOnboardingModule_newPartner runs the module's onboarding tests
// (tests/onboarding) with the real CLI against the mock: plan-time validation, then an
// apply that takes a partner from nothing to an OPERATIONAL account with its key, client ID,
// portal user and webhook, moves the webhook to a new url, and a destroy that disables the
// account's payment product. The suite runs twice against the same acquiring partner, each
// time with a new partner reference, as a user runs it again; and the webhook's move
// registers the new webhook before it deletes the old one.
func TestAccPartnerOnboardingModule_newPartner(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	hooks := &webhookLog{}
	mock := mocktest.Start(t, mockapi.Options{Logf: hooks.logf})
	boot := mock.Bootstrap()

	files := t.TempDir()
	signing := issueSigningCertificate(t, mock, boot.AccountID)
	env := []string{
		"KLARNA_API_KEY=" + boot.APIKey,
		"KLARNA_BASE_URL=" + mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE=" + writeFile(t, files, "ca.pem", mock.CACertificatePEM()),
		"KLARNA_SIGNING_CERTIFICATE_FILE=" + writeFile(t, files, "signing-certificate.pem", []byte(signing.certPEM)),
		"KLARNA_SIGNING_PRIVATE_KEY_FILE=" + writeFile(t, files, "signing-key.pem", []byte(signing.keyPEM)),
		"TF_VAR_payment_profile_id=" + tc.testVariable(boot.PaymentProfileIDs[0]),
	}
	references := []string{fmt.Sprintf("shop-%d-a", time.Now().UnixNano()), fmt.Sprintf("shop-%d-b", time.Now().UnixNano())}
	for _, reference := range references {
		c := newCLI(t, tc, append(env, "TF_VAR_partner_reference="+tc.testVariable(reference))...)
		dir := filepath.Join(t.TempDir(), "partner-onboarding")
		copyTree(t, filepath.Join(tc.root, "examples", "modules", "partner-onboarding"), dir)
		c.mustRun(t, dir, "get")
		out := c.mustRun(t, dir, "test", "-test-directory=tests/onboarding")
		t.Logf("%s test with partner_reference %s:\n%s", filepath.Base(tc.cliPath), reference, out)
		checkOnboardingRuns(t, out)
		checkOffboarded(t, mock, reference)
	}

	// Each suite run leaves the partner without a webhook once only: when it is destroyed.
	// Replacing the webhook for its new url registered the new one first.
	if gaps := hooks.gaps(); gaps != len(references) {
		t.Errorf("the partner was left without a webhook %d times over %d suite runs, want once a run (at destroy); webhook requests:\n%s",
			gaps, len(references), strings.Join(hooks.requests(), "\n"))
	}
}

// checkOnboardingRuns checks that every run of tests/onboarding passed.
func checkOnboardingRuns(t *testing.T, out string) {
	t.Helper()
	for _, run := range []string{
		"plans_the_onboarding_with_the_stores_origins", "rejects_account_id_and_partner_together",
		"rejects_neither_account_id_nor_partner", "rejects_a_bad_reference", "rejects_a_website_store_without_url",
		"rejects_no_origin_at_all", "onboards_a_new_partner", "plans_no_change_after_apply",
		"plans_the_webhook_with_a_signing_key_of_its_own", "plans_no_webhook_by_default",
		"rejects_a_webhook_url_that_is_not_https", "rejects_a_webhook_url_on_another_port",
		"rejects_a_webhook_without_event_types", "rejects_a_malformed_event_type", "moves_the_webhook_to_a_new_url",
		"waits_five_minutes_for_onboarding_by_default", "passes_onboarding_timeout_to_the_partner_account",
		"rejects_a_zero_onboarding_timeout", "rejects_a_partner_without_reference", "rejects_a_null_store",
		"rejects_a_store_without_type",
	} {
		if !regexp.MustCompile(`run "` + run + `"\.\.\. pass`).MatchString(out) {
			t.Errorf("the run %q did not pass", run)
		}
	}
}

// checkOffboarded checks that the partner onboarded under reference stays at Klarna,
// offboarded: its payment product disabled, its key, webhooks and signing keys gone; and that
// the plans of the suite onboarded nothing under their own reference.
func checkOffboarded(t *testing.T, mock *mockapi.Running, reference string) {
	t.Helper()
	client := mocktest.Client(t, mock)
	ctx := t.Context()
	id, err := client.ResolvePartnerAccountID(ctx, reference)
	if err != nil {
		t.Errorf("the partner onboarded as %s cannot be found by its reference: %v", reference, err)
		return
	}
	account, err := client.GetPartnerAccount(ctx, id)
	if err != nil {
		t.Error(err)
		return
	}
	if p := account.PaymentProduct(); p == nil || p.Status != klarna.PaymentProductDisabled {
		t.Errorf("after destroy the payment product is %+v, want DISABLED", p)
	}
	if keys, err := client.ListAPIKeys(ctx, id); err != nil || len(keys) != 0 {
		t.Errorf("after destroy the partner holds API keys %v (%v), want none", keys, err)
	}
	if hooks, err := client.ListWebhooks(ctx, id); err != nil || len(hooks) != 0 {
		t.Errorf("after destroy the partner holds webhooks %v (%v), want none", hooks, err)
	}
	if signingKeys, err := client.ListSigningKeys(ctx, id); err != nil || len(signingKeys) != 0 {
		t.Errorf("after destroy the partner holds webhook signing keys %v (%v), want none", signingKeys, err)
	}
	if _, err := client.ResolvePartnerAccountID(ctx, reference+"-plan"); !klarna.IsNotFound(err) {
		t.Errorf("the validation runs onboarded %s-plan (%v); they only plan", reference, err)
	}
}

// webhookLog keeps the mock's log lines of the webhook requests that succeeded: creates and
// deletes, in the order the mock answered them.
type webhookLog struct {
	mu    sync.Mutex
	lines []string
}

var webhookRequest = regexp.MustCompile(`^(POST|DELETE) /v2/\S*/notification/webhooks\S* 2\d\d `)

func (l *webhookLog) logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if !webhookRequest.MatchString(line) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, line)
}

func (l *webhookLog) requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

// gaps counts the times the partner's webhooks went from one to none: a delete that left it
// none.
func (l *webhookLog) gaps() int {
	live, gaps := 0, 0
	for _, line := range l.requests() {
		if strings.HasPrefix(line, "POST ") {
			live++
			continue
		}
		live--
		if live == 0 {
			gaps++
		}
	}
	return gaps
}
