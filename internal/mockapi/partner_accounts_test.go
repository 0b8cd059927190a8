package mockapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func TestNew_partnerAccounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		n    int
		want int    // partner accounts in the bootstrap
		err  string // substring of New's error; "" means it starts
	}{
		{"default", 0, mockapi.DefaultPartnerAccounts, ""},
		{"one", 1, 1, ""},
		{"two hundred", 200, 200, ""},
		{"negative", -1, 0, "-1 partner accounts asked for"},
		{"too many", mockapi.MaxPartnerAccounts + 1, 0, "partner accounts asked for"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, err := mockapi.New(mockapi.Options{PartnerAccounts: tc.n, SkipContractValidation: true})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("New(%d): %v, want an error containing %q", tc.n, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b := srv.Bootstrap()
			if len(b.PartnerAccountIDs) != tc.want {
				t.Fatalf("%d partner accounts in the bootstrap, want %d", len(b.PartnerAccountIDs), tc.want)
			}
			seen := map[string]bool{b.AccountID: true}
			for _, id := range b.PartnerAccountIDs {
				if seen[id] {
					t.Fatalf("account %s is listed twice", id)
				}
				seen[id] = true
			}
			if len(b.ForeignAccountIDs) == 0 {
				t.Fatal("no foreign account")
			}
			for _, id := range b.ForeignAccountIDs {
				if seen[id] {
					t.Fatalf("foreign account %s is also the caller's or a partner", id)
				}
			}
		})
	}
}

// TestPartnerAccounts_manyAreOnboarded checks through the API that every partner account
// of a large mock is onboarded through the bootstrap account and that a foreign one is not.
func TestPartnerAccounts_manyAreOnboarded(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{PartnerAccounts: 200})
	if len(m.b.PartnerAccountIDs) != 200 {
		t.Fatalf("%d partner accounts, want 200", len(m.b.PartnerAccountIDs))
	}
	for _, id := range m.b.PartnerAccountIDs {
		m.post(t, m.b.APIKey, acct(id)+"/credentials/api-keys", map[string]any{"description": "scale"}).
			wantStatus(t, http.StatusCreated)
	}
	m.post(t, m.b.APIKey, acct(m.b.ForeignAccountIDs[0])+"/credentials/api-keys", map[string]any{"description": "scale"}).
		wantForbidden(t)
}
