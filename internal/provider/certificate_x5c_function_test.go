package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func TestAccCertificateX5CFunction_known(t *testing.T) {
	e := newAccEnv(t)
	cert := e.issueOwn("API")
	parsed, err := pki.ParseCertificatePEM([]byte(cert.certPEM))
	if err != nil {
		t.Fatal(err)
	}
	e.testFunction(t, resource.TestStep{
		Config: e.config(fmt.Sprintf(`
locals {
  certificate = %s
}
output "x5c" {
  value = provider::klarna::certificate_x5c(local.certificate)
}
`, heredoc(cert.certPEM))),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("x5c", knownvalue.StringExact(pki.X5C(parsed))),
		},
	})
}

func TestAccCertificateX5CFunction_badInput(t *testing.T) {
	testFunctionBadInput(t, []functionBadInputCase{
		{"null certificate", `certificate_x5c(null)`, []string{"Invalid function argument", "certificate_pem", "must not be null"}},
		{"x5c of something else", `certificate_x5c("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n")`, []string{"Invalid function argument", "CERTIFICATE"}},
	})
}
