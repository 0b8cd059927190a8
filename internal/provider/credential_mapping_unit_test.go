package provider

import (
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestClientIDResourceModel_toCreateRequest(t *testing.T) {
	t.Parallel()
	origins := func(o ...string) types.Set {
		values := make([]attr.Value, len(o))
		for i, s := range o {
			values[i] = types.StringValue(s)
		}
		return types.SetValueMust(types.StringType, values)
	}
	for _, tc := range []struct {
		name        string
		description types.String
		origins     types.Set
		want        klarna.CreateClientIDRequest
		wantErr     bool
	}{
		{"one origin", types.StringValue("web shop"), origins("https://shop.example.com"),
			klarna.CreateClientIDRequest{Description: "web shop", AllowedOrigins: []string{"https://shop.example.com"}}, false},
		{"origins sorted", types.StringValue(""), origins("https://b.example.com", "http://localhost:3000", "https://a.example.com"),
			klarna.CreateClientIDRequest{AllowedOrigins: []string{"http://localhost:3000", "https://a.example.com", "https://b.example.com"}}, false},
		{"null description sends none", types.StringNull(), origins("https://shop.example.com"),
			klarna.CreateClientIDRequest{AllowedOrigins: []string{"https://shop.example.com"}}, false},
		{"unknown origins", types.StringValue("d"), types.SetUnknown(types.StringType), klarna.CreateClientIDRequest{Description: "d"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var m clientIDResourceModel
			m.Description, m.AllowedOrigins = tc.description, tc.origins
			got, diags := m.toCreateRequest(t.Context())
			if diags.HasError() != tc.wantErr {
				t.Fatalf("error %t, want %t: %v", diags.HasError(), tc.wantErr, diags)
			}
			if got.Description != tc.want.Description || !slices.Equal(got.AllowedOrigins, tc.want.AllowedOrigins) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// credentialFixture is a credential as the API reports it, disabled or not.
func credentialFixture(status klarna.CredentialStatus, reason *klarna.DisabledReason, lastUsed *time.Time) klarna.Credential {
	return klarna.Credential{
		CredentialID: "0b554535-d9bd-4a43-9bda-9ce1396bad0e", Description: "ci", Environment: klarna.EnvironmentLive,
		Status: status, CreatedAt: time.Date(2026, 11, 22, 8, 45, 0, 0, time.FixedZone("CET", 3600)),
		LastUsedAt: lastUsed, DisabledReason: reason,
	}
}

// wantCredential is what every mapping of credentialFixture must hold.
type wantCredential struct {
	enabled                                 bool
	status, disabledReason, lastUsedAt      types.String
	id, description, environment, createdAt string
}

func credentialMappingCases() []struct {
	name string
	in   klarna.Credential
	want wantCredential
} {
	security := klarna.DisabledSecurity
	used := time.Date(2026, 11, 23, 7, 45, 0, 0, time.UTC)
	base := wantCredential{
		id: "0b554535-d9bd-4a43-9bda-9ce1396bad0e", description: "ci", environment: "LIVE", createdAt: "2026-11-22T07:45:00Z",
	}
	enabled, disabled := base, base
	enabled.enabled, enabled.status = true, types.StringValue("ENABLED")
	enabled.disabledReason, enabled.lastUsedAt = types.StringNull(), types.StringValue("2026-11-23T07:45:00Z")
	disabled.status = types.StringValue("DISABLED")
	disabled.disabledReason, disabled.lastUsedAt = types.StringValue("SECURITY"), types.StringNull()
	return []struct {
		name string
		in   klarna.Credential
		want wantCredential
	}{
		{"enabled and used", credentialFixture(klarna.CredentialEnabled, nil, &used), enabled},
		{"disabled, never used", credentialFixture(klarna.CredentialDisabled, &security, nil), disabled},
	}
}

func TestCredentialModel_setFromAPI(t *testing.T) {
	t.Parallel()
	for _, tc := range credentialMappingCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const account = "krn:partner:global:account:live:AB12CD34"
			keepers := types.MapValueMust(types.StringType, map[string]attr.Value{"rotation": types.StringValue("1")})
			m := credentialModel{AccountID: types.StringValue(account), Keepers: keepers}
			m.setFromAPI(tc.in)
			w := tc.want
			if m.ID.ValueString() != w.id || m.Description.ValueString() != w.description || m.Environment.ValueString() != w.environment ||
				m.Enabled.ValueBool() != w.enabled || !m.Status.Equal(w.status) || !m.DisabledReason.Equal(w.disabledReason) ||
				m.CreatedAt.ValueString() != w.createdAt || !m.LastUsedAt.Equal(w.lastUsedAt) {
				t.Errorf("got %+v, want %+v", m, w)
			}
			if m.AccountID.ValueString() != account || !m.Keepers.Equal(keepers) {
				t.Errorf("account_id and keepers, which the API does not return, changed: %v %v", m.AccountID, m.Keepers)
			}
		})
	}
}

func TestCredentialItemFromAPI_fields(t *testing.T) {
	t.Parallel()
	for _, tc := range credentialMappingCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			item := credentialItemFromAPI(tc.in)
			w := tc.want
			if item.ID.ValueString() != w.id || item.Description.ValueString() != w.description || item.Environment.ValueString() != w.environment ||
				!item.Status.Equal(w.status) || !item.DisabledReason.Equal(w.disabledReason) ||
				item.CreatedAt.ValueString() != w.createdAt || !item.LastUsedAt.Equal(w.lastUsedAt) {
				t.Errorf("got %+v, want %+v", item, w)
			}
		})
	}
}

func TestClientIDMapping_fromAPI(t *testing.T) {
	t.Parallel()
	for _, tc := range credentialMappingCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := klarna.ClientID{Credential: tc.in, ClientID: "klarna_live_client_Y2lk", AllowedOrigins: []string{"https://b.example.com", "https://a.example.com"}}
			wantOrigins := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("https://a.example.com"), types.StringValue("https://b.example.com")})

			var m clientIDResourceModel
			if diags := m.setFromClientID(t.Context(), in); diags.HasError() {
				t.Fatal(diags)
			}
			if m.ClientID.ValueString() != in.ClientID || !m.AllowedOrigins.Equal(wantOrigins) ||
				m.ID.ValueString() != tc.want.id || !m.Status.Equal(tc.want.status) || !m.DisabledReason.Equal(tc.want.disabledReason) {
				t.Errorf("resource model %+v, want client_id %s, origins %v and the credential %+v", m, in.ClientID, wantOrigins, tc.want)
			}

			item, diags := clientIDItemFromAPI(t.Context(), in)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if item.ClientID.ValueString() != in.ClientID || !item.AllowedOrigins.Equal(wantOrigins) || item.credentialItem != credentialItemFromAPI(tc.in) {
				t.Errorf("list item %+v, want client_id %s, origins %v and the credential %+v", item, in.ClientID, wantOrigins, tc.want)
			}
		})
	}
}
