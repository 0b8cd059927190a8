package provider

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
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

func TestCredentialModel_fromAPIAndChanges(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 22, 7, 45, 0, 0, time.UTC)
	reason := klarna.DisabledInactivity
	var m credentialModel
	m.AccountID = types.StringValue("krn:partner:global:account:test:AB12CD34")
	m.setFromAPI(klarna.Credential{
		CredentialID: "6f1c", Description: "d", Environment: "TEST", Status: "DISABLED",
		CreatedAt: created, DisabledReason: &reason,
	})
	if m.Enabled.ValueBool() || m.Status.ValueString() != "DISABLED" || m.DisabledReason.ValueString() != "INACTIVITY" ||
		m.CreatedAt.ValueString() != "2026-11-22T07:45:00Z" || !m.LastUsedAt.IsNull() || m.AccountID.ValueString() != "krn:partner:global:account:test:AB12CD34" {
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
		{in: "not-a-uuid", err: "must be <credential_id> for the provider's own account or <account_id>/<credential_id> for any account"},
		{in: "krn:bad/" + id, err: "must be an account ID (<account_id>)"},
		{in: account + "/", err: "is not a UUID"},
	} {
		gotAccount, gotID, diags := parseImportID(tc.in, credentialIDForm)
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

// expectNoReplace fails when the plan replaces the resource.
type expectNoReplace string

func (a expectNoReplace) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == string(a) && rc.Change.Actions.Replace() {
			resp.Error = fmt.Errorf("%s is planned for replacement (%v)", a, rc.Change.Actions)
			return
		}
	}
}

// ownAccountIDSteps checks that an omitted account_id and the provider's own account KRN are
// the same account: switching between them plans nothing, and an import in either form
// (<own KRN>/<id> or <id>) into a configuration in either form plans no replacement.
// importAction is what such an import plans: a no-op, or an update that only records inputs
// the API never returns.
func (e *accEnv) ownAccountIDSteps(addr string, body func(explicit bool) string, importAction plancheck.ResourceActionType) []tfresource.TestStep {
	return e.ownAccountIDStepsWith(addr, body, importAction, func(own, id string) []string { return []string{id, own + "/" + id} })
}

// ownAccountIDStepsWith is ownAccountIDSteps with the import IDs given by importIDs.
func (e *accEnv) ownAccountIDStepsWith(addr string, body func(explicit bool) string, importAction plancheck.ResourceActionType,
	importIDs func(own, id string) []string) []tfresource.TestStep {
	own := e.boot.AccountID
	steps := []tfresource.TestStep{
		{
			Config: e.config(body(false)),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(own)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(own)),
			},
		},
		{
			Config:           e.config(body(true)),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:           e.config(body(false)),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	}
	for form := range 2 {
		for _, explicitConfig := range []bool{false, true} {
			steps = append(steps, tfresource.TestStep{
				Config:          e.config(body(explicitConfig)),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					ids := importIDs(own, s.RootModule().Resources[addr].Primary.ID)
					return ids[form%len(ids)], nil
				},
				ExpectNonEmptyPlan: importAction != plancheck.ResourceActionNoop,
				ImportPlanChecks: tfresource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					expectNoReplace(addr),
					plancheck.ExpectResourceAction(addr, importAction),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(own)),
				}},
			})
		}
	}
	return steps
}

func TestPlanAccountID_ownAccountIsOmittedAccount(t *testing.T) {
	t.Parallel()
	const own, partner = "krn:partner:global:account:test:OWN00001", "krn:partner:global:account:test:PART0001"
	r := &apiKeyResource{data: &providerData{environment: "test", accountID: own, clock: fixedClock(time.Now())}, kind: apiKeyKind}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	null := tftypes.NewValue(tftypes.String, nil)
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	for _, tc := range []struct {
		name                   string
		state, config, planned tftypes.Value // planned: what the framework planned before ModifyPlan
		want                   tftypes.Value
		replace                bool
	}{
		{"omitted, state holds the own KRN", str(own), null, str(own), str(own), false},
		{"own KRN, state holds the own KRN", str(own), str(own), str(own), str(own), false},
		{"omitted, state from before account_id was computed", null, null, null, null, false},
		{"omitted, old state, other changes", null, null, unknown, str(own), false},
		{"own KRN, old state", null, str(own), str(own), str(own), false},
		{"partner, old state", null, str(partner), str(partner), str(partner), true},
		{"omitted, state holds a partner", str(partner), null, str(partner), str(own), true},
		{"partner, state holds the own KRN", str(own), str(partner), str(partner), str(partner), true},
		{"unknown", str(own), unknown, unknown, unknown, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			common := map[string]tftypes.Value{
				"id": str("0b554535-d9bd-4a43-9bda-9ce1396bad0e"), "description": str(""), "enabled": tftypes.NewValue(tftypes.Bool, true),
				"status": str("ENABLED"), "environment": str("TEST"),
			}
			with := func(account tftypes.Value) map[string]tftypes.Value {
				m := map[string]tftypes.Value{"account_id": account}
				for k, v := range common {
					m[k] = v
				}
				return m
			}
			state, s := object(t, r, with(tc.state))
			plan, _ := object(t, r, with(tc.planned))
			cfg, _ := object(t, r, map[string]tftypes.Value{"account_id": tc.config, "description": str(""), "enabled": tftypes.NewValue(tftypes.Bool, true)})
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s.Schema, Raw: state},
				Plan:   tfsdk.Plan{Schema: s.Schema, Raw: plan},
				Config: tfsdk.Config{Schema: s.Schema, Raw: cfg},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			planAccountID(t.Context(), r.data, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var got types.String
			resp.Diagnostics.Append(resp.Plan.GetAttribute(t.Context(), path.Root("account_id"), &got)...)
			want, err := types.StringType.ValueFromTerraform(t.Context(), tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("planned account_id = %s, want %s", got, want)
			}
			replaced := len(resp.RequiresReplace) > 0
			if replaced != tc.replace {
				t.Errorf("replace = %t, want %t", replaced, tc.replace)
			}
		})
	}
}

// State written before account_id was computed holds null for the provider's own account:
// the next read records the own account's KRN, so that a configuration without account_id
// (or with the own KRN) plans no change.
func TestCredentialRead_recordsOwnAccountForOldState(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	client := mocktest.Client(t, m)
	ctx := t.Context()
	key, err := client.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "old"})
	if err != nil {
		t.Fatal(err)
	}
	cid, err := client.CreateClientID(ctx, "", klarna.CreateClientIDRequest{AllowedOrigins: []string{"https://shop.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	data := &providerData{client: client, environment: "test", clock: m.Clock()}
	for _, tc := range []struct {
		name string
		r    resource.Resource
		id   string
	}{
		{"API key", &apiKeyResource{data: data, kind: apiKeyKind}, key.CredentialID},
		{"client ID", &clientIDResource{data: data, kind: clientIDKind}, cid.CredentialID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, s := object(t, tc.r, map[string]tftypes.Value{
				"id": tftypes.NewValue(tftypes.String, tc.id), "enabled": tftypes.NewValue(tftypes.Bool, true),
			})
			req := resource.ReadRequest{State: tfsdk.State{Schema: s.Schema, Raw: raw}}
			resp := &resource.ReadResponse{State: req.State}
			tc.r.Read(ctx, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var got types.String
			resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("account_id"), &got)...)
			if got.ValueString() != m.Bootstrap().AccountID {
				t.Fatalf("account_id after read = %s, want %s", got, m.Bootstrap().AccountID)
			}
		})
	}
}

// disableOnCreateFailureSteps checks a credential created with enabled = false whose disable
// fails: it is deleted again, never left enabled; when the delete fails too, it is kept in
// the state, tainted, and the next apply replaces it. body is the resource block (with
// enabled = false) at addr; prefix the credential routes, e.g. /v2/account/credentials/api-keys;
// held lists the IDs and statuses of the credentials the body makes.
func (e *accEnv) disableOnCreateFailureSteps(t *testing.T, addr, body, prefix string, held func() map[string]string) (deleted, tainted []tfresource.TestStep) {
	config := e.providerBlock("max_retries = 0") + body
	fault := func(method string) {
		if err := e.mock.AddFault(mockapi.Fault{Method: method, Path: prefix + "/*", Kind: mockapi.FaultUnavailable, Count: 1}); err != nil {
			t.Fatal(err)
		}
	}
	expectHeld := func(want int, status string) {
		got := held()
		if len(got) != want {
			t.Fatalf("the API holds %d such credentials, want %d: %v", len(got), want, got)
		}
		for id, s := range got {
			if status != "" && s != status {
				t.Fatalf("credential %s is %s, want %s", id, s, status)
			}
		}
	}
	var keptID string
	deleted = []tfresource.TestStep{
		{
			PreConfig:   func() { fault("PATCH") },
			Config:      config,
			ExpectError: errorRegexp("Unable to create", "disabling it (enabled = false) failed", "deleted again", "HTTP 503"),
		},
		{
			PreConfig: func() { expectHeld(0, "") },
			Config:    config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
				check(func(context.Context, statecheck.CheckStateRequest) error { expectHeld(1, "DISABLED"); return nil }),
			},
		},
	}
	tainted = []tfresource.TestStep{
		{
			PreConfig: func() { fault("PATCH"); fault("DELETE") },
			Config:    config,
			ExpectError: errorRegexp("Unable to create", "deleting it failed too", "is ENABLED", "tainted",
				"the next apply replaces it", "Disabling", "HTTP 503", "Deleting", "HTTP 503"),
		},
		{
			PreConfig: func() {
				got := held()
				expectHeld(1, "ENABLED")
				for id := range got {
					keptID = id
				}
			},
			Config: config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
				check(func(context.Context, statecheck.CheckStateRequest) error {
					got := held()
					if _, ok := got[keptID]; ok || len(got) != 1 {
						return fmt.Errorf("the tainted credential %s must be replaced by one disabled credential, the API holds %v", keptID, got)
					}
					expectHeld(1, "DISABLED")
					return nil
				}),
			},
		},
	}
	return deleted, tainted
}

// mangledCreates is a TLS proxy in front of the mock that passes every request on and, while
// mangle is set, rewrites the 2xx answer of every create (a POST) with it: the credential is
// made, but its response is one the provider cannot use.
type mangledCreates struct {
	url, caPEM string
	mu         sync.Mutex
	method     string // the create method whose answers are rewritten; POST when ""
	mangle     func(body map[string]any) []byte
}

func (e *accEnv) mangleCreates(t *testing.T) *mangledCreates {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(e.mock.CACertificatePEM())
	target, err := url.Parse(e.mock.URL)
	if err != nil {
		t.Fatal(err)
	}
	m := &mangledCreates{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}}
	proxy.ModifyResponse = func(resp *http.Response) error {
		m.mu.Lock()
		mangle, method := m.mangle, m.method
		m.mu.Unlock()
		if method == "" {
			method = http.MethodPost
		}
		if mangle == nil || resp.Request.Method != method || resp.StatusCode/100 != 2 {
			return nil
		}
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		var body map[string]any
		if err := json.Unmarshal(raw, &body); err != nil {
			return err
		}
		out := mangle(body)
		resp.Body = io.NopCloser(bytes.NewReader(out))
		resp.ContentLength = int64(len(out))
		resp.Header.Set("Content-Length", strconv.Itoa(len(out)))
		return nil
	}
	srv := httptest.NewTLSServer(proxy)
	t.Cleanup(srv.Close)
	m.url = srv.URL
	m.caPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return m
}

func (m *mangledCreates) set(f func(map[string]any) []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mangle = f
}

// config is a configuration whose provider talks to the mock through the proxy.
func (m *mangledCreates) config(e *accEnv, body string) string {
	return fmt.Sprintf(`
provider "klarna" {
  api_key            = %q
  base_url           = %q
  max_retries        = 0
  ca_certificate_pem = <<-EOT
%s
  EOT
}
`, e.boot.APIKey, m.url, indent(m.caPEM, "    ")) + body
}

func without(field string) func(map[string]any) []byte {
	return func(body map[string]any) []byte {
		delete(body, field)
		out, _ := json.Marshal(body)
		return out
	}
}

func emptied(field string) func(map[string]any) []byte {
	return func(body map[string]any) []byte {
		body[field] = ""
		out, _ := json.Marshal(body)
		return out
	}
}

func garbled(map[string]any) []byte { return []byte(`{"credential_id": "trunc`) }

// unusableCreateSteps checks the answers to a create that the provider cannot use. With no
// ID (no ID field, or a body that does not decode), nothing is saved and the error says how
// to find the credential and import it by ID; with an ID but something else missing, the
// credential is saved, tainted, and the next apply replaces it; with an ID and idField ""
// the provider reads the credential back and saves it whole. count is how many such
// credentials the API holds.
func (e *accEnv) unusableCreateSteps(t *testing.T, p *mangledCreates, addr, body, idField, dataSource string,
	mangle func(map[string]any) []byte, withID bool, count func() int) []tfresource.TestStep {
	// The import command names the ID as import.sh does.
	idPlaceholder := "<credential_id>"
	if strings.HasPrefix(addr, "klarna_client_certificate.") {
		idPlaceholder = "<certificate_id>"
	}
	config := p.config(e, body)
	if withID && idField == "" {
		// Read back: the credential is saved whole, with no error.
		return []tfresource.TestStep{{
			PreConfig: func() { p.set(mangle) },
			Config:    config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
				check(func(context.Context, statecheck.CheckStateRequest) error {
					p.set(nil)
					if n := count(); n != 1 {
						return fmt.Errorf("the API holds %d such credentials, want 1", n)
					}
					return nil
				}),
			},
		}}
	}
	if !withID {
		return []tfresource.TestStep{
			{
				PreConfig: func() { p.set(mangle) },
				Config:    config,
				ExpectError: regexp.MustCompile(errorRegexp("Unable to create", "answered the create with success", "not in the Terraform state",
					"Find it with the "+dataSource+" data source", "terraform import", e.boot.AccountID+"/"+idPlaceholder).String() + requestReferenceRegexp),
			},
			{
				// Nothing was saved: the plan creates again, while the API holds the one made.
				PreConfig: func() {
					p.set(nil)
					if n := count(); n != 1 {
						t.Fatalf("the API holds %d such credentials, want the 1 made", n)
					}
				},
				Config: config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		}
	}
	return []tfresource.TestStep{
		{
			PreConfig:   func() { p.set(mangle) },
			Config:      config,
			ExpectError: regexp.MustCompile(errorRegexp("Unable to create", "The API created", "but its response holds no "+idField, "tainted", "the next apply replaces it").String() + requestReferenceRegexp),
		},
		{
			PreConfig: func() { p.set(nil) },
			Config:    config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				check(func(context.Context, statecheck.CheckStateRequest) error {
					if n := count(); n != 1 {
						return fmt.Errorf("the API holds %d such credentials after the replacement, want 1", n)
					}
					return nil
				}),
			},
		},
	}
}

// requestReferenceRegexp matches the create request's idempotency key and correlation IDs
// as an error quotes them for support: real values, not placeholders.
const requestReferenceRegexp = `.*Klarna-Idempotency-Key:\s+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}` +
	`\s+Partner-Correlation-Id:\s+[A-Za-z0-9]+\s+Klarna-Correlation-Id:\s+[A-Za-z0-9-]+`

func TestUndecodable(t *testing.T) {
	t.Parallel()
	syntaxErr := json.Unmarshal([]byte(`{"credential_id": "trunc`), &map[string]any{})
	typeErr := json.Unmarshal([]byte(`{"credential_id": 7}`), &struct {
		CredentialID string `json:"credential_id"`
	}{})
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"truncated body", fmt.Errorf("POST /v2/account/credentials/api-keys: decoding the response: %w", syntaxErr), true},
		{"wrong type", fmt.Errorf("decoding the response: %w", typeErr), true},
		{"no response", fmt.Errorf("POST /x: no response: reading the response: %w", io.ErrUnexpectedEOF), false},
		{"API error", &klarna.APIError{StatusCode: 400, ErrorCode: "VALIDATION_ERROR"}, false},
		{"none", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := undecodable(tc.err); got != tc.want {
				t.Fatalf("undecodable(%v) = %t, want %t", tc.err, got, tc.want)
			}
		})
	}
}
