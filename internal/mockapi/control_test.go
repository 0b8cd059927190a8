package mockapi_test

import (
	"crypto/tls"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// fault schedules a fault through POST /_mock/faults.
func (m *mock) fault(t *testing.T, f mockapi.Fault) {
	t.Helper()
	m.control(t, http.MethodPost, "/_mock/faults", f).wantStatus(t, http.StatusOK)
}

func (m *mock) keyCount(t *testing.T) int {
	t.Helper()
	return len(m.state(t)[m.b.AccountID].APIKeys)
}

func TestFaults_kinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault mockapi.Fault
		check func(t *testing.T, r resp, err error)
		// committed says whether the faulted create still created the key.
		committed bool
	}{
		{"rate_limited with retry_after", mockapi.Fault{Kind: mockapi.FaultRateLimited, RetryAfter: 7}, func(t *testing.T, r resp, err error) {
			r.wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
			if ra := r.header.Get("Retry-After"); ra != "7" {
				t.Fatalf("Retry-After %q, want 7", ra)
			}
		}, false},
		{"rate_limited without retry_after", mockapi.Fault{Kind: mockapi.FaultRateLimited}, func(t *testing.T, r resp, err error) {
			r.wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
			if ra, ok := r.header["Retry-After"]; ok {
				t.Fatalf("Retry-After %q, want none", ra)
			}
		}, false},
		{"timeout", mockapi.Fault{Kind: mockapi.FaultTimeout}, func(t *testing.T, r resp, err error) {
			r.wantError(t, http.StatusInternalServerError, klarna.ErrorTypeTechnical, klarna.CodeTimeout)
		}, false},
		{"unavailable", mockapi.Fault{Kind: mockapi.FaultUnavailable}, func(t *testing.T, r resp, err error) {
			r.wantError(t, http.StatusServiceUnavailable, klarna.ErrorTypeTechnical, klarna.CodeServiceUnavailable)
		}, false},
		{"ddos", mockapi.Fault{Kind: mockapi.FaultDDoS}, func(t *testing.T, r resp, err error) {
			r.wantStatus(t, http.StatusForbidden)
			if len(r.body) != 0 {
				t.Fatalf("a DDoS block with a body: %s", r.body)
			}
		}, false},
		{"drop", mockapi.Fault{Kind: mockapi.FaultDrop}, func(t *testing.T, r resp, err error) {
			if err == nil {
				t.Fatalf("a dropped request got an answer: %d %s", r.status, r.body)
			}
		}, false},
		{"commit_then_drop", mockapi.Fault{Kind: mockapi.FaultCommitThenDrop}, func(t *testing.T, r resp, err error) {
			if err == nil {
				t.Fatalf("a dropped request got an answer: %d %s", r.status, r.body)
			}
		}, true},
	}
	for _, tc := range tests {
		for _, proto := range []string{"HTTP/2", "HTTP/1.1"} {
			t.Run(tc.name+" "+proto, func(t *testing.T) {
				t.Parallel()
				m := start(t, mockapi.Options{})
				client := m.client
				if proto == "HTTP/1.1" {
					client = m.httpClient(t)
					tr, ok := client.Transport.(*http.Transport)
					if !ok {
						t.Fatalf("unexpected transport %T", client.Transport)
					}
					tr.ForceAttemptHTTP2 = false
					tr.TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
				}
				// Warm the connection: an abort must touch the faulted request alone.
				m.do(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: client}).wantStatus(t, http.StatusOK)
				f := tc.fault
				f.Method, f.Path, f.Count = http.MethodPost, pathAPIKey, 1
				m.fault(t, f)
				before := m.keyCount(t)
				k := uuid.NewString()
				body := map[string]string{"description": "faulted"}
				send := req{method: http.MethodPost, path: pathAPIKey, key: m.b.APIKey, body: body, client: client, header: map[string]string{hdrIdem: k}}
				r, err := m.try(t, send)
				tc.check(t, r, err)
				wantKeys := before
				if tc.committed {
					wantKeys++
				}
				if got := m.keyCount(t); got != wantKeys {
					t.Fatalf("%d keys after the fault, want %d", got, wantKeys)
				}
				// The fault is spent: the same request (same idempotency key) now answers.
				again := m.do(t, send)
				again.wantStatus(t, http.StatusCreated)
				var created klarna.CreatedAPIKey
				again.decode(t, &created)
				if got := m.keyCount(t); got != before+1 {
					t.Fatalf("%d keys after the retry, want %d", got, before+1)
				}
				if tc.committed {
					// The retry got the committed answer: the key it names is the one created.
					if created.Secret == "" {
						t.Fatalf("the stored answer lacks the secret: %s", again.body)
					}
					m.get(t, created.Secret, "/v2/account").wantStatus(t, http.StatusOK)
				}
			})
		}
	}
}

func TestFaults_matching(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	p1 := m.b.PartnerAccountIDs[0]
	get := func(path string) int { return m.get(t, m.b.APIKey, path).status }
	steps := []struct {
		name  string
		fault *mockapi.Fault // scheduled before the requests
		reqs  []req
		want  []int
	}{
		{"count is how many requests it hits",
			&mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultUnavailable, Count: 2},
			[]req{{method: "GET", path: "/v2/account"}, {method: "GET", path: "/v2/account"}, {method: "GET", path: "/v2/account"}},
			[]int{503, 503, 200}},
		{"the method must match",
			&mockapi.Fault{Method: "POST", Path: pathAPIKey, Kind: mockapi.FaultTimeout, Count: 1},
			[]req{{method: "GET", path: pathAPIKey}, {method: "POST", path: pathAPIKey, body: "{}"}, {method: "POST", path: pathAPIKey, body: "{}"}},
			[]int{200, 500, 201}},
		{"an empty method matches any",
			&mockapi.Fault{Path: pathAPIKey, Kind: mockapi.FaultTimeout, Count: 2},
			[]req{{method: "POST", path: pathAPIKey, body: "{}"}, {method: "GET", path: pathAPIKey}, {method: "GET", path: pathAPIKey}},
			[]int{500, 500, 200}},
		{"an exact path matches no longer one",
			&mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultUnavailable, Count: 1},
			[]req{{method: "GET", path: pathAPIKey}, {method: "GET", path: "/v2/account"}},
			[]int{200, 503}},
		{"a trailing * matches by prefix",
			&mockapi.Fault{Method: "GET", Path: "/v2/account/credentials/*", Kind: mockapi.FaultUnavailable, Count: 2},
			[]req{{method: "GET", path: "/v2/account"}, {method: "GET", path: pathAPIKey}, {method: "GET", path: "/v2/account/credentials/client-ids"}, {method: "GET", path: pathAPIKey}},
			[]int{200, 503, 503, 200}},
		{"an unescaped KRN matches the escaped request",
			&mockapi.Fault{Method: "GET", Path: "/v2/accounts/" + p1 + "/*", Kind: mockapi.FaultUnavailable, Count: 1},
			[]req{{method: "GET", path: acct(p1) + "/credentials/api-keys"}, {method: "GET", path: acct(p1) + "/credentials/api-keys"}},
			[]int{503, 200}},
		{"a fault on a path outside the API",
			&mockapi.Fault{Method: "GET", Path: "/v2/nothing", Kind: mockapi.FaultUnavailable, Count: 1},
			[]req{{method: "GET", path: "/v2/nothing"}, {method: "GET", path: "/v2/nothing"}},
			[]int{503, 404}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.fault != nil {
				m.fault(t, *st.fault)
			}
			for i, r := range st.reqs {
				r.key = m.b.APIKey
				if got := m.do(t, r).status; got != st.want[i] {
					t.Fatalf("request %d (%s %s): %d, want %d", i, r.method, r.path, got, st.want[i])
				}
			}
		})
	}
	t.Run("DELETE clears every pending fault", func(t *testing.T) {
		r := m.control(t, http.MethodPost, "/_mock/faults", mockapi.Fault{Path: "/v2/*", Kind: mockapi.FaultUnavailable, Count: 5})
		r.wantStatus(t, http.StatusOK)
		var pending struct {
			Pending int `json:"pending"`
		}
		r.decode(t, &pending)
		if pending.Pending != 5 {
			t.Fatalf("pending %d, want 5", pending.Pending)
		}
		m.control(t, http.MethodDelete, "/_mock/faults", nil).wantStatus(t, http.StatusNoContent)
		if got := get("/v2/account"); got != http.StatusOK {
			t.Fatalf("after DELETE /_mock/faults: %d", got)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		for _, body := range []any{
			mockapi.Fault{Path: "/v2/account", Kind: "explode", Count: 1},
			mockapi.Fault{Path: "/v2/account", Kind: mockapi.FaultTimeout, Count: 0},
			mockapi.Fault{Path: "v2/account", Kind: mockapi.FaultTimeout, Count: 1},
			mockapi.Fault{Path: "/v2/account", Kind: mockapi.FaultRateLimited, Count: 1, RetryAfter: -1},
			`{"path":"/v2/account","kind":"timeout","count":1,"bogus":true}`,
			`not json`,
		} {
			m.control(t, http.MethodPost, "/_mock/faults", body).wantStatus(t, http.StatusBadRequest)
		}
		if got := get("/v2/account"); got != http.StatusOK {
			t.Fatalf("a refused fault was scheduled: %d", got)
		}
	})
}

func TestFaults_abortTouchesOneRequest(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	m.control(t, http.MethodPost, "/_mock/latency", mockapi.Latency{Path: "/v2/account/credentials/client-ids", MS: 300}).wantStatus(t, http.StatusNoContent)
	m.fault(t, mockapi.Fault{Method: "POST", Path: pathAPIKey, Kind: mockapi.FaultDrop, Count: 1})
	var wg sync.WaitGroup
	var slow resp
	var slowErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		slow, slowErr = m.try(t, req{method: http.MethodGet, path: "/v2/account/credentials/client-ids", key: m.b.APIKey})
	}()
	time.Sleep(50 * time.Millisecond) // the slow request is in flight on the shared connection
	if _, err := m.try(t, req{method: http.MethodPost, path: pathAPIKey, key: m.b.APIKey, body: "{}"}); err == nil {
		t.Fatal("the dropped request got an answer")
	}
	wg.Wait()
	if slowErr != nil || slow.status != http.StatusOK {
		t.Fatalf("the request in flight beside the dropped one: %d %v", slow.status, slowErr)
	}
}

func TestLatency_delaysMatchingRequests(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	const delay = 400 * time.Millisecond
	timed := func(path string) time.Duration {
		start := time.Now()
		m.get(t, m.b.APIKey, path).wantStatus(t, http.StatusOK)
		return time.Since(start)
	}
	m.control(t, http.MethodPost, "/_mock/latency", mockapi.Latency{Path: "/v2/account/credentials/*", MS: int(delay / time.Millisecond)}).wantStatus(t, http.StatusNoContent)
	if d := timed(pathAPIKey); d < delay {
		t.Fatalf("a matching request took %s, want at least %s", d, delay)
	}
	if d := timed("/v2/account"); d >= delay {
		t.Fatalf("a request outside the pattern took %s", d)
	}
	m.control(t, http.MethodPost, "/_mock/latency", mockapi.Latency{Path: "/v2/account/credentials/*", MS: 0}).wantStatus(t, http.StatusNoContent)
	if d := timed(pathAPIKey); d >= delay {
		t.Fatalf("after clearing the latency a request took %s", d)
	}
	for _, body := range []any{mockapi.Latency{Path: "/v2/account", MS: -1}, mockapi.Latency{Path: "v2", MS: 10}, `{"path":"/v2","ms":"ten"}`} {
		m.control(t, http.MethodPost, "/_mock/latency", body).wantStatus(t, http.StatusBadRequest)
	}
}

func TestClock_controlPlane(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	read := func() time.Time {
		r := m.control(t, http.MethodGet, "/_mock/clock", nil)
		r.wantStatus(t, http.StatusOK)
		var out struct {
			Now time.Time `json:"now"`
		}
		r.decode(t, &out)
		return out.Now
	}
	if d := time.Since(read()); d < -time.Second || d > 5*time.Second {
		t.Fatalf("a new mock's clock is %s off the real time", d)
	}
	before := read()
	after := m.advance(t, 1464*time.Hour)
	if d := after.Sub(before); d < 1464*time.Hour || d > 1464*time.Hour+5*time.Second {
		t.Fatalf("advance 1464h moved the clock by %s", d)
	}
	target := after.Add(30 * 24 * time.Hour).Truncate(time.Second)
	r := m.control(t, http.MethodPost, "/_mock/clock", map[string]string{"set": target.Format(time.RFC3339)})
	r.wantStatus(t, http.StatusOK)
	if now := read(); now.Before(target) || now.Sub(target) > 5*time.Second {
		t.Fatalf("after set %s the clock reads %s", target, now)
	}
	refusals := []struct {
		name string
		body any
	}{
		{"set in the past", map[string]string{"set": target.Add(-time.Hour).Format(time.RFC3339)}},
		{"negative advance", map[string]string{"advance": "-1h"}},
		{"both", map[string]string{"advance": "1h", "set": target.Add(time.Hour).Format(time.RFC3339)}},
		{"neither", map[string]string{}},
		{"not a duration", map[string]string{"advance": "a while"}},
		{"not a time", map[string]string{"set": "tomorrow"}},
		{"unknown field", map[string]string{"jump": "1h"}},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := read()
			m.control(t, http.MethodPost, "/_mock/clock", tc.body).wantStatus(t, http.StatusBadRequest)
			if d := read().Sub(before); d < 0 || d > 5*time.Second {
				t.Fatalf("a refused move changed the clock by %s", d)
			}
		})
	}
}

var concreteID = regexp.MustCompile(`krn:|krn%3A|[0-9a-f]{8}-[0-9a-f]{4}-`)

func TestRequests_countedByRoute(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	p1 := m.b.PartnerAccountIDs[0]
	m.control(t, http.MethodDelete, "/_mock/requests", nil).wantStatus(t, http.StatusNoContent)
	id := m.createKey(t, m.b.APIKey, acct(p1), "counted").CredentialID
	m.get(t, m.b.APIKey, "/v2/account")
	m.get(t, "", "/v2/account")
	m.get(t, m.b.APIKey, acct(p1)+"/credentials/api-keys/"+id)
	m.get(t, m.b.APIKey, "/v2/accounts/"+p1+"/credentials/api-keys/"+id)
	m.patch(t, m.b.APIKey, pathAPIKey+"/"+uuid.NewString(), map[string]string{})
	m.get(t, m.b.APIKey, "/v2/nothing")
	m.control(t, http.MethodGet, "/_mock/clock", nil)

	r := m.control(t, http.MethodGet, "/_mock/requests", nil)
	r.wantStatus(t, http.StatusOK)
	var counts mockapi.RequestCounts
	r.decode(t, &counts)
	want := map[string]int{
		"POST /v2/accounts/{account_id}/credentials/api-keys": 1,
		"GET /v2/account": 2,
		"GET /v2/accounts/{account_id}/credentials/api-keys/{id}": 2,
		"PATCH /v2/account/credentials/api-keys/{id}":             1,
	}
	for route, n := range want {
		if counts.ByRoute[route] != n {
			t.Errorf("%s counted %d times, want %d; counts %v", route, counts.ByRoute[route], n, counts.ByRoute)
		}
	}
	if counts.Total != 7 {
		t.Errorf("total %d, want 7 (the control plane is not counted); counts %v", counts.Total, counts.ByRoute)
	}
	for route := range counts.ByRoute {
		if concreteID.MatchString(route) {
			t.Errorf("route %q holds a concrete ID instead of a placeholder", route)
		}
	}
	m.control(t, http.MethodDelete, "/_mock/requests", nil).wantStatus(t, http.StatusNoContent)
	var reset mockapi.RequestCounts
	m.control(t, http.MethodGet, "/_mock/requests", nil).decode(t, &reset)
	if reset.Total != 0 || len(reset.ByRoute) != 0 {
		t.Fatalf("after reset: %+v", reset)
	}
}

func TestState_holdsNoSecret(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0]
	keys := []klarna.CreatedAPIKey{m.createKey(t, boot, "/v2/account", "own"), m.createKey(t, boot, acct(p1), "partner")}
	m.post(t, boot, acct(p1)+"/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://a.example"}}).wantStatus(t, http.StatusCreated)
	signer := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")
	m.issue(t, boot, acct(p1), p1, "API")
	m.put(t, boot, acct(p1)+"/integration/mtls", map[string]string{"enforced_from": "NOW"}).wantStatus(t, http.StatusOK)
	m.grant(t, m.claims("user@example.com", p1), signer).wantStatus(t, http.StatusCreated)
	dl := m.claims("user@example.com", p1)
	dl.AMR = []string{"pwd"}
	r := m.post(t, boot, acct(p1)+"/portal/deep-links", map[string]string{"jwt": sign(t, dl, signer)})
	var link klarna.DeepLink
	r.decode(t, &link)
	token := link.URL[strings.Index(link.URL, "token=")+len("token="):]

	raw := m.control(t, http.MethodGet, "/_mock/state", nil)
	raw.wantStatus(t, http.StatusOK)
	body := string(raw.body)
	secrets := []string{"klarna_test_api_", "klarna_live_api_", boot, m.ForeignAPIKey(), keys[0].Secret, keys[1].Secret, "PRIVATE KEY", token}
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("the state holds a secret (%.20s...)", s)
		}
	}
	st := m.state(t)
	if len(st) != 1+len(m.b.PartnerAccountIDs)+len(m.b.ForeignAccountIDs) {
		t.Fatalf("%d accounts in the state", len(st))
	}
	a := st[p1]
	if a.OnboardedThrough != own || len(a.APIKeys) != 1 || len(a.ClientIDs) != 1 || len(a.ClientCertificates) != 1 || a.MTLS.Status != "ENFORCED" || !a.MTLSEnabled {
		t.Fatalf("partner in the state: %+v", a)
	}
	if o := st[own]; len(o.UserAccess) != 1 || len(o.APIKeys) != 2 || o.OnboardedThrough != "" {
		t.Fatalf("acquirer in the state: %+v", o)
	}
	if f := st[m.b.ForeignAccountIDs[0]]; f.OnboardedThrough != "" {
		t.Fatalf("the foreign account is onboarded through %s", f.OnboardedThrough)
	}
}

func TestFaults_listPending(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	for _, f := range []mockapi.Fault{
		{Method: "POST", Path: "/v2/account/credentials/api-keys", Kind: mockapi.FaultTimeout, Count: 2},
		{Path: "/v2/accounts/*", Kind: mockapi.FaultDrop, Count: 3},
	} {
		if err := m.AddFault(f); err != nil {
			t.Fatal(err)
		}
	}
	var list mockapi.PendingFaultList
	r := m.control(t, http.MethodGet, "/_mock/faults", nil)
	r.wantStatus(t, http.StatusOK)
	r.decode(t, &list)
	if list.Pending != 5 || len(list.Faults) != 2 || list.Faults[1].Kind != mockapi.FaultDrop {
		t.Fatalf("unexpected pending faults %+v", list)
	}
	m.post(t, m.b.APIKey, "/v2/account/credentials/api-keys", map[string]string{}).wantStatus(t, http.StatusInternalServerError)
	list = mockapi.PendingFaultList{}
	m.control(t, http.MethodGet, "/_mock/faults", nil).decode(t, &list)
	if list.Pending != 4 || list.Faults[0].Count != 1 {
		t.Fatalf("a served fault was not counted down: %+v", list)
	}
}

// TestClock_keepUsed moves the clock three years through POST /_mock/clock, by advance and by
// set, with and without keep_used. Only keep_used keeps the key used in the 24 hours before
// the move; a key used just before that window, and one created in it but never used, are
// deleted by the move either way.
func TestClock_keepUsed(t *testing.T) {
	t.Parallel()
	const threeYears = 3 * 365 * 24 * time.Hour
	for _, tc := range []struct {
		name     string
		keepUsed bool
		set      bool
	}{
		{"advance with keep_used", true, false},
		{"set with keep_used", true, true},
		{"advance without keep_used", false, false},
		{"set without keep_used", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := start(t, mockapi.Options{})
			stale := m.createKey(t, m.b.APIKey, "/v2/account", "used 25 hours before the move")
			m.get(t, stale.Secret, "/v2/account").wantStatus(t, http.StatusOK)
			m.advance(t, 25*time.Hour)
			unused := m.createKey(t, m.b.APIKey, "/v2/account", "created before the move, never used")
			m.get(t, m.b.APIKey, "/v2/account").wantStatus(t, http.StatusOK)

			body := map[string]any{"advance": threeYears.String()}
			if tc.set {
				body = map[string]any{"set": m.Clock().Now().Add(threeYears).Format(time.RFC3339)}
			}
			if tc.keepUsed {
				body["keep_used"] = true
			}
			r := m.control(t, http.MethodPost, "/_mock/clock", body)
			r.wantStatus(t, http.StatusOK)
			var moved struct {
				Now time.Time `json:"now"`
			}
			r.decode(t, &moved)

			// The state, read before any API request could refresh a key's last use.
			keys := map[string]keyState{}
			for _, k := range m.keyStates(t, m.b.AccountID) {
				keys[k.ID] = k
			}
			for id, what := range map[string]string{stale.CredentialID: "the key used 25 hours before", unused.CredentialID: "the key never used"} {
				if k, ok := keys[id]; ok {
					t.Errorf("%s is still there after three years: %+v", what, k)
				}
			}
			var bootstrap *keyState
			for _, k := range keys {
				if k.ID != stale.CredentialID && k.ID != unused.CredentialID {
					bootstrap = &k
				}
			}
			if tc.keepUsed {
				switch {
				case bootstrap == nil:
					t.Fatal("the bootstrap key was deleted by a move with keep_used")
				case bootstrap.Status != "ENABLED":
					t.Fatalf("the bootstrap key is %s after a move with keep_used", bootstrap.Status)
				case bootstrap.LastUsedAt == nil || bootstrap.LastUsedAt.Before(moved.Now.Truncate(time.Second)):
					t.Fatalf("the bootstrap key's last use is %v, want the end of the move %s", bootstrap.LastUsedAt, moved.Now)
				}
				m.get(t, m.b.APIKey, "/v2/account").wantStatus(t, http.StatusOK)
			} else {
				if bootstrap != nil {
					t.Fatalf("the bootstrap key survived three years without keep_used: %+v", *bootstrap)
				}
				m.get(t, m.b.APIKey, "/v2/account").wantUnauthorized(t)
			}
			m.get(t, stale.Secret, "/v2/account").wantUnauthorized(t)
			m.get(t, unused.Secret, "/v2/account").wantUnauthorized(t)
		})
	}
}

func TestClock_keepUsedRefusesWhatItDoesNotKnow(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	for _, body := range []any{
		map[string]any{"keep_used": true},
		map[string]any{"advance": "1h", "keep_used": "yes"},
		map[string]any{"advance": "1h", "keep_used_for": true},
	} {
		before := m.Clock().Now()
		m.control(t, http.MethodPost, "/_mock/clock", body).wantStatus(t, http.StatusBadRequest)
		if d := m.Clock().Now().Sub(before); d > 5*time.Second {
			t.Fatalf("the refused move %v moved the clock by %s", body, d)
		}
	}
}

// keyState is an API key as GET /_mock/state shows it.
type keyState struct {
	ID         string     `json:"credential_id"`
	Status     string     `json:"status"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// keyStates reads an account's API keys from GET /_mock/state.
func (m *mock) keyStates(t *testing.T, accountID string) []keyState {
	t.Helper()
	r := m.control(t, http.MethodGet, "/_mock/state", nil)
	r.wantStatus(t, http.StatusOK)
	var out struct {
		Accounts []struct {
			AccountID string     `json:"account_id"`
			APIKeys   []keyState `json:"api_keys"`
		} `json:"accounts"`
	}
	r.decode(t, &out)
	for _, a := range out.Accounts {
		if a.AccountID == accountID {
			return a.APIKeys
		}
	}
	t.Fatalf("no account %s in the state", accountID)
	return nil
}
