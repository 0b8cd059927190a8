package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// TestAccAPIKey_driftFoundByAccountRefresh: refreshing the keys and client IDs of an account
// from its list still finds every change made out of band (a key disabled, one deleted, a
// description edited), each planned as exactly one fix, and sends no GET per resource.
func TestAccAPIKey_driftFoundByAccountRefresh(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	config := e.config(fmt.Sprintf(`
resource "klarna_api_key" "k" {
  count       = 6
  account_id  = %[1]q
  description = "key ${count.index}"
}

resource "klarna_client_id" "c" {
  count           = 2
  account_id      = %[1]q
  description     = "storefront ${count.index}"
  allowed_origins = ["https://shop.example.com"]
}
`, partner))
	ids := map[string]string{}
	remember := check(func(_ context.Context, req statecheck.CheckStateRequest) error {
		for _, addr := range []string{"klarna_api_key.k[1]", "klarna_api_key.k[2]", "klarna_api_key.k[3]", "klarna_client_id.c[1]"} {
			id, err := attrOf(req, addr, "id")
			if err != nil {
				return err
			}
			ids[addr] = id
		}
		return nil
	})
	noGetPerResource := check(func(context.Context, statecheck.CheckStateRequest) error {
		counts := e.mock.Requests().ByRoute
		for _, route := range []string{
			"GET /v2/accounts/{account_id}/credentials/api-keys/{id}",
			"GET /v2/accounts/{account_id}/credentials/client-ids/{id}",
		} {
			if counts[route] != 0 {
				return fmt.Errorf("the refresh sent %d × %s; the account's list must answer it", counts[route], route)
			}
		}
		for _, route := range []string{
			"GET /v2/accounts/{account_id}/credentials/api-keys",
			"GET /v2/accounts/{account_id}/credentials/client-ids",
		} {
			if counts[route] == 0 {
				return fmt.Errorf("the refresh never listed %s (requests: %v)", route, counts)
			}
		}
		return nil
	})
	var actions []plancheck.PlanCheck
	for i, want := range []plancheck.ResourceActionType{
		// k[1] was disabled by hand (MANUAL), so it is replaced, never enabled again in place.
		plancheck.ResourceActionNoop, plancheck.ResourceActionDestroyBeforeCreate, plancheck.ResourceActionCreate,
		plancheck.ResourceActionUpdate, plancheck.ResourceActionNoop, plancheck.ResourceActionNoop,
	} {
		actions = append(actions, plancheck.ExpectResourceAction(fmt.Sprintf("klarna_api_key.k[%d]", i), want))
	}
	actions = append(actions,
		plancheck.ExpectResourceAction("klarna_client_id.c[0]", plancheck.ResourceActionNoop),
		plancheck.ExpectResourceAction("klarna_client_id.c[1]", plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue("klarna_api_key.k[1]", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
		plancheck.ExpectKnownValue("klarna_api_key.k[3]", tfjsonpath.New("description"), knownvalue.StringExact("key 3")),
		plancheck.ExpectKnownValue("klarna_client_id.c[1]", tfjsonpath.New("description"), knownvalue.StringExact("storefront 1")),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{remember},
			},
			{
				PreConfig: func() {
					ctx := t.Context()
					disabled, edited := klarna.CredentialStatus("DISABLED"), "edited by hand"
					if _, err := e.client.UpdateAPIKey(ctx, partner, ids["klarna_api_key.k[1]"], klarna.UpdateAPIKeyRequest{Status: &disabled}); err != nil {
						t.Fatal(err)
					}
					if err := e.client.DeleteAPIKey(ctx, partner, ids["klarna_api_key.k[2]"]); err != nil {
						t.Fatal(err)
					}
					if _, err := e.client.UpdateAPIKey(ctx, partner, ids["klarna_api_key.k[3]"], klarna.UpdateAPIKeyRequest{Description: &edited}); err != nil {
						t.Fatal(err)
					}
					if _, err := e.client.UpdateClientID(ctx, partner, ids["klarna_client_id.c[1]"], klarna.UpdateClientIDRequest{Description: &edited}); err != nil {
						t.Fatal(err)
					}
					e.mock.ResetRequests()
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: actions},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("klarna_api_key.k[1]", tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					statecheck.ExpectKnownValue("klarna_api_key.k[3]", tfjsonpath.New("description"), knownvalue.StringExact("key 3")),
					statecheck.ExpectKnownValue("klarna_client_id.c[1]", tfjsonpath.New("description"), knownvalue.StringExact("storefront 1")),
					noGetPerResource,
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
