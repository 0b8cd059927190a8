package klarna_test

import (
	"context"
	"errors"
	"testing"
	"time"
)

func partnerAccountBody(state string) string {
	return `{"partner_account_id":"` + pinnedAccount + `","partner_account_reference":"r","partner_account_name":"n",` +
		`"partner_account_contact":{"email":"o@example.com"},"state":"` + state + `","partner_business_entities":[],` +
		`"products":[],"brands":[],"stores":[],"created_at":"2026-11-22T07:45:00Z"}`
}

func TestWaitOperational_pollsUntilTheStateChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		replies  []rawReply
		timeout  time.Duration
		want     string // the state returned; "" for no account
		wantErr  error
		requests int
	}{
		{"operational on the third read", []rawReply{
			{status: 200, body: partnerAccountBody("PARTIALLY_OPERATIONAL")},
			{status: 200, body: partnerAccountBody("PARTIALLY_OPERATIONAL")},
			{status: 200, body: partnerAccountBody("OPERATIONAL")},
		}, time.Minute, "OPERATIONAL", nil, 3},
		{"disabled ends the wait too", []rawReply{{status: 200, body: partnerAccountBody("DISABLED")}}, time.Minute, "DISABLED", nil, 1},
		{"a retried 503 does not end the wait", []rawReply{
			{status: 200, body: partnerAccountBody("PARTIALLY_OPERATIONAL")},
			{status: 503, body: errorBody("TECHNICAL_ERROR", "SERVICE_UNAVAILABLE")},
			{status: 200, body: partnerAccountBody("OPERATIONAL")},
		}, time.Minute, "OPERATIONAL", nil, 3},
		// A second, so that a loaded machine still answers the first read before the deadline.
		{"the deadline returns the last account read", []rawReply{{status: 200, body: partnerAccountBody("PARTIALLY_OPERATIONAL")}},
			time.Second, "PARTIALLY_OPERATIONAL", context.DeadlineExceeded, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ws, c := startWireServer(t, tt.replies...)
			ctx, cancel := context.WithTimeout(t.Context(), tt.timeout)
			defer cancel()
			var seen []string
			a, err := c.WaitOperational(ctx, pinnedAccount, 5*time.Millisecond, func(s string) { seen = append(seen, s) })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if a == nil || a.State != tt.want {
				t.Fatalf("returned %+v, want state %s", a, tt.want)
			}
			if tt.requests > 0 && len(ws.requests()) != tt.requests {
				t.Errorf("%d reads, want %d", len(ws.requests()), tt.requests)
			}
			if len(seen) == 0 || seen[len(seen)-1] != tt.want {
				t.Errorf("progress saw %v", seen)
			}
		})
	}
}
