package provider

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// object builds a value of the resource's schema type; attributes not given are null.
func object(t *testing.T, r resource.Resource, values map[string]tftypes.Value) (tftypes.Value, resource.SchemaResponse) {
	t.Helper()
	var s resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &s)
	typ, ok := s.Schema.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatal("the schema is not an object")
	}
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := values[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(typ, all), s
}

func warningOn(diags diag.Diagnostics, attr, text string) bool {
	for _, d := range diags.Warnings() {
		if p, ok := d.(diag.DiagnosticWithPath); ok && p.Path().Equal(path.Root(attr)) && strings.Contains(d.Summary()+" "+d.Detail(), text) {
			return true
		}
	}
	return false
}

func TestAPIKeyModifyPlan_securityDisabledIsReplacedWithAWarning(t *testing.T) {
	t.Parallel()
	r := &apiKeyResource{data: &providerData{environment: "test", accountID: "krn:partner:global:account:test:OWN00001", clock: fixedClock(time.Now())}, kind: apiKeyKind}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tc := range []struct {
		name        string
		reason      string
		wantEnabled bool
		replace     bool
		warning     string
	}{
		{"security, wanted enabled", "SECURITY", true, true, "may be compromised"},
		{"security, wanted disabled", "SECURITY", false, false, "may be compromised"},
		{"inactivity, wanted enabled", "INACTIVITY", true, false, "disabled outside Terraform"},
		// No private-state mark: disabled in the portal or by the action, not by the configuration.
		{"manual outside Terraform, wanted enabled", "MANUAL", true, true, "disabled outside Terraform"},
		{"manual outside Terraform, wanted disabled", "MANUAL", false, false, "disabled outside Terraform"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			state, s := object(t, r, map[string]tftypes.Value{
				"id": str("0b554535-d9bd-4a43-9bda-9ce1396bad0e"), "description": str(""), "enabled": tftypes.NewValue(tftypes.Bool, false),
				"status": str("DISABLED"), "disabled_reason": str(tc.reason), "environment": str("TEST"),
			})
			plan, _ := object(t, r, map[string]tftypes.Value{
				"id": str("0b554535-d9bd-4a43-9bda-9ce1396bad0e"), "description": str(""), "enabled": tftypes.NewValue(tftypes.Bool, tc.wantEnabled),
				"status": tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "disabled_reason": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"environment": str("TEST"),
			})
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s.Schema, Raw: state},
				Plan:   tfsdk.Plan{Schema: s.Schema, Raw: plan},
				Config: tfsdk.Config{Schema: s.Schema, Raw: plan},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			r.ModifyPlan(t.Context(), req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			replaced := len(resp.RequiresReplace) == 1 && resp.RequiresReplace[0].Equal(path.Root("enabled"))
			if replaced != tc.replace {
				t.Fatalf("replacement = %v, want %v (%v)", replaced, tc.replace, resp.RequiresReplace)
			}
			if warned := warningOn(resp.Diagnostics, "enabled", tc.warning); warned != tc.replace {
				t.Fatalf("warning = %v, want %v: %v", warned, tc.replace, resp.Diagnostics)
			}
		})
	}
}

func TestMTLSEnforcementModifyPlan_partnerWarning(t *testing.T) {
	t.Parallel()
	const own, partner = "krn:partner:global:account:test:OWN00001", "krn:partner:global:account:test:PART0001"
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	// The guard reads at plan too: the own connection verifies, and the partner holds an API certificate.
	client, err := klarna.New(klarna.Config{BaseURL: "https://api.example.test", APIKey: "klarna_test_api_x", Clock: fixedClock(now),
		Transport: verifiedAccounts{own: own, now: now}})
	if err != nil {
		t.Fatal(err)
	}
	r := &mtlsEnforcementResource{data: &providerData{environment: "test", accountID: own, clock: fixedClock(now), client: client}}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tc := range []struct {
		name, account, from string
		warn                bool
		errText             string
	}{
		{"partner", partner, "2026-12-01T06:00:00Z", true, ""},
		{"own account", own, "NOW", false, ""},
		{"past", partner, "2026-11-22T06:00:00Z", false, "in the past"},
		{"too far", partner, "2027-03-01T06:00:00Z", false, "more than 3 months"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			plan, s := object(t, r, map[string]tftypes.Value{
				"account_id": str(tc.account), "enforced_from": str(tc.from), "require_verified_connection": tftypes.NewValue(tftypes.Bool, true),
				"id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "status": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"enforced_at": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			})
			null, _ := object(t, r, nil)
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(null.Type(), nil)},
				Plan:   tfsdk.Plan{Schema: s.Schema, Raw: plan},
				Config: tfsdk.Config{Schema: s.Schema, Raw: plan},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			r.ModifyPlan(t.Context(), req, resp)
			if tc.errText != "" {
				if !hasError(resp.Diagnostics, "enforced_from", tc.errText) {
					t.Fatalf("want an enforced_from error %q, got %v", tc.errText, resp.Diagnostics)
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if warned := warningOn(resp.Diagnostics, "account_id", "cannot be verified"); warned != tc.warn {
				t.Fatalf("warning = %v, want %v: %v", warned, tc.warn, resp.Diagnostics)
			}
		})
	}
}

// verifiedAccounts answers the mTLS guard's reads: the own account's connection verifies
// (VALID, unless status says otherwise), and every partner account holds an ACTIVE API
// certificate.
type verifiedAccounts struct {
	own    string
	now    time.Time
	status string // the own connection's Klarna-Mtls-Verification-Status; "" is VALID
}

func (v verifiedAccounts) RoundTrip(req *http.Request) (*http.Response, error) {
	body := fmt.Sprintf(`{"account_id":%q,"environment":"TEST","mtls_enabled":true}`, v.own)
	if strings.HasSuffix(req.URL.Path, "/client-certificates") {
		body = `{"client_certificates":[{"certificate_id":"0b554535-d9bd-4a43-9bda-9ce1396bad0e","usage":"API","status":"ACTIVE"}]}`
	}
	return &http.Response{
		StatusCode: http.StatusOK, Request: req, ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(body)),
		Header: http.Header{"Content-Type": {"application/json"}, "Date": {v.now.Format(http.TimeFormat)},
			"Klarna-Mtls-Verification-Status": {cmp.Or(v.status, "VALID")}},
	}, nil
}

// namingWebhooks answers the webhook list of an account with one webhook that names key.
type namingWebhooks struct {
	own, key string
	now      time.Time
}

func (n namingWebhooks) RoundTrip(req *http.Request) (*http.Response, error) {
	body := fmt.Sprintf(`{"account_id":%q,"environment":"TEST","mtls_enabled":false}`, n.own)
	if strings.HasSuffix(req.URL.Path, "/notification/webhooks") {
		body = fmt.Sprintf(`{"webhooks":[{"webhook_id":"krn:partner:global:notification:webhook:%s","url":"https://hooks.example.com/k",`+
			`"event_types":["partner.account.*"],"event_version":"v1","signing_key_id":%q,"status":"ENABLED"}]}`, n.key, n.key)
	}
	return &http.Response{
		StatusCode: http.StatusOK, Request: req, ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(body)),
		Header: http.Header{"Content-Type": {"application/json"}, "Date": {n.now.Format(http.TimeFormat)}},
	}, nil
}

// The plan of a signing key warns when the key is replaced while a webhook names it, and only then.
func TestWebhookSigningKeyModifyPlan_replacedKeyNamedByAWebhook(t *testing.T) {
	t.Parallel()
	const own, key = "krn:partner:global:account:test:OWN00001", "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	client, err := klarna.New(klarna.Config{BaseURL: "https://api.example.test", APIKey: "klarna_test_api_x", Clock: fixedClock(now),
		Transport: namingWebhooks{own: own, key: key, now: now}})
	if err != nil {
		t.Fatal(err)
	}
	r := &webhookSigningKeyResource{data: &providerData{environment: "test", accountID: own, clock: fixedClock(now), client: client}}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	keepers := func(v string) tftypes.Value {
		return tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"rotation": str(v)})
	}
	for _, tc := range []struct {
		name     string
		rotation string
		replace  bool
	}{
		{"keepers unchanged", "1", false},
		{"keepers changed", "2", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			state, s := object(t, r, map[string]tftypes.Value{
				"id": str(key), "account_id": str(own), "secret": str("s"), "created_at": str("2026-12-01T00:00:00Z"), "keepers": keepers("1"),
			})
			plan, _ := object(t, r, map[string]tftypes.Value{
				"id": str(key), "account_id": str(own), "secret": str("s"), "created_at": str("2026-12-01T00:00:00Z"), "keepers": keepers(tc.rotation),
			})
			cfg, _ := object(t, r, map[string]tftypes.Value{"keepers": keepers(tc.rotation)})
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s.Schema, Raw: state},
				Plan:   tfsdk.Plan{Schema: s.Schema, Raw: plan},
				Config: tfsdk.Config{Schema: s.Schema, Raw: cfg},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			if tc.replace {
				// What the keepers' plan modifier asked before the resource's ModifyPlan runs.
				resp.RequiresReplace = append(resp.RequiresReplace, path.Root("keepers"))
			}
			r.ModifyPlan(t.Context(), req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			warned := false
			for _, d := range resp.Diagnostics.Warnings() {
				warned = warned || (strings.Contains(d.Summary(), "still named by a webhook") && strings.Contains(d.Detail(), "create_before_destroy"))
			}
			if warned != tc.replace {
				t.Fatalf("warning = %v, want %v: %v", warned, tc.replace, resp.Diagnostics)
			}
		})
	}
}

// A plan that changes nothing warns when the own account's enforcement, not in effect yet,
// would refuse the provider's own requests once it is: the provider runs without a certificate.
func TestMTLSEnforcementModifyPlan_scheduledEnforcementWarnsOfLockOut(t *testing.T) {
	t.Parallel()
	const own, partner = "krn:partner:global:account:test:OWN00001", "krn:partner:global:account:test:PART0001"
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tc := range []struct {
		name, account, connection, status string
		warn                              bool
	}{
		{"own, scheduled, no certificate presented", own, "NOT_PRESENT", "REPORTING", true},
		{"own, scheduled, connection verifies", own, "VALID", "REPORTING", false},
		{"own, in effect", own, "NOT_PRESENT", "ENFORCED", false},
		{"partner, scheduled", partner, "NOT_PRESENT", "REPORTING", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			client, err := klarna.New(klarna.Config{BaseURL: "https://api.example.test", APIKey: "klarna_test_api_x", Clock: fixedClock(now),
				Transport: verifiedAccounts{own: own, now: now, status: tc.connection}})
			if err != nil {
				t.Fatal(err)
			}
			r := &mtlsEnforcementResource{data: &providerData{environment: "test", accountID: own, clock: fixedClock(now), client: client}}
			held, s := object(t, r, map[string]tftypes.Value{
				"account_id": str(tc.account), "enforced_from": str("2026-12-01T06:00:00Z"), "require_verified_connection": tftypes.NewValue(tftypes.Bool, true),
				"id": str(tc.account), "status": str(tc.status), "enforced_at": str("2026-12-01T06:00:00Z"),
			})
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s.Schema, Raw: held},
				Plan:   tfsdk.Plan{Schema: s.Schema, Raw: held},
				Config: tfsdk.Config{Schema: s.Schema, Raw: held},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			r.ModifyPlan(t.Context(), req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if warned := warningOn(resp.Diagnostics, "enforced_from", "will refuse the provider's own requests"); warned != tc.warn {
				t.Fatalf("warning = %v, want %v: %v", warned, tc.warn, resp.Diagnostics)
			}
		})
	}
}
