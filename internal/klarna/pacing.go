package klarna

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// Adaptive pacing: a client without a fixed RequestsPerSecond learns the rate its account
// is allowed from the API's 429 answers (additive increase, multiplicative decrease) and
// paces every request of the client to it, so that many concurrent operations meet few 429s.
//
//   - Until a 429 comes after successful answers, nothing is paced: a 429 with no success
//     in the last pacingWindow says nothing of the rate, only its own retry waits.
//   - A 429 to a request sent after the latest cut cuts the rate to pacingDecrease times the
//     lower of the current rate and the rate of successful answers in the last
//     pacingWindow (the rate the API just let through). 429s to requests sent before the
//     latest cut belong to the same overload and cut nothing more.
//   - A Retry-After holds every request of the client until it has passed, unless that is
//     after the request's own retry budget (the request is then sent, and its own 429
//     ends it with the server's Retry-After, as without pacing).
//   - Every successful answer raises the rate by pacingIncrease/rate, so that at full use
//     it grows by pacingIncrease requests per second each second: a slow probe upward.
const (
	pacingDecrease = 0.75
	pacingIncrease = 0.5 // requests per second, per second at full use
	pacingMinRate  = 0.1 // requests per second
	pacingWindow   = time.Second
)

// pacer is a client's learned rate limit. Its methods are safe for concurrent use and do
// nothing on a nil pacer.
type pacer struct {
	mu sync.Mutex
	// learned is the paced rate in requests per second; 0 until the first 429 (unpaced).
	learned float64
	// lastCut is when learned was last cut.
	lastCut time.Time
	// pausedUntil is when the latest Retry-After ends.
	pausedUntil time.Time
	// successes are the times of the successful answers within the last pacingWindow.
	successes []time.Time
	limiter   *rate.Limiter
}

func newPacer() *pacer {
	return &pacer{limiter: rate.NewLimiter(rate.Inf, 1)}
}

// cutRate is the paced rate after a 429 that starts a new overload: current is the paced
// rate (0 when not yet paced) and observed the rate of successful answers just before; 0
// means still not paced.
func cutRate(current, observed float64) float64 {
	base := current
	if base == 0 || (observed > 0 && observed < base) {
		base = observed
	}
	if base == 0 {
		return 0
	}
	return math.Max(pacingMinRate, pacingDecrease*base)
}

// raiseRate is the paced rate after one successful answer at the paced rate current.
func raiseRate(current float64) float64 {
	if current == 0 {
		return 0 // not paced: nothing to raise
	}
	return current + pacingIncrease/current
}

// wait holds a request until the latest Retry-After has passed (unless that is after
// deadline) and the learned rate lets it go.
func (p *pacer) wait(ctx context.Context, deadline time.Time) error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	until := p.pausedUntil
	p.mu.Unlock()
	if until.Before(deadline) {
		if err := sleep(ctx, time.Until(until)); err != nil {
			return err
		}
	}
	return p.limiter.Wait(ctx)
}

// succeeded records a successful answer received at now.
func (p *pacer) succeeded(ctx context.Context, now time.Time) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.successes = append(p.successes, now)
	p.trim(now)
	if p.learned == 0 {
		return
	}
	old := p.learned
	p.learned = raiseRate(old)
	p.limiter.SetLimitAt(now, rate.Limit(p.learned))
	if math.Floor(p.learned) != math.Floor(old) {
		logPacing(ctx, "Raised the learned request rate", old, p.learned, 0)
	}
}

// rateLimited records a 429, received at now, to a request sent at sent, with the
// server's Retry-After (0 when it gave none).
func (p *pacer) rateLimited(ctx context.Context, sent, now time.Time, retryAfter time.Duration) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := now.Add(retryAfter); until.After(p.pausedUntil) {
		p.pausedUntil = until
	}
	if !p.lastCut.IsZero() && sent.Before(p.lastCut) {
		return
	}
	p.trim(now)
	old := p.learned
	p.learned = cutRate(old, float64(len(p.successes))/pacingWindow.Seconds())
	if p.learned == 0 {
		return
	}
	p.lastCut = now
	p.limiter.SetLimitAt(now, rate.Limit(p.learned))
	logPacing(ctx, "Cut the learned request rate after a 429", old, p.learned, retryAfter)
}

// trim drops the successes older than pacingWindow.
func (p *pacer) trim(now time.Time) {
	cutoff := now.Add(-pacingWindow)
	i := 0
	for i < len(p.successes) && !p.successes[i].After(cutoff) {
		i++
	}
	if i > 0 {
		p.successes = append(p.successes[:0], p.successes[i:]...)
	}
}

func logPacing(ctx context.Context, msg string, from, to float64, retryAfter time.Duration) {
	fields := map[string]any{
		"from_requests_per_second": from, // 0: not paced
		"to_requests_per_second":   to,
	}
	if retryAfter > 0 {
		fields["retry_after_ms"] = retryAfter.Milliseconds()
	}
	tflog.SubsystemDebug(ctx, LogSubsystem, msg, fields)
}
