package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// mtlsClient is a client of the mock that presents the certificate in certFile.
func (e *accEnv) mtlsClient(certFile, keyPEM string) *klarna.Client {
	e.t.Helper()
	cert, err := os.ReadFile(certFile) //nolint:gosec // a file of the test's own temporary directory
	if err != nil {
		e.t.Fatal(err)
	}
	return mocktest.Client(e.t, e.mock, func(c *klarna.Config) {
		c.ClientCertificatePEM = cert
		c.ClientPrivateKeyPEM = []byte(keyPEM)
	})
}

func TestAccMTLSEnforcement_rollout(t *testing.T) {
	e := newAccEnv(t)
	_, apiKeyPEM := newKeyPEM(t)
	_, jwtCSR := opensslCSR(t, e.boot.AccountID)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	if err := os.WriteFile(keyFile, []byte(apiKeyPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	own, _ := krn.Parse(e.boot.AccountID)

	certs := fmt.Sprintf(`
resource "klarna_client_certificate" "api" {
  usage              = "API"
  description        = "provider mTLS"
  private_key_pem_wo = %s

  lifecycle {
    create_before_destroy = true
  }
}

resource "klarna_client_certificate" "jwt" {
  usage   = "JWT_SIGNING"
  csr_pem = %s
}

data "klarna_account" "me" {
  depends_on = [klarna_client_certificate.api]
}
`, heredoc(apiKeyPEM), heredoc(jwtCSR))
	enforcement := `
resource "klarna_mtls_enforcement" "own" {
  enforced_from = "NOW"
  depends_on    = [klarna_client_certificate.api, klarna_client_certificate.jwt]
}
`
	withCert := e.providerBlock(fmt.Sprintf("  client_certificate_pem = file(%q)\n  client_private_key_pem = file(%q)", certFile, keyFile))
	var apiID string
	mtlsRequired := func() int { return e.mock.ErrorCodes()[klarna.CodeMTLSRequired] }
	var mtlsRequiredBefore int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(s *terraform.State) error {
			ctx := t.Context()
			c := e.mtlsClient(certFile, apiKeyPEM)
			enf, err := c.GetMTLSEnforcement(ctx, "")
			if err != nil {
				return err
			}
			if enf.EnforcedFrom != nil {
				return fmt.Errorf("the enforcement is still set after destroy: %+v", enf)
			}
			list, err := c.ListClientCertificates(ctx, "")
			if err != nil {
				return err
			}
			for _, cert := range list {
				if cert.Status == "ACTIVE" {
					return fmt.Errorf("certificate %s is still ACTIVE after destroy", cert.CertificateID)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// (1) An API certificate from a write-only key, a JWT_SIGNING one from an openssl CSR;
				// (2) the provider presents no certificate yet.
				Config: e.providerBlock() + certs,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("klarna_client_certificate.api", tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue("klarna_client_certificate.api", tfjsonpath.New("subject_common_name"), knownvalue.StringExact(own.CommonName())),
					statecheck.ExpectKnownValue("klarna_client_certificate.api", tfjsonpath.New("private_key_pem_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue("klarna_client_certificate.jwt", tfjsonpath.New("usage"), knownvalue.StringExact("JWT_SIGNING")),
					statecheck.ExpectKnownValue("klarna_client_certificate.jwt", tfjsonpath.New("x5c"), knownvalue.StringRegexp(base64Pattern)),
					statecheck.ExpectKnownValue("data.klarna_account.me", tfjsonpath.New("mtls_verification_status"), knownvalue.StringExact("NOT_PRESENT")),
					noPrivateKeyInState(),
					rememberID("klarna_client_certificate.api", &apiID),
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						pemText, err := attrOf(req, "klarna_client_certificate.api", "certificate_pem")
						if err != nil {
							return err
						}
						return os.WriteFile(certFile, []byte(pemText), 0o600)
					}),
				},
			},
			{
				// (3) The guard refuses to enforce while the provider's connection does not verify.
				Config:      e.providerBlock() + certs + enforcement,
				ExpectError: errorRegexp("provider's own connection does not verify", "NOT_PRESENT", "client_certificate_pem"),
			},
			{
				// (4) With the issued certificate the connection verifies and NOW enforces.
				Config: withCert + certs + enforcement,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.klarna_account.me", tfjsonpath.New("mtls_verification_status"), knownvalue.StringExact("VALID")),
					statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("status"), knownvalue.StringExact("ENFORCED")),
					statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("id"), knownvalue.StringExact(e.boot.AccountID)),
					statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("enforced_at"), knownvalue.NotNull()),
				},
			},
			{
				// (5) A provider without the certificate now gets a clear MTLS_REQUIRED error.
				Config:      e.providerBlock() + certs + enforcement,
				ExpectError: errorRegexp("MTLS_REQUIRED", "client_certificate_pem"),
			},
			{
				Config:                  withCert + certs + enforcement,
				ResourceName:            "klarna_client_certificate.jwt",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"csr_pem"},
			},
			{
				// The imported JWT certificate plans only recording its CSR.
				Config:             withCert + certs + enforcement,
				ResourceName:       "klarna_client_certificate.jwt",
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("klarna_client_certificate.jwt", plancheck.ResourceActionUpdate),
				}},
			},
			{
				// The imported API certificate, whose write-only key matches, plans nothing.
				Config:          withCert + certs + enforcement,
				ResourceName:    "klarna_client_certificate.api",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				Config:                  withCert + certs + enforcement,
				ResourceName:            "klarna_mtls_enforcement.own",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"enforced_from"},
			},
			{
				// Drift: the enforcement removed out of band is enforced again in place.
				PreConfig: func() {
					if err := e.mtlsClient(certFile, apiKeyPEM).RemoveMTLSEnforcement(t.Context(), ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: withCert + certs + enforcement,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("klarna_mtls_enforcement.own", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("status"), knownvalue.StringExact("ENFORCED")),
				},
			},
			{
				// (7) Close to expiry the plan replaces the certificate; the first apply issues the
				// successor and refuses to revoke the certificate the provider still presents.
				PreConfig: func() {
					mtlsRequiredBefore = mtlsRequired()
					c := e.mtlsClient(certFile, apiKeyPEM)
					cert, err := c.GetClientCertificate(t.Context(), "", apiID)
					if err != nil {
						t.Fatal(err)
					}
					e.advanceUntil(c, cert.NotAfter.Add(-20*24*time.Hour))
				},
				Config: withCert + certs + enforcement,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("klarna_client_certificate.api", plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ExpectError: errorRegexp("Unable to revoke client certificate", "lock the account out", "provider itself presents", "Install the successor"),
			},
			{
				// Once the provider presents the successor, the next apply revokes the old one.
				PreConfig: func() {
					c := e.mtlsClient(certFile, apiKeyPEM)
					list, err := c.ListClientCertificates(t.Context(), "")
					if err != nil {
						t.Fatal(err)
					}
					var successor *klarna.ClientCertificate
					for i, cert := range list {
						if cert.Usage == "API" && cert.Status == "ACTIVE" && cert.CertificateID != apiID {
							successor = &list[i]
						}
					}
					if successor == nil {
						t.Fatal("the first renewal apply issued no successor")
					}
					if err := os.WriteFile(certFile, []byte(successor.Certificate), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config: withCert + certs + enforcement,
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(ctx context.Context, req statecheck.CheckStateRequest) error {
						c := e.mtlsClient(certFile, apiKeyPEM)
						old, err := c.GetClientCertificate(ctx, "", apiID)
						if err != nil {
							return err
						}
						if old.Status != "REVOKED" {
							return fmt.Errorf("the old certificate is %s, want REVOKED", old.Status)
						}
						newID, err := attrOf(req, "klarna_client_certificate.api", "id")
						if err != nil || newID == apiID {
							return fmt.Errorf("the state still holds the old certificate (%w)", err)
						}
						if n := mtlsRequired(); n != mtlsRequiredBefore {
							return fmt.Errorf("the account answered MTLS_REQUIRED %d times during the renewal", n-mtlsRequiredBefore)
						}
						return nil
					}),
					statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("status"), knownvalue.StringExact("ENFORCED")),
				},
			},
		},
	})
}

// advanceUntil moves the mock clock to t in steps short enough that the provider's key,
// used between steps through c, never counts as inactive.
func (e *accEnv) advanceUntil(c *klarna.Client, t time.Time) {
	e.t.Helper()
	ctx := e.t.Context()
	for {
		now := e.mock.Clock().Now()
		if !now.Before(t) {
			return
		}
		step := min(t.Sub(now), 50*24*time.Hour)
		if _, err := e.mock.AdvanceClock(step); err != nil {
			e.t.Fatal(err)
		}
		if _, err := c.WhoAmI(ctx); err != nil {
			e.t.Fatalf("using the provider's key while moving the clock: %v", err)
		}
	}
}

// noPrivateKeyInState fails when any value in the state holds a private key.
func noPrivateKeyInState() check {
	return func(_ context.Context, req statecheck.CheckStateRequest) error {
		for _, r := range req.State.Values.RootModule.Resources {
			for attr, v := range r.AttributeValues {
				if s, ok := v.(string); ok && strings.Contains(s, "PRIVATE KEY") {
					return fmt.Errorf("%s.%s holds a private key", r.Address, attr)
				}
			}
		}
		return nil
	}
}
