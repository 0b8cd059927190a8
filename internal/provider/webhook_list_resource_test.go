package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// mustCreateWebhook registers a webhook through the API, as a person or another tool would.
func (e *accEnv) mustCreateWebhook(accountID, url, signingKeyID, status string, eventTypes ...string) string {
	e.t.Helper()
	w, err := e.client.CreateWebhook(e.t.Context(), accountID, klarna.CreateWebhookRequest{
		URL: url, EventTypes: eventTypes, EventVersion: "v1", SigningKeyID: signingKeyID, Status: status,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return w.WebhookID
}

// mustCreateSigningKey makes a webhook signing key through the API.
func (e *accEnv) mustCreateSigningKey(accountID string) string {
	e.t.Helper()
	k, err := e.client.CreateSigningKey(e.t.Context(), accountID)
	if err != nil {
		e.t.Fatal(err)
	}
	return k.SigningKeyID
}

func TestAccWebhookListResource_findsHandMadeWebhooks(t *testing.T) {
	e, _ := newWebhookAccEnv(t)
	partner := e.partner(0)
	const ordersURL, reportsURL, partnerURL = "https://127.0.0.2:8443/orders", "https://127.0.0.3:8443/reports", "https://127.0.0.4/partner"
	ownKey, partnerKey := e.mustCreateSigningKey(""), e.mustCreateSigningKey(partner)
	orders := e.mustCreateWebhook("", ordersURL, ownKey, klarna.WebhookEnabled, "partner.account.*")
	reports := e.mustCreateWebhook("", reportsURL, ownKey, klarna.WebhookDisabled, "settlement.report.created")
	ordersSettlements := e.mustCreateWebhook("", ordersURL, ownKey, klarna.WebhookEnabled, "settlement.report.created")
	partnerHook := e.mustCreateWebhook(partner, partnerURL, partnerKey, klarna.WebhookEnabled, "partner.account.state-change.operational")
	own := e.boot.AccountID
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(`data "klarna_account" "own" {}`)},
			queryStep(fmt.Sprintf(`
list "klarna_webhook" "own" {
  provider         = klarna
  include_resource = true
}
list "klarna_webhook" "own_disabled" {
  provider = klarna
  config {
    enabled = false
  }
}
list "klarna_webhook" "own_enabled_orders" {
  provider = klarna
  config {
    url     = %[1]q
    enabled = true
  }
}
list "klarna_webhook" "partner" {
  provider = klarna
  config {
    account_id = %[2]q
  }
}
`, ordersURL, partner),
				querycheck.ExpectLength("klarna_webhook.own", 3),
				querycheck.ExpectIdentity("klarna_webhook.own", credentialIdentityOf(own, orders)),
				querycheck.ExpectIdentity("klarna_webhook.own", credentialIdentityOf(own, reports)),
				querycheck.ExpectIdentity("klarna_webhook.own", credentialIdentityOf(own, ordersSettlements)),
				querycheck.ExpectResourceDisplayName("klarna_webhook.own",
					queryfilter.ByResourceIdentity(credentialIdentityOf(own, reports)), knownvalue.StringExact(reportsURL+" ("+reports+")")),
				querycheck.ExpectResourceKnownValues("klarna_webhook.own", queryfilter.ByResourceIdentity(credentialIdentityOf(own, reports)),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(reports)},
						{Path: tfjsonpath.New("account_id"), KnownValue: knownvalue.StringExact(own)},
						{Path: tfjsonpath.New("url"), KnownValue: knownvalue.StringExact(reportsURL)},
						{Path: tfjsonpath.New("event_types"), KnownValue: knownvalue.SetExact([]knownvalue.Check{
							knownvalue.StringExact("settlement.report.created")})},
						{Path: tfjsonpath.New("event_version"), KnownValue: knownvalue.StringExact("v1")},
						{Path: tfjsonpath.New("signing_key_id"), KnownValue: knownvalue.StringExact(ownKey)},
						{Path: tfjsonpath.New("enabled"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("created_at"), KnownValue: knownvalue.NotNull()},
					}),
				querycheck.ExpectLength("klarna_webhook.own_disabled", 1),
				querycheck.ExpectIdentity("klarna_webhook.own_disabled", credentialIdentityOf(own, reports)),
				querycheck.ExpectLength("klarna_webhook.own_enabled_orders", 2),
				querycheck.ExpectIdentity("klarna_webhook.own_enabled_orders", credentialIdentityOf(own, orders)),
				querycheck.ExpectIdentity("klarna_webhook.own_enabled_orders", credentialIdentityOf(own, ordersSettlements)),
				querycheck.ExpectLength("klarna_webhook.partner", 1),
				querycheck.ExpectIdentity("klarna_webhook.partner", credentialIdentityOf(partner, partnerHook)),
			),
		},
	})
}

// Bad filters fail the query with an error that names the attribute, before any list
// request reaches the API; an account not onboarded through the provider's fails with the
// API's refusal.
func TestAccWebhookListResource_refusesBadFiltersAndForeignAccounts(t *testing.T) {
	e := newAccEnv(t)
	foreign := e.boot.ForeignAccountIDs[0]
	steps := []resource.TestStep{{Config: e.config(`data "klarna_account" "own" {}`)}}
	for _, tc := range []struct {
		config string
		want   []string
	}{
		{`url = "http://127.0.0.1/hooks"`, []string{"Invalid webhook URL", "url"}},
		{`url = "https://127.0.0.1:9443/hooks"`, []string{"Invalid webhook URL", "url"}},
		{`account_id = "LYABCDEI"`, []string{"Invalid account ID", "account_id"}},
		{`account_id = "krn:partner:global:account:live:LYABCDEI"`, []string{"Account ID of the wrong environment", "account_id", "live"}},
		{`enabled = "maybe"`, []string{"enabled"}},
	} {
		steps = append(steps, resource.TestStep{
			Query:       true,
			Config:      "list \"klarna_webhook\" \"bad\" {\n  provider = klarna\n  config {\n    " + tc.config + "\n  }\n}\n",
			ExpectError: errorRegexp(tc.want...),
		})
	}
	steps = append(steps, resource.TestStep{
		Query:       true,
		Config:      fmt.Sprintf("list \"klarna_webhook\" \"foreign\" {\n  provider = klarna\n  config {\n    account_id = %q\n  }\n}\n", foreign),
		ExpectError: errorRegexp("Unable to list webhooks", foreign, "FORBIDDEN"),
	})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps:                    steps,
	})
	// Only the foreign account's list reached the API.
	byRoute := e.mock.Requests().ByRoute
	if own, other := byRoute["GET /v2/account/notification/webhooks"], byRoute["GET /v2/accounts/{account_id}/notification/webhooks"]; own != 0 || other != 1 {
		t.Fatalf("the API served %d lists of the own account's webhooks and %d of another account's, want 0 and 1 (the foreign account's)", own, other)
	}
}

func TestAccWebhookListResource_refusesBadFiltersFromVariables(t *testing.T) {
	testListRefusalsFromVariables(t, "klarna_webhook", []listVariableRefusal{
		{"url", "http://hooks.example.com/k", []string{"Invalid webhook URL", "url"}},
	})
}
