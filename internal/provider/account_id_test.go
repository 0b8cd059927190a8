package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// ownAccountIDSteps checks that an omitted account_id and the provider's own account KRN are
// the same account: switching between them plans nothing, and an import in either form
// (<own KRN>/<id> or <id>) into a configuration in either form plans no replacement.
// importAction is what such an import plans: a no-op, or an update that only records inputs
// the API never returns.
func (e *accEnv) ownAccountIDSteps(addr string, body func(explicit bool) string, importAction plancheck.ResourceActionType) []tfresource.TestStep {
	return e.ownAccountIDStepsWith(addr, body, importAction, func(own, id string) []string { return []string{id, own + "/" + id} })
}

// ownAccountIDStepsWith is ownAccountIDSteps with the import IDs given by importIDs.
func (e *accEnv) ownAccountIDStepsWith(addr string, body func(explicit bool) string, importAction plancheck.ResourceActionType,
	importIDs func(own, id string) []string) []tfresource.TestStep {
	own := e.boot.AccountID
	steps := []tfresource.TestStep{
		{
			Config: e.config(body(false)),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(own)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(own)),
			},
		},
		{
			Config:           e.config(body(true)),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:           e.config(body(false)),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	}
	for form := range 2 {
		for _, explicitConfig := range []bool{false, true} {
			steps = append(steps, tfresource.TestStep{
				Config:          e.config(body(explicitConfig)),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					ids := importIDs(own, s.RootModule().Resources[addr].Primary.ID)
					return ids[form%len(ids)], nil
				},
				ExpectNonEmptyPlan: importAction != plancheck.ResourceActionNoop,
				ImportPlanChecks: tfresource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					expectNoReplace(addr),
					plancheck.ExpectResourceAction(addr, importAction),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(own)),
				}},
			})
		}
	}
	return steps
}

func TestPlanAccountID_ownAccountIsOmittedAccount(t *testing.T) {
	t.Parallel()
	const own, partner = "krn:partner:global:account:test:OWN00001", "krn:partner:global:account:test:PART0001"
	r := &apiKeyResource{data: &providerData{environment: "test", accountID: own, clock: fixedClock(time.Now())}, kind: apiKeyKind}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	null := tftypes.NewValue(tftypes.String, nil)
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	for _, tc := range []struct {
		name                   string
		state, config, planned tftypes.Value // planned: what the framework planned before ModifyPlan
		want                   tftypes.Value
		replace                bool
	}{
		{"omitted, state holds the own KRN", str(own), null, str(own), str(own), false},
		{"own KRN, state holds the own KRN", str(own), str(own), str(own), str(own), false},
		{"omitted, state from before account_id was computed", null, null, null, null, false},
		{"omitted, old state, other changes", null, null, unknown, str(own), false},
		{"own KRN, old state", null, str(own), str(own), str(own), false},
		{"partner, old state", null, str(partner), str(partner), str(partner), true},
		{"omitted, state holds a partner", str(partner), null, str(partner), str(own), true},
		{"partner, state holds the own KRN", str(own), str(partner), str(partner), str(partner), true},
		{"unknown", str(own), unknown, unknown, unknown, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			common := map[string]tftypes.Value{
				"id": str("0b554535-d9bd-4a43-9bda-9ce1396bad0e"), "description": str(""), "enabled": tftypes.NewValue(tftypes.Bool, true),
				"status": str("ENABLED"), "environment": str("TEST"),
			}
			with := func(account tftypes.Value) map[string]tftypes.Value {
				m := map[string]tftypes.Value{"account_id": account}
				for k, v := range common {
					m[k] = v
				}
				return m
			}
			state, s := object(t, r, with(tc.state))
			plan, _ := object(t, r, with(tc.planned))
			cfg, _ := object(t, r, map[string]tftypes.Value{"account_id": tc.config, "description": str(""), "enabled": tftypes.NewValue(tftypes.Bool, true)})
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s.Schema, Raw: state},
				Plan:   tfsdk.Plan{Schema: s.Schema, Raw: plan},
				Config: tfsdk.Config{Schema: s.Schema, Raw: cfg},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			planAccountID(t.Context(), r.data, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var got types.String
			resp.Diagnostics.Append(resp.Plan.GetAttribute(t.Context(), path.Root("account_id"), &got)...)
			want, err := types.StringType.ValueFromTerraform(t.Context(), tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("planned account_id = %s, want %s", got, want)
			}
			replaced := len(resp.RequiresReplace) > 0
			if replaced != tc.replace {
				t.Errorf("replace = %t, want %t", replaced, tc.replace)
			}
		})
	}
}
