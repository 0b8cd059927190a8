package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// actionsAvailable skips a test on a CLI older than Terraform 1.14, which has no actions.
var actionsAvailable = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// credentialDisableConfig is a credential of the kind, enabled as given, and the action that
// disables it, run once when terraform_data.incident is created.
func credentialDisableConfig(kind string, enabled bool) string {
	resourceType, extra := "klarna_api_key", ""
	if kind == credentialTypeClientID {
		resourceType, extra = "klarna_client_id", `  allowed_origins = ["https://shop.example.com"]`+"\n"
	}
	cfg := fmt.Sprintf(`
resource %[1]q "leaked" {
  description = "incident drill"
  enabled     = %[2]t
%[3]s}
`, resourceType, enabled, extra)
	return cfg + fmt.Sprintf(`
action "klarna_credential_disable" "leaked" {
  config {
    type = %[1]q
    id   = %[2]s.leaked.id
  }
}

resource "terraform_data" "incident" {
  input = "disable the leaked credential"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.klarna_credential_disable.leaked]
    }
  }
}
`, kind, resourceType)
}

// TestAccCredentialDisable_manualRule disables a credential with the action: the API records
// MANUAL, and the next plan replaces the credential, with a warning, rather than enabling it
// again. A credential the configuration itself disables (enabled = false), also MANUAL to
// the API, is enabled again in place when the configuration says so.
func TestAccCredentialDisable_manualRule(t *testing.T) {
	for _, kind := range credentialTypes {
		t.Run(kind, func(t *testing.T) {
			e := newAccEnv(t)
			addr := "klarna_api_key.leaked"
			get := func(ctx context.Context, id string) (string, *string, error) {
				k, err := e.client.GetAPIKey(ctx, "", id)
				if err != nil {
					return "", nil, err
				}
				return k.Status, k.DisabledReason, nil
			}
			if kind == credentialTypeClientID {
				addr = "klarna_client_id.leaked"
				get = func(ctx context.Context, id string) (string, *string, error) {
					c, err := e.client.GetClientID(ctx, "", id)
					if err != nil {
						return "", nil, err
					}
					return c.Status, c.DisabledReason, nil
				}
			}
			var leakedID, newID string
			expectAPI := func(id *string, status, reason string) check {
				return func(ctx context.Context, _ statecheck.CheckStateRequest) error {
					got, gotReason, err := get(ctx, *id)
					if err != nil {
						return err
					}
					if got != status || derefOr(gotReason, "") != reason {
						return fmt.Errorf("the API holds %s %s (reason %q), want %s (reason %q)", kind, *id, derefOr(gotReason, ""), status, reason)
					}
					return nil
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				TerraformVersionChecks:   actionsAvailable,
				Steps: []resource.TestStep{
					{
						// The action runs after terraform_data.incident is created; the refresh
						// after the apply sees the credential disabled.
						Config:             e.config(credentialDisableConfig(kind, true)),
						ExpectNonEmptyPlan: true,
						ConfigStateChecks: []statecheck.StateCheck{
							rememberID(addr, &leakedID),
							expectAPI(&leakedID, "DISABLED", "MANUAL"),
						},
					},
					{
						// Disabled outside Terraform: replaced with a new, enabled credential.
						Config: e.config(credentialDisableConfig(kind, true)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							rememberID(addr, &newID),
							check(func(context.Context, statecheck.CheckStateRequest) error {
								if newID == leakedID {
									return fmt.Errorf("the disabled %s %s was kept, not replaced", kind, leakedID)
								}
								return nil
							}),
							expectAPI(&newID, "ENABLED", ""),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
						},
					},
					{
						// Disabled by the configuration: MANUAL to the API as well.
						Config: e.config(credentialDisableConfig(kind, false)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{expectAPI(&newID, "DISABLED", "MANUAL")},
					},
					{
						// ... and enabled again in place, the same credential.
						Config: e.config(credentialDisableConfig(kind, true)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							expectAPI(&newID, "ENABLED", ""),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringFunc(func(s string) error {
								if s != newID {
									return fmt.Errorf("id %s, want %s enabled in place", s, newID)
								}
								return nil
							})),
						},
					},
				},
			})
		})
	}
}

// TestAccCredentialDisable_invalidInput refuses a wrong type or ID at validate time.
func TestAccCredentialDisable_invalidInput(t *testing.T) {
	e := newAccEnv(t)
	action := func(typ, id string) string {
		return e.config(fmt.Sprintf(`
action "klarna_credential_disable" "x" {
  config {
    type = %q
    id   = %q
  }
}

resource "terraform_data" "x" {
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.klarna_credential_disable.x]
    }
  }
}
`, typ, id))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		TerraformVersionChecks:   actionsAvailable,
		Steps: []resource.TestStep{
			{
				Config:      action("password", "0b554535-d9bd-4a43-9bda-9ce1396bad0e"),
				PlanOnly:    true,
				ExpectError: errorRegexp(`Attribute type value must be one of: ["api_key" "client_id"]`),
			},
			{
				Config:      action("api_key", "not-a-uuid"),
				PlanOnly:    true,
				ExpectError: errorRegexp(`"not-a-uuid" is not a UUID`),
			},
		},
	})
}

func TestWarnAlreadyDisabled_reasonsAConfigurationCouldUndo(t *testing.T) {
	t.Parallel()
	reason := func(s string) *string { return &s }
	for _, tc := range []struct {
		name   string
		reason *string
		warns  bool
	}{
		{"no reason", nil, false},
		{"manual", reason(apirules.DisabledManual), true},
		{"security", reason(apirules.DisabledSecurity), false},
		{"inactivity", reason(apirules.DisabledInactivity), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var resp action.InvokeResponse
			warnAlreadyDisabled(&resp, "API key", "6f1c2b1e-4c1d-4a7e-9a43-0b8e2f6d9c10", tc.reason)
			if got := resp.Diagnostics.WarningsCount() == 1; got != tc.warns {
				t.Errorf("warned %v, want %v: %v", got, tc.warns, resp.Diagnostics)
			}
		})
	}
}
