package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// functionBadInputCase is a call of a provider function that Terraform must refuse with the
// diagnostics in want.
type functionBadInputCase struct {
	name, call string
	want       []string
}

// testFunctionBadInput runs each call as an output and expects its error.
func testFunctionBadInput(t *testing.T, cases []functionBadInputCase) {
	t.Helper()
	e := newAccEnv(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      e.config(`output "x" { value = provider::klarna::` + tc.call + ` }`),
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
}

func TestAccAccountCommonNameFunction_known(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(`
output "cn" {
  value = provider::klarna::account_common_name("krn:partner:global:account:live:LYABCDEI")
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("cn", knownvalue.StringExact("LYABCDEI")),
			},
		}},
	})
}

func TestAccAccountCommonNameFunction_unknown(t *testing.T) {
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
output "cn" {
  value = provider::klarna::account_common_name(terraform_data.account.output)
}
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownOutputValue("cn"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("cn", knownvalue.StringExact("LYABCDEI")),
			},
		}},
	})
}

func TestAccAccountCommonNameFunction_badInput(t *testing.T) {
	testFunctionBadInput(t, []functionBadInputCase{
		{"common name of a malformed account", `account_common_name("LYABCDEI")`, []string{"Invalid function argument", "does not start with"}},
		{"null account", `account_common_name(null)`, []string{"Invalid function argument", "account_id", "must not be null"}},
	})
}
