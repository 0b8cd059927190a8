package provider

import (
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestGrantMatches_neverWidensAFilter(t *testing.T) {
	t.Parallel()
	const a, b = "krn:partner:global:account:test:AAAAAAAA", "krn:partner:global:account:test:BBBBBBBB"
	g := klarna.UserAccess{Principal: "jane@example.com", AccountID: a, OnBehalfOf: a, Status: klarna.UserAccessInvited}
	for _, tc := range []struct {
		name   string
		filter klarna.UserAccessFilter
		status string
		want   bool
	}{
		{"no filter", klarna.UserAccessFilter{}, "", true},
		{"same account", klarna.UserAccessFilter{AccountID: a}, "", true},
		{"other account", klarna.UserAccessFilter{AccountID: b}, "", false},
		{"other on_behalf_of", klarna.UserAccessFilter{OnBehalfOf: b}, "", false},
		{"email in another case", klarna.UserAccessFilter{Principal: "Jane@Example.com"}, "", true},
		{"other email", klarna.UserAccessFilter{Principal: "john@example.com"}, "", false},
		{"same status", klarna.UserAccessFilter{}, klarna.UserAccessInvited, true},
		{"other status", klarna.UserAccessFilter{}, klarna.UserAccessActive, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := grantMatches(g, tc.filter, tc.status); got != tc.want {
				t.Fatalf("grantMatches = %v, want %v", got, tc.want)
			}
		})
	}
}
