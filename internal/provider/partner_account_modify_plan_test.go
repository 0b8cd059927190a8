package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Destroy cannot delete a partner account: the plan says what destroy does instead, and
// how to manage the account again.
func TestPartnerAccountModifyPlan_destroyWarns(t *testing.T) {
	t.Parallel()
	r := &partnerAccountResource{}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	tests := []struct {
		name     string
		destroy  bool
		warnings int
	}{
		{"destroy", true, 1},
		{"no change", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			state, s := object(t, r, map[string]tftypes.Value{
				"id": str("krn:partner:global:account:test:AB12CD34"), "reference": str("shop-1"), "name": str("Shop"),
				"payment_profile_id": str("pp-1"),
			})
			plan := state
			if tt.destroy {
				plan = tftypes.NewValue(state.Type(), nil)
			}
			req := resource.ModifyPlanRequest{
				State: tfsdk.State{Schema: s.Schema, Raw: state},
				Plan:  tfsdk.Plan{Schema: s.Schema, Raw: plan},
			}
			resp := resource.ModifyPlanResponse{Plan: req.Plan}
			r.ModifyPlan(t.Context(), req, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("errors: %v", resp.Diagnostics)
			}
			if got := len(resp.Diagnostics.Warnings()); got != tt.warnings {
				t.Fatalf("%d warnings, want %d: %v", got, tt.warnings, resp.Diagnostics)
			}
			if tt.warnings == 0 {
				return
			}
			w := resp.Diagnostics.Warnings()[0]
			for _, want := range []string{"does not delete", "disables its payment product", `"ref:shop-1"`} {
				if !strings.Contains(w.Summary()+" "+w.Detail(), want) {
					t.Errorf("the warning does not say %q: %s: %s", want, w.Summary(), w.Detail())
				}
			}
		})
	}
}

func TestPlannedAccountState_keepsWhatNoUpdateChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		prior types.String
		want  types.String
	}{
		{"operational stays", types.StringValue("OPERATIONAL"), types.StringValue("OPERATIONAL")},
		{"disabled by Klarna stays", types.StringValue("DISABLED"), types.StringValue("DISABLED")},
		{"partially operational may finish onboarding", types.StringValue("PARTIALLY_OPERATIONAL"), types.StringUnknown()},
		{"a state the provider does not know", types.StringValue("SUSPENDED"), types.StringUnknown()},
		{"none recorded", types.StringNull(), types.StringUnknown()},
		{"unknown", types.StringUnknown(), types.StringUnknown()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := plannedAccountState(tt.prior); !got.Equal(tt.want) {
				t.Errorf("plannedAccountState(%s) = %s, want %s", tt.prior, got, tt.want)
			}
		})
	}
}

// The error about an unknown payment profile lists a few valid IDs, sorted, and says how
// many more there are.
func TestValidProfiles_lists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ids  []string
		want string
	}{
		{"none", nil, "The provider's account has no payment profile at all: ask Klarna for one before onboarding partners."},
		{"one", []string{"p1"}, `Use one of "p1"; data.klarna_payment_profiles lists them all.`},
		{"sorted", []string{"p2", "p1"}, `Use one of "p1", "p2"; data.klarna_payment_profiles lists them all.`},
		{"five", []string{"e", "d", "c", "b", "a"}, `Use one of "a", "b", "c", "d", "e"; data.klarna_payment_profiles lists them all.`},
		{"more", []string{"g", "f", "e", "d", "c", "b", "a"},
			`Use one of "a", "b", "c", "d", "e" and 2 more; data.klarna_payment_profiles lists them all.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := validProfiles(tt.ids); got != tt.want {
				t.Errorf("validProfiles(%q) = %q, want %q", tt.ids, got, tt.want)
			}
		})
	}
}
