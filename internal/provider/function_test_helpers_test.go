package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// testFunction runs steps that call the provider's functions, on a Terraform that has
// provider functions (1.8 or later).
func (e *accEnv) testFunction(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps:                    steps,
	})
}

// functionStep calls a provider function (call, e.g. `parse_account_id("...")`) as an
// output, which must be want.
func (e *accEnv) functionStep(call string, want knownvalue.Check) resource.TestStep {
	return resource.TestStep{
		Config:            e.config(`output "result" { value = provider::klarna::` + call + ` }`),
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("result", want)},
	}
}

// functionErrorStep calls a provider function as an output, which Terraform must refuse
// with the diagnostics in want.
func (e *accEnv) functionErrorStep(call string, want ...string) resource.TestStep {
	return resource.TestStep{
		Config:      e.config(`output "result" { value = provider::klarna::` + call + ` }`),
		ExpectError: errorRegexp(want...),
	}
}

// functionUnknownStep calls a provider function on an argument known only after apply:
// call holds %s where that argument goes, and input is its value once applied. The result
// is unknown at plan, and want after apply.
func (e *accEnv) functionUnknownStep(call, input string, want knownvalue.Check) resource.TestStep {
	return resource.TestStep{
		Config: e.config(fmt.Sprintf(`
resource "terraform_data" "later" {
  input = %q
}
output "result" {
  value = provider::klarna::%s
}
`, input, fmt.Sprintf(call, "terraform_data.later.output"))),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectUnknownOutputValue("result"),
		}},
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("result", want)},
	}
}

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
			e.testFunction(t, e.functionErrorStep(tc.call, tc.want...))
		})
	}
}
