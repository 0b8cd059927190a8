package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestAccAPIKeysDataSource_filters(t *testing.T) {
	e := newAccEnv(t)
	ctx := t.Context()
	partner := e.partner(0)
	var ids []string
	for _, d := range []string{"checkout backend", "reporting job", "checkout batch"} {
		k, err := e.client.CreateAPIKey(ctx, partner, klarna.CreateAPIKeyRequest{Description: d})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, k.CredentialID)
	}
	disabled := klarna.CredentialStatus("DISABLED")
	if _, err := e.client.UpdateAPIKey(ctx, partner, ids[2], klarna.UpdateAPIKeyRequest{Status: &disabled}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(`
data "klarna_api_keys" "all" {
  account_id = "` + partner + `"
}
data "klarna_api_keys" "checkout_enabled" {
  account_id        = "` + partner + `"
  status            = "ENABLED"
  description_regex = "^checkout"
}
data "klarna_api_keys" "disabled" {
  account_id = "` + partner + `"
  status     = "DISABLED"
}
data "klarna_api_keys" "own" {}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.klarna_api_keys.all", tfjsonpath.New("api_keys"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.klarna_api_keys.checkout_enabled", tfjsonpath.New("api_keys"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":              knownvalue.StringExact(ids[0]),
						"description":     knownvalue.StringExact("checkout backend"),
						"status":          knownvalue.StringExact("ENABLED"),
						"disabled_reason": knownvalue.Null(),
						"last_used_at":    knownvalue.Null(),
					}),
				})),
				statecheck.ExpectKnownValue("data.klarna_api_keys.disabled", tfjsonpath.New("api_keys"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":              knownvalue.StringExact(ids[2]),
						"disabled_reason": knownvalue.StringExact("MANUAL"),
					}),
				})),
				// The provider's own account holds its bootstrap key only, which it has used.
				statecheck.ExpectKnownValue("data.klarna_api_keys.own", tfjsonpath.New("api_keys"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"last_used_at": knownvalue.NotNull()}),
				})),
			},
		}},
	})
}

func TestAccClientIDsDataSource_basic(t *testing.T) {
	e := newAccEnv(t)
	c, err := e.client.CreateClientID(t.Context(), "", klarna.CreateClientIDRequest{Description: "web", AllowedOrigins: []string{"https://a.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(`data "klarna_client_ids" "own" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.klarna_client_ids.own", tfjsonpath.New("client_ids"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":              knownvalue.StringExact(c.CredentialID),
							"client_id":       knownvalue.StringExact(c.ClientID),
							"description":     knownvalue.StringExact("web"),
							"allowed_origins": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("https://a.example.com")}),
							"environment":     knownvalue.StringExact("TEST"),
							"status":          knownvalue.StringExact("ENABLED"),
							"disabled_reason": knownvalue.Null(),
							"created_at":      knownvalue.StringExact(formatTime(c.CreatedAt)),
							"last_used_at":    knownvalue.Null(),
						}),
					})),
				},
			},
		},
	})
}

func TestAccClientIDsDataSource_invalidRegex(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.config(`data "klarna_client_ids" "bad" { description_regex = "(" }`),
			PlanOnly:    true,
			ExpectError: errorRegexp("Invalid regular expression", "description_regex", "missing closing )"),
		}},
	})
}
