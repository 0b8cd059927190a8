package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestRequiresReplaceIfPriorKnown(t *testing.T) {
	t.Parallel()
	m := func(v string) types.Map {
		return types.MapValueMust(types.StringType, map[string]attr.Value{"rotation": types.StringValue(v)})
	}
	for _, tc := range []struct {
		name        string
		state, plan types.Map
		want        bool
	}{
		{"set after import records only", types.MapNull(types.StringType), m("1"), false},
		{"changed known value replaces", m("1"), m("2"), true},
		{"removed known value replaces", m("1"), types.MapNull(types.StringType), true},
		{"unchanged", m("1"), m("1"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := planmodifier.MapRequest{
				Path: path.Root("keepers"), StateValue: tc.state, PlanValue: tc.plan, ConfigValue: tc.plan,
				State: nonNullState(t), Plan: nonNullPlan(t),
			}
			resp := &planmodifier.MapResponse{PlanValue: tc.plan}
			requiresReplaceIfPriorKnown().PlanModifyMap(t.Context(), req, resp)
			if resp.RequiresReplace != tc.want {
				t.Fatalf("RequiresReplace = %t, want %t", resp.RequiresReplace, tc.want)
			}
		})
	}
}
