package provider

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestParseWebhookImportID_cases(t *testing.T) {
	t.Parallel()
	const id = "krn:partner:global:notification:webhook:3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47"
	const account = "krn:partner:global:account:test:AB12CD34"
	tests := []struct {
		raw, account, id, err string
	}{
		{raw: id, id: id},
		{raw: account + "/" + id, account: account, id: id},
		{raw: "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47", err: "starts with krn:partner:global:notification:webhook:"},
		{raw: "krn:partner:global:notification:webhook:nope", err: "ends in a UUID"},
		{raw: "LYABCDEI/" + id, err: "must be an account ID"},
		{raw: "not-an-id", err: "must be <webhook_id> for the provider's own account or <account_id>/<webhook_id> for any account"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			gotAccount, gotID, diags := parseImportID(tt.raw, webhookIDForm)
			if tt.err != "" {
				if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), tt.err) {
					t.Fatalf("parseImportID(%q, webhookIDForm) = %v, want an error containing %q", tt.raw, diags, tt.err)
				}
				return
			}
			if diags.HasError() || gotAccount != tt.account || gotID != tt.id {
				t.Errorf("parseImportID(%q, webhookIDForm) = %q, %q, %v; want %q, %q", tt.raw, gotAccount, gotID, diags, tt.account, tt.id)
			}
		})
	}
}

func TestWebhookModel_mapping(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	set := func(v ...string) types.Set {
		s, _ := types.SetValueFrom(ctx, types.StringType, v)
		return s
	}
	state := webhookResourceModel{
		URL: types.StringValue("https://h.example"), EventTypes: set("b.c", "a.*"), EventVersion: types.StringValue("v1"),
		SigningKeyID: types.StringValue("k1"), Enabled: types.BoolValue(true),
	}
	req, diags := state.toCreateRequest(ctx)
	if diags.HasError() || req.URL != "https://h.example" || !slices.Equal(req.EventTypes, []string{"a.*", "b.c"}) ||
		req.SigningKeyID != "k1" || req.Status != "ENABLED" || req.EventVersion != "v1" {
		t.Errorf("toCreateRequest = %+v, %v", req, diags)
	}

	tests := []struct {
		name   string
		plan   webhookResourceModel
		types  []string
		key    *string
		status *string
	}{
		{"nothing", state, nil, nil, nil},
		{"event types", func() webhookResourceModel { p := state; p.EventTypes = set("a.*"); return p }(), []string{"a.*"}, nil, nil},
		{"key and enabled", func() webhookResourceModel {
			p := state
			p.SigningKeyID, p.Enabled = types.StringValue("k2"), types.BoolValue(false)
			return p
		}(), nil, new("k2"), new("DISABLED")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, diags := tt.plan.changes(ctx, state)
			if diags.HasError() || !slices.Equal(got.EventTypes, tt.types) || !samePtr(got.SigningKeyID, tt.key) || !samePtr(got.Status, tt.status) {
				t.Errorf("changes = %+v, %v; want types %v key %v status %v", got, diags, tt.types, tt.key, tt.status)
			}
		})
	}

	var m webhookResourceModel
	created := time.Date(2026, 11, 22, 7, 45, 0, 0, time.UTC)
	diags = m.setFromAPI(ctx, klarna.Webhook{WebhookID: "w", URL: "https://h.example", EventTypes: []string{"a.*"},
		EventVersion: "v1", SigningKeyID: "k", Status: "DISABLED", CreatedAt: created})
	if diags.HasError() || m.Enabled.ValueBool() || m.CreatedAt.ValueString() != "2026-11-22T07:45:00Z" || !m.EventTypes.Equal(set("a.*")) {
		t.Errorf("setFromAPI = %+v, %v", m, diags)
	}
}

func samePtr(a, b *string) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func TestIPRestrictionModel_setFromAPI(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var m ipRestrictionResourceModel
	diags := m.setFromAPI(ctx, klarna.IPRestriction{EnforcementMode: "NOT_ENABLED"})
	if diags.HasError() || m.EnforcementMode.ValueString() != "NOT_ENABLED" || m.CIDRBlocks.IsNull() || len(m.CIDRBlocks.Elements()) != 0 || !m.EffectiveAt.IsNull() {
		t.Errorf("a never-set allow-list maps to %+v, %v; want an empty set and a null effective_at", m, diags)
	}
}

func TestWebhookValidators_cases(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		check func(string) error
		in    string
		ok    bool
	}{
		{"uuid", checkUUID, "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47", true},
		{"not a uuid", checkUUID, "3f1c2a9e7b4d4c619a0e5d2b8f6e1a47", false},
		{"webhook id", checkWebhookID, webhookIDPrefix + "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47", true},
		{"webhook id without prefix", checkWebhookID, "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.check(tt.in); (err == nil) != tt.ok {
				t.Errorf("%s(%q) = %v, want ok %v", tt.name, tt.in, err, tt.ok)
			}
		})
	}
}

func TestWebhookListConfig_matches(t *testing.T) {
	t.Parallel()
	const url = "https://hooks.example.com/orders"
	enabled := klarna.Webhook{URL: url, Status: klarna.WebhookEnabled}
	disabled := klarna.Webhook{URL: url, Status: klarna.WebhookDisabled}
	elsewhere := klarna.Webhook{URL: "https://hooks.example.com/reports", Status: klarna.WebhookEnabled}
	tests := []struct {
		name string
		cfg  webhookListConfig
		want []bool // enabled, disabled, elsewhere
	}{
		{"no filter", webhookListConfig{URL: types.StringNull(), Enabled: types.BoolNull()}, []bool{true, true, true}},
		{"url", webhookListConfig{URL: types.StringValue(url), Enabled: types.BoolNull()}, []bool{true, true, false}},
		{"enabled", webhookListConfig{URL: types.StringNull(), Enabled: types.BoolValue(true)}, []bool{true, false, true}},
		{"disabled", webhookListConfig{URL: types.StringNull(), Enabled: types.BoolValue(false)}, []bool{false, true, false}},
		{"url and disabled", webhookListConfig{URL: types.StringValue(url), Enabled: types.BoolValue(false)}, []bool{false, true, false}},
		{"url of another case", webhookListConfig{URL: types.StringValue(strings.ToUpper(url)), Enabled: types.BoolNull()}, []bool{false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for i, w := range []klarna.Webhook{enabled, disabled, elsewhere} {
				if got := tt.cfg.matches(w); got != tt.want[i] {
					t.Errorf("%+v matches %+v = %t, want %t", tt.cfg, w, got, tt.want[i])
				}
			}
		})
	}
}

func TestSigningKeyReplacementDiagnostics_warnsWhenAWebhookNamesTheKey(t *testing.T) {
	t.Parallel()
	const key, other = "0b554535-d9bd-4a43-9bda-9ce1396bad0e", "9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f"
	const account = "krn:partner:global:account:test:AB12CD34"
	hook := func(id, keyID string) klarna.Webhook {
		return klarna.Webhook{WebhookID: "krn:partner:global:notification:webhook:" + id, URL: "https://hooks.example.com/" + id, SigningKeyID: keyID}
	}
	for _, tc := range []struct {
		name     string
		webhooks []klarna.Webhook
		naming   []string // webhooks the warning must name; none: no warning
	}{
		{"no webhooks", nil, nil},
		{"webhooks name another key", []klarna.Webhook{hook("a", other)}, nil},
		{"one webhook names the key", []klarna.Webhook{hook("a", key), hook("b", other)}, []string{"webhook:a"}},
		{"the key in upper case", []klarna.Webhook{hook("a", strings.ToUpper(key))}, []string{"webhook:a"}},
		{"two webhooks name the key", []klarna.Webhook{hook("a", key), hook("b", key)}, []string{"webhook:a", "webhook:b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			diags := signingKeyReplacementDiagnostics(key, account, tc.webhooks)
			if len(tc.naming) == 0 {
				if len(diags) != 0 {
					t.Fatalf("want no diagnostic, got %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning {
				t.Fatalf("want one warning, got %v", diags)
			}
			for _, want := range append(tc.naming, key, account, "create_before_destroy = true", "SIGNING_KEY_IN_USE", "same apply") {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail %q does not say %q", diags[0].Detail(), want)
				}
			}
			for _, w := range tc.webhooks {
				if !strings.EqualFold(w.SigningKeyID, key) && strings.Contains(diags[0].Detail(), w.WebhookID) {
					t.Errorf("detail names webhook %s, which names another key", w.WebhookID)
				}
			}
		})
	}
}
