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
)

const apiKeyAddr = "klarna_api_key.test"

func apiKeyConfig(description string, enabled bool, rotation string) string {
	return fmt.Sprintf(`
resource "klarna_api_key" "test" {
  description = %q
  enabled     = %t
  keepers = {
    rotation = %q
  }
}
`, description, enabled, rotation)
}

func TestAccAPIKey_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	sameSecret := statecheck.CompareValue(compare.ValuesSame())
	rotatedSecret := statecheck.CompareValue(compare.ValuesDiffer())
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: e.config(apiKeyConfig("ci key", true, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectSensitiveValue(apiKeyAddr, tfjsonpath.New("api_key")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("api_key"), knownvalue.StringRegexp(apiKeySecretPattern)),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("environment"), knownvalue.StringExact("TEST")),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("disabled_reason"), knownvalue.Null()),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("account_id"), knownvalue.StringExact(e.boot.AccountID)),
					statecheck.ExpectSensitiveValue(apiKeyAddr, tfjsonpath.New("api_key")),
					sameSecret.AddStateValue(apiKeyAddr, tfjsonpath.New("api_key")),
					rotatedSecret.AddStateValue(apiKeyAddr, tfjsonpath.New("api_key")),
					rememberID(apiKeyAddr, &id),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						k, err := e.client.GetAPIKey(ctx, "", id)
						if err != nil {
							return err
						}
						if k.Description != "ci key" || k.Status != "ENABLED" {
							return fmt.Errorf("the API holds %+v", k)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:            apiKeyAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"api_key", "keepers"},
			},
			{
				// An import block with the same configuration plans no replacement: at most an
				// in-place update that records keepers, which the API never returns.
				ResourceName:       apiKeyAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config: e.config(apiKeyConfig("ci key renamed", false, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("disabled_reason"), knownvalue.StringExact("MANUAL")),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("description"), knownvalue.StringExact("ci key renamed")),
					sameSecret.AddStateValue(apiKeyAddr, tfjsonpath.New("api_key")),
				},
			},
			{
				Config: e.config(apiKeyConfig("ci key renamed", true, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					rotatedSecret.AddStateValue(apiKeyAddr, tfjsonpath.New("api_key")),
					check(func(ctx context.Context, req statecheck.CheckStateRequest) error {
						old := id
						if _, err := e.client.GetAPIKey(ctx, "", old); !klarna.IsNotFound(err) {
							return fmt.Errorf("the rotated-out key %s must be deleted, got %w", old, err)
						}
						return rememberID(apiKeyAddr, &id)(ctx, req)
					}),
				},
			},
			{
				// Unused for more than 2 months: Klarna disables the key for inactivity. The
				// provider's own key is used half-way, so it stays enabled.
				PreConfig: func() {
					e.advance(31 * 24 * time.Hour)
					e.advance(31 * 24 * time.Hour)
				},
				Config: e.config(apiKeyConfig("ci key renamed", true, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("disabled_reason"), knownvalue.Null()),
				},
			},
			{
				// Disabled by Klarna for suspected compromise: never re-enabled, replaced.
				PreConfig: func() {
					if err := e.mock.DisableCredential(id, "SECURITY"); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(apiKeyConfig("ci key renamed", true, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					check(func(ctx context.Context, req statecheck.CheckStateRequest) error {
						newID, err := attrOf(req, apiKeyAddr, "id")
						if err != nil {
							return err
						}
						if newID == id {
							return fmt.Errorf("the compromised key %s was kept", id)
						}
						id = newID
						return nil
					}),
				},
			},
			{
				// Deleted out of band: removed from state and planned for creation.
				PreConfig: func() {
					if err := e.client.DeleteAPIKey(t.Context(), "", id); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(apiKeyConfig("ci key renamed", true, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

var (
	apiKeySecretPattern = regexp.MustCompile(`^klarna_test_api_[A-Za-z0-9_]+$`)
	clientIDPattern     = regexp.MustCompile(`^klarna_test_client_[A-Za-z0-9_]+$`)
	base64Pattern       = regexp.MustCompile(`^[A-Za-z0-9+/]+=*$`)
)

// advance moves the mock clock by d in one step after a request with the provider's own
// key, so that the provider's key counts as used in between.
func (e *accEnv) advance(d time.Duration) {
	e.t.Helper()
	if _, err := e.client.WhoAmI(e.t.Context()); err != nil {
		e.t.Fatalf("using the provider's key before moving the clock: %v", err)
	}
	if _, err := e.mock.AdvanceClock(d); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.client.WhoAmI(e.t.Context()); err != nil {
		e.t.Fatalf("using the provider's key after moving the clock: %v", err)
	}
}

func TestAccAPIKey_partnerAccount(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: e.config(fmt.Sprintf(`
resource "klarna_api_key" "test" {
  account_id  = %q
  description = "partner integration"
}
`, partner)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("account_id"), knownvalue.StringExact(partner)),
					check(func(ctx context.Context, req statecheck.CheckStateRequest) error {
						id, err := attrOf(req, apiKeyAddr, "id")
						if err != nil {
							return err
						}
						if _, err := e.client.GetAPIKey(ctx, partner, id); err != nil {
							return fmt.Errorf("the key is not in the partner account: %w", err)
						}
						if _, err := e.client.GetAPIKey(ctx, "", id); !klarna.IsNotFound(err) {
							return fmt.Errorf("the key must not be in the provider's own account: %w", err)
						}
						return nil
					}),
				},
			},
			{
				ResourceName: apiKeyAddr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return partner + "/" + s.RootModule().Resources[apiKeyAddr].Primary.ID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"api_key"},
			},
			{
				// A key whose account_id changes is replaced.
				Config: e.config(fmt.Sprintf(`
resource "klarna_api_key" "test" {
  account_id  = %q
  description = "partner integration"
}
`, e.partner(2))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func TestAccAPIKey_notOnboardedAccount(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf(`
resource "klarna_api_key" "test" {
  account_id = %q
}
`, e.boot.ForeignAccountIDs[0])),
			PlanOnly:    true,
			ExpectError: errorRegexp("Account outside the provider's account", "onboarded through it", "FORBIDDEN"),
		}},
	})
}

func TestAccAPIKey_invalidInput(t *testing.T) {
	e := newAccEnv(t)
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"description with a slash", `description = "a/b"`, []string{"Invalid description", `description = "a/b"`, "may only contain"}},
		{"description too long", `description = "` + strings.Repeat("a", 101) + `"`, []string{"Invalid description", "101 characters"}},
		{"malformed account ID", `account_id = "krn:partner:global:account:test:lower"`, []string{"Invalid account ID", "account_id", "upper-case"}},
		{"live account on a test provider", `account_id = "krn:partner:global:account:live:ABCDEFGH"`, []string{"wrong environment", "account_id", "live account"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      e.config(`resource "klarna_api_key" "test" {` + "\n" + tc.body + "\n}\n"),
					PlanOnly:    true,
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
	if n := e.mock.Requests().ByRoute["POST /v2/account/credentials/api-keys"]; n != 0 {
		t.Fatalf("invalid input reached the API: %d create calls", n)
	}
}

func TestAccAPIKey_bulkAdoption(t *testing.T) {
	e := newAccEnv(t)
	ctx := t.Context()
	var made []string
	for i := range 3 {
		k, err := e.client.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: fmt.Sprintf("by hand %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, k.CredentialID)
	}
	config := e.config(`
data "klarna_api_keys" "by_hand" {
  description_regex = "^by hand"
}

import {
  for_each = [for k in data.klarna_api_keys.by_hand.api_keys : k]
  to       = klarna_api_key.adopted[each.key]
  id       = each.value.id
}

resource "klarna_api_key" "adopted" {
  count       = length(data.klarna_api_keys.by_hand.api_keys)
  description = data.klarna_api_keys.by_hand.api_keys[count.index].description
}
`)
	var planChecks []plancheck.PlanCheck
	for i := range made {
		planChecks = append(planChecks, plancheck.ExpectResourceAction(fmt.Sprintf("klarna_api_key.adopted[%d]", i), plancheck.ResourceActionNoop))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				PreConfig:        e.mock.ResetRequests,
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: planChecks},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(`data.klarna_api_keys.by_hand`, tfjsonpath.New("api_keys"), knownvalue.ListSizeExact(3)),
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						adopted := map[string]bool{}
						for i := range made {
							got, err := attrOf(req, fmt.Sprintf("klarna_api_key.adopted[%d]", i), "id")
							if err != nil {
								return err
							}
							adopted[got] = true
						}
						for _, want := range made {
							if !adopted[want] {
								return fmt.Errorf("the key made by hand %s was not adopted (adopted: %v)", want, adopted)
							}
						}
						return nil
					}),
					check(func(context.Context, statecheck.CheckStateRequest) error {
						counts := e.mock.Requests().ByRoute
						for route, n := range counts {
							if !strings.HasPrefix(route, "GET ") && n > 0 {
								return fmt.Errorf("adopting keys changed something: %d × %s", n, route)
							}
						}
						return nil
					}),
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

func TestAccAPIKey_importThenSetKeepersMakesNoAPICall(t *testing.T) {
	e := newAccEnv(t)
	k, err := e.client.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "adopted"})
	if err != nil {
		t.Fatal(err)
	}
	config := e.config(fmt.Sprintf(`
import {
  to = klarna_api_key.test
  id = %q
}

resource "klarna_api_key" "test" {
  description = "adopted"
  keepers = {
    rotation = "1"
  }
}
`, k.CredentialID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: e.mock.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(apiKeyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("keepers"), knownvalue.MapExact(map[string]knownvalue.Check{"rotation": knownvalue.StringExact("1")})),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("api_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("id"), knownvalue.StringExact(k.CredentialID)),
					check(func(context.Context, statecheck.CheckStateRequest) error {
						counts := e.mock.Requests().ByRoute
						if n := counts["PATCH /v2/account/credentials/api-keys/{id}"] + counts["POST /v2/account/credentials/api-keys"] + counts["DELETE /v2/account/credentials/api-keys/{id}"]; n != 0 {
							return fmt.Errorf("recording keepers after import made %d API changes: %v", n, counts)
						}
						return nil
					}),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccAPIKey_ownAccountIDInEitherForm(t *testing.T) {
	e := newAccEnv(t)
	body := func(explicit bool) string {
		account := ""
		if explicit {
			account = fmt.Sprintf("account_id = %q", e.boot.AccountID)
		}
		return fmt.Sprintf(`
resource "klarna_api_key" "test" {
  description = "own"
  %s
}
`, account)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: e.ownAccountIDSteps(apiKeyAddr, body, plancheck.ResourceActionNoop),
	})
}

// An in-place update plans every computed value it does not change as known: no
// "(known after apply)" for last_used_at, status or disabled_reason.
func TestAccAPIKey_inPlaceUpdatePlansOnlyWhatChanges(t *testing.T) {
	e := newAccEnv(t)
	known := func(addr string) []plancheck.PlanCheck {
		return []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_used_at"), knownvalue.Null()),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("disabled_reason"), knownvalue.Null()),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(apiKeyConfig("before", true, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("last_used_at"), knownvalue.Null()),
				}},
			},
			{
				Config:           e.config(apiKeyConfig("after", true, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: known(apiKeyAddr)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(apiKeyAddr, tfjsonpath.New("description"), knownvalue.StringExact("after")),
				},
			},
		},
	})
}

func TestAccAPIKey_disableFailsOnCreate(t *testing.T) {
	for _, tc := range []string{"deleted", "tainted"} {
		t.Run(tc, func(t *testing.T) {
			e := newAccEnv(t)
			held := func() map[string]string {
				keys, err := e.client.ListAPIKeys(t.Context(), "")
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]string{}
				for _, k := range keys {
					if k.Description == "born disabled" {
						out[k.CredentialID] = string(k.Status)
					}
				}
				return out
			}
			deleted, tainted := e.disableOnCreateFailureSteps(t, apiKeyAddr, `
resource "klarna_api_key" "test" {
  description = "born disabled"
  enabled     = false
}
`, "/v2/account/credentials/api-keys", held)
			steps := deleted
			if tc == "tainted" {
				steps = tainted
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
					_, err := e.client.GetAPIKey(t.Context(), account, id)
					return err
				}),
				Steps: steps,
			})
		})
	}
}

func TestAccAPIKey_createAnsweredUnusably(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mangle func(map[string]any) []byte
		withID bool
		field  string
	}{
		{"no ID", without("credential_id"), false, ""},
		{"empty ID", emptied("credential_id"), false, ""},
		{"undecodable", garbled, false, ""},
		{"no secret", without("api_key"), true, "secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			p := e.mangleCreates(t)
			count := func() int {
				keys, err := e.client.ListAPIKeys(t.Context(), "")
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, k := range keys {
					if k.Description == "mangled" {
						n++
					}
				}
				return n
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: e.unusableCreateSteps(t, p, apiKeyAddr, `
resource "klarna_api_key" "test" {
  description = "mangled"
}
`, tc.field, "klarna_api_keys", tc.mangle, tc.withID, count),
			})
		})
	}
}

// An account outside the provider's account (neither its own nor a partner onboarded through
// it) is refused at plan, on create and on a move, for API keys and client IDs alike, with one
// lookup per account per operation however many resources name it.
func TestAccAPIKey_foreignAccount(t *testing.T) {
	e := newAccEnv(t)
	foreign, p0, p1 := e.boot.ForeignAccountIDs[0], e.partner(0), e.partner(1)
	const getAccount = "GET /v2/accounts/{account_id}"
	config := func(keyAccounts []string, clientIDAccounts ...string) string {
		var b strings.Builder
		for i, a := range keyAccounts {
			fmt.Fprintf(&b, "resource \"klarna_api_key\" \"k%d\" {\n  account_id = %q\n}\n", i, a)
		}
		for i, a := range clientIDAccounts {
			fmt.Fprintf(&b, "resource \"klarna_client_id\" \"c%d\" {\n  account_id = %q\n  allowed_origins = [\"https://shop.example.com\"]\n}\n", i, a)
		}
		return e.config(b.String())
	}
	refused := errorRegexp("Account outside the provider's account", "account_id "+foreign+" is neither the provider's own account "+
		"nor a partner account onboarded through it")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				PreConfig:   e.mock.ResetRequests,
				Config:      config([]string{foreign, p0, foreign, p0, p0}, foreign, p1, p1),
				PlanOnly:    true,
				ExpectError: refused,
			},
			{
				PreConfig: func() {
					counts := e.mock.Requests().ByRoute
					if n := counts[getAccount]; n != 3 {
						t.Errorf("the plan of eight resources over three accounts sent %d × %s, want 3", n, getAccount)
					}
					for route, n := range counts {
						if strings.HasPrefix(route, "POST ") && n != 0 {
							t.Errorf("the refused plan sent %d × %s", n, route)
						}
					}
				},
				Config: config([]string{p0, p0}, p1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("klarna_api_key.k1", tfjsonpath.New("account_id"), knownvalue.StringExact(p0)),
					statecheck.ExpectKnownValue("klarna_client_id.c0", tfjsonpath.New("account_id"), knownvalue.StringExact(p1)),
				},
			},
			// Moving a key to the foreign account is refused at plan too.
			{
				Config:      config([]string{p0, foreign}, p1),
				PlanOnly:    true,
				ExpectError: refused,
			},
			// Resources that stay where they are need no lookup.
			{
				PreConfig: e.mock.ResetRequests,
				Config:    config([]string{p0, p0}, p1),
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					if n := e.mock.Requests().ByRoute[getAccount]; n != 0 {
						t.Errorf("a plan with no change sent %d × %s, want none", n, getAccount)
					}
				},
				Config:   config([]string{p0, p0}, p1),
				PlanOnly: true,
			},
		},
	})
}

// A plan that names a partner account explicitly needs no lookup of the provider's own
// account to know where the key goes: when that lookup fails, the plan warns that it cannot
// check the account boundary, instead of failing with a message about an omitted account_id.
func TestAccAPIKey_explicitAccountWhileOwnLookupFails(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := e.mock.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultUnavailable, Count: 1000}); err != nil {
					t.Fatal(err)
				}
			},
			Config: e.providerBlock(`  max_retries = 0`) + fmt.Sprintf(`
resource "klarna_api_key" "k" {
  account_id = %q
}
`, e.partner(0)),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
