package klarna_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// fakeClock is a client's own clock that a test sets.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// canned answers every request with the next of its responses (the last one again once
// they are used up).
type canned struct {
	mu        sync.Mutex
	responses []cannedResponse
	served    int
}

type cannedResponse struct {
	status int
	header map[string]string
	body   string
}

func (c *canned) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	r := c.responses[min(c.served, len(c.responses)-1)]
	c.served++
	c.mu.Unlock()
	h := http.Header{"Content-Type": {"application/json"}}
	for k, v := range r.header {
		h.Set(k, v)
	}
	return &http.Response{
		StatusCode: r.status, Header: h, Body: io.NopCloser(strings.NewReader(r.body)),
		ContentLength: int64(len(r.body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}, nil
}

const (
	whoAmIBody       = `{"account_id":"krn:partner:global:account:test:LYABCDEI","environment":"TEST","mtls_enabled":false}`
	unauthorizedBody = `{"error_id":"e1","error_type":"ACCESS_ERROR","error_code":"UNAUTHORIZED","error_message":"no"}`
)

func ok(date string) cannedResponse {
	r := cannedResponse{status: http.StatusOK, body: whoAmIBody, header: map[string]string{}}
	if date != "" {
		r.header["Date"] = date
	}
	return r
}

func httpDate(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

func cannedClient(t *testing.T, own *fakeClock, rt http.RoundTripper) *klarna.Client {
	t.Helper()
	cfg := klarna.Config{BaseURL: "https://api.example.test", APIKey: "klarna_test_api_x", Transport: rt}
	if own != nil {
		cfg.Clock = own
	}
	c, err := klarna.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientNow_followsTheDateHeader(t *testing.T) {
	t.Parallel()
	// The own clock is 700 ms into a second; the server's Date header has whole seconds.
	own := time.Date(2026, 12, 3, 12, 0, 0, 700_000_000, time.UTC)
	for _, tc := range []struct {
		name   string
		answer cannedResponse
		server time.Time // the server's real time when it answered; zero when it tells none
	}{
		{"server 2 hours ahead", ok(httpDate(own.Add(2 * time.Hour))), own.Add(2 * time.Hour)},
		{"server 2 hours behind", ok(httpDate(own.Add(-2 * time.Hour))), own.Add(-2 * time.Hour)},
		{"server 3 years ahead", ok(httpDate(own.AddDate(3, 0, 0))), own.AddDate(3, 0, 0)},
		{"error response", cannedResponse{status: http.StatusUnauthorized, body: unauthorizedBody, header: map[string]string{"Date": httpDate(own.Add(2 * time.Hour))}}, own.Add(2 * time.Hour)},
		{"RFC 850 date", ok(own.Add(2 * time.Hour).Format(time.RFC850)), own.Add(2 * time.Hour)},
		{"no Date header", ok(""), time.Time{}},
		{"garbled Date header", ok("yesterday at noon"), time.Time{}},
		{"Date header with an offset", ok(own.Add(2 * time.Hour).Format(time.RFC3339)), time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := cannedClient(t, &fakeClock{now: own}, &canned{responses: []cannedResponse{tc.answer}})
			if c.ServerTimeKnown() || !c.Now().Equal(own) {
				t.Fatalf("before any call: known %v, Now %s; want the own clock %s", c.ServerTimeKnown(), c.Now(), own)
			}
			_, _ = c.WhoAmI(t.Context())
			got := c.Now()
			if tc.server.IsZero() {
				if c.ServerTimeKnown() || !got.Equal(own) {
					t.Fatalf("known %v, Now %s; want the own clock %s", c.ServerTimeKnown(), got, own)
				}
				return
			}
			if !c.ServerTimeKnown() {
				t.Fatal("the server's time is not known after a response with a Date header")
			}
			if got.After(tc.server) {
				t.Fatalf("Now %s runs ahead of the server's %s", got.Format(time.RFC3339Nano), tc.server.Format(time.RFC3339Nano))
			}
			if lag := tc.server.Sub(got); lag >= time.Second {
				t.Fatalf("Now %s lags the server's %s by %s", got.Format(time.RFC3339Nano), tc.server.Format(time.RFC3339Nano), lag)
			}
		})
	}
}

func TestClientNow_refreshedByLaterResponses(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	own := &fakeClock{now: start}
	rt := &canned{responses: []cannedResponse{
		ok(httpDate(start.Add(2 * time.Hour))),
		ok(""),
		ok("garbled"),
		ok(httpDate(start.Add(-2*time.Hour + 10*time.Minute))),
	}}
	c := cannedClient(t, own, rt)
	ctx := t.Context()
	steps := []struct {
		name string
		want time.Time // Now after the step's call, with the own clock at start + 10 minutes
	}{
		{"Date 2 hours ahead", start.Add(2*time.Hour + 10*time.Minute)},
		{"no Date keeps the offset", start.Add(2*time.Hour + 10*time.Minute)},
		{"garbled Date keeps the offset", start.Add(2*time.Hour + 10*time.Minute)},
		{"Date 2 hours behind replaces it", start.Add(-2*time.Hour + 10*time.Minute)},
	}
	for i, s := range steps {
		if i == 0 {
			if _, err := c.WhoAmI(ctx); err != nil {
				t.Fatal(err)
			}
			own.add(10 * time.Minute)
		} else if _, err := c.WhoAmI(ctx); err != nil {
			t.Fatal(err)
		}
		if got := c.Now(); !got.Equal(s.want) {
			t.Fatalf("%s: Now %s, want %s", s.name, got, s.want)
		}
	}
}

// TestClient_retryAfterDateOnServerTime: a Retry-After given as an HTTP date is a moment on
// the server's clock, so the wait is the same whatever the client's own clock says.
func TestClient_retryAfterDateOnServerTime(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{2 * time.Hour, -2 * time.Hour} {
		t.Run(skew.String(), func(t *testing.T) {
			t.Parallel()
			server := time.Now().Add(skew)
			rt := &canned{responses: []cannedResponse{
				{status: http.StatusTooManyRequests, body: `{"error_id":"e1","error_type":"TECHNICAL_ERROR","error_code":"RATE_LIMITED","error_message":"slow down"}`,
					header: map[string]string{"Date": httpDate(server), "Retry-After": httpDate(server.Add(2 * time.Second))}},
				ok(httpDate(server.Add(2 * time.Second))),
			}}
			c, err := klarna.New(klarna.Config{BaseURL: "https://api.example.test", APIKey: "klarna_test_api_x", Transport: rt, MaxRetries: 1})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			begin := time.Now()
			if _, err := c.WhoAmI(ctx); err != nil {
				t.Fatalf("after %s: %v", time.Since(begin), err)
			}
			// The server asked for 2 s from a whole-second Date: between 1 and 3 s, plus scheduling.
			if waited := time.Since(begin); waited < time.Second || waited > 4*time.Second {
				t.Fatalf("waited %s for a Retry-After 2 s after the server's Date", waited)
			}
		})
	}
}
