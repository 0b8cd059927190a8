package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// TestTrackWaits_warnsWhenAnOperationWaitedLong: an operation that waited for the API
// past the threshold ends with a warning that says why; one that did not, without.
func TestTrackWaits_warnsWhenAnOperationWaitedLong(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		retryAfter int // seconds of one 429's Retry-After; 0 for no 429
		threshold  time.Duration
		warn       bool
	}{
		{"no wait", 0, 500 * time.Millisecond, false},
		{"a wait past the threshold", 1, 500 * time.Millisecond, true},
		{"a wait under the default threshold", 1, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := mocktest.Start(t, mockapi.Options{})
			if tc.retryAfter > 0 {
				if err := m.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultRateLimited, Count: 1, RetryAfter: tc.retryAfter}); err != nil {
					t.Fatal(err)
				}
			}
			ds := &accountDataSource{data: &providerData{client: mocktest.Client(t, m), longWait: tc.threshold}}
			ctx := t.Context()
			var sresp datasource.SchemaResponse
			ds.Schema(ctx, datasource.SchemaRequest{}, &sresp)
			resp := &datasource.ReadResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}}
			ds.Read(ctx, datasource.ReadRequest{}, resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("the read failed: %v", resp.Diagnostics)
			}
			warnings := resp.Diagnostics.Warnings()
			if !tc.warn {
				if len(warnings) != 0 {
					t.Fatalf("want no warning, got %v", warnings)
				}
				return
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0].Summary(), "Waited") ||
				!strings.Contains(warnings[0].Detail(), "GET /v2/account") || !strings.Contains(warnings[0].Detail(), "RATE_LIMITED") {
				t.Fatalf("want one warning naming the request and the 429, got %v", warnings)
			}
		})
	}
}
