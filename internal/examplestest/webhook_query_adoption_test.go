package examplestest

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// TestAccWebhookListResource_generatedConfigurationImportsWithNoChanges adopts, through
// terraform query against the mock API, webhooks registered outside Terraform in the
// provider's own account (one of them disabled) and in a partner account: the generated
// configuration (written by terraform query -generate-config-out, not edited) validates and
// plans every webhook as an import with no change; after the apply, the next plan is empty.
func TestAccWebhookListResource_generatedConfigurationImportsWithNoChanges(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	skipUnlessQuery(t, tc)
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	partner := boot.PartnerAccountIDs[0]
	client := mocktest.Client(t, mock)

	register := func(account, url, status string, eventTypes ...string) string {
		t.Helper()
		key, err := client.CreateSigningKey(t.Context(), account)
		if err != nil {
			t.Fatal(err)
		}
		w, err := client.CreateWebhook(t.Context(), account, klarna.CreateWebhookRequest{
			URL: url, EventTypes: eventTypes, EventVersion: klarna.EventVersionV1, SigningKeyID: key.SigningKeyID, Status: status,
		})
		if err != nil {
			t.Fatal(err)
		}
		return w.WebhookID
	}
	webhooks := []struct{ what, account, id string }{
		{"the own account's webhook", boot.AccountID, register("", "https://127.0.0.2:8443/orders", klarna.WebhookEnabled,
			"partner.account.*", "settlement.report.created")},
		{"the disabled webhook", boot.AccountID, register("", "https://127.0.0.3/reports", klarna.WebhookDisabled, "settlement.report.created")},
		{"the partner's webhook", partner, register(partner, "https://localhost:8443/partner", klarna.WebhookEnabled,
			"partner.account.state-change.operational")},
	}

	work := t.TempDir()
	copyFile(t, filepath.Join(tc.root, "examples", "list-resources", "klarna_webhook", "versions.tf"), filepath.Join(work, "versions.tf"))
	writeFile(t, work, "adopt.tfquery.hcl", fmt.Appendf(nil, `
list "klarna_webhook" "own" {
  provider         = klarna
  include_resource = true
}

list "klarna_webhook" "partner" {
  provider         = klarna
  include_resource = true
  config {
    account_id = %q
  }
}
`, partner))
	caFile := writeFile(t, t.TempDir(), "ca.pem", mock.CACertificatePEM())
	c := newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+caFile,
	)
	c.mustRun(t, work, "query", "-generate-config-out=adopted.tf")
	generated := readFile(t, filepath.Join(work, "adopted.tf"))
	imported := map[string]string{}
	for _, m := range importedIdentity.FindAllStringSubmatch(generated, -1) {
		imported[m[1]] = m[2]
	}
	for _, want := range webhooks {
		if !identityImported(imported, want.account, want.id) {
			t.Errorf("the generated configuration does not import %s (%s in %s):\n%s", want.what, want.id, want.account, generated)
		}
	}
	if len(imported) != len(webhooks) {
		t.Errorf("the generated configuration imports %d objects, want %d:\n%s", len(imported), len(webhooks), generated)
	}
	c.mustRun(t, work, "validate")
	checkPlan(t, c, work, "the plan of the generated configuration", fmt.Sprintf("%d to import, 0 to add, 0 to change, 0 to destroy", len(webhooks)))
	c.mustRun(t, work, "apply", "-auto-approve")
	checkPlan(t, c, work, "the plan after the import", "No changes.")
}
