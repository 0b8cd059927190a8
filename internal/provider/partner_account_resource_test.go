package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

const partnerAccountAddr = "klarna_partner_account.test"

func newAccEnvWith(t *testing.T, opts mockapi.Options) *accEnv {
	t.Helper()
	m := mocktest.Start(t, opts)
	return &accEnv{t: t, mock: m, boot: m.Bootstrap(), client: mocktest.Client(t, m)}
}

// partnerAccountConfig is an account with a website and a physical store; extra goes into
// the resource block.
func partnerAccountConfig(e *accEnv, reference, name string, extra ...string) string {
	return fmt.Sprintf(`
resource "klarna_partner_account" "test" {
  reference          = %q
  name               = %q
  contact_email      = "owner@example.com"
  payment_profile_id = %q
  business_entities = [{ reference = "be-1", legal_name = "Shop AB", country = "SE" }]
  brands            = [{ reference = "brand-1", name = "Shop" }]
  stores = [
    { reference = "web-1", type = "WEBSITE", name = "Web shop", url = "https://shop.example.com" },
    { reference = "high-street", type = "PHYSICAL_STORE", name = "High street" },
  ]
%s
}
`, reference, name, e.boot.PaymentProfileIDs[0], strings.Join(extra, "\n"))
}

// The account onboarded in an apply is usable as account_id by other resources of the
// same apply: the account boundary knows it at once.
const partnerAPIKeyConfig = `
resource "klarna_api_key" "partner" {
  account_id  = klarna_partner_account.test.id
  description = "partner key"
}
`

// offboarded requires every klarna_partner_account of the state to be still at Klarna,
// with its payment product disabled: destroy offboards, it cannot delete.
func (e *accEnv) offboarded(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "klarna_partner_account" {
			continue
		}
		a, err := e.client.GetPartnerAccount(e.t.Context(), rs.Primary.ID)
		if err != nil {
			return fmt.Errorf("reading partner account %s after destroy: %w", rs.Primary.ID, err)
		}
		if p := a.PaymentProduct(); p == nil || p.Status != klarna.PaymentProductDisabled {
			return fmt.Errorf("partner account %s has payment product %+v after destroy, want DISABLED", rs.Primary.ID, p)
		}
	}
	return nil
}

func TestAccPartnerAccount_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.offboarded,
		Steps: []resource.TestStep{
			{
				Config: e.config(partnerAccountConfig(e, "shop-1", "Shop") + partnerAPIKeyConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("state"), knownvalue.StringExact("OPERATIONAL")),
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^krn:partner:global:account:test:[A-Z0-9]{8}$`))),
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("payment_enabled"), knownvalue.Bool(true)),
					statecheck.CompareValuePairs(partnerAccountAddr, tfjsonpath.New("id"), "klarna_api_key.partner", tfjsonpath.New("account_id"), compare.ValuesSame()),
					rememberID(partnerAccountAddr, &id),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						got, err := e.client.ResolvePartnerAccountID(ctx, "shop-1")
						if err != nil {
							return fmt.Errorf("resolving reference shop-1: %w", err)
						}
						if got != id {
							return fmt.Errorf("reference shop-1 resolves to %q, want %s", got, id)
						}
						return nil
					}),
				},
			},
			// Import by reference and by KRN plan no change.
			{
				ResourceName:      partnerAccountAddr,
				ImportState:       true,
				ImportStateId:     "ref:shop-1",
				ImportStateVerify: true,
			},
			{
				ResourceName:      partnerAccountAddr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
			},
			{
				ResourceName:    partnerAccountAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "ref:shop-1",
			},
			// The provider's own account is no partner account.
			{
				ResourceName:  partnerAccountAddr,
				ImportState:   true,
				ImportStateId: e.boot.AccountID,
				ExpectError:   errorRegexp(`Invalid import ID`, `names the provider's own account`),
			},
			// An account of the other environment cannot be reached with the provider's key.
			{
				ResourceName:  partnerAccountAddr,
				ImportState:   true,
				ImportStateId: liveAccount,
				ExpectError:   errorRegexp(`Invalid import ID`, `is a live account, but the provider is configured for the test environment`),
			},
			// Update in place: rename, a new store, the payment product off.
			{
				Config: e.config(strings.Replace(partnerAccountConfig(e, "shop-1", "Shop renamed", "payment_enabled = false"),
					`  ]`, `    { reference = "app-1", type = "MOBILE_APP", name = "App" },
  ]`, 1) + partnerAPIKeyConfig),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(partnerAccountAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("name"), knownvalue.StringExact("Shop renamed")),
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("payment_enabled"), knownvalue.Bool(false)),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						a, err := e.client.GetPartnerAccount(ctx, id)
						if err != nil {
							return err
						}
						if a.Name != "Shop renamed" || len(a.Stores) != 3 || a.PaymentProduct().Status != klarna.PaymentProductDisabled {
							return fmt.Errorf("after the update the API holds %+v", a)
						}
						return nil
					}),
				},
			},
			// Enabled again.
			{
				Config: e.config(strings.Replace(partnerAccountConfig(e, "shop-1", "Shop renamed"),
					`  ]`, `    { reference = "app-1", type = "MOBILE_APP", name = "App" },
  ]`, 1) + partnerAPIKeyConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("payment_enabled"), knownvalue.Bool(true)),
				},
			},
			// What updateAccount cannot do is refused at plan, saying what to do.
			{
				Config:      e.config(partnerAccountConfig(e, "shop-1", "Shop renamed") + partnerAPIKeyConfig),
				PlanOnly:    true,
				ExpectError: errorRegexp(`A store cannot be removed`, `"app-1"`, `Add its entry to stores`),
			},
			{
				Config:      e.config(partnerAccountConfig(e, "shop-2", "Shop renamed") + partnerAPIKeyConfig),
				PlanOnly:    true,
				ExpectError: errorRegexp(`Partner account reference cannot change`, `Set reference back to "shop-1"`),
			},
			{
				Config: e.config(strings.Replace(partnerAccountConfig(e, "shop-1", "Shop renamed"),
					`"high-street", type = "PHYSICAL_STORE"`, `"high-street", type = "MOBILE_APP"`, 1)),
				PlanOnly:    true,
				ExpectError: errorRegexp(`Store type cannot change`, `"high-street" is a PHYSICAL_STORE store`),
			},
		},
	})
}

// Reusing a reference already onboarded through the provider's account is refused at plan,
// with the way to import it.
func TestAccPartnerAccount_duplicateReferenceRefused(t *testing.T) {
	e := newAccEnv(t)
	before := len(e.mock.State())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.config(partnerAccountConfig(e, "bootstrap-partner-1", "Shop")),
			ExpectError: errorRegexp(`Partner account reference in use`, `"bootstrap-partner-1" is onboarded already`, `ref:bootstrap-partner-1`),
		}},
	})
	if after := len(e.mock.State()); after != before {
		t.Errorf("the refused onboarding left %d accounts, want %d", after, before)
	}
}

// When the wait for OPERATIONAL runs out, the account is kept, not tainted, and the next
// refresh reads its state.
func TestAccPartnerAccount_waitTimeoutKeepsTheAccount(t *testing.T) {
	e := newAccEnvWith(t, mockapi.Options{OnboardingDelay: time.Hour})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.offboarded,
		Steps: []resource.TestStep{
			{
				Config: e.config(partnerAccountConfig(e, "slow-shop", "Slow shop", "timeouts {\n    create = \"2s\"\n  }")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("state"), knownvalue.StringExact("PARTIALLY_OPERATIONAL")),
				},
			},
			{
				PreConfig: func() {
					if _, err := e.mock.AdvanceClock(time.Hour); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(partnerAccountConfig(e, "slow-shop", "Slow shop", "timeouts {\n    create = \"2s\"\n  }")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(partnerAccountAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("state"), knownvalue.StringExact("OPERATIONAL")),
				},
			},
		},
	})
}

// A dropped onboarding response and unavailable reads during the wait leave one account:
// the retried onboarding carries the same idempotency key.
func TestAccPartnerAccount_waitSurvivesFaultsWithoutASecondAccount(t *testing.T) {
	e := newAccEnv(t)
	before := len(e.mock.State())
	for _, f := range []mockapi.Fault{
		{Method: "POST", Path: "/v2/distribution/onboard", Kind: mockapi.FaultCommitThenDrop, Count: 1},
		{Method: "POST", Path: "/v2/distribution/onboard", Kind: mockapi.FaultTimeout, Count: 1},
		{Method: "GET", Path: "/v2/accounts/*", Kind: mockapi.FaultUnavailable, Count: 2},
		{Method: "GET", Path: "/v2/accounts/*", Kind: mockapi.FaultDrop, Count: 1},
	} {
		if err := e.mock.AddFault(f); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.offboarded,
		Steps: []resource.TestStep{{
			Config: e.config(partnerAccountConfig(e, "faulty-shop", "Shop")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("state"), knownvalue.StringExact("OPERATIONAL")),
				check(func(context.Context, statecheck.CheckStateRequest) error {
					if n := e.mock.PendingFaults(); n != 0 {
						return fmt.Errorf("%d faults were never met", n)
					}
					if after := len(e.mock.State()); after != before+1 {
						return fmt.Errorf("%d accounts after onboarding through faults, want %d", after, before+1)
					}
					return nil
				}),
			},
		}},
	})
}

// Input the API would refuse is refused at plan, naming the attribute and what is allowed.
func TestAccPartnerAccount_invalidConfigRefusedAtPlan(t *testing.T) {
	e := newAccEnv(t)
	storeLine := `    { reference = "web-1", type = "WEBSITE", name = "Web shop", url = "https://shop.example.com" },`
	tests := []struct {
		name, replace, with string
		want                []string
	}{
		{"website without url", storeLine, `    { reference = "web-1", type = "WEBSITE", name = "Web shop" },`,
			[]string{`Missing store url`, `Store "web-1" is a WEBSITE store`}},
		{"physical store with url", `{ reference = "high-street", type = "PHYSICAL_STORE", name = "High street" }`,
			`{ reference = "high-street", type = "PHYSICAL_STORE", name = "High street", url = "https://a.example" }`,
			[]string{`Unexpected store url`, `only a WEBSITE store has a url`}},
		{"duplicate store reference", `{ reference = "high-street",`, `{ reference = "web-1",`,
			[]string{`Duplicate store reference`, `"web-1"`}},
		{"unknown store type", `type = "PHYSICAL_STORE"`, `type = "KIOSK"`, []string{`stores`, `value must be one of`, `WEBSITE`}},
		{"bad reference", `reference          = "shop-1"`, `reference          = "shop 1"`, []string{`reference`, `must be 1 to 255 characters`}},
		{"bad country", `country = "SE"`, `country = "Sweden"`, []string{`country`, `ISO 3166-1 alpha-2`}},
		{"bad email", `"owner@example.com"`, `"owner"`, []string{`contact_email`}},
		{"http store url", `url = "https://shop.example.com"`, `url = "http://shop.example.com"`, []string{`Invalid store url`, `https://`}},
		{"store url with a space", `url = "https://shop.example.com"`, `url = "https://shop.example.com/a b"`, []string{`Invalid store url`, `white space`}},
		{"non-positive create timeout", `reference          = "shop-1"`, "reference          = \"shop-1\"\n  timeouts {\n    create = \"-1m\"\n  }",
			[]string{`Invalid create timeout`, `positive`}},
		{"101 brands", `brands            = [{ reference = "brand-1", name = "Shop" }]`, `brands            = [` + brandsOver100() + `]`,
			[]string{`brands`, `at most 100`}},
	}
	var steps []resource.TestStep
	for _, tt := range tests {
		cfg := partnerAccountConfig(e, "shop-1", "Shop")
		if !strings.Contains(cfg, tt.replace) {
			t.Fatalf("%s: the configuration has no %q", tt.name, tt.replace)
		}
		steps = append(steps, resource.TestStep{
			Config:      e.config(strings.Replace(cfg, tt.replace, tt.with, 1)),
			PlanOnly:    true,
			ExpectError: errorRegexp(tt.want...),
		})
	}
	// The post-test destroy plans the last configuration, which must be valid.
	steps = append(steps, resource.TestStep{Config: e.config(`data "klarna_account" "me" {}`)})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), Steps: steps})
}

// brandsOver100 is 101 brand entries, one more than an account may hold.
func brandsOver100() string {
	var b strings.Builder
	for i := range 101 {
		fmt.Fprintf(&b, "{ reference = \"extra-%d\", name = \"Extra %d\" },\n", i, i)
	}
	return b.String()
}

// An update plans the account's state as it is when no update can change it, and unknown
// while onboarding may still finish during the apply.
func TestAccPartnerAccount_updatePlansTheState(t *testing.T) {
	tests := []struct {
		name  string
		opts  mockapi.Options
		extra string
		state string
		plan  plancheck.PlanCheck
	}{
		{"operational", mockapi.Options{}, "", klarna.AccountStateOperational,
			plancheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("state"), knownvalue.StringExact(klarna.AccountStateOperational))},
		// The wait for OPERATIONAL runs out: the account stays PARTIALLY_OPERATIONAL for an hour.
		{"partially operational", mockapi.Options{OnboardingDelay: time.Hour}, "timeouts {\n    create = \"2s\"\n  }",
			klarna.AccountStatePartiallyOperational,
			plancheck.ExpectUnknownValue(partnerAccountAddr, tfjsonpath.New("state"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newAccEnvWith(t, tt.opts)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				CheckDestroy:             e.offboarded,
				Steps: []resource.TestStep{
					{
						Config: e.config(partnerAccountConfig(e, "state-shop", "Shop", tt.extra)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("state"), knownvalue.StringExact(tt.state)),
						},
					},
					// A new name, a new store and the payment product off.
					{
						Config: e.config(strings.Replace(partnerAccountConfig(e, "state-shop", "Shop renamed", tt.extra, "payment_enabled = false"),
							`  ]`, `    { reference = "app-1", type = "MOBILE_APP", name = "App" },
  ]`, 1)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(partnerAccountAddr, plancheck.ResourceActionUpdate),
							tt.plan,
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("state"), knownvalue.StringExact(tt.state)),
							statecheck.ExpectKnownValue(partnerAccountAddr, tfjsonpath.New("name"), knownvalue.StringExact("Shop renamed")),
						},
					},
				},
			})
		})
	}
}

// A payment profile the acquirer does not have is refused at plan, naming the attribute and
// the profiles there are, with one list of the profiles however many accounts the plan onboards.
func TestAccPartnerAccount_unknownPaymentProfile(t *testing.T) {
	e := newAccEnv(t)
	const profilesRoute = "GET /v2/distribution/payment-profiles"
	accounts := func(profiles ...string) string {
		var b strings.Builder
		for i, p := range profiles {
			fmt.Fprintf(&b, `
resource "klarna_partner_account" "p%d" {
  reference          = "shop-profile-%d"
  name               = "Shop %d"
  contact_email      = "owner@example.com"
  payment_profile_id = %q
}
`, i, i, i, p)
		}
		return e.config(b.String())
	}
	good := e.boot.PaymentProfileIDs[0]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.offboarded,
		Steps: []resource.TestStep{
			{
				PreConfig: e.mock.ResetRequests,
				Config:    accounts(good, "nonexistent-profile", good),
				ExpectError: errorRegexp(`Unknown payment profile`, `payment_profile_id "nonexistent-profile" is not a payment profile`,
					fmt.Sprintf("Use one of %q, %q;", min(e.boot.PaymentProfileIDs[0], e.boot.PaymentProfileIDs[1]),
						max(e.boot.PaymentProfileIDs[0], e.boot.PaymentProfileIDs[1])), `data.klarna_payment_profiles lists them all`),
			},
			{
				PreConfig: func() {
					if n := e.mock.Requests().ByRoute[profilesRoute]; n != 1 {
						t.Errorf("the refused plan of three accounts sent %d × %s, want 1", n, profilesRoute)
					}
					if n := e.mock.Requests().ByRoute["POST /v2/distribution/onboard"]; n != 0 {
						t.Errorf("the refused plan onboarded %d accounts", n)
					}
				},
				Config: accounts(good, e.boot.PaymentProfileIDs[1]),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("klarna_partner_account.p1", tfjsonpath.New("payment_profile_id"),
						knownvalue.StringExact(e.boot.PaymentProfileIDs[1])),
				},
			},
		},
	})
}
