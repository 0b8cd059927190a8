package klarna

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// Adaptive pacing. A client without a fixed RequestsPerSecond learns the rate its account
// is allowed from sustained 429 answers and paces every request of the client to it
// (multiplicative decrease, additive increase), so that a plan or apply under a rate limit
// meets few 429s. The API limits requests per authenticating account, and a client
// authenticates as one account whichever account a request names, so one pace serves all
// of the client's requests. A burst of 429s is not a rate limit: one operation retrying
// through a few 429s, or a few 429s among many answers, teach the pacer nothing.
//
//   - Evidence: within the last pacingWindow, at least pacingMinLimitedOps different
//     operations got a 429 to an attempt sent after the latest cut; 429s were at least
//     pacingMinLimitedShare of the answers; the answers came at least at pacingFloor's
//     rate; and the window holds fewer than half as many other failures (5xx, timeouts,
//     lost connections) as 429s, since a faulty API is not a rate limit. A client that
//     sends a little faster than its limit meets a steady trickle of 429s, a small share
//     of its answers: the share needed is low enough to see that trickle, and the
//     operations needed are what tells it from one operation's retries. Once a limit has
//     been learned (while pacing), less evidence cuts again (pacingMinLimitedOpsPaced,
//     pacingMinLimitedSharePaced): the pace is known to be near a limit, and overshooting
//     it costs 429s.
//   - Cut: to pacingDecrease times the rate of successful answers in the window (what the
//     API just let through; at least half the rate of all its answers), never below half
//     the current rate in one cut, never below pacingFloor. The floor is what the pacer
//     never slows the client below: an account limited lower still gets its 429s and
//     Retry-After honoured by the retries, as without pacing. A busy period that began
//     within the window (the client's first requests, or the first after a pause of
//     pacingBurst) began against a full allowance, which the API lets through at once: its
//     successes are counted against the time since it began plus pacingBurst, the burst a
//     token bucket of one second of its rate holds, so that the burst is not taken for
//     the rate. The API's allowance is spent when it answers 429, so the first request
//     after a cut waits one interval of the new rate instead of going at once.
//   - Hold: a 429 that is not yet evidence (too few operations or too small a share)
//     paces the client for one window at the rate a cut would take, since every request
//     sent until the evidence is in would meet a 429 too; the same rules as for a cut
//     keep 429s among faults or in a slow moment from holding anything. A hold teaches
//     nothing: when it ends, the client goes unpaced again. A 429 within pacingRehold of
//     the latest hold's start is evidence, though: the hold kept the client under a limit
//     that was still there.
//   - Raise: at full use the rate grows each second by pacingIncrease times the latest
//     cut's rate (at least pacingMinIncrease requests per second): additive, and in step
//     with the limit the cut found, so that it probes upward slowly. Pacing ends when the
//     rate has grown to pacingUnpaceFactor times the latest cut, or after pacingQuiet with
//     no cut.
//   - A request waits at most pacingMaxWait for the pacer, and that wait is not part of its
//     retry budget: pacing delays an operation, it never makes one fail.
//
// Retry-After stays what it was: the wait of the request that got it.
const (
	pacingWindow               = 2 * time.Second
	pacingMinLimitedOps        = 4
	pacingMinLimitedOpsPaced   = 3
	pacingMinLimitedShare      = 0.10
	pacingMinLimitedSharePaced = 0.05
	pacingDecrease             = 0.8
	pacingIncrease             = 0.04 // of the latest cut's rate, per second at full use
	pacingMinIncrease          = 0.1  // requests per second, per second at full use
	pacingFloor                = 5.0  // requests per second
	pacingUnpaceFactor         = 4.0
	pacingQuiet                = 30 * time.Second
	pacingMaxWait              = 5 * time.Second
	pacingBurst                = time.Second // of the limit's rate, allowed at once after a pause
	pacingRehold               = 2 * pacingWindow
)

// pacer is a client's learned rate. Its methods are safe for concurrent use and take the
// time from their caller, so that tests can drive it with a clock of their own.
type pacer struct {
	mu      sync.Mutex
	rate    float64 // requests per second; 0 while not paced
	lastCut time.Time
	cutRate float64
	answers []answer // within the last pacingWindow
	// busySince is the first answer after a pause of pacingBurst or more: the API's
	// allowance was full then.
	busySince time.Time
	// holdUntil ends a hold: a pace taken at a 429 before the evidence of a limit is in;
	// zero when none.
	holdUntil time.Time
	lastHold  time.Time // when the latest hold began
	limiter   *rate.Limiter
}

type answer struct {
	at      time.Time
	op      string // the operation's correlation ID; "" for a success
	limited bool
	spent   bool // a 429 that a cut has already answered
	faulted bool // a 5xx or no answer at all
}

func newPacer() *pacer {
	return &pacer{limiter: rate.NewLimiter(rate.Inf, 1)}
}

// delay reserves a slot for a request at now and returns how long it must wait first, at
// most pacingMaxWait.
func (p *pacer) delay(now time.Time) time.Duration {
	p.mu.Lock()
	if p.rate == 0 && !p.holdUntil.IsZero() && !now.Before(p.holdUntil) {
		p.holdUntil = time.Time{}
		p.limiter.SetLimitAt(now, rate.Inf)
	}
	paced := p.rate > 0 || !p.holdUntil.IsZero()
	p.mu.Unlock()
	if !paced {
		return 0
	}
	return min(p.limiter.ReserveN(now, 1).DelayFrom(now), pacingMaxWait)
}

// held says whether a hold paces requests at now.
func (p *pacer) held(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate == 0 && !p.holdUntil.IsZero() && now.Before(p.holdUntil)
}

// paced is the learned rate, 0 when not paced.
func (p *pacer) paced() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate
}

// succeeded records a successful answer at now.
func (p *pacer) succeeded(ctx context.Context, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.record(answer{at: now})
	if p.rate == 0 {
		return
	}
	old := p.rate
	p.rate += max(pacingMinIncrease, pacingIncrease*p.cutRate) / p.rate
	if p.rate >= pacingUnpaceFactor*p.cutRate || now.Sub(p.lastCut) >= pacingQuiet {
		p.rate = 0
		p.limiter.SetLimitAt(now, rate.Inf)
		logPacing(ctx, "Stopped pacing requests: the API has not limited them for a while", old, 0)
		return
	}
	p.limiter.SetLimitAt(now, rate.Limit(p.rate))
}

// faulted records, at now, an attempt that failed otherwise than with a 429: a 5xx, or
// no answer at all.
func (p *pacer) faulted(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.record(answer{at: now, faulted: true})
}

// rateLimited records a 429 at now to an attempt of operation op sent at sent, and cuts the
// rate when the window holds evidence of a sustained limit.
func (p *pacer) rateLimited(ctx context.Context, op string, sent, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.lastCut.IsZero() && sent.Before(p.lastCut) {
		// An answer to the overload the latest cut already answered.
		p.record(answer{at: now})
		return
	}
	p.record(answer{at: now, op: op, limited: true})
	t := p.tally()
	need, share := pacingMinLimitedOps, pacingMinLimitedShare
	if p.rate > 0 {
		need, share = pacingMinLimitedOpsPaced, pacingMinLimitedSharePaced
	}
	// Fewer answers than the floor's rate: the client is slower than any pace would
	// make it, so there is nothing to learn.
	// Timeouts, 5xx and lost connections among the 429s: the API is faulty, not limiting
	// the client, and slowing down would not help.
	if 2*t.faulted >= t.limited || float64(len(p.answers)) < pacingFloor*pacingWindow.Seconds() {
		return
	}
	through := p.through(now, t.successes)
	if t.limitedOps < need || float64(t.limited) < share*float64(len(p.answers)) {
		if p.rate > 0 || now.Before(p.holdUntil) {
			return
		}
		if p.lastHold.IsZero() || now.Sub(p.lastHold) >= pacingRehold {
			p.hold(ctx, now, through)
			return
		}
		// A 429 soon after a hold ended: the hold kept the client under a limit that
		// was still there.
	}
	p.cut(ctx, now, through)
}

// answerTally counts the answers in the window by kind.
type answerTally struct {
	successes, limited, faulted int
	limitedOps                  int // distinct operations among the unspent 429s
}

// tally counts the answers in the window; 429s already spent on a cut do not count.
func (p *pacer) tally() answerTally {
	var t answerTally
	ops := map[string]bool{}
	for _, a := range p.answers {
		switch {
		case a.faulted:
			t.faulted++
		case !a.limited:
			t.successes++
		case !a.spent:
			ops[a.op] = true
			t.limited++
		}
	}
	t.limitedOps = len(ops)
	return t
}

// hold paces the client, for one window, at the rate a cut from through would take: not
// yet evidence of a limit, but every request sent from now until the evidence is in would
// meet one.
func (p *pacer) hold(ctx context.Context, now time.Time, through float64) {
	hold := math.Max(pacingFloor, pacingDecrease*through)
	p.holdUntil, p.lastHold = now.Add(pacingWindow), now
	p.setPace(now, hold)
	logPacing(ctx, "Holding requests back after a 429 until the next answers show whether the API limits the rate", 0, hold)
}

// cut lowers the learned rate below what got through (or the current rate) and spends the
// 429s that led to it.
func (p *pacer) cut(ctx context.Context, now time.Time, through float64) {
	base := through
	if p.rate > 0 {
		base = min(p.rate, max(base, p.rate/2))
	}
	old := p.rate
	p.rate = math.Max(pacingFloor, pacingDecrease*base)
	p.cutRate, p.lastCut, p.holdUntil = p.rate, now, time.Time{}
	p.setPace(now, p.rate)
	// The 429s that led to this cut are spent: the next cut needs fresh evidence.
	for i := range p.answers {
		p.answers[i].spent = true
	}
	logPacing(ctx, "Pacing requests: the API limited several operations in a row", old, p.rate)
}

// through is the rate at which the API let requests through, from the window's
// successes; when it refused most answers, half of what it answered is a safer start: a
// slow or faulty moment must not teach a crawl.
func (p *pacer) through(now time.Time, successes int) float64 {
	span := pacingWindow
	if busy := now.Sub(p.busySince); busy < pacingWindow {
		span = busy + pacingBurst
	}
	return max(float64(successes), float64(len(p.answers))/2) / span.Seconds()
}

// setPace paces requests at r from now. The API's allowance is spent when it answers 429,
// so the next request waits one interval.
func (p *pacer) setPace(now time.Time, r float64) {
	p.limiter.SetLimitAt(now, rate.Limit(r))
	if p.limiter.TokensAt(now) >= 1 {
		p.limiter.ReserveN(now, 1)
	}
}

// record appends a and drops the answers older than pacingWindow.
func (p *pacer) record(a answer) {
	if n := len(p.answers); n == 0 || a.at.Sub(p.answers[n-1].at) >= pacingBurst {
		p.busySince = a.at
	}
	cutoff := a.at.Add(-pacingWindow)
	i := 0
	for i < len(p.answers) && !p.answers[i].at.After(cutoff) {
		i++
	}
	p.answers = append(p.answers[i:], a)
}

func logPacing(ctx context.Context, msg string, from, to float64) {
	tflog.SubsystemDebug(ctx, logSubsystem, msg, map[string]any{
		"from_requests_per_second": from, // 0: not paced
		"to_requests_per_second":   to,
	})
}
