package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestPaymentProfilesDataSource_readMapsEachProfile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		profiles []klarna.PaymentProfile
		want     []paymentProfileModel
	}{
		{"none is an empty list", nil, []paymentProfileModel{}},
		{"each profile in the API's order", []klarna.PaymentProfile{
			{PaymentProfileID: mappedPaymentProfile, Name: "Standard SE", Currency: "SEK"},
			{PaymentProfileID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", Name: "Standard DE", Currency: "EUR"},
		}, []paymentProfileModel{
			{ID: types.StringValue(mappedPaymentProfile), Name: types.StringValue("Standard SE"), Currency: types.StringValue("SEK")},
			{ID: types.StringValue("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"), Name: types.StringValue("Standard DE"), Currency: types.StringValue("EUR")},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ds := &paymentProfilesDataSource{data: cannedData(t, cannedAPI{"/v2/distribution/payment-profiles": klarna.PaymentProfileList{PaymentProfiles: tc.profiles}})}
			var got paymentProfilesDataSourceModel
			if diags := readDataSource(t, ds, nil).Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			checkItems(t, "payment_profiles", got.PaymentProfiles, tc.want)
		})
	}
}
