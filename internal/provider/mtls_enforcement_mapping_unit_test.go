package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// TestMTLSEnforcementEnforce_sendsEnforcedFrom sends enforced_from as configured, NOW or a time.
func TestMTLSEnforcementEnforce_sendsEnforcedFrom(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, account, from, want string
	}{
		{"now", "", "NOW", `PUT /v2/account/integration/mtls {"enforced_from":"NOW"}`},
		{"a time, as written, in a partner account", mappedPartnerID, "2026-12-10T06:00:00+01:00",
			`PUT /v2/accounts/` + mappedPartnerID + `/integration/mtls {"enforced_from":"2026-12-10T06:00:00+01:00"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			answer := klarna.MTLSEnforcement{Status: "REPORTING", EnforcedFrom: new(time.Date(2026, 12, 10, 5, 0, 0, 0, time.UTC))}
			rec := &recordingAPI{cannedAPI: cannedAPI{"PUT /integration/mtls": answer}}
			r := &mtlsEnforcementResource{data: cannedData(t, rec)}
			var diags diag.Diagnostics
			got := r.enforce(t.Context(), tc.account, mappedOwnAccount, tc.from, &diags)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if sent := rec.requests(); len(sent) != 1 || sent[0] != tc.want {
				t.Errorf("sent %q, want %q", sent, tc.want)
			}
			if got == nil || got.Status != "REPORTING" || got.EnforcedFrom == nil || !got.EnforcedFrom.Equal(*answer.EnforcedFrom) {
				t.Errorf("enforce returned %+v, want the API's answer %+v", got, answer)
			}
		})
	}
}
