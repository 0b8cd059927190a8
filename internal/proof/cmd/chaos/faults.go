package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

// variant is one kind of fault as the campaign schedules it.
type variant struct {
	name       string
	kind       string
	retryAfter int // seconds of Retry-After; 0 for none
}

var variants = []variant{
	{"rate_limited, retry_after 1 s", mockapi.FaultRateLimited, 1},
	{"rate_limited, no retry_after", mockapi.FaultRateLimited, 0},
	{"timeout", mockapi.FaultTimeout, 0},
	{"unavailable", mockapi.FaultUnavailable, 0},
	{"drop", mockapi.FaultDrop, 0},
	{"commit_then_drop", mockapi.FaultCommitThenDrop, 0},
}

func variantIndex(kind string, retryAfter int) int {
	for i, v := range variants {
		if v.kind == kind && v.retryAfter == retryAfter {
			return i
		}
	}
	panic(fmt.Sprintf("no fault variant %s with retry_after %d", kind, retryAfter))
}

// faultRoute is a set of requests that one scheduled fault matches. The routes of the
// campaign never overlap: every API request matches at most one of them, so the faults
// pending on its route are all the faults it can meet.
type faultRoute struct {
	method string
	path   string // as the control plane matches it; may end in *
	// pattern is the mock's route, the key of GET /_mock/requests. With one partner
	// account in the campaign, the requests counted under it are exactly those the route
	// matches.
	pattern string
}

func (r faultRoute) String() string { return r.method + " " + r.path }

// matches says whether a request the mock logged (method and unescaped path) is on the route.
func (r faultRoute) matches(method, path string) bool {
	if method != r.method {
		return false
	}
	if prefix, ok := strings.CutSuffix(r.path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == r.path
}

// campaignRoutes are the routes the applies use, in both account forms.
func campaignRoutes(partner string) []faultRoute {
	routes := []faultRoute{{http.MethodGet, "/v2/account", "GET /v2/account"}}
	forms := []struct{ prefix, pattern string }{
		{"/v2/account", "/v2/account"},
		{"/v2/accounts/" + partner, "/v2/accounts/{account_id}"},
	}
	for _, f := range forms {
		for _, c := range []string{"api-keys", "client-ids", "client-certificates"} {
			coll := "/credentials/" + c
			routes = append(routes,
				faultRoute{http.MethodPost, f.prefix + coll, "POST " + f.pattern + coll},
				faultRoute{http.MethodGet, f.prefix + coll + "/*", "GET " + f.pattern + coll + "/{id}"},
				faultRoute{http.MethodDelete, f.prefix + coll + "/*", "DELETE " + f.pattern + coll + "/{id}"})
			if c != "client-certificates" {
				routes = append(routes, faultRoute{http.MethodPatch, f.prefix + coll + "/*", "PATCH " + f.pattern + coll + "/{id}"})
			}
		}
		// Revoking an API certificate first reads the account's mTLS enforcement.
		routes = append(routes, faultRoute{http.MethodGet, f.prefix + "/integration/mtls", "GET " + f.pattern + "/integration/mtls"})
	}
	return routes
}

// episode is one scheduling of faults on one route.
type episode struct {
	route     int
	variant   int
	count     int
	phase     int
	armedAt   time.Time // just before the mock was asked
	clearedAt time.Time // when DELETE /_mock/faults dropped what was left; zero while pending
	served    int       // faulty responses the mock's log attributes to it
}

// injector keeps faults flowing on every route of the campaign while an apply runs, never
// more than burst pending on one route. A route gets its next burst only cooldown after
// the previous one is known to be consumed: longer than the client waits after burst
// failed attempts in a row, so the operation that met the last fault of a burst retries
// before the next burst is scheduled, and no operation meets more than burst faults in a
// row.
type injector struct {
	mock     *harness.Mock
	routes   []faultRoute
	burst    int
	cooldown time.Duration
	tick     time.Duration

	current  []*episode  // per route: the episode pending, nil when none
	baseline []int       // per route: requests counted when its episode was scheduled
	readyAt  []time.Time // per route: earliest time for the next episode
	episodes []*episode
	nextKind int
}

// cooldownFor is how long a route rests after a burst of n faults: the longest wait of the
// provider's client after n failed attempts in a row (full-jitter backoff from
// klarna.DefaultRetryBaseDelay, or a Retry-After of 1 s), plus a margin for the retry to
// reach the mock.
func cooldownFor(n int) time.Duration {
	wait := klarna.DefaultRetryBaseDelay << (n - 1)
	return max(wait, time.Second) + 1500*time.Millisecond
}

func newInjector(mock *harness.Mock, routes []faultRoute, burst int) *injector {
	return &injector{
		mock: mock, routes: routes, burst: burst, cooldown: cooldownFor(burst), tick: 150 * time.Millisecond,
		current: make([]*episode, len(routes)), baseline: make([]int, len(routes)), readyAt: make([]time.Time, len(routes)),
	}
}

// run schedules faults until ctx is done; it returns the first control-plane error. A step
// is never cut short by ctx: a burst scheduled without its baseline would look consumed
// at once.
func (in *injector) run(ctx context.Context, phase int) error {
	t := time.NewTicker(in.tick)
	defer t.Stop()
	for {
		stepCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		err := in.step(stepCtx, phase)
		cancel()
		if err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// step retires the episodes the mock's request counts prove consumed and schedules the next
// burst on every route whose cooldown is over.
func (in *injector) step(ctx context.Context, phase int) error {
	counts, err := in.mock.Requests(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	var armed []int
	for i, r := range in.routes {
		if e := in.current[i]; e != nil {
			// Every request counted after the baseline was read came after the episode was
			// scheduled and so consumed one of its faults while any was left.
			if counts.ByRoute[r.pattern]-in.baseline[i] < e.count {
				continue
			}
			in.current[i] = nil
			in.readyAt[i] = now.Add(in.cooldown)
		}
		if now.Before(in.readyAt[i]) {
			continue
		}
		v := in.nextKind % len(variants)
		in.nextKind++
		if err := in.schedule(ctx, i, v, in.burst, phase); err != nil {
			return err
		}
		armed = append(armed, i)
	}
	if len(armed) == 0 {
		return nil
	}
	// Read after scheduling: a request counted from here on meets the new faults. One
	// counted in between may have consumed a fault unseen, which only makes the episode
	// look consumed later than it was.
	after, err := in.mock.Requests(ctx)
	if err != nil {
		return err
	}
	for _, i := range armed {
		in.baseline[i] = after.ByRoute[in.routes[i].pattern]
	}
	return nil
}

// schedule asks the mock for count faults of variant v on route i and records the episode.
func (in *injector) schedule(ctx context.Context, i, v, count, phase int) error {
	e := &episode{route: i, variant: v, count: count, phase: phase, armedAt: time.Now()}
	r := in.routes[i]
	f := mockapi.Fault{Method: r.method, Path: r.path, Kind: variants[v].kind, Count: count, RetryAfter: variants[v].retryAfter}
	if _, err := in.mock.AddFault(ctx, f); err != nil {
		return fmt.Errorf("scheduling %d %s on %s: %w", count, variants[v].name, r, err)
	}
	in.episodes = append(in.episodes, e)
	in.current[i] = e
	return nil
}

// scheduleOn schedules faults on the route with this method and path, outside the
// injector's rhythm (phase two).
func (in *injector) scheduleOn(ctx context.Context, method, path string, v, count, phase int) error {
	for i, r := range in.routes {
		if r.method == method && r.path == path {
			return in.schedule(ctx, i, v, count, phase)
		}
	}
	return fmt.Errorf("no fault route %s %s", method, path)
}

// clear drops every pending fault and returns how many there were.
func (in *injector) clear(ctx context.Context) (int, error) {
	pending, err := in.mock.ClearFaults(ctx)
	if err != nil {
		return 0, err
	}
	now := time.Now()
	for i := range in.current {
		in.current[i] = nil
		in.readyAt[i] = time.Time{}
	}
	for _, e := range in.episodes {
		if e.clearedAt.IsZero() {
			e.clearedAt = now
		}
	}
	return pending, nil
}

// injected counts the faults scheduled in a phase (0 for all), by variant.
func (in *injector) injected(phase int) []int {
	out := make([]int, len(variants))
	for _, e := range in.episodes {
		if phase == 0 || e.phase == phase {
			out[e.variant] += e.count
		}
	}
	return out
}

func (in *injector) total(phase int) int {
	n := 0
	for _, c := range in.injected(phase) {
		n += c
	}
	return n
}
