package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccAccountDataSource_basic(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(`data "klarna_account" "me" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.klarna_account.me", tfjsonpath.New("account_id"), knownvalue.StringExact(e.boot.AccountID)),
				statecheck.ExpectKnownValue("data.klarna_account.me", tfjsonpath.New("environment"), knownvalue.StringExact("TEST")),
				statecheck.ExpectKnownValue("data.klarna_account.me", tfjsonpath.New("mtls_enabled"), knownvalue.Bool(false)),
				// No API certificate yet: the API sends no verification header.
				statecheck.ExpectKnownValue("data.klarna_account.me", tfjsonpath.New("mtls_verification_status"), knownvalue.Null()),
			},
		}},
	})
}
