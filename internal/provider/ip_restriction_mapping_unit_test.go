package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestIPRestrictionResourceModel_setFromAPIEveryField(t *testing.T) {
	t.Parallel()
	// The ID and the inputs the API does not return, which setFromAPI must leave as they are.
	inputs := ipRestrictionResourceModel{
		ID: types.StringValue(mappedPartnerID), AccountID: types.StringValue(mappedPartnerID), RequireVerifiedConnection: types.BoolValue(false),
		EnforcementMode: types.StringValue("stale"), CIDRBlocks: stringSet("192.0.2.0/24"), EffectiveAt: types.StringValue("2026-12-01T00:00:00Z"),
	}
	for _, tc := range []struct {
		name      string
		api       klarna.IPRestriction
		mode      string
		blocks    types.Set
		effective types.String
	}{
		{"enforced, effective_at in UTC",
			klarna.IPRestriction{EnforcementMode: "ENFORCED", CIDRBlocks: []string{"2001:db8::/32", "203.0.113.0/24"},
				EffectiveAt: new(time.Date(2026, 12, 3, 12, 5, 0, 0, time.FixedZone("CET", 3600)))},
			"ENFORCED", stringSet("203.0.113.0/24", "2001:db8::/32"), types.StringValue("2026-12-03T11:05:00Z")},
		{"reporting, no effective_at: null",
			klarna.IPRestriction{EnforcementMode: "REPORTING", CIDRBlocks: []string{"198.51.100.7/32"}},
			"REPORTING", stringSet("198.51.100.7/32"), types.StringNull()},
		{"blocks the API omits are an empty set, not null",
			klarna.IPRestriction{EnforcementMode: "NOT_ENABLED"}, "NOT_ENABLED", stringSet(), types.StringNull()},
		{"no blocks are an empty set",
			klarna.IPRestriction{EnforcementMode: "NOT_ENABLED", CIDRBlocks: []string{}}, "NOT_ENABLED", stringSet(), types.StringNull()},
		{"a mode the provider does not know is kept as the API says it",
			klarna.IPRestriction{EnforcementMode: "AUDIT", CIDRBlocks: []string{"198.51.100.7/32"}}, "AUDIT", stringSet("198.51.100.7/32"), types.StringNull()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := inputs
			if diags := got.setFromAPI(t.Context(), tc.api); diags.HasError() {
				t.Fatal(diags)
			}
			want := inputs
			want.EnforcementMode, want.CIDRBlocks, want.EffectiveAt = types.StringValue(tc.mode), tc.blocks, tc.effective
			checkFields(t, got, want)
		})
	}
}
