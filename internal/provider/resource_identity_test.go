package provider

import (
	"crypto/x509/pkix"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// Resource identity and import blocks with identity need Terraform 1.12 or later.
var identityVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// lowerUUIDPattern is a UUID as the API returns it, in lower case.
var lowerUUIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// liveAccount is an account of the other environment than the mock's test accounts.
const liveAccount = "krn:partner:global:account:live:LYABCDEI"

// identityLifecycleSteps create the resource, check its identity, and import it again with
// an import block holding that identity, which must plan no replacement.
func identityLifecycleSteps(config, addr string, want map[string]knownvalue.Check, importAction plancheck.ResourceActionType) []resource.TestStep {
	return []resource.TestStep{
		{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, want)},
		},
		{
			Config:             config,
			ResourceName:       addr,
			ImportState:        true,
			ImportStateKind:    resource.ImportBlockWithResourceIdentity,
			ExpectNonEmptyPlan: importAction != plancheck.ResourceActionNoop,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				expectNoReplace(addr),
				plancheck.ExpectResourceAction(addr, importAction),
			}},
		},
	}
}

// withImportIdentity is config with an import block that imports addr by identity, given as
// HCL attribute lines.
func withImportIdentity(config, addr, identity string) string {
	return config + fmt.Sprintf("\nimport {\n  to = %s\n  identity = {\n    %s\n  }\n}\n", addr, identity)
}

// importByIdentityStep imports addr into config by identity and checks the identity stored.
func importByIdentityStep(config, addr, identity string, want map[string]knownvalue.Check, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{
		Config:            withImportIdentity(config, addr, identity),
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectNoReplace(addr)}},
		ConfigStateChecks: append([]statecheck.StateCheck{statecheck.ExpectIdentity(addr, want)}, checks...),
	}
}

// refusedIdentityStep expects the import of addr by identity to fail saying want.
func refusedIdentityStep(config, addr, identity string, want ...string) resource.TestStep {
	return resource.TestStep{Config: withImportIdentity(config, addr, identity), ExpectError: errorRegexp(want...)}
}

func TestAccAPIKey_identity(t *testing.T) {
	e := newAccEnv(t)
	config := e.config(`
resource "klarna_api_key" "test" {
  description = "identity"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: identityLifecycleSteps(config, apiKeyAddr, map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.boot.AccountID),
			"id":         knownvalue.StringRegexp(lowerUUIDPattern),
		}, plancheck.ResourceActionNoop),
	})
}

func TestAccAPIKey_importByIdentity(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	own, err := e.client.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "own"})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := e.client.CreateAPIKey(t.Context(), partner, klarna.CreateAPIKeyRequest{Description: "partner"})
	if err != nil {
		t.Fatal(err)
	}
	ownConfig := e.config(`
resource "klarna_api_key" "own" {
  description = "own"
}
`)
	bothConfig := ownConfig + fmt.Sprintf(`
resource "klarna_api_key" "partner" {
  account_id  = %q
  description = "partner"
}
`, partner)
	ownID, partnerID := own.CredentialID, theirs.CredentialID
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			// Identity input is held to the rules of the string import ID.
			refusedIdentityStep(ownConfig, "klarna_api_key.own", `id = ""`, "Invalid import identity", "id must be the <credential_id>, a UUID"),
			refusedIdentityStep(ownConfig, "klarna_api_key.own", `id = "not-a-uuid"`, "Invalid import identity", `"not-a-uuid" is not a UUID`),
			refusedIdentityStep(ownConfig, "klarna_api_key.own", fmt.Sprintf(`account_id = ""
    id = %q`, ownID), "Invalid import identity", "account_id must be an account ID"),
			refusedIdentityStep(ownConfig, "klarna_api_key.own", fmt.Sprintf(`account_id = "acme"
    id = %q`, ownID), "Invalid import identity", "account_id must be an account ID"),
			refusedIdentityStep(ownConfig, "klarna_api_key.own", fmt.Sprintf(`account_id = %q
    id = %q`, liveAccount, ownID), "Invalid import identity", "is a live account", "configured for the test environment"),
			// Without account_id: the provider's own account, and the identity says so.
			importByIdentityStep(ownConfig, "klarna_api_key.own", fmt.Sprintf("id = %q", ownID), map[string]knownvalue.Check{
				"account_id": knownvalue.StringExact(e.boot.AccountID),
				"id":         knownvalue.StringExact(ownID),
			}, statecheck.ExpectKnownValue("klarna_api_key.own", tfjsonpath.New("account_id"), knownvalue.StringExact(e.boot.AccountID))),
			importByIdentityStep(bothConfig, "klarna_api_key.partner", fmt.Sprintf(`account_id = %q
    id = %q`, partner, partnerID), map[string]knownvalue.Check{
				"account_id": knownvalue.StringExact(partner),
				"id":         knownvalue.StringExact(partnerID),
			}, statecheck.ExpectKnownValue("klarna_api_key.partner", tfjsonpath.New("description"), knownvalue.StringExact("partner"))),
		},
	})
}

func TestAccClientID_identity(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	existing, err := e.client.CreateClientID(t.Context(), "", klarna.CreateClientIDRequest{
		Description: "existing", AllowedOrigins: []string{"https://shop.example"},
	})
	if err != nil {
		t.Fatal(err)
	}
	config := e.config(fmt.Sprintf(`
resource "klarna_client_id" "test" {
  account_id      = %q
  description     = "storefront"
  allowed_origins = ["https://shop.example"]
}
`, partner))
	existingConfig := config + `
resource "klarna_client_id" "existing" {
  description     = "existing"
  allowed_origins = ["https://shop.example"]
}
`
	steps := identityLifecycleSteps(config, clientIDAddr, map[string]knownvalue.Check{
		"account_id": knownvalue.StringExact(partner),
		"id":         knownvalue.StringRegexp(lowerUUIDPattern),
	}, plancheck.ResourceActionNoop)
	steps = append(steps,
		refusedIdentityStep(existingConfig, "klarna_client_id.existing", fmt.Sprintf(`account_id = "krn:partner:global:account:test:"
    id = %q`, existing.CredentialID), "Invalid import identity", "account_id must be an account ID"),
		importByIdentityStep(existingConfig, "klarna_client_id.existing", fmt.Sprintf("id = %q", existing.CredentialID), map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.boot.AccountID),
			"id":         knownvalue.StringExact(existing.CredentialID),
		}),
	)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_client_id", func(account, id string) error {
			_, err := e.client.GetClientID(t.Context(), account, id)
			return err
		}),
		Steps: steps,
	})
}

func TestAccClientCertificate_identity(t *testing.T) {
	e := newAccEnv(t)
	csr := csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)})
	existingCSR := csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)})
	existing, err := e.client.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{CSR: existingCSR, Usage: "JWT_SIGNING"})
	if err != nil {
		t.Fatal(err)
	}
	config := e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "test" {
  usage   = "JWT_SIGNING"
  csr_pem = %s
}
`, heredoc(csr)))
	existingConfig := config + fmt.Sprintf(`
resource "klarna_client_certificate" "existing" {
  usage   = "JWT_SIGNING"
  csr_pem = %s
}
`, heredoc(existingCSR))
	// An import records csr_pem, which the API never returns, in place.
	steps := identityLifecycleSteps(config, "klarna_client_certificate.test", map[string]knownvalue.Check{
		"account_id": knownvalue.StringExact(e.boot.AccountID),
		"id":         knownvalue.StringRegexp(lowerUUIDPattern),
	}, plancheck.ResourceActionUpdate)
	steps = append(steps,
		refusedIdentityStep(existingConfig, "klarna_client_certificate.existing", `id = "5fc0da21"`,
			"Invalid import identity", "id must be the <certificate_id>, a UUID"),
		importByIdentityStep(existingConfig, "klarna_client_certificate.existing", fmt.Sprintf("id = %q", existing.CertificateID), map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.boot.AccountID),
			"id":         knownvalue.StringExact(existing.CertificateID),
		}, statecheck.ExpectIdentityValue("klarna_client_certificate.existing", tfjsonpath.New("account_id"), knownvalue.StringExact(e.boot.AccountID))),
	)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             certificateDestroyed(e),
		Steps:                    steps,
	})
}

func TestAccMTLSEnforcement_identity(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	for _, account := range []string{"", partner} {
		if _, err := e.client.CreateClientCertificate(t.Context(), account, klarna.CreateClientCertificateRequest{
			CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)}), Usage: "API",
		}); err != nil {
			t.Fatal(err)
		}
	}
	from := e.mock.Clock().Now().Add(24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	if _, err := e.client.EnforceMTLS(t.Context(), "", from); err != nil {
		t.Fatal(err)
	}
	partnerConfig := e.config(fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  account_id    = %q
  enforced_from = %q
}
`, partner, from))
	ownConfig := partnerConfig + fmt.Sprintf(`
resource "klarna_mtls_enforcement" "own" {
  enforced_from               = %q
  require_verified_connection = false
}
`, from)
	steps := identityLifecycleSteps(partnerConfig, enforcementAddr, map[string]knownvalue.Check{
		"account_id": knownvalue.StringExact(partner),
	}, plancheck.ResourceActionNoop)
	steps = append(steps,
		refusedIdentityStep(ownConfig, "klarna_mtls_enforcement.own", `account_id = "krn:partner:global:account:test:ab12"`,
			"Invalid import identity", "account_id must be <account_id>"),
		refusedIdentityStep(ownConfig, "klarna_mtls_enforcement.own", fmt.Sprintf("account_id = %q", liveAccount),
			"Invalid import identity", "is a live account"),
		// An identity without account_id is the provider's own account.
		importByIdentityStep(ownConfig, "klarna_mtls_enforcement.own", "", map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.boot.AccountID),
		}, statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("id"), knownvalue.StringExact(e.boot.AccountID))),
	)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			for _, account := range []string{"", partner} {
				enf, err := e.client.GetMTLSEnforcement(t.Context(), account)
				if err != nil {
					return err
				}
				if enf.EnforcedFrom != nil {
					return fmt.Errorf("the enforcement of %q is still set: %+v", account, enf)
				}
			}
			return nil
		},
		Steps: steps,
	})
}

func TestAccPortalUser_identity(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0, p1 := e.partner(0), e.partner(1)
	provider := e.providerBlock(signing.signingBlock())
	e.grantByHand(signing, "ops@example.com", p1, "merchant:admin")
	config := provider + portalUserConfig(p0, "merchant:developer")
	existingConfig := config + fmt.Sprintf(`
resource "klarna_portal_user" "existing" {
  email      = "Ops@Example.com"
  account_id = %q
  roles      = ["merchant:admin"]
}
`, p1)
	const existing = "klarna_portal_user.existing"
	// The identity holds the email as Klarna stores it, in lower case: an import by identity
	// records the configuration's case in place.
	steps := identityLifecycleSteps(config, portalUserAddr, map[string]knownvalue.Check{
		"account_id":   knownvalue.StringExact(p0),
		"on_behalf_of": knownvalue.StringExact(p0),
		"email":        knownvalue.StringExact("dev.ops@example.com"),
	}, plancheck.ResourceActionUpdate)
	steps = append(steps,
		refusedIdentityStep(existingConfig, existing, fmt.Sprintf(`account_id = %q
    email = "Ops@Example.com"`, e.boot.AccountID), "Invalid import identity", "is the provider's own account"),
		refusedIdentityStep(existingConfig, existing, fmt.Sprintf(`account_id = %q
    on_behalf_of = ""
    email = "Ops@Example.com"`, p1), "Invalid import identity", "empty on_behalf_of"),
		refusedIdentityStep(existingConfig, existing, fmt.Sprintf(`account_id = %q
    email = "ops@example..com"`, p1), "Invalid import identity", "email"),
		// Without on_behalf_of: account_id, as in the configuration; the email in any case.
		importByIdentityStep(existingConfig, existing, fmt.Sprintf(`account_id = %q
    email = "Ops@Example.com"`, p1), map[string]knownvalue.Check{
			"account_id":   knownvalue.StringExact(p1),
			"on_behalf_of": knownvalue.StringExact(p1),
			"email":        knownvalue.StringExact("ops@example.com"),
		}, statecheck.ExpectKnownValue(existing, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("merchant:admin")}))),
	)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := e.grantGone("dev.ops@example.com", p0)(s); err != nil {
				return err
			}
			return e.grantGone("ops@example.com", p1)(s)
		},
		Steps: steps,
	})
}

func TestAccWebhook_identity(t *testing.T) {
	e, recv := newWebhookAccEnv(t)
	partner := e.partner(0)
	key, err := e.client.CreateSigningKey(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	existing, err := e.client.CreateWebhook(t.Context(), "", klarna.CreateWebhookRequest{
		URL: recv.URL, EventTypes: []string{"partner.account.*"}, EventVersion: "v1", SigningKeyID: key.SigningKeyID, Status: klarna.WebhookEnabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	config := e.config(fmt.Sprintf(`
resource "klarna_webhook_signing_key" "test" {
  account_id = %[1]q
}

resource "klarna_webhook" "test" {
  account_id     = %[1]q
  url            = %[2]q
  event_types    = ["partner.account.*"]
  signing_key_id = klarna_webhook_signing_key.test.id
}
`, partner, recv.URL))
	existingConfig := config + fmt.Sprintf(`
resource "klarna_webhook" "existing" {
  url            = %q
  event_types    = ["partner.account.*"]
  signing_key_id = %q
}
`, recv.URL, key.SigningKeyID)
	const existingAddr = "klarna_webhook.existing"
	steps := identityLifecycleSteps(config, webhookAddr, map[string]knownvalue.Check{
		"account_id": knownvalue.StringExact(partner),
		"id":         knownvalue.StringRegexp(webhookIDPattern),
	}, plancheck.ResourceActionNoop)
	steps = append(steps,
		// A webhook's ID is a KRN, not the bare UUID.
		refusedIdentityStep(existingConfig, existingAddr, fmt.Sprintf("id = %q", strings.TrimPrefix(existing.WebhookID, webhookIDPrefix)),
			"Invalid import identity", "id must be the <webhook_id>, a KRN", "starts with "+webhookIDPrefix),
		refusedIdentityStep(existingConfig, existingAddr, fmt.Sprintf(`account_id = %q
    id = %q`, liveAccount, existing.WebhookID), "Invalid import identity", "is a live account"),
		// Without account_id: the provider's own account, and the identity says so.
		importByIdentityStep(existingConfig, existingAddr, fmt.Sprintf("id = %q", existing.WebhookID), map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.boot.AccountID),
			"id":         knownvalue.StringExact(existing.WebhookID),
		}, statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("signing_key_id"), knownvalue.StringExact(key.SigningKeyID))),
	)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_webhook", func(account, id string) error {
			_, err := e.client.GetWebhook(t.Context(), account, id)
			return err
		}),
		Steps: steps,
	})
}

func TestAccWebhookSigningKey_identity(t *testing.T) {
	e, _ := newWebhookAccEnv(t)
	partner := e.partner(0)
	existing, err := e.client.CreateSigningKey(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	config := e.config(fmt.Sprintf(`
resource "klarna_webhook_signing_key" "test" {
  account_id = %q
}
`, partner))
	existingConfig := config + `
resource "klarna_webhook_signing_key" "existing" {}
`
	const existingAddr = "klarna_webhook_signing_key.existing"
	steps := identityLifecycleSteps(config, signingKeyAddr, map[string]knownvalue.Check{
		"account_id": knownvalue.StringExact(partner),
		"id":         knownvalue.StringRegexp(lowerUUIDPattern),
	}, plancheck.ResourceActionNoop)
	steps = append(steps,
		refusedIdentityStep(existingConfig, existingAddr, `id = "not-a-uuid"`,
			"Invalid import identity", "id must be the <signing_key_id>, a UUID", `"not-a-uuid" is not a UUID`),
		refusedIdentityStep(existingConfig, existingAddr, fmt.Sprintf(`account_id = "acme"
    id = %q`, existing.SigningKeyID), "Invalid import identity", "account_id must be an account ID"),
		// Without account_id: the provider's own account; the secret cannot be recovered.
		importByIdentityStep(existingConfig, existingAddr, fmt.Sprintf("id = %q", existing.SigningKeyID), map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.boot.AccountID),
			"id":         knownvalue.StringExact(existing.SigningKeyID),
		}, statecheck.ExpectKnownValue(existingAddr, tfjsonpath.New("secret"), knownvalue.Null())),
	)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_webhook_signing_key", func(account, id string) error {
			_, err := e.client.GetSigningKey(t.Context(), account, id)
			return err
		}),
		Steps: steps,
	})
}

func TestAccIPRestriction_identity(t *testing.T) {
	e := newIPAccEnv(t, 0)
	partner := e.partner(0)
	mode := klarna.IPModeReporting
	if _, err := e.client.UpdateIPRestriction(t.Context(), "", klarna.UpdateIPRestrictionRequest{
		EnforcementMode: &mode, CIDRBlocks: []string{"127.0.0.1/32", "::1/128"},
	}); err != nil {
		t.Fatal(err)
	}
	partnerConfig := e.config(fmt.Sprintf(`
resource "klarna_ip_restriction" "test" {
  account_id       = %q
  enforcement_mode = "REPORTING"
  cidr_blocks      = ["192.0.2.0/24"]
}
`, partner))
	ownConfig := partnerConfig + fmt.Sprintf(`
resource "klarna_ip_restriction" "own" {
  enforcement_mode = "REPORTING"
  cidr_blocks      = %s
}
`, loopbackBlocks)
	const ownAddr = "klarna_ip_restriction.own"
	steps := identityLifecycleSteps(partnerConfig, ipRestrictionAddr, map[string]knownvalue.Check{
		"account_id": knownvalue.StringExact(partner),
	}, plancheck.ResourceActionNoop)
	steps = append(steps,
		refusedIdentityStep(ownConfig, ownAddr, `account_id = "krn:partner:global:account:test:ab12"`,
			"Invalid import identity", "account_id must be <account_id>", "IP allow-list"),
		refusedIdentityStep(ownConfig, ownAddr, fmt.Sprintf("account_id = %q", liveAccount),
			"Invalid import identity", "is a live account"),
		// An identity without account_id is the provider's own account.
		importByIdentityStep(ownConfig, ownAddr, "", map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.boot.AccountID),
		}, statecheck.ExpectKnownValue(ownAddr, tfjsonpath.New("id"), knownvalue.StringExact(e.boot.AccountID))),
	)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkIPNotEnabled,
		Steps:                    steps,
	})
}

func TestAccPartnerAccount_identity(t *testing.T) {
	e := newAccEnv(t)
	config := e.config(partnerAccountConfig(e, "shop-identity", "Shop"))
	steps := []resource.TestStep{
		refusedIdentityStep(config, partnerAccountAddr, `id = "LYABCDEI"`, "Invalid import identity", "id must be a partner account ID"),
		// Identity input gets every check the string import ID gets.
		refusedIdentityStep(config, partnerAccountAddr, fmt.Sprintf("id = %q", e.boot.AccountID),
			"Invalid import identity", "names the provider's own account, which is no partner account"),
		refusedIdentityStep(config, partnerAccountAddr, fmt.Sprintf("id = %q", liveAccount),
			"Invalid import identity", "is a live account, but the provider is configured for the test environment"),
	}
	steps = append(steps, identityLifecycleSteps(config, partnerAccountAddr, map[string]knownvalue.Check{
		"id": knownvalue.StringRegexp(regexp.MustCompile(`^krn:partner:global:account:test:[A-Z0-9]{8}$`)),
	}, plancheck.ResourceActionNoop)...)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.offboarded,
		Steps:                    steps,
	})
}
