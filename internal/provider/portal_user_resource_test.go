package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

const portalUserAddr = "klarna_portal_user.dev"

func portalUserConfig(accountID string, roles ...string) string {
	return fmt.Sprintf(`
resource "klarna_portal_user" "dev" {
  email      = "Dev.Ops@Example.com"
  account_id = %q
  roles      = ["%s"]
}
`, accountID, strings.Join(roles, `", "`))
}

func TestAccPortalUser_lifecycle(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0, p1, p2 := e.partner(0), e.partner(1), e.partner(2)
	const email = "dev.ops@example.com"
	provider := e.providerBlock(signing.signingBlock())
	grantsOf := func(accountID string) []klarna.UserAccess {
		g, err := e.client.ListUserAccess(t.Context(), klarna.UserAccessFilter{Principal: email, AccountID: accountID})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	second := fmt.Sprintf(`
resource "klarna_portal_user" "second" {
  email      = %q
  account_id = %q
  roles      = ["merchant:agent"]
}
`, email, p1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			if g := grantsOf(p0); len(g) != 0 {
				return fmt.Errorf("the grant survived destroy: %+v", g)
			}
			if g := grantsOf(p2); len(g) != 1 {
				return fmt.Errorf("destroy removed a grant Terraform does not manage: %+v", g)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: provider + portalUserConfig(p0, "merchant:developer"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("status"), knownvalue.StringExact("INVITED")),
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("on_behalf_of"), knownvalue.StringExact(p0)),
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("email"), knownvalue.StringExact("Dev.Ops@Example.com")),
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("id"), knownvalue.StringExact(p0+"/"+p0+"/"+email)),
					check(func(context.Context, statecheck.CheckStateRequest) error {
						if n := e.invitations(email); n != 1 {
							return fmt.Errorf("%d invitation emails, want 1", n)
						}
						return nil
					}),
				},
			},
			{
				// Klarna's lower-case form of the address is no drift.
				Config:           provider + portalUserConfig(p0, "merchant:developer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: provider + portalUserConfig(p0, "merchant:developer", "merchant:agent"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(context.Context, statecheck.CheckStateRequest) error {
						g := grantsOf(p0)
						if len(g) != 1 || strings.Join(g[0].Roles, ",") != "merchant:agent,merchant:developer" {
							return fmt.Errorf("the API holds %+v", g)
						}
						if n := e.invitations(email); n != 1 {
							return fmt.Errorf("granting again sent another invitation: %d", n)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:      portalUserAddr,
				ImportState:       true,
				ImportStateId:     p0 + "/" + p0 + "/Dev.Ops@Example.com",
				ImportStateVerify: true,
			},
			{
				ResourceName:    portalUserAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   p0 + "/" + p0 + "/Dev.Ops@Example.com",
			},
			{
				// Roles changed out of band are set back in place.
				PreConfig: func() { e.grantByHand(signing, email, p0, "merchant:admin") },
				Config:    provider + portalUserConfig(p0, "merchant:developer", "merchant:agent"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("merchant:agent"), knownvalue.StringExact("merchant:developer"),
					})),
				},
			},
			{
				// Access revoked out of band is granted again.
				PreConfig: func() {
					if err := e.client.RevokeUserAccess(t.Context(), klarna.UserAccessFilter{Principal: email, AccountID: p0, OnBehalfOf: p0}); err != nil {
						t.Fatal(err)
					}
				},
				Config: provider + portalUserConfig(p0, "merchant:developer", "merchant:agent"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// The same address on another account: no second invitation. After the person's first
				// deep-link login the grant is ACTIVE.
				PreConfig: func() { e.grantByHand(signing, email, p2, "merchant:agent") },
				Config:    provider + portalUserConfig(p0, "merchant:developer", "merchant:agent") + second,
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(context.Context, statecheck.CheckStateRequest) error {
						if n := e.invitations(email); n != 1 {
							return fmt.Errorf("%d invitation emails, want 1", n)
						}
						return nil
					}),
				},
			},
			{
				Config: provider + portalUserConfig(p0, "merchant:developer", "merchant:agent") + second + fmt.Sprintf(`
data "klarna_portal_deep_link" "login" {
  email      = %q
  account_id = %q
  roles      = ["merchant:developer"]
  amr        = ["mfa"]
  exchange   = true
}
`, email, p0),
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						url, err := attrOf(req, "data.klarna_portal_deep_link.login", "url")
						if err != nil {
							return err
						}
						if status, body := e.visit(url); status != 200 {
							return fmt.Errorf("the deep link answered %d: %s", status, body)
						}
						return nil
					}),
				},
			},
			{
				Config: provider + portalUserConfig(p0, "merchant:developer", "merchant:agent") + second,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue("klarna_portal_user.second", tfjsonpath.New("status"), knownvalue.StringExact("INVITED")),
				},
			},
		},
	})
}

func TestAccPortalUser_signingInOneApply(t *testing.T) {
	e := newAccEnv(t)
	// The key exactly as openssl ecparam -genkey writes it, EC PARAMETERS block included.
	keyPEM, _ := opensslCSR(t, e.boot.AccountID)
	if !strings.Contains(keyPEM, "BEGIN EC PARAMETERS") {
		t.Fatalf("openssl wrote no EC PARAMETERS block:\n%s", keyPEM)
	}
	p0 := e.partner(0)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "signing" {
  usage              = "JWT_SIGNING"
  private_key_pem_wo = %s
}

resource "klarna_portal_user" "support" {
  email                      = "support@example.com"
  account_id                 = %q
  on_behalf_of               = %q
  roles                      = ["merchant:agent"]
  signing_certificate_pem    = klarna_client_certificate.signing.certificate_pem
  signing_private_key_pem_wo = %s
}
`, heredoc(keyPEM), p0, e.boot.AccountID, heredoc(keyPEM))),
			ConfigStateChecks: []statecheck.StateCheck{
				// On behalf of the acquiring partner: the person represents it inside the partner's account.
				statecheck.ExpectKnownValue("klarna_portal_user.support", tfjsonpath.New("on_behalf_of"), knownvalue.StringExact(e.boot.AccountID)),
				statecheck.ExpectKnownValue("klarna_portal_user.support", tfjsonpath.New("signing_private_key_pem_wo"), knownvalue.Null()),
				noPrivateKeyInState(),
			},
		}},
	})
}

func TestAccPortalUser_refused(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	api := e.issueOwn("API")
	p0 := e.partner(0)
	for _, tc := range []struct {
		name, provider, body string
		plan                 bool
		want                 []string
	}{
		{"bad email", signing.signingBlock(), `email = "not-an-address"
account_id = "` + p0 + `"
roles = ["merchant:admin"]`, true, []string{"Invalid email address", "not-an-address"}},
		{"unknown role", signing.signingBlock(), `email = "a@example.com"
account_id = "` + p0 + `"
roles = ["merchant:owner"]`, true, []string{"roles", "merchant:owner"}},
		{"no roles", signing.signingBlock(), `email = "a@example.com"
account_id = "` + p0 + `"
roles = []`, true, []string{"roles", "at least 1"}},
		{"on behalf of a third account", signing.signingBlock(), `email = "a@example.com"
account_id = "` + p0 + `"
on_behalf_of = "` + e.partner(1) + `"
roles = ["merchant:admin"]`, true, []string{"Invalid on_behalf_of", "must be the partner account"}},
		{"no signing identity", "", `email = "a@example.com"
account_id = "` + p0 + `"
roles = ["merchant:admin"]`, true, []string{"No signing identity", "portal_signing"}},
		{"an API certificate", api.signingBlock(), `email = "a@example.com"
account_id = "` + p0 + `"
roles = ["merchant:admin"]`, true, []string{"Invalid signing identity", "JWT_SIGNING"}},
		{"the provider's own account", signing.signingBlock(), `email = "a@example.com"
account_id = "` + e.boot.AccountID + `"
roles = ["merchant:admin"]`, true, []string{"Invalid account_id", e.boot.AccountID, "is the provider's own account",
			"only to partner accounts onboarded through the provider's account"}},
		{"the provider's own account, on behalf of itself", signing.signingBlock(), `email = "a@example.com"
account_id = "` + e.boot.AccountID + `"
on_behalf_of = "` + e.boot.AccountID + `"
roles = ["merchant:admin"]`, true, []string{"Invalid account_id", "is the provider's own account"}},
		{"an account not onboarded", signing.signingBlock(), `email = "a@example.com"
account_id = "` + e.boot.ForeignAccountIDs[0] + `"
roles = ["merchant:admin"]`, true, []string{"Account outside the provider's account", "account_id " + e.boot.ForeignAccountIDs[0],
			"is neither the provider's own account nor a partner account onboarded through it"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      e.providerBlock(tc.provider) + "resource \"klarna_portal_user\" \"x\" {\n" + tc.body + "\n}\n",
					PlanOnly:    tc.plan,
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
}

// grantsFor lists the grants of one person on one account, straight from the API.
func (e *accEnv) grantsFor(email, accountID string) []klarna.UserAccess {
	e.t.Helper()
	g, err := e.client.ListUserAccess(e.t.Context(), klarna.UserAccessFilter{Principal: email, AccountID: accountID})
	if err != nil {
		e.t.Fatal(err)
	}
	return g
}

// grantGone is a CheckDestroy that requires the API to hold no grant of email on accountID.
func (e *accEnv) grantGone(email, accountID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if g := e.grantsFor(email, accountID); len(g) != 0 {
			return fmt.Errorf("the grant survived destroy: %+v", g)
		}
		return nil
	}
}

func TestAccPortalUser_offboardWithoutSigningIdentity(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0 := e.partner(0)
	importID := p0 + "/" + p0 + "/Dev.Ops@Example.com"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.grantGone("dev.ops@example.com", p0),
		Steps: []resource.TestStep{
			{Config: e.providerBlock(signing.signingBlock()) + portalUserConfig(p0, "merchant:developer")},
			{
				// The grant is unchanged: nothing is signed, so no signing identity is needed.
				Config:           e.providerBlock() + portalUserConfig(p0, "merchant:developer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:            e.providerBlock() + portalUserConfig(p0, "merchant:developer"),
				ResourceName:      portalUserAddr,
				ImportState:       true,
				ImportStateId:     importID,
				ImportStateVerify: true,
			},
			{
				Config:          e.providerBlock() + portalUserConfig(p0, "merchant:developer"),
				ResourceName:    portalUserAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   importID,
			},
			{
				// A roles change sends a grant, and that needs the signing identity.
				Config:      e.providerBlock() + portalUserConfig(p0, "merchant:admin"),
				PlanOnly:    true,
				ExpectError: errorRegexp("No signing identity", "portal_signing"),
			},
			{
				// plan -destroy and destroy revoke the grant without a JWT.
				Config:  e.providerBlock() + portalUserConfig(p0, "merchant:developer"),
				Destroy: true,
				Check:   e.grantGone("dev.ops@example.com", p0),
			},
		},
	})
}

func TestAccPortalUser_offboardWithRevokedSigningCertificate(t *testing.T) {
	e := newAccEnv(t)
	provider := e.issueOwn("JWT_SIGNING")
	own := e.issueOwn("JWT_SIGNING")
	p0, p1 := e.partner(0), e.partner(1)
	// One grant signed with the provider's portal_signing, one with the resource's own certificate.
	config := e.providerBlock(provider.signingBlock()) + portalUserConfig(p0, "merchant:developer") + fmt.Sprintf(`
resource "klarna_portal_user" "own" {
  email                      = "agent@example.com"
  account_id                 = %q
  roles                      = ["merchant:agent"]
  signing_certificate_pem    = %s
  signing_private_key_pem_wo = %s
}
`, p1, heredoc(own.certPEM), heredoc(own.keyPEM))
	revoke := func() {
		for _, id := range []string{provider.id, own.id} {
			if err := e.client.RevokeClientCertificate(t.Context(), "", id); err != nil {
				t.Fatal(err)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := e.grantGone("dev.ops@example.com", p0)(s); err != nil {
				return err
			}
			return e.grantGone("agent@example.com", p1)(s)
		},
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:        revoke,
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// With a revoked certificate a roles change cannot be signed, and the plan says so.
				Config:      strings.Replace(config, `"merchant:agent"`, `"merchant:admin"`, 1),
				PlanOnly:    true,
				ExpectError: errorRegexp("Invalid signing certificate", "REVOKED"),
			},
			{Config: config, Destroy: true},
		},
	})
}

func TestSendsGrant_cases(t *testing.T) {
	t.Parallel()
	roles := func(r ...string) types.Set {
		var v []attr.Value
		for _, s := range r {
			v = append(v, types.StringValue(s))
		}
		return types.SetValueMust(types.StringType, v)
	}
	base := portalUserResourceModel{
		Email: types.StringValue("Jane@Example.com"), AccountID: types.StringValue("krn:partner:global:account:test:AAAAAAAA"),
		OnBehalfOf: types.StringValue("krn:partner:global:account:test:AAAAAAAA"), Roles: roles("merchant:admin", "merchant:agent"),
	}
	with := func(f func(*portalUserResourceModel)) portalUserResourceModel { m := base; f(&m); return m }
	for _, tc := range []struct {
		name  string
		state *portalUserResourceModel
		plan  portalUserResourceModel
		want  bool
	}{
		{"create", nil, base, true},
		{"unchanged", &base, base, false},
		{"roles in another order", &base, with(func(m *portalUserResourceModel) { m.Roles = roles("merchant:agent", "merchant:admin") }), false},
		{"email case only", &base, with(func(m *portalUserResourceModel) { m.Email = types.StringValue("jane@example.com") }), false},
		{"signing certificate only", &base, with(func(m *portalUserResourceModel) { m.SigningCertificatePEM = types.StringValue("x") }), false},
		{"roles changed", &base, with(func(m *portalUserResourceModel) { m.Roles = roles("merchant:admin") }), true},
		{"roles unknown", &base, with(func(m *portalUserResourceModel) { m.Roles = types.SetUnknown(types.StringType) }), true},
		{"email changed", &base, with(func(m *portalUserResourceModel) { m.Email = types.StringValue("john@example.com") }), true},
		{"email unknown", &base, with(func(m *portalUserResourceModel) { m.Email = types.StringUnknown() }), true},
		{"account changed", &base, with(func(m *portalUserResourceModel) {
			m.AccountID = types.StringValue("krn:partner:global:account:test:BBBBBBBB")
		}), true},
		{"on_behalf_of changed", &base, with(func(m *portalUserResourceModel) {
			m.OnBehalfOf = types.StringValue("krn:partner:global:account:test:CCCCCCCC")
		}), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sendsGrant(tc.state, tc.plan); got != tc.want {
				t.Errorf("sendsGrant = %t, want %t", got, tc.want)
			}
		})
	}
}

// longEmail is a valid address of exactly n characters.
func longEmail(n int) string {
	const domain = "@example.com"
	return strings.Repeat("a", n-len(domain)) + domain
}

// TestAccPortalUser_emailRule refuses at plan, on every input that carries an email, what
// the API refuses, and grants, refreshes and revokes an address of the longest length allowed.
func TestAccPortalUser_emailRule(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0 := e.partner(0)
	provider := e.providerBlock(signing.signingBlock())
	inputs := map[string]string{
		"klarna_portal_user": `resource "klarna_portal_user" "x" {
  email      = %q
  account_id = %q
  roles      = ["merchant:admin"]
}`,
		"data klarna_portal_deep_link": `data "klarna_portal_deep_link" "x" {
  email      = %q
  account_id = %q
  roles      = ["merchant:admin"]
  amr        = ["mfa"]
}`,
		"ephemeral klarna_portal_deep_link": `ephemeral "klarna_portal_deep_link" "x" {
  email      = %q
  account_id = %q
  roles      = ["merchant:admin"]
  amr        = ["mfa"]
}`,
	}
	for _, tc := range []struct {
		name, email, want string
	}{
		{"256 characters", longEmail(256), "256 characters given; at most 255"},
		{"control character", "jane\x01@example.com", "control character U+0001"},
		{"leading dot", ".jane@example.com", "may not start with a dot"},
		{"trailing dot in the domain", "jane@example.com.", "may not end with a dot"},
		{"empty label", "jane@example..com", "empty part between two dots"},
	} {
		for input, body := range inputs {
			t.Run(tc.name+"/"+input, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: e.factories(),
					Steps: []resource.TestStep{{
						// %q writes the control character as \x01, which HCL does not know; \u0001 it does.
						Config:      provider + strings.ReplaceAll(fmt.Sprintf(body, tc.email, p0), `\x01`, `\u0001`),
						PlanOnly:    true,
						ExpectError: errorRegexp("Invalid email address", "email", tc.want),
					}},
				})
			})
		}
	}
	t.Run("255 characters", func(t *testing.T) {
		email := longEmail(255)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.grantGone(email, p0),
			Steps: []resource.TestStep{
				{Config: provider + fmt.Sprintf(inputs["klarna_portal_user"], email, p0)},
				{
					Config:           provider + fmt.Sprintf(inputs["klarna_portal_user"], email, p0),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

func TestAccPortalUser_import(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0 := e.partner(0)
	const outsider = "krn:partner:global:account:test:OUTSIDER1"
	provider := e.providerBlock(signing.signingBlock())
	// Someone else's grant on the same account and on_behalf_of: never to be adopted.
	e.grantByHand(signing, "someone.else@example.com", p0, "merchant:admin")
	const email = "Team/Ops@example.com"
	config := provider + fmt.Sprintf(`
resource "klarna_portal_user" "dev" {
  email      = %q
  account_id = %q
  roles      = ["merchant:developer"]
}
`, email, p0)
	importStep := func(id string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config: config, ResourceName: portalUserAddr, ImportState: true, ImportStateId: id,
			ImportStatePersist: false, ExpectError: errorRegexp(want...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			if g := e.grantsFor("someone.else@example.com", p0); len(g) != 1 {
				return fmt.Errorf("another person's grant was touched: %+v", g)
			}
			return e.grantGone(email, p0)(nil)
		},
		Steps: []resource.TestStep{
			// Nothing in the state yet: every import below starts from scratch.
			importStep(p0+"/"+p0+"/", "Invalid import ID", "empty email"),
			importStep(p0+"/"+p0, "Invalid import ID", "must be <account_id>/<on_behalf_of>/<email>"),
			importStep("/"+p0+"/"+email, "Invalid import ID", "empty account_id"),
			importStep(p0+"//"+email, "Invalid import ID", "empty on_behalf_of"),
			importStep(p0+"/"+p0+"/jane@example..com", "Invalid import ID", "email", "empty part between two dots"),
			importStep(e.boot.AccountID+"/"+e.boot.AccountID+"/"+email, "Invalid import ID", "is the provider's own account"),
			// A person with no grant: someone else's grant on the same account is not theirs.
			importStep(p0+"/"+p0+"/nobody@example.com", "Cannot import portal access", "holds no grant for nobody@example.com on behalf of "+p0),
			// The plan's rules: on_behalf_of is the account or the provider's own, and the account
			// is one the provider's account onboarded.
			importStep(p0+"/"+e.partner(1)+"/"+email, "Invalid on_behalf_of", "must be the partner account "+p0+" or the provider's own account"),
			importStep(outsider+"/"+outsider+"/"+email, "Account outside the provider's account", outsider+" is neither the provider's own"),
			{Config: config},
			{
				// An email with a slash: everything after the second slash is the email.
				Config:            config,
				ResourceName:      portalUserAddr,
				ImportState:       true,
				ImportStateId:     p0 + "/" + p0 + "/" + email,
				ImportStateVerify: true,
			},
			{
				Config:          config,
				ResourceName:    portalUserAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   p0 + "/" + p0 + "/" + email,
			},
			{
				// The person's grant revoked out of band: it is gone, and someone else's is not adopted.
				PreConfig: func() {
					if err := e.client.RevokeUserAccess(t.Context(), klarna.UserAccessFilter{
						Principal: strings.ToLower(email), AccountID: p0, OnBehalfOf: p0,
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("id"), knownvalue.StringExact(p0+"/"+p0+"/team/ops@example.com")),
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("merchant:developer")})),
				},
			},
			{
				// Only the case of the address changes: recorded in place, nothing else planned.
				Config: strings.Replace(config, email, "team/ops@EXAMPLE.com", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("status"), knownvalue.StringExact("INVITED")),
				}},
			},
		},
	})
}

func TestParsePortalUserImportID_cases(t *testing.T) {
	t.Parallel()
	const a, b = "krn:partner:global:account:test:AAAAAAAA", "krn:partner:global:account:test:BBBBBBBB"
	for _, tc := range []struct {
		name, id            string
		account, obo, email string
		err                 string
	}{
		{"three parts", a + "/" + b + "/jane@example.com", a, b, "jane@example.com", ""},
		{"email with slashes", a + "/" + a + "/team/ops/eu@example.com", a, a, "team/ops/eu@example.com", ""},
		{"empty email", a + "/" + a + "/", "", "", "", "empty email"},
		{"empty account", "/" + a + "/jane@example.com", "", "", "", "empty account_id"},
		{"empty on_behalf_of", a + "//jane@example.com", "", "", "", "empty on_behalf_of"},
		{"two parts", a + "/jane@example.com", "", "", "", "must be <account_id>/<on_behalf_of>/<email>"},
		{"one part", "jane@example.com", "", "", "", "must be <account_id>/<on_behalf_of>/<email>"},
		{"empty", "", "", "", "", "must be <account_id>/<on_behalf_of>/<email>"},
		{"account not a KRN", "LYABCDEI/" + a + "/jane@example.com", "", "", "", "account_id: account ID"},
		{"on_behalf_of not a KRN", a + "/x/jane@example.com", "", "", "", "on_behalf_of: account ID"},
		{"email not an address", a + "/" + a + "/jane", "", "", "", "email: \"jane\" is not an email address"},
		{"email with a slash but no domain", a + "/" + a + "/jane/example.com", "", "", "", "exactly one @"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			account, obo, email, err := parsePortalUserImportID(tc.id)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("parsePortalUserImportID(%q) error %v, want one saying %q", tc.id, err, tc.err)
				}
				return
			}
			if err != nil || account != tc.account || obo != tc.obo || email != tc.email {
				t.Fatalf("parsePortalUserImportID(%q) = %q, %q, %q, %v", tc.id, account, obo, email, err)
			}
		})
	}
}

func TestFindGrant_cases(t *testing.T) {
	t.Parallel()
	const a, b = "krn:partner:global:account:test:AAAAAAAA", "krn:partner:global:account:test:BBBBBBBB"
	jane := klarna.UserAccessFilter{AccountID: a, OnBehalfOf: a, Principal: "jane@example.com"}
	grant := func(p, acc, obo string) klarna.UserAccess {
		return klarna.UserAccess{Principal: p, AccountID: acc, OnBehalfOf: obo}
	}
	for _, tc := range []struct {
		name   string
		list   []klarna.UserAccess
		filter klarna.UserAccessFilter
		want   string // the principal found, "" for none
	}{
		{"empty list", nil, jane, ""},
		{"only someone else's", []klarna.UserAccess{grant("john@example.com", a, a)}, jane, ""},
		{"hers after someone else's", []klarna.UserAccess{grant("john@example.com", a, a), grant("jane@example.com", a, a)}, jane, "jane@example.com"},
		{"case differs", []klarna.UserAccess{grant("jane@example.com", a, a)}, klarna.UserAccessFilter{AccountID: a, OnBehalfOf: a, Principal: "Jane@Example.com"}, "jane@example.com"},
		{"another account", []klarna.UserAccess{grant("jane@example.com", b, b)}, jane, ""},
		{"another on_behalf_of", []klarna.UserAccess{grant("jane@example.com", a, b)}, jane, ""},
		{"a longer address", []klarna.UserAccess{grant("jane@example.com.evil", a, a)}, jane, ""},
		{"an empty principal asked", []klarna.UserAccess{grant("jane@example.com", a, a)}, klarna.UserAccessFilter{AccountID: a, OnBehalfOf: a}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := findGrant(tc.list, tc.filter)
			switch {
			case tc.want == "" && got != nil:
				t.Fatalf("findGrant adopted %+v", *got)
			case tc.want != "" && (got == nil || got.Principal != tc.want):
				t.Fatalf("findGrant = %+v, want %s", got, tc.want)
			}
		})
	}
}

func TestAccPortalUser_defaultOnBehalfOfReplaces(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0 := e.partner(0)
	const email = "dev.ops@example.com"
	provider := e.providerBlock(signing.signingBlock())
	onBehalfOfOwn := strings.Replace(portalUserConfig(p0, "merchant:developer"), "roles",
		fmt.Sprintf("on_behalf_of = %q\n  roles", e.boot.AccountID), 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.grantGone(email, p0),
		Steps: []resource.TestStep{
			{Config: provider + onBehalfOfOwn},
			{
				// Removing on_behalf_of moves the grant to its default, the partner itself:
				// another grant, so the old one is revoked rather than left behind.
				Config: provider + portalUserConfig(p0, "merchant:developer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("on_behalf_of"), knownvalue.StringExact(p0)),
					check(func(context.Context, statecheck.CheckStateRequest) error {
						grants := e.grantsFor(email, p0)
						if len(grants) != 1 || grants[0].OnBehalfOf != p0 {
							return fmt.Errorf("grants after the move: %+v; want only the one on behalf of %s", grants, p0)
						}
						return nil
					}),
				},
			},
			{
				Config:           provider + portalUserConfig(p0, "merchant:developer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccPortalUser_createRefusesAGrantMadeElsewhere(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p1 := e.partner(1)
	const email = "dev.ops@example.com"
	e.grantByHand(signing, email, p1, "merchant:admin")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			grants := e.grantsFor(email, p1)
			if len(grants) != 1 || len(grants[0].Roles) != 1 || grants[0].Roles[0] != "merchant:admin" {
				return fmt.Errorf("the grant made elsewhere changed: %+v", grants)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:      e.providerBlock(signing.signingBlock()) + portalUserConfig(p1, "merchant:developer"),
				ExpectError: errorRegexp("already has access", "import it", p1+"/"+p1+"/"+email),
			},
		},
	})
}

// New roles plan the status of a grant the person has signed in to as ACTIVE, and leave an
// INVITED grant's unknown: the person may sign in before the apply.
func TestAccPortalUser_updatePlansTheStatus(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn("JWT_SIGNING")
	p0, p1 := e.partner(0), e.partner(1)
	provider := e.providerBlock(signing.signingBlock())
	second := func(role string) string {
		return fmt.Sprintf(`
resource "klarna_portal_user" "second" {
  email      = "dev.ops@example.com"
  account_id = %q
  roles      = [%q]
}
`, p1, role)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: provider + portalUserConfig(p0, "merchant:developer") + second("merchant:agent") + fmt.Sprintf(`
data "klarna_portal_deep_link" "login" {
  email      = "dev.ops@example.com"
  account_id = %q
  roles      = ["merchant:developer"]
  amr        = ["mfa"]
  exchange   = true
}
`, p0),
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						url, err := attrOf(req, "data.klarna_portal_deep_link.login", "url")
						if err != nil {
							return err
						}
						if status, body := e.visit(url); status != 200 {
							return fmt.Errorf("the deep link answered %d: %s", status, body)
						}
						return nil
					}),
				},
			},
			{
				Config: provider + portalUserConfig(p0, "merchant:developer", "merchant:agent") + second("merchant:developer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
					plancheck.ExpectResourceAction("klarna_portal_user.second", plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue("klarna_portal_user.second", tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue("klarna_portal_user.second", tfjsonpath.New("status"), knownvalue.StringExact("INVITED")),
				},
			},
		},
	})
}

func TestSameGrantKey_cases(t *testing.T) {
	t.Parallel()
	const p0, p1 = "krn:partner:global:account:test:AB12CD34", "krn:partner:global:account:test:EF56GH78"
	grant := func(email, accountID, onBehalfOf string) portalUserResourceModel {
		return portalUserResourceModel{Email: types.StringValue(email), AccountID: types.StringValue(accountID), OnBehalfOf: types.StringValue(onBehalfOf)}
	}
	state := grant("dev.ops@example.com", p0, p0)
	unknownEmail := grant("", p0, p0)
	unknownEmail.Email = types.StringUnknown()
	unknownOBO := grant("dev.ops@example.com", p0, p0)
	unknownOBO.OnBehalfOf = types.StringUnknown()
	tests := []struct {
		name string
		plan portalUserResourceModel
		want bool
	}{
		{"the same grant", grant("dev.ops@example.com", p0, p0), true},
		{"the address in another case", grant("Dev.Ops@Example.com", p0, p0), true},
		{"another person", grant("ada@example.com", p0, p0), false},
		{"another account", grant("dev.ops@example.com", p1, p1), false},
		{"on behalf of another account", grant("dev.ops@example.com", p0, p1), false},
		{"an unknown address", unknownEmail, false},
		{"an unknown on_behalf_of", unknownOBO, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := sameGrantKey(state, tt.plan); got != tt.want {
				t.Errorf("sameGrantKey = %v, want %v", got, tt.want)
			}
		})
	}
}
