package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

const deepLinkAddr = "data.klarna_portal_deep_link.test"

func deepLinkConfig(accountID string, extra string) string {
	return fmt.Sprintf(`
data "klarna_portal_deep_link" "test" {
  email      = "dev@example.com"
  account_id = %q
  roles      = ["merchant:admin"]
  amr        = ["pwd", "mfa"]
  %s
}
`, accountID, extra)
}

func TestAccPortalDeepLinkDataSource_jwtOnly(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0 := e.partner(0)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.providerBlock(signing.signingBlock()) + deepLinkConfig(p0, "lifetime_seconds = 120"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deepLinkAddr, tfjsonpath.New("exchange"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(deepLinkAddr, tfjsonpath.New("url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(deepLinkAddr, tfjsonpath.New("url_expires_at"), knownvalue.Null()),
				statecheck.ExpectSensitiveValue(deepLinkAddr, tfjsonpath.New("jwt")),
				check(func(_ context.Context, req statecheck.CheckStateRequest) error {
					token, err := attrOf(req, deepLinkAddr, "jwt")
					if err != nil {
						return err
					}
					jti, err := attrOf(req, deepLinkAddr, "jti")
					if err != nil {
						return err
					}
					claims := verifyWithOpenSSL(t, token, signing.certPEM)
					iat, _ := claims["iat"].(float64)
					exp, _ := claims["exp"].(float64)
					if claims["iss"] != e.boot.AccountID || claims["sub"] != "dev@example.com" || claims["account_id"] != p0 ||
						claims["jti"] != jti || exp-iat != 120 || fmt.Sprint(claims["amr"]) != "[mfa pwd]" || fmt.Sprint(claims["roles"]) != "[merchant:admin]" {
						return fmt.Errorf("unexpected claims %v", claims)
					}
					if _, ok := claims["on_behalf_of"]; ok {
						return fmt.Errorf("on_behalf_of was not set and must be left out, got %v", claims["on_behalf_of"])
					}
					// The JWT is accepted by the API as it is.
					if _, err := e.client.CreateDeepLink(t.Context(), p0, token); err != nil {
						return fmt.Errorf("the API refused the data source's JWT: %w", err)
					}
					// Its jti is now used: the same JWT is refused.
					if _, err := e.client.CreateDeepLink(t.Context(), p0, token); !klarna.IsValidation(err) || !strings.Contains(err.Error(), "used before") {
						return fmt.Errorf("a replayed JWT must be refused as used, got %w", err)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccPortalDeepLinkDataSource_exchange(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0 := e.partner(0)
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.providerBlock(signing.signingBlock()) + deepLinkConfig(p0, "exchange = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue(deepLinkAddr, tfjsonpath.New("url")),
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						url, err := attrOf(req, deepLinkAddr, "url")
						if err != nil {
							return err
						}
						first = url
						status, body := e.visit(url)
						var login struct {
							Principal, AccountID string
							Roles                []string
						}
						_ = json.Unmarshal([]byte(body), &login)
						if status != 200 || !strings.Contains(body, `"account_id":"`+p0+`"`) {
							return fmt.Errorf("first visit: %d %s", status, body)
						}
						if status, _ := e.visit(url); status != 410 {
							return fmt.Errorf("a second visit answered %d, want 410", status)
						}
						return nil
					}),
				},
			},
			{
				// Every read signs a new JWT and makes a new link; a link unused for 60 s is gone.
				Config: e.providerBlock(signing.signingBlock()) + deepLinkConfig(p0, "exchange = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						url, err := attrOf(req, deepLinkAddr, "url")
						if err != nil {
							return err
						}
						if url == first {
							return fmt.Errorf("the data source returned the same link twice")
						}
						if _, err := e.mock.AdvanceClock(61 * time.Second); err != nil {
							return err
						}
						if status, _ := e.visit(url); status != 410 {
							return fmt.Errorf("a visit after 60 s answered %d, want 410", status)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccPortalDeepLinkDataSource_refused(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	revoked := e.issueOwn("JWT_SIGNING")
	if err := e.client.RevokeClientCertificate(t.Context(), "", revoked.id); err != nil {
		t.Fatal(err)
	}
	api := e.issueOwn("API")
	p0 := e.partner(0)
	for _, tc := range []struct {
		name      string
		factories map[string]func() (tfprotov6.ProviderServer, error)
		config    string
		want      []string
	}{
		{"revoked signing certificate", e.factories(), e.providerBlock(revoked.signingBlock()) + deepLinkConfig(p0, "exchange = true"), []string{"Invalid signing identity", "REVOKED"}},
		{"API certificate", e.factories(), e.providerBlock(api.signingBlock()) + deepLinkConfig(p0, "exchange = true"), []string{"Invalid signing identity", "API certificate"}},
		{"account not onboarded", e.factories(), e.providerBlock(signing.signingBlock()) + deepLinkConfig(e.boot.ForeignAccountIDs[0], "exchange = true"), []string{"Unable to create deep link", "FORBIDDEN"}},
		{"the provider's own account", e.factories(), e.providerBlock(signing.signingBlock()) + deepLinkConfig(e.boot.AccountID, ""), []string{"Invalid account_id", "is the provider's own account", "onboarded through"}},
		{"unknown amr", e.factories(), e.providerBlock(signing.signingBlock()) + strings.Replace(deepLinkConfig(p0, ""), `["pwd", "mfa"]`, `["password"]`, 1), []string{"amr", "password"}},
		{"lifetime too long", e.factories(), e.providerBlock(signing.signingBlock()) + deepLinkConfig(p0, "lifetime_seconds = 3601"), []string{"lifetime_seconds", "between 1 and 3600"}},
		{"key and certificate of different pairs", e.factories(), e.providerBlock(strings.Replace(signing.signingBlock(), heredoc(signing.keyPEM), heredoc(api.keyPEM), 1)) + deepLinkConfig(p0, ""), []string{"Invalid portal signing key", "does not belong to the signing certificate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: tc.factories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: errorRegexp(tc.want...)}},
			})
		})
	}
}

// fixedOffset is a clock a fixed duration away from another.
type fixedOffset struct {
	base interface{ Now() time.Time }
	by   time.Duration
}

func (c fixedOffset) Now() time.Time { return c.base.Now().Add(c.by) }

func TestAccPortalDeepLinkEphemeral_echo(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0 := e.partner(0)
	factories := e.factories()
	factories["echo"] = echoprovider.NewProviderServer()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			// Signed with a key given to the ephemeral resource, which keeps none of its inputs.
			Config: e.config(fmt.Sprintf(`
ephemeral "klarna_portal_deep_link" "test" {
  email                   = "dev@example.com"
  account_id              = %q
  roles                   = ["merchant:developer"]
  amr                     = ["mfa"]
  signing_certificate_pem = %s
  signing_private_key_pem = %s
}

provider "echo" {
  data = ephemeral.klarna_portal_deep_link.test
}

resource "echo" "link" {}
`, p0, heredoc(signing.certPEM), heredoc(signing.keyPEM))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("exchange"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("lifetime_seconds"), knownvalue.Int64Exact(60)),
				statecheck.ExpectKnownValue("echo.link", tfjsonpath.New("data").AtMapKey("url"), knownvalue.StringRegexp(deepLinkURLPattern(e))),
				check(func(_ context.Context, req statecheck.CheckStateRequest) error {
					for _, r := range req.State.Values.RootModule.Resources {
						if strings.HasPrefix(r.Address, "klarna_") || strings.Contains(r.Address, "klarna_portal_deep_link") {
							return fmt.Errorf("%s is in the state", r.Address)
						}
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccPortalDeepLinkEphemeral_noSecretInState signs a deep link with the key of a portal
// user's signing certificate, applying every portal feature that takes a key, and checks that
// no private key, JWT or deep-link URL reaches the state.
func TestAccPortalDeepLinkEphemeral_noSecretInState(t *testing.T) {
	e := newAccEnv(t)
	_, keyPEM := newKeyPEM(t)
	p0 := e.partner(0)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "signing" {
  usage              = "JWT_SIGNING"
  private_key_pem_wo = %s
}

resource "klarna_portal_user" "dev" {
  email                      = "dev@example.com"
  account_id                 = %q
  roles                      = ["merchant:developer"]
  signing_certificate_pem    = klarna_client_certificate.signing.certificate_pem
  signing_private_key_pem_wo = %s
}

ephemeral "klarna_portal_deep_link" "login" {
  email                   = klarna_portal_user.dev.email
  account_id              = %q
  roles                   = ["merchant:developer"]
  amr                     = ["mfa"]
  signing_certificate_pem = klarna_client_certificate.signing.certificate_pem
  signing_private_key_pem = %s
}
`, heredoc(keyPEM), p0, heredoc(keyPEM), p0, heredoc(keyPEM))),
			ConfigStateChecks: []statecheck.StateCheck{
				check(func(_ context.Context, req statecheck.CheckStateRequest) error {
					raw, err := json.Marshal(req.State)
					if err != nil {
						return err
					}
					for name, needle := range map[string]string{"a private key": "PRIVATE KEY", "a JWT": "eyJ", "a deep-link URL": "/_mock/portal/login"} {
						if strings.Contains(string(raw), needle) {
							return fmt.Errorf("the state holds %s", name)
						}
					}
					return nil
				}),
			},
		}},
	})
	// The ephemeral deep link was made while planning and applying: the mock saw it.
	if n := e.mock.Requests().ByRoute["POST /v2/accounts/{account_id}/portal/deep-links"]; n == 0 {
		t.Fatal("the ephemeral deep link never reached the API")
	}
}

func deepLinkURLPattern(e *accEnv) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(e.mock.URL) + `/_mock/portal/login\?token=`)
}
