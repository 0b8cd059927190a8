package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestSettlementConfigurationDataSource_readMapsEveryField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		api  klarna.SettlementConfiguration
		want settlementConfigurationDataSourceModel
	}{
		{"every attribute", klarna.SettlementConfiguration{SettlementConfigurationID: "sc-1", Currency: "SEK", PayoutSchedule: "WEEKLY", PayoutDelayDays: 7},
			settlementConfigurationDataSourceModel{ID: types.StringValue("sc-1"), Currency: types.StringValue("SEK"),
				PayoutSchedule: types.StringValue("WEEKLY"), PayoutDelayDays: types.Int64Value(7)}},
		{"no delay is 0, a schedule the provider does not know is kept", klarna.SettlementConfiguration{SettlementConfigurationID: "sc-2", Currency: "EUR", PayoutSchedule: "ON_DEMAND"},
			settlementConfigurationDataSourceModel{ID: types.StringValue("sc-2"), Currency: types.StringValue("EUR"),
				PayoutSchedule: types.StringValue("ON_DEMAND"), PayoutDelayDays: types.Int64Value(0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ds := &settlementConfigurationDataSource{data: cannedData(t, cannedAPI{"/v2/distribution/settlement-configuration": tc.api})}
			var got settlementConfigurationDataSourceModel
			if diags := readDataSource(t, ds, nil).Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			checkFields(t, got, tc.want)
		})
	}
}
