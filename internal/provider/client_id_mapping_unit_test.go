package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// mappedClientIDs are the credentials of mappedCredentials as client IDs, and the model each
// maps to (without account_id and keepers).
func mappedClientIDs() (api []klarna.ClientID, want []clientIDResourceModel) {
	creds, models := mappedCredentials()
	api = []klarna.ClientID{
		{Credential: creds[0], ClientID: "klarna_test_client_Y2hlY2tvdXQ", AllowedOrigins: []string{"https://shop.example.com", "http://localhost:3000"}},
		{Credential: creds[1], ClientID: "klarna_test_client_b3RoZXI", AllowedOrigins: []string{}},
	}
	want = []clientIDResourceModel{
		{credentialModel: models[0], ClientID: types.StringValue("klarna_test_client_Y2hlY2tvdXQ"),
			AllowedOrigins: stringSet("http://localhost:3000", "https://shop.example.com")},
		{credentialModel: models[1], ClientID: types.StringValue("klarna_test_client_b3RoZXI"), AllowedOrigins: stringSet()},
	}
	return api, want
}

func TestClientIDResourceModel_setFromClientID(t *testing.T) {
	t.Parallel()
	api, want := mappedClientIDs()
	omitted := api[0]
	omitted.AllowedOrigins = nil
	omittedWant := want[0]
	omittedWant.AllowedOrigins = types.SetNull(types.StringType)
	for _, tc := range []struct {
		name string
		api  klarna.ClientID
		want clientIDResourceModel
	}{
		{"every attribute", api[0], want[0]},
		{"no origins is an empty set", api[1], want[1]},
		{"origins the API omits are null", omitted, omittedWant},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// account_id and keepers, which the API does not return, stay as they are.
			keepers := types.MapNull(types.StringType)
			got := clientIDResourceModel{credentialModel: credentialModel{AccountID: types.StringValue(mappedPartnerID), Keepers: keepers},
				AllowedOrigins: stringSet("https://stale.example.com")}
			if diags := got.setFromClientID(t.Context(), tc.api); diags.HasError() {
				t.Fatal(diags)
			}
			w := tc.want
			w.AccountID, w.Keepers = types.StringValue(mappedPartnerID), keepers
			checkFields(t, got, w)
		})
	}
}

func TestClientIDResourceModel_changes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		plan    func(m *clientIDResourceModel)
		want    credentialUpdate
		wantErr bool
	}{
		{name: "no change sends nothing"},
		{
			name: "the same origins in another order send nothing",
			plan: func(m *clientIDResourceModel) {
				m.AllowedOrigins = stringSet("https://shop.example.com", "http://localhost:3000")
			},
		},
		{
			name: "new origins are sent sorted",
			plan: func(m *clientIDResourceModel) {
				m.AllowedOrigins = stringSet("https://shop.example.com", "https://checkout.example.com")
			},
			want: credentialUpdate{allowedOrigins: []string{"https://checkout.example.com", "https://shop.example.com"}},
		},
		{
			name: "a new description",
			plan: func(m *clientIDResourceModel) { m.Description = types.StringValue("web shop") },
			want: credentialUpdate{description: new("web shop")},
		},
		{
			name: "disabled",
			plan: func(m *clientIDResourceModel) { m.Enabled = types.BoolValue(false) },
			want: credentialUpdate{status: new(klarna.CredentialDisabled)},
		},
		{
			name: "every attribute that changes in place",
			plan: func(m *clientIDResourceModel) {
				m.Description, m.Enabled, m.AllowedOrigins = types.StringValue(""), types.BoolValue(false), stringSet("https://a.example.com")
			},
			want: credentialUpdate{description: new(""), status: new(klarna.CredentialDisabled), allowedOrigins: []string{"https://a.example.com"}},
		},
		{
			name: "keepers and account_id are never sent",
			plan: func(m *clientIDResourceModel) {
				m.Keepers, m.AccountID = types.MapNull(types.StringType), types.StringValue(mappedOwnAccount)
			},
		},
		{
			name:    "unknown origins are an error",
			plan:    func(m *clientIDResourceModel) { m.AllowedOrigins = types.SetUnknown(types.StringType) },
			wantErr: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, models := mappedClientIDs()
			state := models[0]
			state.AccountID = types.StringValue(mappedPartnerID)
			plan := state
			if tc.plan != nil {
				tc.plan(&plan)
			}
			got, diags := plan.changes(t.Context(), state)
			if diags.HasError() != tc.wantErr {
				t.Fatalf("changes error %t, want %t: %v", diags.HasError(), tc.wantErr, diags)
			}
			if tc.wantErr {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changes = %s, want %s", showUpdate(got), showUpdate(tc.want))
			}
			if got.changesNothing() != reflect.DeepEqual(tc.want, credentialUpdate{}) {
				t.Errorf("changesNothing() = %t for %s", got.changesNothing(), showUpdate(got))
			}
		})
	}
}

// showUpdate shows a credentialUpdate with its pointers followed.
func showUpdate(u credentialUpdate) string {
	return asJSON(map[string]any{"description": u.description, "status": u.status, "allowed_origins": u.allowedOrigins})
}

func TestClientIDListResource_findMapsEachClientID(t *testing.T) {
	t.Parallel()
	api, want := mappedClientIDs()
	checkCredentialListFind(t, newClientIDListResource, "/credentials/client-ids", klarna.ClientIDList{ClientIDs: api}, "client IDs",
		func(i int, account string) clientIDResourceModel {
			w := want[i]
			w.AccountID, w.Keepers = types.StringValue(account), types.MapNull(types.StringType)
			return w
		})
}

// clientIDsDataSourceModel reads the state of klarna_client_ids.
type clientIDsDataSourceModel struct {
	AccountID        types.String   `tfsdk:"account_id"`
	Status           types.String   `tfsdk:"status"`
	DescriptionRegex types.String   `tfsdk:"description_regex"`
	ClientIDs        []clientIDItem `tfsdk:"client_ids"`
}

func TestClientIDsDataSource_readMapsEachClientID(t *testing.T) {
	t.Parallel()
	api, want := mappedClientIDs()
	item := func(m clientIDResourceModel) clientIDItem {
		return clientIDItem{credentialItem: credentialItemOf(m.credentialModel), ClientID: m.ClientID, AllowedOrigins: m.AllowedOrigins}
	}
	for _, tc := range []struct {
		name   string
		ids    []klarna.ClientID
		config map[string]tftypes.Value
		want   []clientIDItem
	}{
		{"none is an empty list", nil, nil, []clientIDItem{}},
		{"each client ID in the API's order", api, nil, []clientIDItem{item(want[0]), item(want[1])}},
		{"only the enabled ones", api, map[string]tftypes.Value{"status": tftypes.NewValue(tftypes.String, "ENABLED")}, []clientIDItem{item(want[0])}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ds, _ := newClientIDsDataSource().(*credentialsDataSource[klarna.ClientID, clientIDItem])
			ds.data = cannedData(t, cannedAPI{"/credentials/client-ids": klarna.ClientIDList{ClientIDs: tc.ids}})
			var got clientIDsDataSourceModel
			if diags := readDataSource(t, ds, tc.config).Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			checkItems(t, "client_ids", got.ClientIDs, tc.want)
		})
	}
}

// TestClientIDKind_updateSendsTheChanges sends each planned change, and only those, in the
// client ID's update request.
func TestClientIDKind_updateSendsTheChanges(t *testing.T) {
	t.Parallel()
	api, _ := mappedClientIDs()
	const path = "PATCH /v2/account/credentials/client-ids/" + mappedCredentialID + " "
	for _, tc := range []struct {
		name   string
		update credentialUpdate
		want   string
	}{
		{"origins", credentialUpdate{allowedOrigins: []string{"https://a.example.com", "https://b.example.com"}},
			path + `{"allowed_origins":["https://a.example.com","https://b.example.com"]}`},
		{"a description", credentialUpdate{description: new("web")}, path + `{"description":"web"}`},
		{"disabled", credentialUpdate{status: new(klarna.CredentialDisabled)}, path + `{"status":"DISABLED"}`},
		{"every change", credentialUpdate{description: new(""), status: new(klarna.CredentialEnabled), allowedOrigins: []string{"https://a.example.com"}},
			path + `{"description":"","allowed_origins":["https://a.example.com"],"status":"ENABLED"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &recordingAPI{cannedAPI: cannedAPI{"PATCH /credentials/client-ids/" + mappedCredentialID: api[0]}}
			d := cannedData(t, rec)
			if _, err := clientIDKind.update(d.client, t.Context(), "", mappedCredentialID, tc.update); err != nil {
				t.Fatal(err)
			}
			if sent := rec.requests(); len(sent) != 1 || sent[0] != tc.want {
				t.Errorf("sent %q, want %q", sent, tc.want)
			}
		})
	}
}
