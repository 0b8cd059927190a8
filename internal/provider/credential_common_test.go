package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestStringValidators_refuseWhatTheAPIRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		v       validator.String
		value   types.String
		wantErr string // "" for valid
	}{
		{"account ok", accountIDValidator(), types.StringValue("krn:partner:global:account:live:LYABCDEI"), ""},
		{"account lower-case", accountIDValidator(), types.StringValue("krn:partner:global:account:live:lyabcdei"), "upper-case"},
		{"account null", accountIDValidator(), types.StringNull(), ""},
		{"account unknown", accountIDValidator(), types.StringUnknown(), ""},
		{"https ok", httpsURLValidator(), types.StringValue("https://127.0.0.1:8443"), ""},
		{"http refused", httpsURLValidator(), types.StringValue("http://127.0.0.1:8443"), "HTTPS only"},
		{"pem refused", pemCertificatesValidator(), types.StringValue("not pem"), "no PEM CERTIFICATE"},
		{"description ok", descriptionValidator(), types.StringValue("CI key: prod, v2; ok_1."), ""},
		{"description slash", descriptionValidator(), types.StringValue("a/b"), "may only contain"},
		{"description long", descriptionValidator(), types.StringValue(strings.Repeat("x", 101)), "at most 100"},
		{"origin ok", originValidator(), types.StringValue("https://shop.example.com:8443"), ""},
		{"origin localhost", originValidator(), types.StringValue("http://localhost:3000"), ""},
		{"origin path", originValidator(), types.StringValue("https://shop.example.com/"), "path"},
		{"regex ok", regexValidator(), types.StringValue("^ci-"), ""},
		{"regex bad", regexValidator(), types.StringValue("(("), "missing closing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := &validator.StringResponse{}
			tc.v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("attr"), ConfigValue: tc.value}, resp)
			switch {
			case tc.wantErr == "" && resp.Diagnostics.HasError():
				t.Fatalf("unexpected error: %v", resp.Diagnostics)
			case tc.wantErr != "" && !hasError(resp.Diagnostics, "attr", tc.wantErr):
				t.Fatalf("want an error on attr containing %q, got %v", tc.wantErr, resp.Diagnostics)
			}
		})
	}
}

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
			requiresReplaceIfPriorKnown().PlanModifyMap(context.Background(), req, resp)
			if resp.RequiresReplace != tc.want {
				t.Fatalf("RequiresReplace = %t, want %t", resp.RequiresReplace, tc.want)
			}
		})
	}
}

func TestCredentialModel_fromAPIAndChanges(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 22, 7, 45, 0, 0, time.UTC)
	reason := "INACTIVITY"
	var m credentialModel
	m.AccountID = types.StringValue("krn:partner:global:account:test:AB12CD34")
	m.setFromAPI(apiKeyView(klarna.APIKey{
		CredentialID: "6f1c", Description: "d", Environment: "TEST", Status: "DISABLED",
		CreatedAt: created, DisabledReason: &reason,
	}))
	if m.Enabled.ValueBool() || m.Status.ValueString() != "DISABLED" || m.DisabledReason.ValueString() != "INACTIVITY" ||
		m.CreatedAt.ValueString() != "2026-11-22T07:45:00Z" || !m.LastUsedAt.IsNull() || m.account() != "krn:partner:global:account:test:AB12CD34" {
		t.Fatalf("unexpected model %+v", m)
	}
	plan := m
	if d, s := plan.changes(m); d != nil || s != nil {
		t.Fatalf("no change planned, got %v %v", d, s)
	}
	plan.Enabled = types.BoolValue(true)
	plan.Description = types.StringValue("new")
	d, s := plan.changes(m)
	if d == nil || *d != "new" || s == nil || *s != "ENABLED" {
		t.Fatalf("want description and status changes, got %v %v", d, s)
	}
	plan = m
	plan.Keepers = types.MapValueMust(types.StringType, map[string]attr.Value{"a": types.StringValue("b")})
	if d, s := plan.changes(m); d != nil || s != nil {
		t.Fatalf("keepers alone must not reach the API, got %v %v", d, s)
	}
}

func TestParseImportID(t *testing.T) {
	t.Parallel()
	const id = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	const account = "krn:partner:global:account:test:AB12CD34"
	for _, tc := range []struct {
		in, account, id, err string
	}{
		{in: id, id: id},
		{in: account + "/" + id, account: account, id: id},
		{in: "not-a-uuid", err: "is not a UUID"},
		{in: "krn:bad/" + id, err: "must be an account ID"},
		{in: account + "/", err: "is not a UUID"},
	} {
		gotAccount, gotID, diags := parseImportID(tc.in, "API key")
		if tc.err != "" {
			if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), tc.err) {
				t.Errorf("parseImportID(%q): want an error containing %q, got %v", tc.in, tc.err, diags)
			}
			continue
		}
		if diags.HasError() || gotAccount != tc.account || gotID != tc.id {
			t.Errorf("parseImportID(%q) = %q, %q, %v", tc.in, gotAccount, gotID, diags)
		}
	}
}
