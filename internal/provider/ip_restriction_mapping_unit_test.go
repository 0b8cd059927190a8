package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// TestIPRestrictionApply_sendsModeAndSortedBlocks sends the planned mode and blocks, and saves
// the plan with what the API answered.
func TestIPRestrictionApply_sendsModeAndSortedBlocks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, account, mode, want string
		blocks                    types.Set
	}{
		{"reporting, the blocks sorted", "", "REPORTING",
			`PATCH /v2/account/integration/inbound-restriction/ip {"enforcement_mode":"REPORTING","cidr_blocks":["198.51.100.7/32","2001:db8::/32","203.0.113.0/24"]}`,
			stringSet("203.0.113.0/24", "2001:db8::/32", "198.51.100.7/32")},
		{"enforced, in a partner account", mappedPartnerID, "ENFORCED",
			`PATCH /v2/accounts/` + mappedPartnerID + `/integration/inbound-restriction/ip {"enforcement_mode":"ENFORCED","cidr_blocks":["198.51.100.7/32"]}`,
			stringSet("198.51.100.7/32")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			answer := klarna.IPRestriction{EnforcementMode: tc.mode, CIDRBlocks: []string{"198.51.100.7/32"},
				EffectiveAt: new(time.Date(2026, 12, 3, 12, 5, 0, 0, time.UTC))}
			rec := &recordingAPI{cannedAPI: cannedAPI{"PATCH /integration/inbound-restriction/ip": answer}}
			r := &ipRestrictionResource{data: cannedData(t, rec)}
			plan := ipRestrictionResourceModel{ID: types.StringValue(mappedOwnAccount), AccountID: types.StringValue(mappedOwnAccount),
				EnforcementMode: types.StringValue(tc.mode), CIDRBlocks: tc.blocks, RequireVerifiedConnection: types.BoolValue(true),
				EffectiveAt: types.StringUnknown()}
			var saved *ipRestrictionResourceModel
			var diags diag.Diagnostics
			r.apply(t.Context(), tc.account, plan, &diags, func(m ipRestrictionResourceModel) { saved = &m })
			if diags.HasError() {
				t.Fatal(diags)
			}
			if sent := rec.requests(); len(sent) != 1 || sent[0] != tc.want {
				t.Errorf("sent %q, want %q", sent, tc.want)
			}
			if saved == nil {
				t.Fatal("nothing saved")
			}
			want := plan
			want.CIDRBlocks, want.EffectiveAt = stringSet("198.51.100.7/32"), types.StringValue("2026-12-03T12:05:00Z")
			checkFields(t, *saved, want)
		})
	}
}
