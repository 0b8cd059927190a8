package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

const (
	mappedCredentialID = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	otherCredentialID  = "9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f"
)

// mappedCredentials are an enabled credential that was used and a disabled one that never was,
// as the API reports them, and the model each maps to (without account_id and keepers).
func mappedCredentials() (api []klarna.Credential, want []credentialModel) {
	used := time.Date(2026, 11, 23, 8, 45, 0, 0, time.FixedZone("CET", 3600))
	security := klarna.DisabledSecurity
	api = []klarna.Credential{
		{CredentialID: mappedCredentialID, Description: "checkout", Environment: klarna.EnvironmentTest, Status: klarna.CredentialEnabled,
			CreatedAt: time.Date(2026, 11, 22, 7, 45, 0, 0, time.UTC), LastUsedAt: &used},
		{CredentialID: otherCredentialID, Environment: klarna.EnvironmentTest, Status: klarna.CredentialDisabled,
			CreatedAt: time.Date(2026, 11, 22, 9, 45, 0, 0, time.FixedZone("CET", 3600)), DisabledReason: &security},
	}
	want = []credentialModel{
		{ID: types.StringValue(mappedCredentialID), Description: types.StringValue("checkout"), Enabled: types.BoolValue(true),
			Environment: types.StringValue("TEST"), Status: types.StringValue("ENABLED"), DisabledReason: types.StringNull(),
			CreatedAt: types.StringValue("2026-11-22T07:45:00Z"), LastUsedAt: types.StringValue("2026-11-23T07:45:00Z")},
		{ID: types.StringValue(otherCredentialID), Description: types.StringValue(""), Enabled: types.BoolValue(false),
			Environment: types.StringValue("TEST"), Status: types.StringValue("DISABLED"), DisabledReason: types.StringValue("SECURITY"),
			CreatedAt: types.StringValue("2026-11-22T08:45:00Z"), LastUsedAt: types.StringNull()},
	}
	return api, want
}

func TestAPIKeyResourceModel_toCreateRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		description types.String
		want        klarna.CreateAPIKeyRequest
	}{
		{"a description", types.StringValue("checkout backend"), klarna.CreateAPIKeyRequest{Description: "checkout backend"}},
		{"an empty description", types.StringValue(""), klarna.CreateAPIKeyRequest{}},
		{"a null description sends none", types.StringNull(), klarna.CreateAPIKeyRequest{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Enabled, keepers and account_id are not part of the create request.
			m := apiKeyResourceModel{credentialModel: credentialModel{Description: tc.description, Enabled: types.BoolValue(false),
				AccountID: types.StringValue(mappedPartnerID), Keepers: types.MapValueMust(types.StringType, map[string]attr.Value{})}}
			if got := m.toCreateRequest(); got != tc.want {
				t.Errorf("toCreateRequest = %s, want %s", asJSON(got), asJSON(tc.want))
			}
		})
	}
}

// TestAPIKeyKind_setFromAPIKeepsTheSecret maps a read API key, which has no secret, into a
// model that holds the secret from the create response: the secret stays.
func TestAPIKeyKind_setFromAPIKeepsTheSecret(t *testing.T) {
	t.Parallel()
	api, want := mappedCredentials()
	for i := range api {
		t.Run(api[i].CredentialID, func(t *testing.T) {
			t.Parallel()
			keepers := types.MapValueMust(types.StringType, map[string]attr.Value{"rotation": types.StringValue("1")})
			got := apiKeyResourceModel{APIKey: types.StringValue("klarna_test_api_c2VjcmV0"),
				credentialModel: credentialModel{AccountID: types.StringValue(mappedPartnerID), Keepers: keepers}}
			if diags := apiKeyKind.setFromAPI(t.Context(), &got, klarna.APIKey{Credential: api[i]}); diags.HasError() {
				t.Fatal(diags)
			}
			w := apiKeyResourceModel{APIKey: types.StringValue("klarna_test_api_c2VjcmV0"), credentialModel: want[i]}
			w.AccountID, w.Keepers = types.StringValue(mappedPartnerID), keepers
			checkFields(t, got, w)
		})
	}
}

func TestAPIKeyListResource_findMapsEachKey(t *testing.T) {
	t.Parallel()
	api, want := mappedCredentials()
	keys := []klarna.APIKey{{Credential: api[0]}, {Credential: api[1]}}
	checkCredentialListFind(t, newAPIKeyListResource, "/credentials/api-keys", klarna.APIKeyList{APIKeys: keys}, "API keys",
		func(i int, account string) apiKeyResourceModel {
			// An adopted key has no secret and no keepers.
			w := apiKeyResourceModel{APIKey: types.StringNull(), credentialModel: want[i]}
			w.AccountID, w.Keepers = types.StringValue(account), types.MapNull(types.StringType)
			return w
		})
}

// apiKeysDataSourceModel reads the state of klarna_api_keys.
type apiKeysDataSourceModel struct {
	AccountID        types.String     `tfsdk:"account_id"`
	Status           types.String     `tfsdk:"status"`
	DescriptionRegex types.String     `tfsdk:"description_regex"`
	APIKeys          []credentialItem `tfsdk:"api_keys"`
}

func TestAPIKeysDataSource_readMapsEachKey(t *testing.T) {
	t.Parallel()
	api, want := mappedCredentials()
	for _, tc := range []struct {
		name   string
		keys   []klarna.APIKey
		config map[string]tftypes.Value
		want   []credentialItem
	}{
		{"none is an empty list", nil, nil, []credentialItem{}},
		{"each key in the API's order", []klarna.APIKey{{Credential: api[0]}, {Credential: api[1]}}, nil, []credentialItem{credentialItemOf(want[0]), credentialItemOf(want[1])}},
		{"filters stay as configured", []klarna.APIKey{{Credential: api[0]}, {Credential: api[1]}}, map[string]tftypes.Value{
			"account_id": tftypes.NewValue(tftypes.String, mappedPartnerID), "status": tftypes.NewValue(tftypes.String, "DISABLED"),
			"description_regex": tftypes.NewValue(tftypes.String, "^$"),
		}, []credentialItem{credentialItemOf(want[1])}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ds, _ := newAPIKeysDataSource().(*credentialsDataSource[klarna.APIKey, credentialItem])
			ds.data = cannedData(t, cannedAPI{"/credentials/api-keys": klarna.APIKeyList{APIKeys: tc.keys}})
			var got apiKeysDataSourceModel
			if diags := readDataSource(t, ds, tc.config).Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			config := func(name string) types.String {
				if v, ok := tc.config[name]; ok {
					var s string
					_ = v.As(&s)
					return types.StringValue(s)
				}
				return types.StringNull()
			}
			if !got.AccountID.Equal(config("account_id")) || !got.Status.Equal(config("status")) || !got.DescriptionRegex.Equal(config("description_regex")) {
				t.Errorf("filters %v %v %v, want them as configured", got.AccountID, got.Status, got.DescriptionRegex)
			}
			checkItems(t, "api_keys", got.APIKeys, tc.want)
		})
	}
}

// TestAPIKeyKind_updateSendsTheChanges sends each planned change, and only those, in the API
// key's update request.
func TestAPIKeyKind_updateSendsTheChanges(t *testing.T) {
	t.Parallel()
	api, _ := mappedCredentials()
	for _, tc := range []struct {
		name    string
		account string
		update  credentialUpdate
		want    string
	}{
		{"a description", "", credentialUpdate{description: new("checkout v2")},
			`PATCH /v2/account/credentials/api-keys/` + mappedCredentialID + ` {"description":"checkout v2"}`},
		{"an empty description is sent, to clear it", "", credentialUpdate{description: new("")},
			`PATCH /v2/account/credentials/api-keys/` + mappedCredentialID + ` {"description":""}`},
		{"disabled, in a partner account", mappedPartnerID, credentialUpdate{status: new(klarna.CredentialDisabled)},
			`PATCH /v2/accounts/` + mappedPartnerID + `/credentials/api-keys/` + mappedCredentialID + ` {"status":"DISABLED"}`},
		{"both", "", credentialUpdate{description: new("d"), status: new(klarna.CredentialEnabled)},
			`PATCH /v2/account/credentials/api-keys/` + mappedCredentialID + ` {"description":"d","status":"ENABLED"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &recordingAPI{cannedAPI: cannedAPI{"PATCH /credentials/api-keys/" + mappedCredentialID: klarna.APIKey{Credential: api[0]}}}
			d := cannedData(t, rec)
			got, err := apiKeyKind.update(d.client, t.Context(), tc.account, mappedCredentialID, tc.update)
			if err != nil {
				t.Fatal(err)
			}
			if sent := rec.requests(); len(sent) != 1 || sent[0] != tc.want {
				t.Errorf("sent %q, want %q", sent, tc.want)
			}
			if got.CredentialID != mappedCredentialID {
				t.Errorf("update returned %+v", got)
			}
		})
	}
}
