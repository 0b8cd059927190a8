package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestMTLSEnforcementResourceModel_setFromAPI(t *testing.T) {
	t.Parallel()
	// The inputs and the ID, which setFromAPI must leave as they are.
	inputs := mtlsEnforcementResourceModel{
		ID: types.StringValue(mappedPartnerID), AccountID: types.StringValue(mappedPartnerID),
		EnforcedFrom: types.StringValue("2026-12-10T06:00:00+01:00"), RequireVerifiedConnection: types.BoolValue(false),
		Status: types.StringValue("stale"), EnforcedAt: types.StringValue("2026-12-01T00:00:00Z"),
	}
	for _, tc := range []struct {
		name             string
		api              klarna.MTLSEnforcement
		status, enforced types.String
	}{
		{"enforced, the time in UTC",
			klarna.MTLSEnforcement{Status: "ENFORCED", EnforcedFrom: new(time.Date(2026, 12, 10, 6, 0, 0, 0, time.FixedZone("CET", 3600)))},
			types.StringValue("ENFORCED"), types.StringValue("2026-12-10T05:00:00Z")},
		{"reporting until a scheduled enforcement",
			klarna.MTLSEnforcement{Status: "REPORTING", EnforcedFrom: new(time.Date(2027, 1, 4, 6, 0, 0, 0, time.UTC))},
			types.StringValue("REPORTING"), types.StringValue("2027-01-04T06:00:00Z")},
		{"no enforcement set: a null enforced_at",
			klarna.MTLSEnforcement{Status: "REPORTING"}, types.StringValue("REPORTING"), types.StringNull()},
		{"not enabled", klarna.MTLSEnforcement{Status: "NOT_ENABLED"}, types.StringValue("NOT_ENABLED"), types.StringNull()},
		{"a status the provider does not know is kept as the API says it",
			klarna.MTLSEnforcement{Status: "SUSPENDED"}, types.StringValue("SUSPENDED"), types.StringNull()},
		{"a status the API omits is an empty string", klarna.MTLSEnforcement{}, types.StringValue(""), types.StringNull()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := inputs
			got.setFromAPI(tc.api)
			want := inputs
			want.Status, want.EnforcedAt = tc.status, tc.enforced
			checkFields(t, got, want)
		})
	}
}
