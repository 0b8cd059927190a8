package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestWebhookSigningKeyResourceModel_setFromAPI(t *testing.T) {
	t.Parallel()
	// The secret (only in the create response), keepers and account_id, which the API does not
	// return: setFromAPI leaves them as they are.
	inputs := webhookSigningKeyResourceModel{
		AccountID: types.StringValue(mappedPartnerID), Secret: types.StringValue("whsec_c2VjcmV0"),
		Keepers: types.MapValueMust(types.StringType, map[string]attr.Value{"rotation": types.StringValue("2")}),
	}
	for _, tc := range []struct {
		name string
		api  klarna.SigningKey
		want func(m *webhookSigningKeyResourceModel)
	}{
		{"every attribute, created_at in UTC",
			klarna.SigningKey{SigningKeyID: mappedKeyID, CreatedAt: time.Date(2026, 11, 22, 8, 45, 0, 0, time.FixedZone("CET", 3600))},
			func(m *webhookSigningKeyResourceModel) {
				m.ID, m.CreatedAt = types.StringValue(mappedKeyID), types.StringValue("2026-11-22T07:45:00Z")
			}},
		{"fractions of a second are dropped",
			klarna.SigningKey{SigningKeyID: mappedKeyID, CreatedAt: time.Date(2026, 11, 22, 7, 45, 0, 999_000_000, time.UTC)},
			func(m *webhookSigningKeyResourceModel) {
				m.ID, m.CreatedAt = types.StringValue(mappedKeyID), types.StringValue("2026-11-22T07:45:00Z")
			}},
		{"a created_at the API omits is the zero time",
			klarna.SigningKey{SigningKeyID: mappedKeyID},
			func(m *webhookSigningKeyResourceModel) {
				m.ID, m.CreatedAt = types.StringValue(mappedKeyID), types.StringValue("0001-01-01T00:00:00Z")
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := inputs
			got.setFromAPI(tc.api)
			want := inputs
			tc.want(&want)
			checkFields(t, got, want)
		})
	}
}

func TestWebhookSigningKeysDataSource_readMapsEachKey(t *testing.T) {
	t.Parallel()
	const other = "9d2f1c3e-5a7b-4c8d-9e0f-1a2b3c4d5e6f"
	for _, tc := range []struct {
		name    string
		account tftypes.Value
		keys    []klarna.SigningKey
		want    []signingKeyItem
	}{
		{"none is an empty list", tftypes.NewValue(tftypes.String, nil), nil, []signingKeyItem{}},
		{"each key in the API's order, created_at in UTC", tftypes.NewValue(tftypes.String, mappedPartnerID), []klarna.SigningKey{
			{SigningKeyID: other, CreatedAt: time.Date(2026, 11, 22, 8, 45, 0, 0, time.FixedZone("CET", 3600))},
			{SigningKeyID: mappedKeyID, CreatedAt: time.Date(2026, 11, 23, 7, 45, 0, 0, time.UTC)},
		}, []signingKeyItem{
			{ID: types.StringValue(other), CreatedAt: types.StringValue("2026-11-22T07:45:00Z")},
			{ID: types.StringValue(mappedKeyID), CreatedAt: types.StringValue("2026-11-23T07:45:00Z")},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ds := &webhookSigningKeysDataSource{data: cannedData(t, cannedAPI{"/notification/signing-keys": klarna.SigningKeyList{SigningKeys: tc.keys}})}
			state := readDataSource(t, ds, map[string]tftypes.Value{"account_id": tc.account})
			var got webhookSigningKeysDataSourceModel
			if diags := state.Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			account := types.StringNull()
			if !tc.account.IsNull() {
				account = types.StringValue(mappedPartnerID)
			}
			if !got.AccountID.Equal(account) {
				t.Errorf("account_id = %v, want %v as configured", got.AccountID, account)
			}
			checkItems(t, "signing_keys", got.SigningKeys, tc.want)
		})
	}
}
