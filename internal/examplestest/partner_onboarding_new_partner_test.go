package examplestest

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// TestAccPartnerOnboardingModule_newPartner runs the module's onboarding tests
// (tests/onboarding) with the real CLI against the mock: plan-time validation, then one
// apply that takes a partner from nothing to an OPERATIONAL account with its key, client ID,
// portal user and webhook, and a destroy that disables the account's payment product.
func TestAccPartnerOnboardingModule_newPartner(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()

	files := t.TempDir()
	signing := issueSigningCertificate(t, mock, boot.AccountID)
	c := newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+writeFile(t, files, "ca.pem", mock.CACertificatePEM()),
		"KLARNA_SIGNING_CERTIFICATE_FILE="+writeFile(t, files, "signing-certificate.pem", []byte(signing.certPEM)),
		"KLARNA_SIGNING_PRIVATE_KEY_FILE="+writeFile(t, files, "signing-key.pem", []byte(signing.keyPEM)),
		"TF_VAR_payment_profile_id="+tc.testVariable(boot.PaymentProfileIDs[0]),
	)
	dir := filepath.Join(t.TempDir(), "partner-onboarding")
	copyTree(t, filepath.Join(tc.root, "examples", "modules", "partner-onboarding"), dir)
	c.mustRun(t, dir, "get")
	out := c.mustRun(t, dir, "test", "-test-directory=tests/onboarding")
	t.Logf("%s test:\n%s", filepath.Base(tc.cliPath), out)
	for _, run := range []string{
		"plans_the_onboarding_with_the_stores_origins", "rejects_account_id_and_partner_together",
		"rejects_neither_account_id_nor_partner", "rejects_a_bad_reference", "rejects_a_website_store_without_url",
		"rejects_no_origin_at_all", "onboards_a_new_partner", "plans_no_change_after_apply",
		"plans_the_webhook_with_a_signing_key_of_its_own", "plans_no_webhook_by_default",
		"rejects_a_webhook_url_that_is_not_https", "rejects_a_webhook_url_on_another_port",
		"rejects_a_webhook_without_event_types", "rejects_a_malformed_event_type",
	} {
		if !regexp.MustCompile(`run "` + run + `"\.\.\. pass`).MatchString(out) {
			t.Errorf("the run %q did not pass", run)
		}
	}

	// The partner stays at Klarna, offboarded: its payment product disabled, its key gone.
	client := mocktest.Client(t, mock)
	ctx := context.Background()
	id, err := client.ResolvePartnerAccountID(ctx, "shop-0043")
	if err != nil {
		t.Fatalf("the onboarded partner cannot be found by its reference: %v", err)
	}
	account, err := client.GetPartnerAccount(ctx, id)
	if err != nil {
		t.Fatal(err)
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
	if _, err := client.ResolvePartnerAccountID(ctx, "shop-0042"); !klarna.IsNotFound(err) {
		t.Errorf("the validation runs onboarded shop-0042 (%v); they only plan", err)
	}
}
