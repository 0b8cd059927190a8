package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
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
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// csrPEM makes a CSR with any key and subject, for refusal tests.
func csrPEM(t *testing.T, key any, subject pkix.Name) string {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: subject}, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func cnOf(t *testing.T, accountID string) string {
	t.Helper()
	a, err := krn.Parse(accountID)
	if err != nil {
		t.Fatal(err)
	}
	return a.CommonName()
}

func certificateDestroyed(e *accEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "klarna_client_certificate" {
				continue
			}
			c, err := e.client.GetClientCertificate(e.t.Context(), rs.Primary.Attributes["account_id"], rs.Primary.ID)
			if err != nil {
				return fmt.Errorf("checking certificate %s after destroy: %w", rs.Primary.ID, err)
			}
			if c.Status != "REVOKED" {
				return fmt.Errorf("certificate %s is %s after destroy, want REVOKED", rs.Primary.ID, c.Status)
			}
		}
		return nil
	}
}

func TestAccClientCertificate_refusedAtPlan(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	pcn, owncn := cnOf(t, partner), cnOf(t, e.boot.AccountID)
	p256 := newTestKey(t)
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tampered := []byte(csrPEM(t, p256, pkix.Name{CommonName: pcn}))
	block, _ := pem.Decode(tampered)
	block.Bytes[len(block.Bytes)-3] ^= 0xff
	rsaKeyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}))
	_, goodKey := newKeyPEM(t)

	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"not PEM", fmt.Sprintf("account_id = %q\ncsr_pem = \"not a CSR\"", partner), []string{"Invalid CSR", "csr_pem"}},
		{"RSA key", fmt.Sprintf("account_id = %q\ncsr_pem = %s", partner, heredoc(csrPEM(t, rsaKey, pkix.Name{CommonName: pcn}))), []string{"Invalid CSR", "RSA"}},
		{"P-384 key", fmt.Sprintf("account_id = %q\ncsr_pem = %s", partner, heredoc(csrPEM(t, p384, pkix.Name{CommonName: pcn}))), []string{"Invalid CSR", "P-384"}},
		{"extra subject attribute", fmt.Sprintf("account_id = %q\ncsr_pem = %s", partner, heredoc(csrPEM(t, p256, pkix.Name{CommonName: pcn, Organization: []string{"Acme"}}))), []string{"Invalid CSR", "csr_pem"}},
		{"wrong CN for a partner", fmt.Sprintf("usage = \"JWT_SIGNING\"\naccount_id = %q\ncsr_pem = %s", partner, heredoc(csrPEM(t, p256, pkix.Name{CommonName: "ACME"}))), []string{"Invalid CSR", `"ACME"`, pcn}},
		{"wrong CN for the own account", "usage = \"JWT_SIGNING\"\ncsr_pem = " + heredoc(csrPEM(t, p256, pkix.Name{CommonName: "ACME"})), []string{"Invalid CSR", `"ACME"`, owncn}},
		{"bad signature", fmt.Sprintf("account_id = %q\ncsr_pem = %s", partner, heredoc(string(pem.EncodeToMemory(block)))), []string{"Invalid CSR", "signature"}},
		{"both CSR and key", fmt.Sprintf("csr_pem = %s\nprivate_key_pem_wo = %s", heredoc(csrPEM(t, p256, pkix.Name{CommonName: owncn})), heredoc(goodKey)), []string{"Invalid Attribute Combination", "csr_pem"}},
		{"neither CSR nor key", "description = \"nothing\"", []string{"Missing key material", "a new one", "csr_pem", "private_key_pem_wo"}},
		{"RSA private key", "private_key_pem_wo = " + heredoc(rsaKeyPEM), []string{"Invalid private key", "private_key_pem_wo"}},
		{"unknown usage", "usage = \"TLS\"\nprivate_key_pem_wo = " + heredoc(goodKey), []string{"Invalid Attribute Value Match", "usage", `["API" "JWT_SIGNING"]`}},
		{"description too long", "description = \"" + strings.Repeat("a", 256) + "\"\nprivate_key_pem_wo = " + heredoc(goodKey), []string{"Invalid text", "description", "256 characters given; at most 255"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if !strings.Contains(body, "usage =") {
				body = "usage = \"API\"\n" + body
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      e.config("resource \"klarna_client_certificate\" \"test\" {\n" + body + "\n}\n"),
					PlanOnly:    true,
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
	if n := e.mock.Requests().ByRoute["POST /v2/account/credentials/client-certificates"] +
		e.mock.Requests().ByRoute["POST /v2/accounts/{account_id}/credentials/client-certificates"]; n != 0 {
		t.Fatalf("refused input reached the API: %d certificate requests", n)
	}
}

func TestAccClientCertificate_keyMaterialChanges(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(1)
	cn := cnOf(t, partner)
	keyA, keyAPEM := newKeyPEM(t)
	_, keyBPEM := newKeyPEM(t)
	csrA1 := csrPEM(t, keyA, pkix.Name{CommonName: cn})
	csrA2 := csrPEM(t, keyA, pkix.Name{CommonName: cn}) // same key, another CSR
	csrB := csrPEM(t, newTestKey(t), pkix.Name{CommonName: cn})
	config := func(material string) string {
		return e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "test" {
  account_id = %q
  usage      = "JWT_SIGNING"
  %s
}
`, partner, material))
	}
	const addr = "klarna_client_certificate.test"
	var id string
	countCreates := func() int {
		return e.mock.Requests().ByRoute["POST /v2/accounts/{account_id}/credentials/client-certificates"]
	}
	creates := 0
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             certificateDestroyed(e),
		Steps: []resource.TestStep{
			{
				Config: config("csr_pem = " + heredoc(csrA1)),
				ConfigStateChecks: []statecheck.StateCheck{
					rememberID(addr, &id),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("ready_for_renewal"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("early_renewal_days"), knownvalue.Int64Exact(30)),
					check(func(context.Context, statecheck.CheckStateRequest) error { creates = countCreates(); return nil }),
				},
			},
			{
				// A new CSR for the same key and CN is recorded, not issued again.
				Config: config("csr_pem = " + heredoc(csrA2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						got, err := attrOf(req, addr, "id")
						if err != nil || got != id || countCreates() != creates {
							return fmt.Errorf("the certificate was issued again (%s → %s, %w)", id, got, err)
						}
						return nil
					}),
				},
			},
			{
				// Switching to the write-only form of the same key replaces nothing.
				Config: config("private_key_pem_wo = " + heredoc(keyAPEM)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				// Setting a version where the state has none only records it.
				Config: config("private_key_pem_wo = " + heredoc(keyAPEM) + "\n  private_key_wo_version = 1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				// A version bump replaces the certificate.
				Config: config("private_key_pem_wo = " + heredoc(keyAPEM) + "\n  private_key_wo_version = 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{
				// Another key, even without a version bump, replaces it.
				Config: config("private_key_pem_wo = " + heredoc(keyBPEM) + "\n  private_key_wo_version = 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						certPEM, err := attrOf(req, addr, "certificate_pem")
						if err != nil {
							return err
						}
						cert, err := pki.ParseCertificatePEM([]byte(certPEM))
						if err != nil {
							return err
						}
						keyB, _ := pki.ParsePrivateKeyPEM([]byte(keyBPEM))
						if !pki.SamePublicKey(cert.PublicKey, keyB.Public()) {
							return fmt.Errorf("the certificate is not for the new key")
						}
						return nil
					}),
				},
			},
			{
				// A CSR for another key replaces it.
				Config: config("csr_pem = " + heredoc(csrB)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{rememberID(addr, &id)},
			},
			{
				// Revoked out of band: removed from state and issued again.
				PreConfig: func() {
					if err := e.client.RevokeClientCertificate(t.Context(), partner, id); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("csr_pem = " + heredoc(csrB)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
			{
				ResourceName: addr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return partner + "/" + s.RootModule().Resources[addr].Primary.ID, nil
				},
				ImportStateVerify: true,
				// The API never returns the CSR or the key version.
				ImportStateVerifyIgnore: []string{"csr_pem", "private_key_wo_version"},
			},
		},
	})
}

func TestAccClientCertificate_limitOfTen(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(2)
	cn := cnOf(t, partner)
	for range 10 {
		if _, err := e.client.CreateClientCertificate(t.Context(), partner, klarna.CreateClientCertificateRequest{
			CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cn}), Usage: "JWT_SIGNING",
		}); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "eleventh" {
  account_id = %q
  usage      = "API"
  csr_pem    = %s
}
`, partner, heredoc(csrPEM(t, newTestKey(t), pkix.Name{CommonName: cn})))),
				ExpectError: errorRegexp("Unable to create client certificate", "10 ACTIVE", "Free a slot", "klarna_client_certificates", "CERTIFICATE_LIMIT_REACHED"),
			},
			{
				Config: e.config(fmt.Sprintf(`
data "klarna_client_certificates" "active" {
  account_id = %q
  status     = "ACTIVE"
}
data "klarna_client_certificates" "api" {
  account_id = %q
  usage      = "API"
}
`, partner, partner)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.klarna_client_certificates.active", tfjsonpath.New("client_certificates"), knownvalue.ListSizeExact(10)),
					statecheck.ExpectKnownValue("data.klarna_client_certificates.api", tfjsonpath.New("client_certificates"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

func TestAccClientCertificate_ownAccountIDInEitherForm(t *testing.T) {
	e := newAccEnv(t)
	csr := csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)})
	body := func(explicit bool) string {
		account := ""
		if explicit {
			account = fmt.Sprintf("account_id = %q", e.boot.AccountID)
		}
		return fmt.Sprintf(`
resource "klarna_client_certificate" "test" {
  usage   = "JWT_SIGNING"
  csr_pem = %s
  %s
}
`, heredoc(csr), account)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             certificateDestroyed(e),
		// An import records csr_pem, which the API never returns, in place.
		Steps: e.ownAccountIDSteps("klarna_client_certificate.test", body, plancheck.ResourceActionUpdate),
	})
}

// Recording an input in place, after a create or an import, plans ready_for_renewal as known.
func TestAccClientCertificate_inPlaceUpdatePlansOnlyWhatChanges(t *testing.T) {
	e := newAccEnv(t)
	const addr = "klarna_client_certificate.test"
	csr := csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)})
	config := func(days int) string {
		return e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "test" {
  usage              = "JWT_SIGNING"
  csr_pem            = %s
  early_renewal_days = %d
}
`, heredoc(csr), days))
	}
	known := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("ready_for_renewal"), knownvalue.Bool(false)),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             certificateDestroyed(e),
		Steps: []resource.TestStep{
			{Config: config(30)},
			{Config: config(60), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: known}},
			{
				// An import records csr_pem in place.
				Config:             config(60),
				ResourceName:       addr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks:   resource.ImportPlanChecks{PreApply: known},
			},
		},
	})
}

func TestLockoutRemedy_saysWhatToDoForWhoPresentsIt(t *testing.T) {
	t.Parallel()
	const partner = "krn:partner:global:account:test:PART0001"
	for _, tc := range []struct {
		name    string
		l       lockout
		want    []string
		mustNot []string
	}{
		{"presented by the provider", lockout{kind: presentedByUs}, []string{"client_certificate_pem", "successor"}, []string{"partner"}},
		{"own account's last", lockout{kind: lastOfOwn}, []string{"Issue its successor", "client_certificate_pem", "klarna_mtls_enforcement"}, []string{"partner"}},
		{"partner's last", lockout{kind: lastOfPartner, account: partner},
			[]string{`account_id = "` + partner + `"`, "have the partner install it", "klarna_mtls_enforcement"},
			[]string{"client_certificate_pem", "client_private_key_pem", envClientCertFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := lockoutRemedy(tc.l)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("remedy lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.mustNot {
				if strings.Contains(got, w) {
					t.Errorf("remedy must not mention %q:\n%s", w, got)
				}
			}
		})
	}
	for _, w := range []string{"still in the configuration", "putting the block back", "removed block", "terraform state rm"} {
		if !strings.Contains(lockoutOverride, w) {
			t.Errorf("override lacks %q:\n%s", w, lockoutOverride)
		}
	}
}

// Removing a partner's last API certificate from the configuration while its enforcement is
// set is refused with what to do for a partner and for a removed resource.
func TestAccClientCertificate_lockoutGuardHintForRemovedPartnerCertificate(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	csr := csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, partner)})
	from := e.mock.Clock().Now().Add(24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	certificate := fmt.Sprintf(`
resource "klarna_client_certificate" "partner" {
  account_id = %q
  usage      = "API"
  csr_pem    = %s
}
`, partner, heredoc(csr))
	enforcement := func(dependsOn string) string {
		return fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  account_id    = %q
  enforced_from = %q
  %s
}
`, partner, from, dependsOn)
	}
	withCertificate := e.config(certificate + enforcement("depends_on = [klarna_client_certificate.partner]"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             certificateDestroyed(e),
		Steps: []resource.TestStep{
			{Config: withCertificate},
			{
				Config: e.config(enforcement("")),
				ExpectError: errorRegexp("Unable to revoke client certificate", "last ACTIVE API certificate",
					"provider's own settings play no part", `account_id = "`+partner+`"`, "have the partner install it",
					"removed from the configuration", "putting the block back", "removed block"),
			},
			{
				// Put back as it was, the certificate is still managed and plans no change.
				Config: withCertificate,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("klarna_client_certificate.partner", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

func TestAccClientCertificate_createAnsweredUnusably(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mangle func(map[string]any) []byte
		withID bool
		field  string
	}{
		{"no ID", without("certificate_id"), false, ""},
		{"undecodable", garbled, false, ""},
		{"no certificate, read back", emptied("certificate"), true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			p := e.mangleCreates(t)
			csr := csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)})
			count := func() int {
				certs, err := e.client.ListClientCertificates(t.Context(), "")
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, c := range certs {
					if c.Description == "mangled" && c.Status == "ACTIVE" {
						n++
					}
				}
				return n
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: e.unusableCreateSteps(t, p, "klarna_client_certificate.test", fmt.Sprintf(`
resource "klarna_client_certificate" "test" {
  usage       = "JWT_SIGNING"
  description = "mangled"
  csr_pem     = %s
}
`, heredoc(csr)), tc.field, "klarna_client_certificates", tc.mangle, tc.withID, count),
			})
		})
	}
}

// TestAccClientCertificate_neitherKeyMaterialWhileNotReissued plans a certificate whose
// configuration holds neither csr_pem nor private_key_pem_wo, as after an import or as
// `terraform query` generates it: no change while the certificate stays as it is; a plan
// that would issue it again fails at plan and names both attributes.
func TestAccClientCertificate_neitherKeyMaterialWhileNotReissued(t *testing.T) {
	e := newAccEnv(t)
	_, keyPEM := newKeyPEM(t)
	cert := func(description, keyMaterial string) string {
		return e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "test" {
  usage       = "API"
  description = %q
%s
}
`, description, keyMaterial))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: cert("adopted", "  private_key_pem_wo = "+heredoc(keyPEM))},
			{
				Config:   cert("adopted", ""),
				PlanOnly: true,
			},
			{
				Config:      cert("adopted, renamed", ""),
				PlanOnly:    true,
				ExpectError: errorRegexp("Missing key material", "a replacement: description changes", "csr_pem", "private_key_pem_wo"),
			},
		},
	})
}
