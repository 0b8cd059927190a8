package klarna

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func TestCutRate_table(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name              string
		current, observed float64
		want              float64
	}{
		{"first 429 paces below what got through", 0, 40, 30},
		{"a lower observed rate wins", 20, 8, 6},
		{"a higher observed rate does not raise", 20, 100, 15},
		{"nothing got through: cut the current rate", 20, 0, 15},
		{"never below the floor", 0.1, 0, pacingMinRate},
		{"first 429 with nothing through: still unpaced", 0, 0, 0},
		{"a trickle through: never below the floor", 0, 0.01, pacingMinRate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := cutRate(tc.current, tc.observed); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("cutRate(%g, %g) = %g, want %g", tc.current, tc.observed, got, tc.want)
			}
		})
	}
}

func TestRaiseRate_table(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		current       float64
		successes     int
		wantAtLeast   float64
		wantAtMost    float64
		wantUnchanged bool
	}{
		{"unpaced stays unpaced", 0, 100, 0, 0, true},
		// At full use, a rate r sees r successes a second and gains pacingIncrease.
		{"one second at 20/s gains about the increase", 20, 20, 20 + 0.9*pacingIncrease, 20 + pacingIncrease, false},
		{"ten seconds at 10/s gains about ten increases", 10, 100, 10 + 8*pacingIncrease, 10 + 10*pacingIncrease, false},
		{"one success barely moves it", 30, 1, 30, 30 + pacingIncrease/30 + 1e-9, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.current
			for range tc.successes {
				got = raiseRate(got)
			}
			if tc.wantUnchanged {
				if got != tc.current {
					t.Errorf("after %d successes at %g: %g, want unchanged", tc.successes, tc.current, got)
				}
				return
			}
			if got <= tc.current || got < tc.wantAtLeast || got > tc.wantAtMost {
				t.Errorf("after %d successes at %g: %g, want in (%g, %g]", tc.successes, tc.current, got, tc.wantAtLeast, tc.wantAtMost)
			}
		})
	}
}

func TestPacer_episodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newPacer()
	t0 := time.Now()
	for i := range 40 {
		p.succeeded(ctx, t0.Add(time.Duration(i)*time.Millisecond))
	}
	if p.learned != 0 {
		t.Fatalf("paced at %g before any 429", p.learned)
	}
	now := t0.Add(100 * time.Millisecond)
	p.rateLimited(ctx, now.Add(-10*time.Millisecond), now, time.Second)
	if p.learned != 30 {
		t.Fatalf("after the first 429 with 40 successes in the window: %g, want 30", p.learned)
	}
	if !p.pausedUntil.Equal(now.Add(time.Second)) {
		t.Errorf("paused until %s, want the Retry-After's end %s", p.pausedUntil, now.Add(time.Second))
	}
	// Other answers to requests sent before the cut are the same overload.
	p.rateLimited(ctx, now.Add(-5*time.Millisecond), now.Add(time.Millisecond), time.Second)
	if p.learned != 30 {
		t.Errorf("a 429 to a request sent before the cut cut again: %g", p.learned)
	}
	// A 429 to a request sent after the cut is a new overload.
	later := now.Add(2 * time.Second)
	p.rateLimited(ctx, later.Add(-time.Millisecond), later, 0)
	if p.learned != 22.5 {
		t.Errorf("a new overload with nothing in the window: %g, want 22.5", p.learned)
	}
	if got := float64(p.limiter.Limit()); got != p.learned {
		t.Errorf("the limiter paces at %g, want the learned %g", got, p.learned)
	}
}

func TestPacer_retryAfterHoldsOnlyWithinTheBudget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		budget   time.Duration // from now to the request's deadline
		wantHeld bool
	}{
		{"the Retry-After ends within the budget: held", 2 * time.Hour, true},
		{"the Retry-After ends after the budget: sent", time.Minute, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newPacer()
			now := time.Now()
			p.rateLimited(context.Background(), now, now, time.Hour)
			// A held request ends with its context's error, long before the hour is out; one
			// that is not held gets through at once (nothing is paced yet).
			timeout := 10 * time.Second
			if tc.wantHeld {
				timeout = 50 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			err := p.wait(ctx, now.Add(tc.budget))
			if held := err != nil; held != tc.wantHeld {
				t.Errorf("held = %v (%v), want %v", held, err, tc.wantHeld)
			}
		})
	}
}

// countingTransport counts the answers by status.
type countingTransport struct {
	next    http.RoundTripper
	mu      sync.Mutex
	sent    int
	limited int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err == nil {
		c.mu.Lock()
		c.sent++
		if resp.StatusCode == http.StatusTooManyRequests {
			c.limited++
		}
		c.mu.Unlock()
	}
	return resp, err
}

func (c *countingTransport) take() (sent, limited int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sent, limited = c.sent, c.limited
	c.sent, c.limited = 0, 0
	return sent, limited
}

// TestPacer_convergesBelowTheRateLimit runs two rounds of concurrent requests against a mock
// with a per-account token bucket, on one client: the first round meets the limit and the
// client learns it; in the second, a paced client meets almost no 429s, while an unpaced one
// keeps meeting many.
func TestPacer_convergesBelowTheRateLimit(t *testing.T) {
	t.Parallel()
	const (
		limit      = 20 // the mock's requests per second per account
		goroutines = 10
		perRound   = 4 // requests per goroutine per round
	)
	for _, tc := range []struct {
		name   string
		paced  bool
		check  func(sent, limited int) bool
		wanted string
	}{
		{"paced", true, func(sent, limited int) bool { return limited*100 <= 5*sent }, "at most 5 per 100 answers"},
		{"unpaced", false, func(sent, limited int) bool { return limited*100 >= 15*sent }, "at least 15 per 100 answers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, err := mockapi.New(mockapi.Options{RateLimit: limit})
			if err != nil {
				t.Fatal(err)
			}
			m, err := srv.Listen("127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := m.Close(); err != nil {
					t.Errorf("stopping the mock: %v", err)
				}
				for _, v := range m.Violations() {
					t.Errorf("mock API contract violation: %s", v)
				}
			})
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM(m.CACertificatePEM())
			counter := &countingTransport{next: &http.Transport{
				TLSClientConfig:   &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
				ForceAttemptHTTP2: true,
			}}
			c, err := New(Config{
				BaseURL:          m.URL,
				APIKey:           m.Bootstrap().APIKey,
				MaxRetries:       DefaultMaxRetries,
				Transport:        counter,
				NoAdaptivePacing: !tc.paced,
			})
			if err != nil {
				t.Fatal(err)
			}
			round := func() (sent, limited int) {
				var wg sync.WaitGroup
				for range goroutines {
					wg.Go(func() {
						for range perRound {
							if _, err := c.ListAPIKeys(context.Background(), ""); err != nil {
								t.Errorf("listing API keys: %v", err)
								return
							}
						}
					})
				}
				wg.Wait()
				return counter.take()
			}
			sent, limited := round()
			t.Logf("learning round: %d answers, %d of them 429", sent, limited)
			if limited == 0 {
				t.Fatalf("the learning round met no 429: the mock's limit did not bind")
			}
			sent, limited = round()
			t.Logf("second round: %d answers, %d of them 429", sent, limited)
			if sent < goroutines*perRound {
				t.Fatalf("%d answers for %d requests", sent, goroutines*perRound)
			}
			if !tc.check(sent, limited) {
				t.Errorf("second round: %d of %d answers were 429, want %s", limited, sent, tc.wanted)
			}
		})
	}
}
