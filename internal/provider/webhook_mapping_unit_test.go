package provider

import (
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

const (
	mappedWebhookID = "krn:partner:global:notification:webhook:3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47"
	mappedKeyID     = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
)

func stringSet(values ...string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

// webhookFixture is a webhook as the API reports it, with every field set.
func webhookFixture() klarna.Webhook {
	return klarna.Webhook{
		WebhookID: mappedWebhookID, URL: "https://hooks.example.com/orders", EventTypes: []string{"payment.*", "partner.account.updated"},
		EventVersion: "v1", SigningKeyID: mappedKeyID, Status: klarna.WebhookEnabled,
		CreatedAt: time.Date(2026, 11, 22, 8, 45, 0, 0, time.FixedZone("CET", 3600)),
	}
}

// webhookMappingCases are what the API may say of a webhook, and what the resource and the
// webhooks data source must make of it.
func webhookMappingCases() []struct {
	name string
	api  func(w *klarna.Webhook)
	want func(m *webhookResourceModel)
} {
	return []struct {
		name string
		api  func(w *klarna.Webhook)
		want func(m *webhookResourceModel)
	}{
		{name: "every attribute, created_at in UTC"},
		{
			name: "a disabled webhook",
			api:  func(w *klarna.Webhook) { w.Status = klarna.WebhookDisabled },
			want: func(m *webhookResourceModel) { m.Enabled = types.BoolValue(false) },
		},
		{
			name: "a status the provider does not know is not enabled",
			api:  func(w *klarna.Webhook) { w.Status = "PAUSED" },
			want: func(m *webhookResourceModel) { m.Enabled = types.BoolValue(false) },
		},
		{
			name: "no event types is an empty set",
			api:  func(w *klarna.Webhook) { w.EventTypes = []string{} },
			want: func(m *webhookResourceModel) { m.EventTypes = stringSet() },
		},
		{
			name: "event types the API omits are null",
			api:  func(w *klarna.Webhook) { w.EventTypes = nil },
			want: func(m *webhookResourceModel) { m.EventTypes = types.SetNull(types.StringType) },
		},
		{
			name: "an event version the API omits is an empty string",
			api:  func(w *klarna.Webhook) { w.EventVersion = "" },
			want: func(m *webhookResourceModel) { m.EventVersion = types.StringValue("") },
		},
		{
			name: "a created_at the API omits is the zero time",
			api:  func(w *klarna.Webhook) { w.CreatedAt = time.Time{} },
			want: func(m *webhookResourceModel) { m.CreatedAt = types.StringValue("0001-01-01T00:00:00Z") },
		},
	}
}

// mappedWebhook is what webhookFixture maps to; accountID is left as the caller had it.
func mappedWebhook(accountID types.String) webhookResourceModel {
	return webhookResourceModel{
		ID: types.StringValue(mappedWebhookID), AccountID: accountID, URL: types.StringValue("https://hooks.example.com/orders"),
		EventTypes: stringSet("partner.account.updated", "payment.*"), EventVersion: types.StringValue("v1"),
		SigningKeyID: types.StringValue(mappedKeyID), Enabled: types.BoolValue(true), CreatedAt: types.StringValue("2026-11-22T07:45:00Z"),
	}
}

func TestWebhookResourceModel_setFromAPI(t *testing.T) {
	t.Parallel()
	// account_id, which the API does not return, is left as it is.
	account := types.StringValue(mappedPartnerID)
	for _, tc := range webhookMappingCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := webhookFixture()
			if tc.api != nil {
				tc.api(&w)
			}
			want := mappedWebhook(account)
			if tc.want != nil {
				tc.want(&want)
			}
			got := webhookResourceModel{AccountID: account, Enabled: types.BoolValue(true), EventTypes: stringSet("stale.*")}
			if diags := got.setFromAPI(t.Context(), w); diags.HasError() {
				t.Fatalf("setFromAPI: %v", diags)
			}
			checkFields(t, got, want)
		})
	}
}

func TestWebhookItemFromAPI_fields(t *testing.T) {
	t.Parallel()
	for _, tc := range webhookMappingCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := webhookFixture()
			if tc.api != nil {
				tc.api(&w)
			}
			m := mappedWebhook(types.StringNull())
			if tc.want != nil {
				tc.want(&m)
			}
			want := webhookItem{ID: m.ID, URL: m.URL, EventTypes: m.EventTypes, EventVersion: m.EventVersion,
				SigningKeyID: m.SigningKeyID, Enabled: m.Enabled, CreatedAt: m.CreatedAt}
			got, diags := webhookItemFromAPI(t.Context(), w)
			if diags.HasError() {
				t.Fatalf("webhookItemFromAPI: %v", diags)
			}
			checkFields(t, got, want)
		})
	}
}

func TestWebhookResourceModel_toCreateRequest(t *testing.T) {
	t.Parallel()
	every := klarna.CreateWebhookRequest{URL: "https://hooks.example.com/orders", EventTypes: []string{"partner.account.updated", "payment.*"},
		EventVersion: "v1", SigningKeyID: mappedKeyID, Status: "ENABLED"}
	for _, tc := range []struct {
		name    string
		plan    func(m *webhookResourceModel)
		want    func(r *klarna.CreateWebhookRequest)
		wantErr bool
	}{
		{name: "every attribute, event types sorted"},
		{
			name: "a disabled webhook is created disabled",
			plan: func(m *webhookResourceModel) { m.Enabled = types.BoolValue(false) },
			want: func(r *klarna.CreateWebhookRequest) { r.Status = "DISABLED" },
		},
		{
			name: "a null event version is sent as none, for the API's default",
			plan: func(m *webhookResourceModel) { m.EventVersion = types.StringNull() },
			want: func(r *klarna.CreateWebhookRequest) { r.EventVersion = "" },
		},
		{
			name: "computed attributes are not sent",
			plan: func(m *webhookResourceModel) {
				m.ID, m.CreatedAt, m.AccountID = types.StringUnknown(), types.StringUnknown(), types.StringValue(mappedPartnerID)
			},
		},
		{
			name:    "unknown event types are an error",
			plan:    func(m *webhookResourceModel) { m.EventTypes = types.SetUnknown(types.StringType) },
			want:    func(r *klarna.CreateWebhookRequest) { r.EventTypes = nil },
			wantErr: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := mappedWebhook(types.StringNull())
			m.EventTypes = stringSet("payment.*", "partner.account.updated")
			if tc.plan != nil {
				tc.plan(&m)
			}
			want := every
			if tc.want != nil {
				tc.want(&want)
			}
			got, diags := m.toCreateRequest(t.Context())
			if diags.HasError() != tc.wantErr {
				t.Fatalf("toCreateRequest error %t, want %t: %v", diags.HasError(), tc.wantErr, diags)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("toCreateRequest =\n%s\nwant\n%s", asJSON(got), asJSON(want))
			}
		})
	}
}

func TestWebhookResourceModel_changes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		plan    func(m *webhookResourceModel)
		want    klarna.UpdateWebhookRequest
		wantErr bool
	}{
		{name: "no change sends nothing"},
		{
			name: "the same event types in another order send nothing",
			plan: func(m *webhookResourceModel) { m.EventTypes = stringSet("payment.*", "partner.account.updated") },
		},
		{
			name: "new event types are sent sorted",
			plan: func(m *webhookResourceModel) {
				m.EventTypes = stringSet("payment.*", "dispute.*", "partner.account.updated")
			},
			want: klarna.UpdateWebhookRequest{EventTypes: []string{"dispute.*", "partner.account.updated", "payment.*"}},
		},
		{
			name: "a new signing key",
			plan: func(m *webhookResourceModel) {
				m.SigningKeyID = types.StringValue("9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f")
			},
			want: klarna.UpdateWebhookRequest{SigningKeyID: new("9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f")},
		},
		{
			name: "disabled",
			plan: func(m *webhookResourceModel) { m.Enabled = types.BoolValue(false) },
			want: klarna.UpdateWebhookRequest{Status: new("DISABLED")},
		},
		{
			name: "every attribute that changes in place",
			plan: func(m *webhookResourceModel) {
				m.EventTypes, m.SigningKeyID, m.Enabled = stringSet("dispute.*"), types.StringValue("k2"), types.BoolValue(false)
			},
			want: klarna.UpdateWebhookRequest{EventTypes: []string{"dispute.*"}, SigningKeyID: new("k2"), Status: new("DISABLED")},
		},
		{
			name: "url and event version replace the webhook and are never sent",
			plan: func(m *webhookResourceModel) {
				m.URL, m.EventVersion = types.StringValue("https://hooks.example.com/other"), types.StringValue("v2")
			},
		},
		{
			name:    "unknown event types are an error",
			plan:    func(m *webhookResourceModel) { m.EventTypes = types.SetUnknown(types.StringType) },
			wantErr: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			state := mappedWebhook(types.StringValue(mappedPartnerID))
			plan := state
			if tc.plan != nil {
				tc.plan(&plan)
			}
			got, diags := plan.changes(t.Context(), state)
			if diags.HasError() != tc.wantErr {
				t.Fatalf("changes error %t, want %t: %v", diags.HasError(), tc.wantErr, diags)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changes =\n%s\nwant\n%s", asJSON(got), asJSON(tc.want))
			}
		})
	}
}

func TestWebhookListResource_findMapsEachWebhook(t *testing.T) {
	t.Parallel()
	disabled := webhookFixture()
	disabled.WebhookID, disabled.URL, disabled.Status = webhookIDPrefix+"9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f", "https://hooks.example.com/reports", klarna.WebhookDisabled
	api := cannedAPI{"/notification/webhooks": klarna.WebhookList{Webhooks: []klarna.Webhook{webhookFixture(), disabled}}}
	for _, tc := range listAccountCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := &webhookListResource{data: cannedData(t, api)}
			found := findListed(t, r, r.find, map[string]tftypes.Value{"account_id": tc.account})
			if len(found) != 2 {
				t.Fatalf("found %d webhooks, want 2", len(found))
			}
			checkListed(t, found[0], "https://hooks.example.com/orders ("+mappedWebhookID+")",
				[2]string{"account_id", tc.want}, [2]string{"id", mappedWebhookID})
			checkListed(t, found[1], "https://hooks.example.com/reports ("+disabled.WebhookID+")",
				[2]string{"account_id", tc.want}, [2]string{"id", disabled.WebhookID})
			m, ok := found[0].resource.(*webhookResourceModel)
			if !ok {
				t.Fatalf("resource is %T, want *webhookResourceModel", found[0].resource)
			}
			checkFields(t, *m, mappedWebhook(types.StringValue(tc.want)))
			if m, _ := found[1].resource.(*webhookResourceModel); m == nil || m.Enabled.ValueBool() || m.URL.ValueString() != disabled.URL {
				t.Errorf("the disabled webhook is listed as %+v", m)
			}
		})
	}
}

func TestWebhooksDataSource_readMapsEachWebhook(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		webhooks []klarna.Webhook
		want     []webhookItem
	}{
		{"none is an empty list", nil, []webhookItem{}},
		{"each webhook in the API's order", []klarna.Webhook{webhookFixture(), func() klarna.Webhook {
			w := webhookFixture()
			w.WebhookID, w.Status, w.EventTypes = webhookIDPrefix+"9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f", klarna.WebhookDisabled, []string{"dispute.*"}
			return w
		}()}, []webhookItem{
			{ID: types.StringValue(mappedWebhookID), URL: types.StringValue("https://hooks.example.com/orders"),
				EventTypes: stringSet("payment.*", "partner.account.updated"), EventVersion: types.StringValue("v1"),
				SigningKeyID: types.StringValue(mappedKeyID), Enabled: types.BoolValue(true), CreatedAt: types.StringValue("2026-11-22T07:45:00Z")},
			{ID: types.StringValue(webhookIDPrefix + "9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f"), URL: types.StringValue("https://hooks.example.com/orders"),
				EventTypes: stringSet("dispute.*"), EventVersion: types.StringValue("v1"),
				SigningKeyID: types.StringValue(mappedKeyID), Enabled: types.BoolValue(false), CreatedAt: types.StringValue("2026-11-22T07:45:00Z")},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ds := &webhooksDataSource{data: cannedData(t, cannedAPI{"/notification/webhooks": klarna.WebhookList{Webhooks: tc.webhooks}})}
			state := readDataSource(t, ds, nil)
			var got webhooksDataSourceModel
			if diags := state.Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			if !got.AccountID.IsNull() {
				t.Errorf("account_id = %v, want null as configured", got.AccountID)
			}
			checkItems(t, "webhooks", got.Webhooks, tc.want)
		})
	}
}

func TestWebhookStatusFor_enum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		enabled bool
		want    string
	}{{true, "ENABLED"}, {false, "DISABLED"}} {
		if got := webhookStatusFor(tc.enabled); got != tc.want {
			t.Errorf("webhookStatusFor(%t) = %q, want %q", tc.enabled, got, tc.want)
		}
	}
}
