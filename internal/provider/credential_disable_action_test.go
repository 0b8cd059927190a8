package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
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

// TestAccCredentialDisableAction_manualRule disables a credential with the action: the API records
// MANUAL, and the next plan replaces the credential, with a warning, rather than enabling it
// again. A credential the configuration itself disables (enabled = false), also MANUAL to
// the API, is enabled again in place when the configuration says so.
func TestAccCredentialDisableAction_manualRule(t *testing.T) {
	for _, kind := range credentialTypes {
		t.Run(kind, func(t *testing.T) {
			e := newAccEnv(t)
			addr := "klarna_api_key.leaked"
			get := func(ctx context.Context, id string) (klarna.Credential, error) {
				k, err := e.client.GetAPIKey(ctx, "", id)
				if err != nil {
					return klarna.Credential{}, err
				}
				return k.Credential, nil
			}
			if kind == credentialTypeClientID {
				addr = "klarna_client_id.leaked"
				get = func(ctx context.Context, id string) (klarna.Credential, error) {
					c, err := e.client.GetClientID(ctx, "", id)
					if err != nil {
						return klarna.Credential{}, err
					}
					return c.Credential, nil
				}
			}
			var leakedID, newID string
			expectAPI := func(id *string, status, reason string) check {
				return func(ctx context.Context, _ statecheck.CheckStateRequest) error {
					got, err := get(ctx, *id)
					if err != nil {
						return err
					}
					if string(got.Status) != status || derefOr(got.DisabledReason, "") != reason {
						return fmt.Errorf("the API holds %s %s (reason %q), want %s (reason %q)", kind, *id, derefOr(got.DisabledReason, ""), status, reason)
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

// TestAccCredentialDisableAction_invalidInput refuses a wrong type or ID at validate time.
func TestAccCredentialDisableAction_invalidInput(t *testing.T) {
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
			{
				// An account that is no partner of the provider's account is refused at plan,
				// before the CLI asks whether to invoke.
				Config: strings.Replace(action("api_key", "0b554535-d9bd-4a43-9bda-9ce1396bad0e"), "type =",
					fmt.Sprintf("account_id = %q\n    type =", e.boot.ForeignAccountIDs[0]), 1),
				PlanOnly:    true,
				ExpectError: errorRegexp("Account outside the provider's account", e.boot.ForeignAccountIDs[0]),
			},
		},
	})
}

func TestWarnAlreadyDisabled_reasonsAConfigurationCouldUndo(t *testing.T) {
	t.Parallel()
	reason := func(s klarna.DisabledReason) *klarna.DisabledReason { return &s }
	for _, tc := range []struct {
		name   string
		reason *klarna.DisabledReason
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

// TestCheckCredentialDisableConfig_valuesKnownOnlyAtRun judges the values Terraform could not
// validate (from variables) with the schema's rules once they are known: at plan an unknown
// value waits, at invoke it is refused, and a value outside the rules never reaches the API.
func TestCheckCredentialDisableConfig_valuesKnownOnlyAtRun(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var schemaResp action.SchemaResponse
	newCredentialDisableAction().Schema(ctx, action.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	null := tftypes.NewValue(tftypes.String, nil)
	const id = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	data := &providerData{environment: "test"}
	for _, tc := range []struct {
		name             string
		kind, id, accnt  tftypes.Value
		invoke           bool
		wantAttr, wantIn string
	}{
		{"valid api key", str("api_key"), str(id), null, true, "", ""},
		{"valid client id of a test account", str("client_id"), str(id), str("krn:partner:global:account:test:ABCDEFGH"), true, "", ""},
		{"unknown type", str("bogus"), str(id), null, true, "type", "must be one of"},
		{"type in upper case", str("API_KEY"), str(id), null, true, "type", "must be one of"},
		{"empty type", str(""), str(id), null, true, "type", "must be one of"},
		{"empty id", str("api_key"), str(""), null, true, "id", "is not a UUID"},
		{"id not a UUID", str("client_id"), str("NOTAUUID"), null, true, "id", `"NOTAUUID" is not a UUID`},
		{"empty account_id", str("api_key"), str(id), str(""), true, "account_id", "account ID is empty"},
		{"malformed account_id", str("api_key"), str(id), str("ABCDEFGH"), true, "account_id", "does not start with"},
		{"live account on a test provider", str("api_key"), str(id), str("krn:partner:global:account:live:ABCDEFGH"), true, "account_id", "live account"},
		{"unknown id at invoke", str("api_key"), unknown, null, true, "id", "unknown when the action runs"},
		{"unknown id at plan", str("api_key"), unknown, null, false, "", ""},
		{"bad type with an unknown id at plan", str("bogus"), unknown, null, false, "type", "must be one of"},
		{"live account at plan", str("api_key"), unknown, str("krn:partner:global:account:live:ABCDEFGH"), false, "account_id", "live account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{
				"type": tc.kind, "id": tc.id, "account_id": tc.accnt,
			})}
			diags := checkCredentialDisableConfig(ctx, cfg, data, tc.invoke)
			if tc.wantAttr == "" {
				if diags.HasError() {
					t.Fatalf("unexpected error: %v", diags)
				}
				return
			}
			if len(diags.Errors()) != 1 || !hasError(diags, tc.wantAttr, tc.wantIn) {
				t.Fatalf("want one error on %s containing %q, got %v", tc.wantAttr, tc.wantIn, diags)
			}
		})
	}
}

func TestCredentialNoun_neverCallsAnUnknownTypeAKnownOne(t *testing.T) {
	t.Parallel()
	for kind, want := range map[string]string{"api_key": "API key", "client_id": "client ID", "bogus": `credential of type "bogus"`, "API_KEY": `credential of type "API_KEY"`} {
		if got := credentialNoun(kind); got != want {
			t.Errorf("credentialNoun(%q) = %q, want %q", kind, got, want)
		}
	}
}

// TestAccCredentialDisableAction_invalidInputFromVariables refuses, before any API call, the values
// Terraform validates only once they are known: from variables they reach the provider after
// validate.
func TestAccCredentialDisableAction_invalidInputFromVariables(t *testing.T) {
	e := newAccEnv(t)
	cfg := e.config(`
variable "typ" { type = string }
variable "id" { type = string }
variable "account" {
  type    = string
  default = null
}

resource "klarna_client_id" "target" {
  description     = "must stay enabled"
  allowed_origins = ["https://shop.example.com"]
}

action "klarna_credential_disable" "x" {
  config {
    type       = var.typ
    id         = var.id
    account_id = var.account
  }
}

resource "terraform_data" "x" {
  input = klarna_client_id.target.id

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.klarna_credential_disable.x]
    }
  }
}
`)
	const uuid = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	vars := func(typ, id string, account any) config.Variables {
		v := config.Variables{"typ": config.StringVariable(typ), "id": config.StringVariable(id)}
		if s, ok := account.(string); ok {
			v["account"] = config.StringVariable(s)
		}
		return v
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		TerraformVersionChecks:   actionsAvailable,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigVariables: vars("bogus", uuid, nil), ExpectError: errorRegexp(`type value must be one of`)},
			{Config: cfg, ConfigVariables: vars("API_KEY", uuid, nil), ExpectError: errorRegexp(`type value must be one of`)},
			{Config: cfg, ConfigVariables: vars("api_key", "", nil), ExpectError: errorRegexp(`"" is not a UUID`)},
			{Config: cfg, ConfigVariables: vars("api_key", "NOTAUUID", nil), ExpectError: errorRegexp(`"NOTAUUID" is not a UUID`)},
			{Config: cfg, ConfigVariables: vars("api_key", uuid, ""), ExpectError: errorRegexp(`account ID is empty`)},
			{Config: cfg, ConfigVariables: vars("api_key", uuid, "krn:partner:global:account:live:ABCDEFGH"), ExpectError: errorRegexp(`is a live account`)},
		},
	})
}
