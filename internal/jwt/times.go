package jwt

import (
	"fmt"
	"time"
)

// ClaimError is a claim that breaks a rule. Claim names it ("iat", "exp").
type ClaimError struct {
	// Claim is the name of the claim.
	Claim string
	// Reason says what was found and what is expected.
	Reason string
}

// Error returns the reason.
func (e *ClaimError) Error() string { return e.Reason }

// CheckTimes applies the time rules at now: iat and exp present (non-zero), exp after iat,
// exp - iat at most maxLifetime, iat at most skew in the future, and exp after now. A
// negative maxLifetime or skew counts as zero. Every error is a *ClaimError.
func CheckTimes(c Claims, now time.Time, maxLifetime, skew time.Duration) error {
	maxLifetime = max(maxLifetime, 0)
	skew = max(skew, 0)
	switch {
	case c.IssuedAt == 0:
		return &ClaimError{"iat", "claim iat is missing; expected the issue time in epoch seconds"}
	case c.Expiry == 0:
		return &ClaimError{"exp", "claim exp is missing; expected the expiry time in epoch seconds"}
	case c.Expiry <= c.IssuedAt:
		return &ClaimError{"exp", fmt.Sprintf("claim exp %d is not after iat %d; expected exp > iat", c.Expiry, c.IssuedAt)}
	}
	// exp > iat, so the difference fits an unsigned 64-bit integer even when the
	// signed subtraction would overflow.
	lifetime := uint64(c.Expiry) - uint64(c.IssuedAt) //nolint:gosec // exp > iat, so the unsigned difference is exact
	if limit := uint64(maxLifetime / time.Second); lifetime > limit {
		return &ClaimError{"exp", fmt.Sprintf("token lifetime exp - iat is %d seconds; at most %d seconds (%s) is allowed", lifetime, limit, maxLifetime)}
	}
	// Whole-second claims compare with a time of day through its floor in seconds:
	// for an integer n, n > t exactly when n > floor(t).
	if latest := now.Add(skew); c.IssuedAt > latest.Unix() {
		return &ClaimError{"iat", fmt.Sprintf("claim iat %d (%s) is in the future; expected at most %s (now plus %s of clock skew)", c.IssuedAt, formatUnix(c.IssuedAt), latest.UTC().Format(time.RFC3339), skew)}
	}
	if c.Expiry <= now.Unix() {
		return &ClaimError{"exp", fmt.Sprintf("claim exp %d (%s) is not after now (%s); the token has expired", c.Expiry, formatUnix(c.Expiry), now.UTC().Format(time.RFC3339))}
	}
	return nil
}

// formatUnix renders epoch seconds as RFC 3339 when the year is representable.
func formatUnix(sec int64) string {
	const minSec, maxSec = -62135596800, 253402300799 // years 0001 to 9999
	if sec < minSec || sec > maxSec {
		return "out of range"
	}
	return time.Unix(sec, 0).UTC().Format(time.RFC3339)
}
