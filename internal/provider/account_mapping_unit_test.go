package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestOwnAccountDataSource_readMapsTheAccount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		api    klarna.Account
		status string // the response's Klarna-Mtls-Verification-Status
		want   accountDataSourceModel
	}{
		{"no mTLS: a null verification status", klarna.Account{AccountID: mappedOwnAccount, Environment: klarna.EnvironmentTest}, "",
			accountDataSourceModel{AccountID: types.StringValue(mappedOwnAccount), Environment: types.StringValue("TEST"),
				MTLSEnabled: types.BoolValue(false), MTLSVerificationStatus: types.StringNull()}},
		{"mTLS, the connection verified", klarna.Account{AccountID: mappedOwnAccount, Environment: klarna.EnvironmentTest, MTLSEnabled: true}, "VALID",
			accountDataSourceModel{AccountID: types.StringValue(mappedOwnAccount), Environment: types.StringValue("TEST"),
				MTLSEnabled: types.BoolValue(true), MTLSVerificationStatus: types.StringValue("VALID")}},
		{"mTLS, no client certificate presented", klarna.Account{AccountID: "krn:partner:global:account:live:LIVE0001", Environment: klarna.EnvironmentLive, MTLSEnabled: true},
			"NOT_PRESENT", accountDataSourceModel{AccountID: types.StringValue("krn:partner:global:account:live:LIVE0001"), Environment: types.StringValue("LIVE"),
				MTLSEnabled: types.BoolValue(true), MTLSVerificationStatus: types.StringValue("NOT_PRESENT")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			header := http.Header{}
			if tc.status != "" {
				header.Set(klarna.HeaderMTLSVerificationStatus, tc.status)
			}
			ds := &accountDataSource{data: cannedData(t, cannedAPI{"/v2/account": cannedResponse{body: tc.api, header: header}})}
			var got accountDataSourceModel
			if diags := readDataSource(t, ds, nil).Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			checkFields(t, got, tc.want)
		})
	}
}
