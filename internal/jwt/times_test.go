package jwt

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestCheckTimes_cases(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 500_000_000, time.UTC) // half a second past
	sec := now.Unix()
	const hour = int64(3600)
	for _, tc := range []struct {
		name     string
		iat, exp int64
		max      time.Duration
		skew     time.Duration
		claim    string // "" means accepted
		want     string
	}{
		{"issued now, one hour", sec, sec + hour, time.Hour, 0, "", ""},
		{"issued a minute ago", sec - 60, sec + 60, time.Hour, 0, "", ""},
		{"lifetime exactly the limit", sec - 10, sec - 10 + hour, time.Hour, 0, "", ""},
		{"lifetime one second over", sec - 10, sec - 10 + hour + 1, time.Hour, 0, "exp", "lifetime exp - iat is 3601 seconds; at most 3600"},
		{"limit not whole seconds", sec, sec + 2, 1500 * time.Millisecond, 0, "exp", "at most 1 seconds"},
		{"zero limit", sec, sec + 1, 0, 0, "exp", "at most 0 seconds"},
		{"negative limit", sec, sec + 1, -time.Hour, 0, "exp", "at most 0 seconds"},
		{"iat missing", 0, sec + 60, time.Hour, 0, "iat", "iat is missing"},
		{"exp missing", sec, 0, time.Hour, 0, "exp", "exp is missing"},
		{"both missing", 0, 0, time.Hour, 0, "iat", "iat is missing"},
		{"exp equals iat", sec, sec, time.Hour, 0, "exp", "is not after iat"},
		{"exp before iat", sec, sec - 1, time.Hour, 0, "exp", "is not after iat"},
		{"iat one second ahead, no skew", sec + 1, sec + 60, time.Hour, 0, "iat", "is in the future"},
		{"iat one second ahead, within skew", sec + 1, sec + 60, time.Hour, 5 * time.Second, "", ""},
		{"iat at the skew limit", sec + 5, sec + 60, time.Hour, 5 * time.Second, "", ""},
		{"iat past the skew limit", sec + 6, sec + 60, time.Hour, 5 * time.Second, "iat", "now plus 5s of clock skew"},
		{"negative skew counts as zero", sec, sec + 60, time.Hour, -time.Minute, "", ""},
		{"expired a second ago", sec - 61, sec - 1, time.Hour, 0, "exp", "has expired"},
		{"exp is the current second", sec - 60, sec, time.Hour, 0, "exp", "has expired"},
		{"exp the next second", sec - 60, sec + 1, time.Hour, 0, "", ""},
		{"lifetime overflows int64", math.MinInt64 + 1, math.MaxInt64, time.Hour, 0, "exp", "lifetime"},
		{"iat near max int64", math.MaxInt64 - 10, math.MaxInt64, time.Hour, time.Minute, "iat", "is in the future"},
		{"negative iat", -5, sec + 60, time.Hour, 0, "exp", "lifetime"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckTimes(Claims{IssuedAt: tc.iat, Expiry: tc.exp}, now, tc.max, tc.skew)
			if tc.claim == "" {
				if err != nil {
					t.Fatalf("CheckTimes: %v", err)
				}
				return
			}
			var ce *ClaimError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *ClaimError", err, err)
			}
			if ce.Claim != tc.claim {
				t.Errorf("claim %q, want %q (%s)", ce.Claim, tc.claim, ce.Reason)
			}
			if !strings.Contains(ce.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", ce.Error(), tc.want)
			}
		})
	}
}

// TestCheckTimes_signedToken runs a signed and verified token through the time rules, as
// the API does.
func TestCheckTimes_signedToken(t *testing.T) {
	t.Parallel()
	s := newSigner(t)
	issued := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := sampleClaims(issued)
	token, err := Sign(c, s.cert, s.key)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := Verify(token)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		now   time.Time
		claim string
	}{
		{"at issue", issued, ""},
		{"just before expiry", issued.Add(10*time.Minute - time.Second), ""},
		{"at expiry", issued.Add(10 * time.Minute), "exp"},
		{"before issue, beyond skew", issued.Add(-time.Minute), "iat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckTimes(parsed.Claims, tc.now, time.Hour, 30*time.Second)
			var ce *ClaimError
			switch {
			case tc.claim == "" && err != nil:
				t.Errorf("CheckTimes: %v", err)
			case tc.claim != "" && (!errors.As(err, &ce) || ce.Claim != tc.claim):
				t.Errorf("CheckTimes error %v, want one about %s", err, tc.claim)
			}
		})
	}
}
