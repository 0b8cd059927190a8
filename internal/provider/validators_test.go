package provider

import (
	"crypto/x509/pkix"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// validateResource runs the provider's ValidateResourceConfig on a configuration holding the
// given attributes (the others null) and returns its diagnostics.
func validateResource(t *testing.T, typeName string, r resource.Resource, values map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	t.Helper()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := object(t, r, values)
	dv, err := tfprotov6.NewDynamicValue(cfg.Type(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ValidateResourceConfig(t.Context(), &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: &dv})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// Every mistake gives one diagnostic: no attribute carries two validators for the same rule.
func TestValidateResourceConfig_oneDiagnosticPerMistake(t *testing.T) {
	t.Parallel()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	set := func(vs ...string) tftypes.Value {
		var elems []tftypes.Value
		for _, v := range vs {
			elems = append(elems, str(v))
		}
		return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)
	}
	csr := str(csrPEM(t, newTestKey(t), pkix.Name{CommonName: "ABCDEFGH"}))
	origins := set("https://shop.example.com")
	for _, tc := range []struct {
		name, typeName string
		r              resource.Resource
		values         map[string]tftypes.Value
		want           string
	}{
		{"certificate description too long", "klarna_client_certificate", newClientCertificateResource(),
			map[string]tftypes.Value{"usage": str("API"), "csr_pem": csr, "description": str(strings.Repeat("a", 256))}, "256 characters"},
		{"certificate description control character", "klarna_client_certificate", newClientCertificateResource(),
			map[string]tftypes.Value{"usage": str("API"), "csr_pem": csr, "description": str("a\x01b")}, "control character"},
		{"certificate usage", "klarna_client_certificate", newClientCertificateResource(),
			map[string]tftypes.Value{"usage": str("TLS"), "csr_pem": csr}, "usage"},
		{"certificate account ID", "klarna_client_certificate", newClientCertificateResource(),
			map[string]tftypes.Value{"usage": str("API"), "csr_pem": csr, "account_id": str("krn:partner:global:account:test:lower")}, "upper-case"},
		{"API key description too long", "klarna_api_key", newAPIKeyResource(),
			map[string]tftypes.Value{"description": str(strings.Repeat("a", 101))}, "101 characters"},
		{"API key description character", "klarna_api_key", newAPIKeyResource(),
			map[string]tftypes.Value{"description": str("a/b")}, "may only contain"},
		{"API key account ID", "klarna_api_key", newAPIKeyResource(),
			map[string]tftypes.Value{"account_id": str("nope")}, "account"},
		{"client ID description too long", "klarna_client_id", newClientIDResource(),
			map[string]tftypes.Value{"allowed_origins": origins, "description": str(strings.Repeat("a", 101))}, "101 characters"},
		{"client ID origin", "klarna_client_id", newClientIDResource(),
			map[string]tftypes.Value{"allowed_origins": set("https://shop.example.com/")}, "path"},
		{"client ID no origins", "klarna_client_id", newClientIDResource(),
			map[string]tftypes.Value{"allowed_origins": set()}, "allowed_origins"},
		{"enforcement time", "klarna_mtls_enforcement", newMTLSEnforcementResource(),
			map[string]tftypes.Value{"enforced_from": str("tomorrow")}, "RFC 3339"},
		{"enforcement time with a fraction of a second", "klarna_mtls_enforcement", newMTLSEnforcementResource(),
			map[string]tftypes.Value{"enforced_from": str("2026-12-31T00:00:00.123Z")}, "whole seconds"},
		{"enforcement account ID", "klarna_mtls_enforcement", newMTLSEnforcementResource(),
			map[string]tftypes.Value{"enforced_from": str("NOW"), "account_id": str("krn:partner:global:account:test:lower")}, "upper-case"},
		{"webhook signing key ID in upper case", "klarna_webhook", newWebhookResource(),
			map[string]tftypes.Value{"url": str("https://hooks.example.com/k"), "event_types": set("partner.account.*"),
				"signing_key_id": str("6F1C2B1E-4C1D-4A7E-9A43-0B8E2F6D9C10")}, "lower case"},
		{"webhook URL the API's pattern refuses", "klarna_webhook", newWebhookResource(),
			map[string]tftypes.Value{"url": str("https://bücher.example/k"), "event_types": set("partner.account.*"),
				"signing_key_id": str("6f1c2b1e-4c1d-4a7e-9a43-0b8e2f6d9c10")}, "xn--"},
		{"lower-case store type", "klarna_partner_account", newPartnerAccountResource(),
			map[string]tftypes.Value{"reference": str("shop-1"), "name": str("Shop"), "contact_email": str("o@example.com"),
				"payment_profile_id": str("pp-1"), "stores": storeSet(str("web-1"), str("website"), str("Web"), str("https://shop.example.com"))},
			"value must be one of"},
		{"IPv4-mapped CIDR block", "klarna_ip_restriction", newIPRestrictionResource(),
			map[string]tftypes.Value{"enforcement_mode": str("REPORTING"), "cidr_blocks": set("::ffff:127.0.0.1/128")}, "127.0.0.1/32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			diags := validateResource(t, tc.typeName, tc.r, tc.values)
			if len(diags) != 1 {
				var got []string
				for _, d := range diags {
					got = append(got, d.Summary+": "+d.Detail)
				}
				t.Fatalf("want exactly one diagnostic, got %d:\n%s", len(diags), strings.Join(got, "\n"))
			}
			if d := diags[0]; d.Severity != tfprotov6.DiagnosticSeverityError || !strings.Contains(d.Summary+" "+d.Detail, tc.want) {
				t.Fatalf("want an error containing %q, got %s: %s", tc.want, d.Summary, d.Detail)
			}
		})
	}
}

// storeSet is a klarna_partner_account stores value holding one store.
func storeSet(reference, storeType, name, url tftypes.Value) tftypes.Value {
	store := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"reference": tftypes.String, "type": tftypes.String, "name": tftypes.String, "url": tftypes.String,
	}}
	return tftypes.NewValue(tftypes.Set{ElementType: store}, []tftypes.Value{tftypes.NewValue(store, map[string]tftypes.Value{
		"reference": reference, "type": storeType, "name": name, "url": url,
	})})
}

func TestCheckTimestamp_onlyTheContractsForm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2026-12-31T00:00:00Z", true},
		{"2026-12-31T01:00:00+01:00", true},
		{"2026-12-30T19:00:00-05:00", true},
		{"2026-12-31T00:00:00.123Z", false},
		{"2026-12-31T00:00:00.000000001+01:00", false},
		{"2026-12-31T00:00:00", false},
		{"2026-12-31t00:00:00z", false},
		{"2026-12-31 00:00:00Z", false},
		{"2026-12-31T00:00Z", false},
		{"2026-12-31T00:00:00+0100", false},
		{"2026-12-31", false},
		{"2026-02-30T00:00:00Z", false},
		{"2026-12-31T24:00:00Z", false},
		{"2026-12-10T10:00:00+24:00", false},
		{"2026-12-10T10:00:00+23:60", false},
		{"2026-12-10T10:00:00-23:59", true},
		{" 2026-12-31T00:00:00Z", false},
		{"", false},
	} {
		err := checkTimestamp(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("checkTimestamp(%q) = %v, want ok %t", tc.in, err, tc.ok)
		}
	}
	for _, s := range []string{"NOW", "2026-12-31T00:00:00Z"} {
		var resp validator.StringResponse
		enforcedFromValidator().ValidateString(t.Context(), validator.StringRequest{Path: path.Root("enforced_from"), ConfigValue: types.StringValue(s)}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("enforced_from %q refused: %v", s, resp.Diagnostics)
		}
	}
	var resp validator.StringResponse
	enforcedFromValidator().ValidateString(t.Context(), validator.StringRequest{Path: path.Root("enforced_from"),
		ConfigValue: types.StringValue("2026-12-31T00:00:00.123Z")}, &resp)
	if !hasError(resp.Diagnostics, "enforced_from", "YYYY-MM-DDThh:mm:ssZ") {
		t.Errorf("enforced_from with a fraction of a second: want an error naming the form, got %v", resp.Diagnostics)
	}
}

func TestEnumLists_format(t *testing.T) {
	t.Parallel()
	notes := map[string]string{"b": "the second", "z": "not listed"}
	for _, tc := range []struct {
		name   string
		values []string
		list   func([]string) string
		want   string
	}{
		{"enumList none", nil, enumList[string], ""},
		{"enumList one", []string{"a"}, enumList[string], "`a`"},
		{"enumList three", []string{"a", "b", "c"}, enumList[string], "`a`, `b`, `c`"},
		{"enumOrList none", nil, enumOrList[string], ""},
		{"enumOrList one", []string{"a"}, enumOrList[string], "`a`"},
		{"enumOrList two", []string{"a", "b"}, enumOrList[string], "`a` or `b`"},
		{"enumOrList three", []string{"a", "b", "c"}, enumOrList[string], "`a`, `b` or `c`"},
		{"annotated one", []string{"b"}, func(v []string) string { return annotatedEnumOrList(v, notes) }, "`b` (the second)"},
		{"annotated three", []string{"a", "b", "c"}, func(v []string) string { return annotatedEnumOrList(v, notes) }, "`a`, `b` (the second) or `c`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.list(tc.values); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestEnumLists_typedValues lists the client's typed enumerations as their wire values.
func TestEnumLists_typedValues(t *testing.T) {
	t.Parallel()
	if got, want := enumOrList(klarna.Environments), "`LIVE` or `TEST`"; got != want {
		t.Errorf("enumOrList(klarna.Environments) = %q, want %q", got, want)
	}
}

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
			tc.v.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("attr"), ConfigValue: tc.value}, resp)
			switch {
			case tc.wantErr == "" && resp.Diagnostics.HasError():
				t.Fatalf("unexpected error: %v", resp.Diagnostics)
			case tc.wantErr != "" && !hasError(resp.Diagnostics, "attr", tc.wantErr):
				t.Fatalf("want an error on attr containing %q, got %v", tc.wantErr, resp.Diagnostics)
			}
		})
	}
}

func TestProviderValidators_refuseAtValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		v      validator.String
		value  string
		want   string // "" when the value is valid
		absent string
	}{
		{"API key alone", apiKeyValidator(), "klarna_test_api_abc", "", ""},
		{"API key read with file()", apiKeyValidator(), "klarna_test_api_abc\n", "white space", "klarna_test_api_abc"},
		{"API key with a tab inside", apiKeyValidator(), "klarna_test\tapi", "control character", ""},
		{"base URL", httpsURLValidator(), "https://api-global.test.klarna.com", "", ""},
		{"base URL with user and password", httpsURLValidator(), "https://ops:hunter2@api-global.test.klarna.com", "user name or password", "hunter2"},
		{"base URL with a user", httpsURLValidator(), "https://ops@api-global.test.klarna.com", "user name or password", ""},
		{"malformed base URL with a password", httpsURLValidator(), "https://ops:hunter2@host:port/", "not a URL", "hunter2"},
		{"retry budget", retryBudgetValidator(), "90s", "", ""},
		{"retry budget too long", retryBudgetValidator(), "48h", "outside the allowed range, " + retryBudgetRange, ""},
		{"shortest retry budget", retryBudgetValidator(), "1s", "", ""},
		{"longest retry budget", retryBudgetValidator(), "24h", "", ""},
		{"retry budget just too short", retryBudgetValidator(), "999ms", "outside the allowed range", ""},
		{"retry budget just too long", retryBudgetValidator(), "24h0m1s", "outside the allowed range", ""},
		{"retry budget without a unit", retryBudgetValidator(), "60", "not a duration", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(tc.value)}
			var resp validator.StringResponse
			tc.v.ValidateString(t.Context(), req, &resp)
			if tc.want == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("want %q valid, got %v", tc.value, resp.Diagnostics)
				}
				return
			}
			if !hasError(resp.Diagnostics, "x", tc.want) {
				t.Fatalf("want an error saying %q, got %v", tc.want, resp.Diagnostics)
			}
			if tc.absent != "" && strings.Contains(resp.Diagnostics[0].Detail(), tc.absent) {
				t.Fatalf("the error shows %q: %s", tc.absent, resp.Diagnostics[0].Detail())
			}
		})
	}
}
