package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

func TestAccParseAccountIDFunction_known(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(`
output "parts" {
  value = provider::klarna::parse_account_id("krn:partner:global:account:test:AB12CD34")
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("parts", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"environment": knownvalue.StringExact("test"),
					"id":          knownvalue.StringExact("AB12CD34"),
				})),
			},
		}},
	})
}

func TestAccParseAccountIDFunction_unknown(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			// An input known only after apply gives a result known only after apply.
			Config: e.config(`
resource "terraform_data" "account" {
  input = "krn:partner:global:account:live:LYABCDEI"
}
output "parts" {
  value = provider::klarna::parse_account_id(terraform_data.account.output)
}
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownOutputValue("parts"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("parts", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"environment": knownvalue.StringExact("live"),
					"id":          knownvalue.StringExact("LYABCDEI"),
				})),
			},
		}},
	})
}

func TestAccParseAccountIDFunction_badInput(t *testing.T) {
	testFunctionBadInput(t, []functionBadInputCase{
		{"parse a live account in lower case", `parse_account_id("krn:partner:global:account:live:lyabcdei")`, []string{"Invalid function argument", "upper-case"}},
	})
}
