package provider

import (
	"context"
	"crypto/x509/pkix"
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
)

const enforcementAddr = "klarna_mtls_enforcement.partner"

func TestAccMTLSEnforcement_partnerFuture(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	from := e.mock.Clock().Now().Add(2 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	cert := fmt.Sprintf(`
resource "klarna_client_certificate" "partner" {
  account_id = %q
  usage      = "API"
  csr_pem    = %s
}
`, partner, heredoc(csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, partner)})))
	enforcement := func(from string) string {
		return fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  account_id    = %q
  enforced_from = %q
  depends_on    = [klarna_client_certificate.partner]
}
`, partner, from)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			enf, err := e.client.GetMTLSEnforcement(t.Context(), partner)
			if err != nil {
				return err
			}
			if enf.EnforcedFrom != nil {
				return fmt.Errorf("the partner's enforcement is still set: %+v", enf)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// The guard refuses a partner account without an API certificate.
				Config:      e.config(strings.Replace(enforcement(from), "depends_on    = [klarna_client_certificate.partner]", "", 1)),
				ExpectError: errorRegexp("partner account has no API certificate", partner, "klarna_client_certificate"),
			},
			{
				// (6) A future enforced_from is REPORTING until the mock clock passes it.
				Config: e.config(cert + enforcement(from)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("status"), knownvalue.StringExact("REPORTING")),
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("enforced_at"), knownvalue.StringExact(from)),
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("id"), knownvalue.StringExact(partner)),
				},
			},
			{
				PreConfig: func() { e.advance(3 * time.Hour) },
				Config:    e.config(cert + enforcement(from)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// The enforced_from now in the past is fine while it is unchanged.
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENFORCED")),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						// Enforcing the partner constrains the partner's own keys, not the acquirer acting on it.
						if _, err := e.client.ListAPIKeys(ctx, partner); err != nil {
							return fmt.Errorf("the acquirer was locked out of the partner account: %w", err)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:      enforcementAddr,
				ImportState:       true,
				ImportStateId:     partner,
				ImportStateVerify: true,
			},
			{
				// Changing to a time in the past is refused at plan.
				Config:      e.config(cert + enforcement(e.mock.Clock().Now().Add(-time.Hour).UTC().Format(time.RFC3339))),
				PlanOnly:    true,
				ExpectError: errorRegexp("Invalid enforced_from", "in the past"),
			},
			{
				Config:      e.config(cert + enforcement(e.mock.Clock().Now().AddDate(0, 4, 0).UTC().Format(time.RFC3339))),
				PlanOnly:    true,
				ExpectError: errorRegexp("Invalid enforced_from", "more than 3 months ahead"),
			},
			{
				Config:      e.config(cert + enforcement("tomorrow")),
				PlanOnly:    true,
				ExpectError: errorRegexp("Invalid enforced_from", "RFC 3339"),
			},
			{
				// Removed out of band after enforced_from passed: enforced again from now.
				PreConfig: func() {
					if err := e.client.RemoveMTLSEnforcement(t.Context(), partner); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(cert + enforcement(from)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(enforcementAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("status"), knownvalue.StringExact("ENFORCED")),
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("enforced_from"), knownvalue.StringExact(from)),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						enf, err := e.client.GetMTLSEnforcement(ctx, partner)
						if err != nil || enf.EnforcedFrom == nil || !enf.EnforcedFrom.After(mustTime(t, from)) {
							return fmt.Errorf("want the enforcement set again from now, got %+v (%w)", enf, err)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccMTLSEnforcement_ownAccountUnverifiedCanBeForced(t *testing.T) {
	e := newAccEnv(t)
	own := cnOf(t, e.boot.AccountID)
	// Someone else holds the only API certificate; the provider presents none.
	if _, err := e.client.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{
		CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: own}), Usage: "API",
	}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			// With the guard off the provider enforces, and the API then refuses the provider
			// itself: the guard exists for this.
			Config: e.config(fmt.Sprintf(`
resource "klarna_mtls_enforcement" "own" {
  enforced_from               = %q
  require_verified_connection = false
}
`, e.mock.Clock().Now().Add(time.Hour).UTC().Format(time.RFC3339))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("status"), knownvalue.StringExact("REPORTING")),
				statecheck.ExpectKnownValue("klarna_mtls_enforcement.own", tfjsonpath.New("id"), knownvalue.StringExact(e.boot.AccountID)),
			},
		}},
	})
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAccMTLSEnforcement_ownAccountIDInEitherForm(t *testing.T) {
	e := newAccEnv(t)
	if _, err := e.client.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{
		CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)}), Usage: "API",
	}); err != nil {
		t.Fatal(err)
	}
	from := e.mock.Clock().Now().Add(24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	body := func(explicit bool) string {
		account := ""
		if explicit {
			account = fmt.Sprintf("account_id = %q", e.boot.AccountID)
		}
		return fmt.Sprintf(`
resource "klarna_mtls_enforcement" "own" {
  enforced_from               = %q
  require_verified_connection = false
  %s
}
`, from, account)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		// An import records require_verified_connection, which the API never returns, in place.
		Steps: e.ownAccountIDStepsWith("klarna_mtls_enforcement.own", body, plancheck.ResourceActionUpdate,
			func(own, _ string) []string { return []string{own} }),
	})
}

// Changing only require_verified_connection makes no API call, so it plans status and
// enforced_at as they are.
func TestAccMTLSEnforcement_inPlaceUpdatePlansOnlyWhatChanges(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	if _, err := e.client.CreateClientCertificate(t.Context(), partner, klarna.CreateClientCertificateRequest{
		CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, partner)}), Usage: "API",
	}); err != nil {
		t.Fatal(err)
	}
	from := e.mock.Clock().Now().Add(24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	config := func(verify bool) string {
		return e.config(fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  account_id                  = %q
  enforced_from               = %q
  require_verified_connection = %t
}
`, partner, from, verify))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: config(true)},
			{
				Config: config(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(enforcementAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("status"), knownvalue.StringExact("REPORTING")),
					plancheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("enforced_at"), knownvalue.StringExact(from)),
				}},
			},
		},
	})
}

// An enforcement the API set but answered with a body that does not decode is read back
// and saved, not lost.
func TestAccMTLSEnforcement_createAnsweredUnusably(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	if _, err := e.client.CreateClientCertificate(t.Context(), partner, klarna.CreateClientCertificateRequest{
		CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, partner)}), Usage: "API",
	}); err != nil {
		t.Fatal(err)
	}
	p := e.mangleCreates(t)
	p.method = "PUT"
	p.set(garbled)
	from := e.mock.Clock().Now().Add(24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: p.config(e, fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  account_id    = %q
  enforced_from = %q
}
`, partner, from)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("status"), knownvalue.StringExact("REPORTING")),
				statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("enforced_at"), knownvalue.StringExact(from)),
			},
		}},
	})
}

// notEnforcedAccounts are the provider's own account, with no API certificate (NOT_ENABLED),
// and a partner holding one but no enforcement (REPORTING).
func notEnforcedAccounts(t *testing.T, e *accEnv) (own, partner string) {
	t.Helper()
	partner = e.partner(0)
	if _, err := e.client.CreateClientCertificate(t.Context(), partner, klarna.CreateClientCertificateRequest{
		CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, partner)}), Usage: "API",
	}); err != nil {
		t.Fatal(err)
	}
	return e.boot.AccountID, partner
}

func notEnforcedConfig(e *accEnv) string {
	return e.config(fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  enforced_from = %q
}
`, e.mock.Clock().Now().Add(24*time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)))
}

func TestAccMTLSEnforcement_importNotEnforced(t *testing.T) {
	e := newAccEnv(t)
	own, partner := notEnforcedAccounts(t, e)
	config := notEnforcedConfig(e)
	var steps []resource.TestStep
	for _, tc := range []struct{ account, status string }{{own, "NOT_ENABLED"}, {partner, "REPORTING"}} {
		steps = append(steps, resource.TestStep{
			Config:        config,
			ResourceName:  enforcementAddr,
			ImportState:   true,
			ImportStateId: tc.account,
			ExpectError: errorRegexp("Unable to import mTLS enforcement", tc.account, "has no mTLS enforcement (status "+tc.status+")",
				"nothing to import", "Create the resource instead"),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps:                    steps,
	})
}

func TestAccMTLSEnforcement_importNotEnforcedByIdentity(t *testing.T) {
	e := newAccEnv(t)
	own, partner := notEnforcedAccounts(t, e)
	config := notEnforcedConfig(e)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			// Without account_id, the identity names the provider's own account.
			refusedIdentityStep(config, enforcementAddr, "", "Unable to import mTLS enforcement", own,
				"has no mTLS enforcement (status NOT_ENABLED)", "nothing to import"),
			refusedIdentityStep(config, enforcementAddr, fmt.Sprintf("account_id = %q", partner), "Unable to import mTLS enforcement",
				partner, "has no mTLS enforcement (status REPORTING)", "nothing to import"),
		},
	})
}

// An enforcement moved to a later time through the API is planned back to what enforced_from
// asks: NOW in effect again, a fixed time exactly that time.
func TestAccMTLSEnforcement_movedOutsideTerraform(t *testing.T) {
	for _, fixed := range []bool{false, true} {
		t.Run(fmt.Sprintf("fixed=%t", fixed), func(t *testing.T) {
			e := newAccEnv(t)
			partner := e.partner(0)
			if _, err := e.client.CreateClientCertificate(t.Context(), partner, klarna.CreateClientCertificateRequest{
				CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, partner)}), Usage: "API",
			}); err != nil {
				t.Fatal(err)
			}
			now := e.mock.Clock().Now().UTC().Truncate(time.Second)
			from, wantStatus := "NOW", "ENFORCED"
			if fixed {
				from, wantStatus = now.Add(24*time.Hour).Format(time.RFC3339), "REPORTING"
			}
			later := now.Add(30 * 24 * time.Hour).Format(time.RFC3339)
			config := e.config(fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  account_id    = %q
  enforced_from = %q
}
`, partner, from))
			inEffectAsAsked := check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
				enf, err := e.client.GetMTLSEnforcement(ctx, partner)
				if err != nil {
					return err
				}
				if enf.EnforcedFrom == nil || enf.Status != wantStatus {
					return fmt.Errorf("the API holds %+v, want status %s", enf, wantStatus)
				}
				if at := enf.EnforcedFrom.UTC().Format(time.RFC3339); (fixed && at != from) || (!fixed && at >= later) {
					return fmt.Errorf("the API enforces from %s; enforced_from is %s", at, from)
				}
				return nil
			})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{
					{Config: config, ConfigStateChecks: []statecheck.StateCheck{inEffectAsAsked}},
					{
						PreConfig: func() {
							if _, err := e.client.EnforceMTLS(t.Context(), partner, later); err != nil {
								t.Fatal(err)
							}
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(enforcementAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectUnknownValue(enforcementAddr, tfjsonpath.New("enforced_at")),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							inEffectAsAsked,
							statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("status"), knownvalue.StringExact(wantStatus)),
						},
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
					},
				},
			})
		})
	}
}

func TestMTLSEnforcementMoved_cases(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	for _, tc := range []struct {
		name, from, enforcedAt string
		moved                  bool
	}{
		{"NOW applied before now", "NOW", at(-time.Hour), false},
		{"NOW applied this second", "NOW", at(0), false},
		{"NOW moved later", "NOW", at(48 * time.Hour), true},
		{"fixed time ahead, as asked", at(24 * time.Hour), at(24 * time.Hour), false},
		{"fixed time ahead, in another zone", now.Add(24 * time.Hour).In(time.FixedZone("CET", 3600)).Format(time.RFC3339), at(24 * time.Hour), false},
		{"fixed time ahead, moved later", at(24 * time.Hour), at(48 * time.Hour), true},
		{"fixed time ahead, moved earlier", at(24 * time.Hour), at(time.Hour), true},
		{"fixed time passed, enforced from it", at(-24 * time.Hour), at(-24 * time.Hour), false},
		{"fixed time passed, enforced again from a later now", at(-24 * time.Hour), at(-time.Hour), false},
		{"fixed time passed, moved into the future", at(-24 * time.Hour), at(time.Hour), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := mtlsEnforcementMoved(tc.from, tc.enforcedAt, now)
			if (got != "") != tc.moved {
				t.Fatalf("mtlsEnforcementMoved(%q, %q) = %q, want moved %t", tc.from, tc.enforcedAt, got, tc.moved)
			}
			if tc.moved && !strings.Contains(got, tc.enforcedAt) {
				t.Fatalf("the message %q does not name the enforcement time %s", got, tc.enforcedAt)
			}
		})
	}
}

// The guard refuses an enforcement of the own account whose connection does not verify (the
// provider presents no certificate), and nothing is enforced. The plan warns of it already
// (TestMTLSLockOutDiagnostics_cases): an error there would also refuse the certificate the
// same configuration may issue.
func TestAccMTLSEnforcement_ownAccountUnverifiedRefused(t *testing.T) {
	e := newAccEnv(t)
	for _, withCertificate := range []bool{false, true} {
		if withCertificate {
			// An API certificate of the account that the provider does not present.
			if _, err := e.client.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{
				CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)}), Usage: "API",
			}); err != nil {
				t.Fatal(err)
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.config(`
resource "klarna_mtls_enforcement" "own" {
  enforced_from = "NOW"
}
`),
				ExpectError: errorRegexp("Unable to enforce mTLS: the provider's own connection does not verify"),
			}},
			CheckDestroy: func(*terraform.State) error {
				m, err := e.client.GetMTLSEnforcement(t.Context(), "")
				if err != nil {
					return fmt.Errorf("reading the enforcement after the refusal: %w", err)
				}
				if m.EnforcedFrom != nil {
					return fmt.Errorf("after the refusal the API holds %+v; want no enforcement", m)
				}
				return nil
			},
		})
	}
}
