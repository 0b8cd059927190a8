package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func TestAccFunctions_known(t *testing.T) {
	e := newAccEnv(t)
	cert := e.issueOwn("API")
	parsed, err := pki.ParseCertificatePEM([]byte(cert.certPEM))
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf(`
output "cn" {
  value = provider::klarna::account_common_name("krn:partner:global:account:live:LYABCDEI")
}
output "parts" {
  value = provider::klarna::parse_account_id("krn:partner:global:account:test:AB12CD34")
}
locals {
  certificate = %s
}
output "x5c" {
  value = provider::klarna::certificate_x5c(local.certificate)
}
`, heredoc(cert.certPEM))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("cn", knownvalue.StringExact("LYABCDEI")),
				statecheck.ExpectKnownOutputValue("parts", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"environment": knownvalue.StringExact("test"),
					"id":          knownvalue.StringExact("AB12CD34"),
				})),
				statecheck.ExpectKnownOutputValue("x5c", knownvalue.StringExact(pki.X5C(parsed))),
			},
		}},
	})
}

func TestAccFunctions_unknown(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				// An input known only after apply gives a result known only after apply.
				Config: e.config(`
resource "terraform_data" "account" {
  input = "krn:partner:global:account:live:LYABCDEI"
}
output "cn" {
  value = provider::klarna::account_common_name(terraform_data.account.output)
}
output "parts" {
  value = provider::klarna::parse_account_id(terraform_data.account.output)
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownOutputValue("cn"),
					plancheck.ExpectUnknownOutputValue("parts"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("cn", knownvalue.StringExact("LYABCDEI")),
				},
			},
		},
	})
}

func TestAccFunctions_badInput(t *testing.T) {
	e := newAccEnv(t)
	for _, tc := range []struct {
		name, call string
		want       []string
	}{
		{"common name of a malformed account", `account_common_name("LYABCDEI")`, []string{"Invalid function argument", "does not start with"}},
		{"parse a live account in lower case", `parse_account_id("krn:partner:global:account:live:lyabcdei")`, []string{"Invalid function argument", "upper-case"}},
		{"null account", `account_common_name(null)`, []string{"Invalid function argument", "account_id", "must not be null"}},
		{"null certificate", `certificate_x5c(null)`, []string{"Invalid function argument", "certificate_pem", "must not be null"}},
		{"x5c of something else", `certificate_x5c("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n")`, []string{"Invalid function argument", "CERTIFICATE"}},
	} {
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
