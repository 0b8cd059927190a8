package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

const ipRestrictionAddr = "klarna_ip_restriction.test"

// loopbackBlocks allow the provider's own requests in tests (127.0.0.1 or ::1).
const loopbackBlocks = `["127.0.0.1/32", "::1/128"]`

func ipRestrictionConfig(mode, blocks string) string {
	return fmt.Sprintf(`
resource "klarna_ip_restriction" "test" {
  enforcement_mode = %q
  cidr_blocks      = %s
}
`, mode, blocks)
}

func newIPAccEnv(t *testing.T, delay time.Duration) *accEnv {
	t.Helper()
	m := mocktest.Start(t, mockapi.Options{IPDelay: delay})
	return &accEnv{t: t, mock: m, boot: m.Bootstrap(), client: mocktest.Client(t, m)}
}

// checkIPNotEnabled requires every allow-list of the state to be back to NOT_ENABLED.
func (e *accEnv) checkIPNotEnabled(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "klarna_ip_restriction" {
			continue
		}
		account := rs.Primary.Attributes["account_id"]
		if account == e.boot.AccountID {
			account = ""
		}
		ip, err := e.client.GetIPRestriction(e.t.Context(), account)
		if err != nil {
			return err
		}
		if ip.EnforcementMode != klarna.IPModeNotEnabled {
			return fmt.Errorf("the allow-list of %s is %s after destroy, want NOT_ENABLED", rs.Primary.ID, ip.EnforcementMode)
		}
	}
	return nil
}

func TestAccIPRestriction_rolloutThroughReporting(t *testing.T) {
	e := newIPAccEnv(t, time.Minute)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkIPNotEnabled,
		Steps: []resource.TestStep{
			{
				// Created as ENFORCED: refused at plan, with what to do.
				Config:      e.config(ipRestrictionConfig("ENFORCED", loopbackBlocks)),
				PlanOnly:    true,
				ExpectError: errorRegexp("Unable to enforce the IP allow-list", `enforcement_mode = "REPORTING"`, "then apply"),
			},
			{
				Config: e.config(ipRestrictionConfig("REPORTING", loopbackBlocks)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("enforcement_mode"), knownvalue.StringExact("REPORTING")),
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("id"), knownvalue.StringExact(e.boot.AccountID)),
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("effective_at"), knownvalue.NotNull()),
				},
			},
			{
				ResourceName:      ipRestrictionAddr,
				ImportState:       true,
				ImportStateId:     e.boot.AccountID,
				ImportStateVerify: true,
			},
			{
				// REPORTING is not in effect for another minute: enforcing now is refused.
				Config:      e.config(ipRestrictionConfig("ENFORCED", loopbackBlocks)),
				PlanOnly:    true,
				ExpectError: errorRegexp("Unable to enforce the IP allow-list yet", "takes effect at"),
			},
			{
				PreConfig: func() {
					if _, err := e.mock.AdvanceClock(time.Minute); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(ipRestrictionConfig("ENFORCED", loopbackBlocks)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ipRestrictionAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("enforcement_mode"), knownvalue.StringExact("ENFORCED")),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						if _, err := e.mock.AdvanceClock(time.Minute); err != nil {
							return err
						}
						ip, err := e.client.GetIPRestriction(ctx, "")
						if err != nil {
							return fmt.Errorf("the provider's address must stay allowed: %w", err)
						}
						if ip.EnforcementMode != "ENFORCED" || ip.IPValidationStatus != "ALLOWED" {
							return fmt.Errorf("the API holds %+v", ip)
						}
						return nil
					}),
				},
			},
			{
				// New blocks, even a superset, for an allow-list that is ENFORCED and stays so:
				// refused at plan, saying so.
				Config:      e.config(ipRestrictionConfig("ENFORCED", `["127.0.0.1/32", "::1/128", "203.0.113.0/24"]`)),
				PlanOnly:    true,
				ExpectError: errorRegexp("Unable to change the blocks of an enforced IP allow-list", "ENFORCED already and stays so", "only", "through REPORTING"),
			},
			{
				// Blocks not known at plan: the guard says it cannot judge them.
				Config: e.config(`
resource "terraform_data" "blocks" {
  input = ["127.0.0.1/32", "::1/128"]
}
` + ipRestrictionConfig("ENFORCED", "toset(terraform_data.blocks.output)")),
				PlanOnly:    true,
				ExpectError: errorRegexp("cidr_blocks are not known at plan", "cannot", "judge"),
			},
			{
				// A mode not known at plan may be ENFORCED: with new blocks, refused at plan.
				Config: e.config(`
resource "terraform_data" "mode" {
  input = "ENFORCED"
}

resource "klarna_ip_restriction" "test" {
  enforcement_mode = terraform_data.mode.output
  cidr_blocks      = ["127.0.0.1/32", "::1/128", "203.0.113.0/24"]
}
`),
				PlanOnly:    true,
				ExpectError: errorRegexp("Unable to judge the IP allow-list", "enforcement_mode is not known at plan", "Unable to change the blocks of an enforced IP allow-list"),
			},
			{
				// With the blocks as they are, either mode is safe: the plan goes through.
				Config: e.config(`
resource "terraform_data" "mode" {
  input = "ENFORCED"
}

resource "klarna_ip_restriction" "test" {
  enforcement_mode = terraform_data.mode.output
  cidr_blocks      = ` + loopbackBlocks + `
}
`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccIPRestriction_lockOutGuard(t *testing.T) {
	e := newIPAccEnv(t, 0)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkIPNotEnabled,
		Steps: []resource.TestStep{
			{
				Config: e.config(ipRestrictionConfig("REPORTING", `["203.0.113.0/24"]`)),
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						who, err := e.client.GetIPRestriction(ctx, "")
						if err != nil || who.IPValidationStatus != "DENIED" {
							return fmt.Errorf("REPORTING outside the blocks: %+v, %w; want DENIED", who, err)
						}
						return nil
					}),
				},
			},
			{
				// The list excludes the provider: enforcing it is refused, and nothing is sent.
				Config:      e.config(ipRestrictionConfig("ENFORCED", `["203.0.113.0/24"]`)),
				ExpectError: errorRegexp("it does not allow the provider", "Klarna-Ip-Validation-Status DENIED", "require_verified_connection = false"),
			},
			{
				Config: e.config(ipRestrictionConfig("REPORTING", `["203.0.113.0/24"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						ip, err := e.client.GetIPRestriction(ctx, "")
						if err != nil || ip.EnforcementMode != "REPORTING" {
							return fmt.Errorf("the allow-list is %+v (%w), want it left in REPORTING", ip, err)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccIPRestriction_drift(t *testing.T) {
	e := newIPAccEnv(t, 0)
	config := e.config(ipRestrictionConfig("REPORTING", loopbackBlocks))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkIPNotEnabled,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					mode := klarna.IPModeNotEnabled
					if _, err := e.client.UpdateIPRestriction(t.Context(), "", klarna.UpdateIPRestrictionRequest{
						EnforcementMode: &mode, CIDRBlocks: []string{"10.0.0.0/8"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ipRestrictionAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("enforcement_mode"), knownvalue.StringExact("REPORTING")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("cidr_blocks"), knownvalue.SetSizeExact(2)),
				},
			},
		},
	})
}

func TestAccIPRestriction_planTimeValidation(t *testing.T) {
	e := newIPAccEnv(t, 0)
	for _, tc := range []struct {
		name, mode, blocks string
		want               []string
	}{
		{"host bits set", "REPORTING", `["10.0.0.1/8"]`, []string{"Invalid CIDR block", "canonical form", "10.0.0.0/8"}},
		{"not a block", "REPORTING", `["10.0.0.1"]`, []string{"Invalid CIDR block"}},
		{"no block", "REPORTING", `[]`, []string{"cidr_blocks", "at least 1"}},
		{"NOT_ENABLED", "NOT_ENABLED", loopbackBlocks, []string{"enforcement_mode", "REPORTING", "ENFORCED"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      e.config(ipRestrictionConfig(tc.mode, tc.blocks)),
					PlanOnly:    true,
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
}

func TestAccIPRestriction_partnerAccountBindsThePartnersKeys(t *testing.T) {
	e := newIPAccEnv(t, 0)
	partner := e.partner(0)
	config := func(mode string) string {
		return e.config(fmt.Sprintf(`
resource "klarna_ip_restriction" "test" {
  account_id       = %q
  enforcement_mode = %q
  cidr_blocks      = ["203.0.113.0/24"]
}
`, partner, mode))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkIPNotEnabled,
		Steps: []resource.TestStep{
			{Config: config("REPORTING")},
			{
				// The partner's list excludes this machine, yet enforcing it is allowed: it binds the
				// partner's own keys, and the provider, acting with its own key, keeps working.
				Config: config("ENFORCED"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("enforcement_mode"), knownvalue.StringExact("ENFORCED")),
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("id"), knownvalue.StringExact(partner)),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						ip, err := e.client.GetIPRestriction(ctx, partner)
						if err != nil {
							return fmt.Errorf("the provider's own key must still reach the partner: %w", err)
						}
						if ip.EnforcementMode != "ENFORCED" {
							return fmt.Errorf("the partner's allow-list is %+v", ip)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:      ipRestrictionAddr,
				ImportState:       true,
				ImportStateId:     partner,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccIPRestriction_importNotEnabled(t *testing.T) {
	e := newIPAccEnv(t, 0)
	partner := e.partner(0)
	config := e.config(ipRestrictionConfig("REPORTING", loopbackBlocks))
	steps := []resource.TestStep{}
	for _, account := range []string{e.boot.AccountID, partner} {
		steps = append(steps, resource.TestStep{
			Config:        config,
			ResourceName:  ipRestrictionAddr,
			ImportState:   true,
			ImportStateId: account,
			ExpectError:   errorRegexp("Unable to import IP allow-list", account, "is NOT_ENABLED", "nothing to import", "Create the resource instead"),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps:                    steps,
	})
}

func TestAccIPRestriction_driftToNotEnabledWhileEnforced(t *testing.T) {
	e := newIPAccEnv(t, 0)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkIPNotEnabled,
		Steps: []resource.TestStep{
			{Config: e.config(ipRestrictionConfig("REPORTING", loopbackBlocks))},
			{Config: e.config(ipRestrictionConfig("ENFORCED", loopbackBlocks))},
			{
				// Turned off outside Terraform: the plan does not keep NOT_ENABLED, and says how to enforce again.
				PreConfig: func() {
					mode := klarna.IPModeNotEnabled
					if _, err := e.client.UpdateIPRestriction(t.Context(), "", klarna.UpdateIPRestrictionRequest{
						EnforcementMode: &mode, CIDRBlocks: []string{"10.0.0.0/8"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:   e.config(ipRestrictionConfig("ENFORCED", loopbackBlocks)),
				PlanOnly: true,
				ExpectError: errorRegexp("Unable to enforce the IP allow-list", "turned off (NOT_ENABLED) outside Terraform",
					`enforcement_mode = "REPORTING"`),
			},
			{
				// Back through REPORTING: an in-place fix of what Klarna holds.
				Config: e.config(ipRestrictionConfig("REPORTING", loopbackBlocks)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ipRestrictionAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("enforcement_mode"), knownvalue.StringExact("REPORTING")),
					statecheck.ExpectKnownValue(ipRestrictionAddr, tfjsonpath.New("cidr_blocks"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("127.0.0.1/32"), knownvalue.StringExact("::1/128")})),
				},
			},
			{Config: e.config(ipRestrictionConfig("ENFORCED", loopbackBlocks))},
		},
	})
}

func TestAccIPRestriction_importNotEnabledByIdentity(t *testing.T) {
	e := newIPAccEnv(t, 0)
	partner := e.partner(0)
	config := e.config(ipRestrictionConfig("REPORTING", loopbackBlocks))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			// Without account_id, the identity names the provider's own account.
			refusedIdentityStep(config, ipRestrictionAddr, "", "Unable to import IP allow-list", e.boot.AccountID,
				"is NOT_ENABLED", "nothing to import", "Create the resource instead"),
			refusedIdentityStep(config, ipRestrictionAddr, fmt.Sprintf("account_id = %q", partner), "Unable to import IP allow-list",
				partner, "is NOT_ENABLED", "nothing to import"),
		},
	})
}

func TestIPBlocksChangeDiagnostics_saysWhatIsTrue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		fromMode string
		known    bool
		summary  string
		want     []string
		not      []string
	}{
		{"enforced stays enforced", "ENFORCED", true, "Unable to change the blocks of an enforced IP allow-list",
			[]string{"ENFORCED already and stays so", "only through REPORTING", "even blocks that only add addresses"}, []string{"same apply that sets"}},
		{"reporting to enforced", "REPORTING", true, "Unable to enforce the IP allow-list",
			[]string{"same apply that sets enforcement_mode = \"ENFORCED\"", "never checked in REPORTING"}, []string{"stays so"}},
		{"unknown, enforced stays enforced", "ENFORCED", false, "Unable to enforce the IP allow-list",
			[]string{"not known at plan", "cannot judge", "stays so"}, []string{"cidr_blocks change"}},
		{"unknown, reporting to enforced", "REPORTING", false, "Unable to enforce the IP allow-list",
			[]string{"not known at plan", "cannot judge", "this apply sets enforcement_mode"}, []string{"cidr_blocks change"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			diags := ipBlocksChangeDiagnostics(tc.fromMode, tc.known)
			if len(diags) != 1 || diags[0].Severity() != diag.SeverityError || diags[0].Summary() != tc.summary || !hasError(diags, "cidr_blocks", "") {
				t.Fatalf("want one error %q on cidr_blocks, got %v", tc.summary, diags)
			}
			for _, w := range tc.want {
				if !strings.Contains(diags[0].Detail(), w) {
					t.Errorf("detail %q does not say %q", diags[0].Detail(), w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(diags[0].Detail(), n) {
					t.Errorf("detail %q says %q, which is not true here", diags[0].Detail(), n)
				}
			}
		})
	}
}
