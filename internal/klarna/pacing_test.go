package klarna

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// simulation drives a pacer with workers that each send one request after another to a
// server limited by a token bucket, on a virtual clock. A 429 is retried after the server's
// Retry-After of one second, as the mock's limiter answers.
type simulation struct {
	workers  int
	limit    float64 // the server's rate and burst; 0 for none
	latency  time.Duration
	duration time.Duration
	pace     bool
	// fresh starts the bucket full, as a new client meets it, and counts from the start;
	// operations, when more than 0, ends the run after that many operations succeeded.
	fresh      bool
	operations int
}

type simResult struct {
	sent, limited, ok int // within the second half (fresh: the whole run)
	finalRate         float64
	firstCut          float64 // the first learned rate; 0 for none
	// limitedLate counts the 429s to requests sent within pacingWindow after the first 429
	// had been answered: the ones a pacer that holds at its first 429 avoids. (Later, a pace
	// that probes upward meets a 429 now and then, as it must to find the limit.)
	limitedLate int
	// took is the virtual time until the operations-th success (fresh runs with operations).
	took time.Duration
}

func (s simulation) run(t *testing.T) simResult {
	t.Helper()
	ctx := t.Context()
	p := newPacer()
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	var bucket *rate.Limiter
	if s.limit > 0 {
		bucket = rate.NewLimiter(rate.Limit(s.limit), int(s.limit))
		if !s.fresh {
			bucket.AllowN(t0, int(s.limit)) // start empty: the burst is spent by earlier work
		}
	}
	type event struct {
		at      time.Time
		worker  int
		kind    int // 0 ready, 1 send, 2 answer
		allowed bool
		sent    time.Time
	}
	ops := make([]int, s.workers)
	var queue []event
	for w := range s.workers {
		queue = append(queue, event{at: t0.Add(time.Duration(w) * time.Millisecond), worker: w})
	}
	var res simResult
	half := t0.Add(s.duration / 2)
	if s.fresh {
		half = t0
	}
	var first429 time.Time
	done := 0
	for len(queue) > 0 {
		i := 0
		for j := range queue {
			if queue[j].at.Before(queue[i].at) {
				i = j
			}
		}
		e := queue[i]
		queue = append(queue[:i], queue[i+1:]...)
		if e.at.After(t0.Add(s.duration)) || (s.operations > 0 && done >= s.operations) {
			continue
		}
		switch e.kind {
		case 0:
			d := time.Duration(0)
			if s.pace {
				d = p.delay(e.at)
			}
			queue = append(queue, event{at: e.at.Add(d), worker: e.worker, kind: 1})
		case 1:
			allowed := bucket == nil || bucket.AllowN(e.at, 1)
			queue = append(queue, event{at: e.at.Add(s.latency), worker: e.worker, kind: 2, allowed: allowed, sent: e.at})
			if !e.at.Before(half) {
				res.sent++
				if !allowed {
					res.limited++
					if !first429.IsZero() && e.at.After(first429) && e.at.Before(first429.Add(pacingWindow)) {
						res.limitedLate++
					}
				}
			}
		case 2:
			op := fmt.Sprintf("w%d-op%d", e.worker, ops[e.worker])
			next := e.at
			if e.allowed {
				p.succeeded(ctx, e.at)
				ops[e.worker]++
				done++
				if done == s.operations {
					res.took = e.at.Sub(t0)
				}
				if !e.sent.Before(half) {
					res.ok++
				}
			} else {
				p.rateLimited(ctx, op, e.sent, e.at)
				next = e.at.Add(time.Second)
				if first429.IsZero() {
					first429 = e.at
				}
			}
			if res.firstCut == 0 {
				res.firstCut = p.paced()
			}
			queue = append(queue, event{at: next, worker: e.worker})
		}
	}
	res.finalRate = p.paced()
	return res
}

func TestPacer_convergesUnderTokenBucket(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		workers int
		limit   float64
	}{
		{"20 per second, 10 workers", 10, 20},
		{"10 per second, 10 workers", 10, 10},
		{"50 per second, 32 workers", 32, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := simulation{workers: tt.workers, limit: tt.limit, latency: 100 * time.Millisecond, duration: 120 * time.Second, pace: true}
			got := sim.run(t)
			share := float64(got.limited) / float64(got.sent)
			throughput := float64(got.ok) / (sim.duration / 2).Seconds()
			t.Logf("paced: %d sent, %d limited (%.1f%%), %.1f/s through, final rate %.1f", got.sent, got.limited, 100*share, throughput, got.finalRate)
			if share > 0.05 {
				t.Errorf("%.1f%% of the requests met a 429 once the pacer had learned; want at most 5%%", 100*share)
			}
			if throughput < 0.6*tt.limit {
				t.Errorf("%.1f requests per second got through a limit of %g; the pacer holds back too much", throughput, tt.limit)
			}
			if got.finalRate == 0 {
				t.Errorf("the learned rate ended at %.1f for a limit of %g; want paced near it", got.finalRate, tt.limit)
			}
			sim.pace = false
			unpaced := sim.run(t)
			if float64(unpaced.limited)/float64(unpaced.sent) < 2*share+0.1 {
				t.Errorf("unpaced, %d of %d requests met a 429: the scenario does not test pacing", unpaced.limited, unpaced.sent)
			}
		})
	}
}

func TestPacer_learnsOnlyFromSustained429s(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	type ev struct {
		ms      int
		op      string // "" for a success, "5xx" for a fault
		limited bool
	}
	successes := func(from, to, every int) []ev {
		var out []ev
		for ms := from; ms < to; ms += every {
			out = append(out, ev{ms: ms})
		}
		return out
	}
	tests := []struct {
		name      string
		events    []ev
		wantPaced bool
	}{
		{
			name: "one operation retrying through a burst of three",
			events: append(successes(0, 2000, 20),
				ev{500, "a", true}, ev{900, "a", true}, ev{1700, "a", true}),
		},
		{
			name: "three operations meeting one 429 each among many answers",
			events: append(successes(0, 2000, 20),
				ev{500, "a", true}, ev{510, "b", true}, ev{520, "c", true}),
		},
		{
			name: "four operations limited, but a small share of many answers",
			events: append(successes(0, 2000, 10),
				ev{500, "a", true}, ev{510, "b", true}, ev{520, "c", true}, ev{530, "d", true}),
		},
		{
			name: "a slow moment: most of a few answers are 429s",
			events: []ev{
				{100, "", false}, {300, "a", true}, {600, "b", true}, {900, "c", true}, {1200, "d", true}, {1500, "e", true},
			},
		},
		{
			name: "many operations limited among timeouts and 503s: a faulty API",
			events: func() []ev {
				out := successes(0, 2000, 100)
				for i := range 10 {
					out = append(out, ev{1000 + 10*i, fmt.Sprintf("op%d", i), true}, ev{ms: 1005 + 10*i, op: "5xx"})
				}
				return out
			}(),
		},
		{
			name: "many operations limited, a third of the answers",
			events: func() []ev {
				out := successes(0, 2000, 100)
				for i := range 10 {
					out = append(out, ev{1000 + 10*i, fmt.Sprintf("op%d", i), true})
				}
				return out
			}(),
			wantPaced: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPacer()
			// Feed in time order.
			for ms := 0; ms <= 2000; ms++ {
				for _, e := range tt.events {
					if e.ms != ms {
						continue
					}
					at := t0.Add(time.Duration(ms) * time.Millisecond)
					switch {
					case e.limited:
						p.rateLimited(ctx, e.op, at.Add(-100*time.Millisecond), at)
					case e.op == "5xx":
						p.faulted(at)
					default:
						p.succeeded(ctx, at)
					}
				}
			}
			if got := p.paced() > 0; got != tt.wantPaced {
				t.Errorf("paced = %v (rate %.2f), want %v", got, p.paced(), tt.wantPaced)
			}
		})
	}
}

func TestPacer_floorBoundAndRecovery(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	p := newPacer()
	at := t0
	// Nothing but 429s from many operations, round after round: the rate never goes below
	// the floor.
	for round := range 20 {
		for i := range 8 {
			at = at.Add(10 * time.Millisecond)
			p.rateLimited(ctx, fmt.Sprintf("r%d-op%d", round, i), at.Add(-time.Millisecond), at)
		}
	}
	if got := p.paced(); got != pacingFloor {
		t.Fatalf("after 160 429s and no success the rate is %.2f, want the floor %g", got, pacingFloor)
	}
	// A queue of requests waits at most pacingMaxWait each.
	for range 50 {
		if d := p.delay(at); d > pacingMaxWait {
			t.Fatalf("a request was held %s, more than %s", d, pacingMaxWait)
		}
	}
	// Successes raise the rate additively, and pacing ends once the API has let the rate
	// grow well past the cut.
	start := at
	for p.paced() > 0 && at.Sub(start) < 2*time.Minute {
		at = at.Add(time.Duration(float64(time.Second) / max(p.paced(), pacingFloor)))
		p.succeeded(ctx, at)
	}
	if p.paced() != 0 {
		t.Fatalf("two minutes of successes later the rate is still paced at %.2f", p.paced())
	}
	if took := at.Sub(start); took > pacingQuiet+time.Second {
		t.Errorf("pacing ended after %s of successes, want within %s", took, pacingQuiet)
	}
}

func TestClient_pacingWaitOutsideRetryBudget(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderPartnerCorrelationID)
		mu.Lock()
		first := !seen[id]
		seen[id] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if first {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error_id":"e","error_type":"TECHNICAL_ERROR","error_code":"SERVICE_UNAVAILABLE","error_message":"busy"}`))
			return
		}
		_, _ = w.Write([]byte(`{"api_keys":[]}`))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{
		BaseURL: srv.URL, APIKey: "klarna_test_api_paced", Transport: srv.Client().Transport,
		MaxRetries: 3, RetryBaseDelay: time.Millisecond, RetryMaxDelay: time.Millisecond, RetryBudget: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	// A learned pace at the floor: 8 operations of two attempts each take about 3 s.
	now := time.Now()
	c.pacer.mu.Lock()
	c.pacer.rate, c.pacer.cutRate, c.pacer.lastCut = pacingFloor, pacingFloor, now
	c.pacer.limiter.SetLimitAt(now, rate.Limit(pacingFloor))
	c.pacer.mu.Unlock()
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := c.ListAPIKeys(t.Context(), "")
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Errorf("an operation held by the pacer lost its retry budget to the wait: %v", err)
		}
	}
}

// A new client meets a full allowance: the API lets a burst through before its first 429,
// which a pace must not take for the rate, and every request sent after that 429 arrived
// would meet one too.
func TestPacer_freshClientUnderTokenBucket(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		workers    int
		limit      float64
		operations int
	}{
		{"a plan's 100 lists, 10 workers, 20 per second", 10, 20, 100},
		{"an apply's 300 creates, 10 workers, 20 per second", 10, 20, 300},
		{"300 requests, 32 workers, 50 per second", 32, 50, 300},
		{"100 requests, 10 workers, 10 per second", 10, 10, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := simulation{workers: tt.workers, limit: tt.limit, latency: 100 * time.Millisecond, duration: 10 * time.Minute,
				pace: true, fresh: true, operations: tt.operations}
			got := sim.run(t)
			t.Logf("paced: %d sent, %d limited, %d of them sent after the first 429 arrived; first cut to %.1f",
				got.sent, got.limited, got.limitedLate, got.firstCut)
			if got.limitedLate > 0 {
				t.Errorf("%d requests sent in the window after the first 429 had arrived met a 429; want none", got.limitedLate)
			}
			if got.firstCut == 0 || got.firstCut > tt.limit {
				t.Errorf("the first learned rate is %.1f for a limit of %g; want paced, at most the limit", got.firstCut, tt.limit)
			}
			if got.firstCut < 0.5*tt.limit {
				t.Errorf("the first learned rate is %.1f for a limit of %g: the burst start made it too cautious", got.firstCut, tt.limit)
			}
			sim.pace = false
			if unpaced := sim.run(t); unpaced.limitedLate <= 2*got.limitedLate+5 {
				t.Errorf("unpaced, %d requests sent in the window after the first 429 met one: the scenario does not test pacing", unpaced.limitedLate)
			}
		})
	}
}

func TestPacer_holdsAtA429UntilTheEvidenceIsIn(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	busy := func(p *pacer, from, to int) {
		for n := from; n < to; n += 20 {
			p.succeeded(ctx, ms(n))
		}
	}
	type check struct {
		at        int
		held      bool
		wantPaced bool
	}
	tests := []struct {
		name   string
		feed   func(p *pacer)
		checks []check
	}{
		{
			name: "one 429 among many successes holds the client for one window, then lets it go",
			feed: func(p *pacer) {
				busy(p, 0, 1000)
				p.rateLimited(ctx, "a", ms(900), ms(1000))
			},
			checks: []check{{at: 1001, held: true}, {at: 2999, held: true}, {at: 3000, held: false}},
		},
		{
			name: "a 429 among timeouts and 503s holds nothing",
			feed: func(p *pacer) {
				busy(p, 0, 1000)
				p.faulted(ms(990))
				p.rateLimited(ctx, "a", ms(900), ms(1000))
			},
			checks: []check{{at: 1001, held: false}},
		},
		{
			name: "a 429 in a slow moment holds nothing",
			feed: func(p *pacer) {
				p.succeeded(ctx, ms(100))
				p.succeeded(ctx, ms(500))
				p.rateLimited(ctx, "a", ms(900), ms(1000))
			},
			checks: []check{{at: 1001, held: false}},
		},
		{
			name: "a 429 soon after a hold ended is a limit still there: a cut",
			feed: func(p *pacer) {
				busy(p, 0, 1000)
				p.rateLimited(ctx, "a", ms(900), ms(1000))
				busy(p, 1000, 3500)
				_ = p.delay(ms(3000)) // the hold ends
				p.rateLimited(ctx, "b", ms(3400), ms(3500))
			},
			checks: []check{{at: 3501, wantPaced: true}},
		},
		{
			name: "a 429 long after a hold ended holds again",
			feed: func(p *pacer) {
				busy(p, 0, 1000)
				p.rateLimited(ctx, "a", ms(900), ms(1000))
				busy(p, 1000, 6000)
				_ = p.delay(ms(3000))
				p.rateLimited(ctx, "b", ms(5900), ms(6000))
			},
			checks: []check{{at: 6001, held: true}},
		},
		{
			name: "six operations limited during a hold are a cut",
			feed: func(p *pacer) {
				busy(p, 0, 1000)
				for i, op := range []string{"a", "b", "c", "d", "e", "f"} {
					p.rateLimited(ctx, op, ms(900), ms(1000+i))
				}
			},
			checks: []check{{at: 1010, wantPaced: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPacer()
			tt.feed(p)
			for _, c := range tt.checks {
				if c.wantPaced {
					if p.paced() == 0 {
						t.Errorf("at %d ms: not paced, want a learned rate", c.at)
					}
					continue
				}
				if p.paced() != 0 {
					t.Errorf("at %d ms: learned a rate of %.1f from a single 429", c.at, p.paced())
				}
				if got := p.held(ms(c.at)); got != c.held {
					t.Errorf("at %d ms: held = %v, want %v", c.at, got, c.held)
				}
				if d := p.delay(ms(c.at)); !c.held && d != 0 {
					t.Errorf("at %d ms: a request waits %s with no hold", c.at, d)
				}
			}
		})
	}
}

func TestPacer_nextRequestWaitsAfterACut(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	p := newPacer()
	for n := range 50 {
		p.succeeded(ctx, t0.Add(time.Duration(n)*20*time.Millisecond))
	}
	at := t0.Add(time.Second)
	for i, op := range []string{"a", "b", "c", "d", "e", "f"} {
		p.rateLimited(ctx, op, at.Add(-100*time.Millisecond), at.Add(time.Duration(i)*time.Millisecond))
	}
	if p.paced() == 0 {
		t.Fatal("six operations limited among 50 answers: want a cut")
	}
	now := at.Add(6 * time.Millisecond)
	if d := p.delay(now); d <= 0 {
		t.Errorf("the first request after a cut goes at once; want it to wait, the API's allowance being spent")
	}
}

// An apply under a rate limit must take no longer paced than unpaced: unpaced, every 429 is
// retried after the server's Retry-After and the API's allowance is used to the full, at the
// cost of a quarter of the requests meeting a 429. The pace must stay close enough to the
// limit to keep up, with few 429s.
func TestPacer_applyKeepsUpWithRetryingThrough429s(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		workers    int
		limit      float64
		operations int
	}{
		{"300 creates, 10 workers, 20 per second", 10, 20, 300},
		{"1000 creates, 10 workers, 20 per second", 10, 20, 1000},
		{"1000 creates, 32 workers, 50 per second", 32, 50, 1000},
		{"300 creates, 4 workers, 20 per second", 4, 20, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := simulation{workers: tt.workers, limit: tt.limit, latency: 100 * time.Millisecond, duration: 10 * time.Minute,
				pace: true, fresh: true, operations: tt.operations}
			paced := sim.run(t)
			sim.pace = false
			unpaced := sim.run(t)
			t.Logf("paced: %v, %d of %d requests met a 429; unpaced: %v, %d of %d", paced.took, paced.limited, paced.sent,
				unpaced.took, unpaced.limited, unpaced.sent)
			if paced.took == 0 || unpaced.took == 0 {
				t.Fatalf("a run did not finish its %d operations (paced %v, unpaced %v)", tt.operations, paced.took, unpaced.took)
			}
			if slower := paced.took.Seconds()/unpaced.took.Seconds() - 1; slower > 0.03 {
				t.Errorf("paced, the operations took %.1f%% longer than unpaced (%v against %v); want at most 3%%",
					100*slower, paced.took, unpaced.took)
			}
			if share := float64(paced.limited) / float64(paced.sent); share > 0.05 {
				t.Errorf("paced, %.1f%% of the requests met a 429; want at most 5%%", 100*share)
			}
		})
	}
}
