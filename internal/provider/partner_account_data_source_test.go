package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccPartnerAccountDataSource_byReference(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(`
data "klarna_partner_account" "p" {
  reference = "no-such-partner"
}
`),
				ExpectError: errorRegexp(`Unable to find partner account`, `under reference "no-such-partner"`, `NOT_FOUND`),
			},
			{
				Config: e.config(`
data "klarna_partner_account" "p" {
  reference = "not a reference"
}
`),
				ExpectError: errorRegexp(`reference`, `must be 1 to 255 characters`),
			},
			{
				Config: e.config(`
data "klarna_partner_account" "p" {
  reference = "bootstrap-partner-2"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("id"), knownvalue.StringExact(e.partner(1))),
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("state"), knownvalue.StringExact("OPERATIONAL")),
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("payment_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("payment_profile_id"),
						knownvalue.StringExact(e.boot.PaymentProfileIDs[0])),
				},
			},
		},
	})
}

// A partner account is found by its KRN as well; exactly one of id and reference is given,
// and an ID that names no partner of the provider's account is refused with what it is.
func TestAccPartnerAccountDataSource_byID(t *testing.T) {
	e := newAccEnv(t)
	byID := func(id string) string {
		return e.config(fmt.Sprintf(`
data "klarna_partner_account" "p" {
  id = %q
}
`, id))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(fmt.Sprintf(`
data "klarna_partner_account" "p" {
  id        = %q
  reference = "bootstrap-partner-2"
}
`, e.partner(1))),
				ExpectError: errorRegexp(`Invalid Attribute Combination`, `[id,reference]`),
			},
			{
				Config:      e.config(`data "klarna_partner_account" "p" {}`),
				ExpectError: errorRegexp(`Missing Attribute Configuration`, `[id,reference]`),
			},
			{
				Config:      byID("krn:partner:global:account:test:lyabcdei"),
				ExpectError: errorRegexp(`Invalid account ID`, `id`, `krn:partner:global:account`),
			},
			{
				Config:      byID("krn:partner:global:account:test:NOSUCH00"),
				ExpectError: errorRegexp(`Unable to find partner account`, `NOSUCH00 is not a partner account onboarded`),
			},
			{
				Config:      byID(e.boot.ForeignAccountIDs[0]),
				ExpectError: errorRegexp(`Unable to find partner account`, `is not a partner account onboarded`, `FORBIDDEN`),
			},
			{
				Config:      byID(e.boot.AccountID),
				ExpectError: errorRegexp(`Not a partner account`, `the provider's own`, `klarna_account`),
			},
			{
				Config: byID(e.partner(1)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("id"), knownvalue.StringExact(e.partner(1))),
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("reference"), knownvalue.StringExact("bootstrap-partner-2")),
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("state"), knownvalue.StringExact("OPERATIONAL")),
					statecheck.ExpectKnownValue("data.klarna_partner_account.p", tfjsonpath.New("payment_profile_id"),
						knownvalue.StringExact(e.boot.PaymentProfileIDs[0])),
				},
			},
		},
	})
}

func TestAccPaymentProfilesDataSource_listsTheSeededProfiles(t *testing.T) {
	e := newAccEnv(t)
	var profiles []knownvalue.Check
	for _, id := range e.boot.PaymentProfileIDs {
		profiles = append(profiles, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(`
data "klarna_payment_profiles" "all" {}
data "klarna_settlement_configuration" "this" {}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.klarna_payment_profiles.all", tfjsonpath.New("payment_profiles"), knownvalue.ListExact(profiles)),
				statecheck.ExpectKnownValue("data.klarna_settlement_configuration.this", tfjsonpath.New("currency"), knownvalue.StringExact("EUR")),
				statecheck.ExpectKnownValue("data.klarna_settlement_configuration.this", tfjsonpath.New("payout_schedule"), knownvalue.StringExact("DAILY")),
			},
		}},
	})
}
