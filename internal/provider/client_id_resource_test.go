package provider

import (
	"context"
	"fmt"
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
)

const clientIDAddr = "klarna_client_id.test"

func clientIDConfig(accountID string, origins []string, rotation string) string {
	account := ""
	if accountID != "" {
		account = fmt.Sprintf("account_id = %q", accountID)
	}
	return fmt.Sprintf(`
resource "klarna_client_id" "test" {
  %s
  description     = "storefront"
  allowed_origins = [%s]
  keepers = {
    rotation = %q
  }
}
`, account, `"`+strings.Join(origins, `", "`)+`"`, rotation)
}

func TestAccClientID_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	sameClientID := statecheck.CompareValue(compare.ValuesSame())
	rotated := statecheck.CompareValue(compare.ValuesDiffer())
	sameAfterReplacement := statecheck.CompareValue(compare.ValuesSame())
	var id string
	getClientID := func(account, id string) error {
		_, err := e.client.GetClientID(t.Context(), account, id)
		return err
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkDestroyed("klarna_client_id", getClientID),
		Steps: []resource.TestStep{
			{
				Config: e.config(clientIDConfig(partner, []string{"https://shop.example.com", "http://localhost:3000"}, "1")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("client_id"), knownvalue.StringRegexp(clientIDPattern)),
					statecheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("allowed_origins"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("https://shop.example.com"), knownvalue.StringExact("http://localhost:3000"),
					})),
					statecheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					sameClientID.AddStateValue(clientIDAddr, tfjsonpath.New("client_id")),
					rotated.AddStateValue(clientIDAddr, tfjsonpath.New("client_id")),
					rememberID(clientIDAddr, &id),
				},
			},
			{
				ResourceName: clientIDAddr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return partner + "/" + s.RootModule().Resources[clientIDAddr].Primary.ID, nil
				},
				ImportStateVerify: true,
				// keepers are never returned by the API.
				ImportStateVerifyIgnore: []string{"keepers"},
			},
			{
				ResourceName:    clientIDAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return partner + "/" + s.RootModule().Resources[clientIDAddr].Primary.ID, nil
				},
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config: e.config(clientIDConfig(partner, []string{"https://checkout.example.com:8443"}, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameClientID.AddStateValue(clientIDAddr, tfjsonpath.New("client_id")),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						c, err := e.client.GetClientID(ctx, partner, id)
						if err != nil {
							return err
						}
						if len(c.AllowedOrigins) != 1 || c.AllowedOrigins[0] != "https://checkout.example.com:8443" {
							return fmt.Errorf("the API holds origins %v", c.AllowedOrigins)
						}
						return nil
					}),
				},
			},
			{
				// Disabled by hand out of band (the portal): replaced, never enabled again.
				PreConfig: func() {
					if err := e.mock.DisableCredential(id, "MANUAL"); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(clientIDConfig(partner, []string{"https://checkout.example.com:8443"}, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					sameAfterReplacement.AddStateValue(clientIDAddr, tfjsonpath.New("client_id")),
					rememberID(clientIDAddr, &id),
				},
			},
			{
				// Unused for more than 2 months: disabled for inactivity, enabled again in place.
				PreConfig: func() {
					e.advance(31 * 24 * time.Hour)
					e.advance(31 * 24 * time.Hour)
					c, err := e.client.GetClientID(t.Context(), partner, id)
					if err != nil || c.DisabledReason == nil || *c.DisabledReason != "INACTIVITY" {
						t.Fatalf("the mock did not disable the unused client ID: %+v %v", c, err)
					}
				},
				Config: e.config(clientIDConfig(partner, []string{"https://checkout.example.com:8443"}, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					sameAfterReplacement.AddStateValue(clientIDAddr, tfjsonpath.New("client_id")),
				},
			},
			{
				Config: e.config(clientIDConfig(partner, []string{"https://checkout.example.com:8443"}, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					rotated.AddStateValue(clientIDAddr, tfjsonpath.New("client_id")),
					rememberID(clientIDAddr, &id),
				},
			},
			{
				PreConfig: func() {
					if err := e.mock.DisableCredential(id, "SECURITY"); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(clientIDConfig(partner, []string{"https://checkout.example.com:8443"}, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{rememberID(clientIDAddr, &id)},
			},
			{
				PreConfig: func() {
					if err := e.client.DeleteClientID(t.Context(), partner, id); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(clientIDConfig(partner, []string{"https://checkout.example.com:8443"}, "2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccClientID_invalidOrigins(t *testing.T) {
	e := newAccEnv(t)
	for _, tc := range []struct {
		name    string
		origins []string
		want    []string
	}{
		{"path", []string{"https://shop.example.com/checkout"}, []string{"Invalid origin", "must not have a path"}},
		{"plain http", []string{"http://shop.example.com"}, []string{"Invalid origin", "only https://"}},
		{"upper-case host", []string{"https://Shop.example.com"}, []string{"Invalid origin", "lower-case host"}},
		{"wildcard", []string{"https://*.example.com"}, []string{"Invalid origin", "not a valid host name"}},
		{"none", nil, []string{"allowed_origins", "at least 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			origins := ""
			if len(tc.origins) > 0 {
				origins = `"` + strings.Join(tc.origins, `", "`) + `"`
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      e.config(fmt.Sprintf("resource \"klarna_client_id\" \"test\" {\n  allowed_origins = [%s]\n}\n", origins)),
					PlanOnly:    true,
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
}

func TestAccClientID_ownAccountIDInEitherForm(t *testing.T) {
	e := newAccEnv(t)
	body := func(explicit bool) string {
		account := ""
		if explicit {
			account = fmt.Sprintf("account_id = %q", e.boot.AccountID)
		}
		return fmt.Sprintf(`
resource "klarna_client_id" "test" {
  allowed_origins = ["https://shop.example.com"]
  %s
}
`, account)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_client_id", func(account, id string) error {
			_, err := e.client.GetClientID(t.Context(), account, id)
			return err
		}),
		Steps: e.ownAccountIDSteps("klarna_client_id.test", body, plancheck.ResourceActionNoop),
	})
}

// An in-place update of the origins plans last_used_at, status and the client ID as known.
func TestAccClientID_inPlaceUpdatePlansOnlyWhatChanges(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(clientIDConfig("", []string{"https://a.example.com"}, "1"))},
			{
				Config: e.config(clientIDConfig("", []string{"https://a.example.com", "https://b.example.com"}, "1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(clientIDAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("last_used_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					plancheck.ExpectKnownValue(clientIDAddr, tfjsonpath.New("client_id"), knownvalue.StringRegexp(clientIDPattern)),
				}},
			},
		},
	})
}

func TestAccClientID_disableFailsOnCreate(t *testing.T) {
	for _, tc := range []string{"deleted", "tainted"} {
		t.Run(tc, func(t *testing.T) {
			e := newAccEnv(t)
			held := func() map[string]string {
				ids, err := e.client.ListClientIDs(t.Context(), "")
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]string{}
				for _, c := range ids {
					if c.Description == "born disabled" {
						out[c.CredentialID] = string(c.Status)
					}
				}
				return out
			}
			deleted, tainted := e.disableOnCreateFailureSteps(t, clientIDAddr, `
resource "klarna_client_id" "test" {
  description     = "born disabled"
  enabled         = false
  allowed_origins = ["https://shop.example.com"]
}
`, "/v2/account/credentials/client-ids", held)
			steps := deleted
			if tc == "tainted" {
				steps = tainted
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				CheckDestroy: e.checkDestroyed("klarna_client_id", func(account, id string) error {
					_, err := e.client.GetClientID(t.Context(), account, id)
					return err
				}),
				Steps: steps,
			})
		})
	}
}

func TestAccClientID_createAnsweredUnusably(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mangle func(map[string]any) []byte
		withID bool
		field  string
	}{
		{"no ID", without("credential_id"), false, ""},
		{"undecodable", garbled, false, ""},
		{"no client ID, read back", emptied("client_id"), true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			p := e.mangleCreates(t)
			count := func() int {
				ids, err := e.client.ListClientIDs(t.Context(), "")
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, c := range ids {
					if c.Description == "mangled" {
						n++
					}
				}
				return n
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: e.unusableCreateSteps(t, p, clientIDAddr, `
resource "klarna_client_id" "test" {
  description     = "mangled"
  allowed_origins = ["https://shop.example.com"]
}
`, tc.field, "klarna_client_ids", tc.mangle, tc.withID, count),
			})
		})
	}
}
