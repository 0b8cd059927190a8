package klarna

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRetriesExhaustedError_countsAttempts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		attempts int
		want     []string
		not      string
	}{
		{"no retry allowed", 1, []string{"failed after 1 attempt in", "(no retry was allowed)"}, "every allowed retry"},
		{"every retry used", 4, []string{"failed after 4 attempts in", "(every allowed retry was used)"}, "1 attempt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := &RetriesExhaustedError{Method: "POST", Path: "/v2/account/credentials/client-ids", Reason: ExhaustedRetries,
				Attempts: tc.attempts, Elapsed: 2 * time.Millisecond, Err: errors.New("connection reset")}
			got := e.Error()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			if strings.Contains(got, tc.not) {
				t.Errorf("%q holds %q", got, tc.not)
			}
		})
	}
}
