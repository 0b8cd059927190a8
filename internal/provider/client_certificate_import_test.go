package provider

import (
	"crypto/x509/pkix"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// An imported certificate is configured as terraform query writes it: with neither csr_pem
// nor private_key_pem_wo. It imports and plans no change; only a plan that would issue it
// again fails, naming what to add, and adding a CSR for the same key only records it.
func TestAccClientCertificate_importedWithoutKeyMaterial(t *testing.T) {
	e := newAccEnv(t)
	issued := e.issueOwn(apirules.UsageJWTSigning)
	key, err := pki.ParsePrivateKeyPEM([]byte(issued.keyPEM))
	if err != nil {
		t.Fatal(err)
	}
	sameKeyCSR := csrPEM(t, key, pkix.Name{CommonName: cnOf(t, e.boot.AccountID)})
	config := func(body string) string {
		return e.config(fmt.Sprintf(`
import {
  to = klarna_client_certificate.adopted
  id = %q
}
resource "klarna_client_certificate" "adopted" {
  account_id = %q
  usage      = "JWT_SIGNING"
%s
}
`, issued.id, e.boot.AccountID, body))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: config(`  description = ""`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("klarna_client_certificate.adopted", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("klarna_client_certificate.adopted", tfjsonpath.New("certificate_pem"), knownvalue.StringExact(issued.certPEM)),
					statecheck.ExpectKnownValue("klarna_client_certificate.adopted", tfjsonpath.New("csr_pem"), knownvalue.Null()),
				},
			},
			{
				Config:      config(`  description = "renamed"`),
				PlanOnly:    true,
				ExpectError: errorRegexp("Missing key material", "description changes", "csr_pem", "private_key_pem_wo"),
			},
			{
				Config: config(`  csr_pem = ` + heredoc(sameKeyCSR)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("klarna_client_certificate.adopted", plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}
