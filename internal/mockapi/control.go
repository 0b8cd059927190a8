package mockapi

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// Fault kinds of the control plane.
const (
	FaultRateLimited    = "rate_limited"     // 429, with Retry-After when RetryAfter > 0
	FaultTimeout        = "timeout"          // 500 TIMEOUT
	FaultUnavailable    = "unavailable"      // 503
	FaultDrop           = "drop"             // aborted before anything is done
	FaultCommitThenDrop = "commit_then_drop" // carried out and committed, then aborted
	FaultDDoS           = "ddos"             // 403 with no body
)

// faultKinds lists every fault kind.
var faultKinds = []string{FaultRateLimited, FaultTimeout, FaultUnavailable, FaultDrop, FaultCommitThenDrop, FaultDDoS}

// Fault makes the next Count requests matching Method and Path fail with Kind. Path may end
// in * for a prefix match; an empty Method matches every method.
type Fault struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Kind       string `json:"kind"`
	Count      int    `json:"count"`
	RetryAfter int    `json:"retry_after,omitempty"`
}

// Latency delays requests matching Path (* as for faults) by MS milliseconds.
type Latency struct {
	Path string `json:"path"`
	MS   int    `json:"ms"`
}

func pathMatches(pattern string, r *http.Request) bool {
	for _, p := range []string{r.URL.Path, r.URL.EscapedPath()} {
		if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
			if strings.HasPrefix(p, prefix) {
				return true
			}
		} else if p == pattern {
			return true
		}
	}
	return false
}

func (f *Fault) matches(r *http.Request) bool {
	return (f.Method == "" || strings.EqualFold(f.Method, r.Method)) && pathMatches(f.Path, r)
}

func (f *Fault) reply() reply {
	switch f.Kind {
	case FaultRateLimited:
		rep := apiError(http.StatusTooManyRequests, errorTypeTechnical, codeRateLimited, "rate limit exceeded (injected)")
		rep.retryAfter = f.RetryAfter
		return rep
	case FaultTimeout:
		return apiError(http.StatusInternalServerError, errorTypeTechnical, codeTimeout, "the request timed out (injected)")
	default:
		return apiError(http.StatusServiceUnavailable, errorTypeTechnical, codeServiceUnavailable, "the service is unavailable (injected)")
	}
}

// AddFault schedules a fault.
func (s *Server) AddFault(f Fault) error {
	known := false
	for _, k := range faultKinds {
		known = known || k == f.Kind
	}
	switch {
	case !known:
		return fmt.Errorf("fault kind %q is not one of %s", f.Kind, strings.Join(faultKinds, ", "))
	case f.Count < 1:
		return fmt.Errorf("fault count must be at least 1, got %d", f.Count)
	case !strings.HasPrefix(f.Path, "/"):
		return fmt.Errorf("fault path %q must start with /", f.Path)
	case f.RetryAfter < 0:
		return fmt.Errorf("retry_after must not be negative, got %d", f.RetryAfter)
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = append(s.faults, &f)
	return nil
}

// ClearFaults drops every pending fault.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = nil
}

// PendingFaultList is what GET /_mock/faults answers: every fault not yet used up.
type PendingFaultList struct {
	Pending int     `json:"pending"`
	Faults  []Fault `json:"faults"`
}

// Faults lists the faults not yet used up, with their remaining counts.
func (s *Server) Faults() PendingFaultList {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	out := PendingFaultList{Faults: []Fault{}}
	for _, f := range s.faults {
		out.Faults = append(out.Faults, *f)
		out.Pending += f.Count
	}
	return out
}

// PendingFaults is the number of fault occurrences not yet used.
func (s *Server) PendingFaults() int {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.Count
	}
	return n
}

func (s *Server) takeFault(r *http.Request) *Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for i, f := range s.faults {
		if f.matches(r) {
			f.Count--
			if f.Count <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			out := *f
			return &out
		}
	}
	return nil
}

// setLatency delays matching requests; ms 0 clears the path's latency.
func (s *Server) setLatency(l Latency) error {
	if l.MS < 0 || !strings.HasPrefix(l.Path, "/") {
		return fmt.Errorf("latency needs a path starting with / and ms of 0 or more")
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	kept := s.latency[:0]
	for _, x := range s.latency {
		if x.Path != l.Path {
			kept = append(kept, x)
		}
	}
	s.latency = kept
	if l.MS > 0 {
		s.latency = append(s.latency, l)
	}
	return nil
}

func (s *Server) latencyFor(r *http.Request) time.Duration {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for _, l := range s.latency {
		if pathMatches(l.Path, r) {
			return time.Duration(l.MS) * time.Millisecond
		}
	}
	return 0
}

func (s *Server) countRequest(route string) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.total++
	s.counts[route]++
}

// countErrorCode counts the error_code of an error response.
func (s *Server) countErrorCode(status int, body []byte) {
	if status < 400 {
		return
	}
	var eb errorBody
	code := "(no body)"
	if len(body) > 0 {
		if err := json.Unmarshal(body, &eb); err == nil && eb.ErrorCode != "" {
			code = eb.ErrorCode
		}
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.errorCodes[code]++
}

// ErrorCodes counts the error responses the mock sent, by error_code ("(no body)" for a
// 403 DDoS block). Tests use it to prove that something never happened.
func (s *Server) ErrorCodes() map[string]int {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	out := make(map[string]int, len(s.errorCodes))
	for k, v := range s.errorCodes {
		out[k] = v
	}
	return out
}

// RequestCounts are the API requests served since the last reset, by route.
type RequestCounts struct {
	Total   int            `json:"total"`
	ByRoute map[string]int `json:"by_route"`
}

// Requests returns the request counts.
func (s *Server) Requests() RequestCounts {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	out := RequestCounts{Total: s.total, ByRoute: map[string]int{}}
	for k, v := range s.counts {
		out.ByRoute[k] = v
	}
	return out
}

// ResetRequests sets the request counts to zero.
func (s *Server) ResetRequests() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.total = 0
	s.counts = map[string]int{}
}

// keepUsedWindow is how recently a credential must have been used for a clock move with
// keep_used to count it as used through the move.
const keepUsedWindow = 24 * time.Hour

// AdvanceClock moves the mock clock forward and applies every rule up to the new time.
func (s *Server) AdvanceClock(d time.Duration) (time.Time, error) {
	return s.moveClock(func() (time.Time, error) { return s.clock.Advance(d) }, false)
}

// SetClock moves the mock clock forward to t.
func (s *Server) SetClock(t time.Time) (time.Time, error) {
	return s.moveClock(func() (time.Time, error) { return s.clock.Set(t) }, false)
}

// advanceClockKeepingUsed is AdvanceClock, except that every credential used in the 24 hours
// before the move counts as used through it: a long move keeps the caller's own key alive.
func (s *Server) advanceClockKeepingUsed(d time.Duration) (time.Time, error) {
	return s.moveClock(func() (time.Time, error) { return s.clock.Advance(d) }, true)
}

// setClockKeepingUsed is SetClock, keeping recently used credentials alive as
// advanceClockKeepingUsed does.
func (s *Server) setClockKeepingUsed(t time.Time) (time.Time, error) {
	return s.moveClock(func() (time.Time, error) { return s.clock.Set(t) }, true)
}

// moveClock moves the clock and applies every rule up to the new time. The state stays
// locked throughout, so that no request sees the new time before the rules are applied.
func (s *Server) moveClock(move func() (time.Time, error), keepUsed bool) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := s.now()
	now, err := move()
	if err != nil {
		return time.Time{}, err
	}
	at := now.Truncate(time.Second)
	if keepUsed {
		s.keepUsedThrough(before.Add(-keepUsedWindow), at)
	}
	s.sweep(at)
	return now, nil
}

// keepUsedThrough counts every enabled credential last used at or after since as used at now.
func (s *Server) keepUsedThrough(since, now time.Time) {
	for _, a := range s.accounts {
		for _, set := range []map[string]*credential{a.apiKeys, a.clients} {
			for _, c := range set {
				if c.status != apirules.StatusEnabled || c.lastUsedAt == nil || c.lastUsedAt.Before(since) {
					continue
				}
				used := now
				c.lastUsedAt = &used
				c.activityAt = now
			}
		}
	}
}

// DisableCredential disables an API key or client ID as Klarna would, e.g. with reason
// SECURITY for a key suspected to be compromised.
func (s *Server) DisableCredential(credentialID, reason string) error {
	switch reason {
	case apirules.DisabledManual, apirules.DisabledInactivity, apirules.DisabledSecurity:
	default:
		return fmt.Errorf("reason %q is not one of MANUAL, INACTIVITY, SECURITY", reason)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, a := range s.accounts {
		for _, set := range []map[string]*credential{a.apiKeys, a.clients} {
			if c := set[strings.ToLower(credentialID)]; c != nil {
				c.status = apirules.StatusDisabled
				c.disabledReason = reason
				c.disabledAt = now
				return nil
			}
		}
	}
	return fmt.Errorf("no API key or client ID %s", credentialID)
}

// Secrets are every secret the mock handed out or received, for scans that prove none of
// them reached a log or a state file where it does not belong.
type Secrets struct {
	APIKeys   []string         // every API key secret, the bootstrap keys included
	DeepLinks []DeepLinkSecret // every deep-link URL token
	JWTs      []string         // every portal JWT received
}

// DeepLinkSecret is a deep-link URL token and whom it lets in.
type DeepLinkSecret struct {
	Token     string
	Principal string
}

// Secrets returns every secret the mock handed out or received so far, deleted keys included.
func (s *Server) Secrets() Secrets {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Secrets{JWTs: append([]string(nil), s.seenJWTs...)}
	// Live keys and deep links in sorted order, deleted keys in the order they went.
	out.APIKeys = slices.Sorted(maps.Keys(s.keysBySecret))
	out.APIKeys = append(out.APIKeys, s.deletedSecrets...)
	for _, token := range slices.Sorted(maps.Keys(s.deepLinks)) {
		out.DeepLinks = append(out.DeepLinks, DeepLinkSecret{Token: token, Principal: s.deepLinks[token].principal})
	}
	return out
}

// Emails lists the invitation emails sent so far.
func (s *Server) Emails() []Email {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Email(nil), s.emails...)
}

// AccountState is one account in the state dump; secrets are left out.
type AccountState struct {
	AccountID          string              `json:"account_id"`
	OnboardedThrough   string              `json:"onboarded_through,omitempty"`
	MTLSEnabled        bool                `json:"mtls_enabled"`
	MTLS               MTLSEnforcement     `json:"mtls"`
	APIKeys            []APIKey            `json:"api_keys"`
	ClientIDs          []ClientID          `json:"client_ids"`
	ClientCertificates []ClientCertificate `json:"client_certificates"`
	UserAccess         []UserAccess        `json:"user_access_granted"`
	// PartnerAccount is what onboarding recorded, as GET /v2/accounts/{account_id} reads
	// it; absent for an account that is no partner account.
	PartnerAccount *PartnerAccount `json:"partner_account,omitempty"`
}

// State dumps every account, without secrets.
func (s *Server) State() []AccountState {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.sweep(now)
	ids := make([]string, 0, len(s.accounts))
	for id := range s.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]AccountState, 0, len(ids))
	for _, id := range ids {
		a := s.accounts[id]
		st := AccountState{
			AccountID: a.id, OnboardedThrough: a.parent, MTLSEnabled: a.mtlsEnabled, MTLS: s.mtlsStatus(a, now),
			APIKeys:            apiKeys.views(a, s.env),
			ClientIDs:          clientIDs.views(a, s.env),
			ClientCertificates: viewsOf(a.certs, (*certificate).view),
			UserAccess:         []UserAccess{},
		}
		if a.partner != nil {
			view := s.partnerAccountView(a, now)
			st.PartnerAccount = &view
		}
		for _, g := range a.grants {
			st.UserAccess = append(st.UserAccess, g.view())
		}
		sort.Slice(st.UserAccess, func(i, j int) bool {
			x, y := st.UserAccess[i], st.UserAccess[j]
			return x.AccountID+x.OnBehalfOf+x.Principal < y.AccountID+y.OnBehalfOf+y.Principal
		})
		out = append(out, st)
	}
	return out
}

// controlRoutes registers the /_mock/ control plane: unauthenticated, loopback only.
func (s *Server) controlRoutes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /_mock/clock", s.showClock)
	m.HandleFunc("POST /_mock/clock", s.changeClock)
	m.HandleFunc("POST /_mock/faults", s.scheduleFault)
	m.HandleFunc("GET /_mock/faults", s.listFaults)
	m.HandleFunc("DELETE /_mock/faults", s.clearFaults)
	m.HandleFunc("POST /_mock/latency", s.delayRequests)
	m.HandleFunc("POST /_mock/credentials/{credential_id}/disable", s.disableCredentialAsKlarna)
	m.HandleFunc("GET /_mock/emails", s.listEmails)
	m.HandleFunc("GET /_mock/requests", s.countRequests)
	m.HandleFunc("DELETE /_mock/requests", s.resetRequestCounts)
	m.HandleFunc("GET /_mock/state", s.dumpState)
	m.HandleFunc("GET /_mock/violations", s.listViolations)
	m.HandleFunc("GET /_mock/portal/login", s.portalLogin)
	m.HandleFunc("POST /_mock/events", s.emitEvent)
	m.HandleFunc("GET /_mock/deliveries", s.listDeliveries)
	s.control = m
}

func (s *Server) showClock(w http.ResponseWriter, _ *http.Request) {
	writeControl(w, http.StatusOK, map[string]time.Time{"now": s.clock.Now()})
}

// clockChange is the body of POST /_mock/clock: advance or set, not both.
type clockChange struct {
	Advance  string `json:"advance"`
	Set      string `json:"set"`
	KeepUsed bool   `json:"keep_used"`
}

func (s *Server) changeClock(w http.ResponseWriter, r *http.Request) {
	var req clockChange
	if !readControl(w, r, &req) {
		return
	}
	now, err := s.applyClockChange(req)
	if err != nil {
		controlError(w, err)
		return
	}
	writeControl(w, http.StatusOK, map[string]time.Time{"now": now})
}

// applyClockChange moves the clock as req asks and returns the new time.
func (s *Server) applyClockChange(req clockChange) (time.Time, error) {
	switch {
	case req.Advance != "" && req.Set != "":
		return time.Time{}, fmt.Errorf("give either advance or set, not both")
	case req.Advance != "":
		d, err := time.ParseDuration(req.Advance)
		if err != nil {
			return time.Time{}, err
		}
		if req.KeepUsed {
			return s.advanceClockKeepingUsed(d)
		}
		return s.AdvanceClock(d)
	case req.Set != "":
		t, err := time.Parse(time.RFC3339, req.Set)
		if err != nil {
			return time.Time{}, err
		}
		if req.KeepUsed {
			return s.setClockKeepingUsed(t)
		}
		return s.SetClock(t)
	default:
		return time.Time{}, fmt.Errorf(`give {"advance": "<Go duration>"} or {"set": "<RFC 3339>"}, optionally with "keep_used": true`)
	}
}

func (s *Server) scheduleFault(w http.ResponseWriter, r *http.Request) {
	var f Fault
	if !readControl(w, r, &f) {
		return
	}
	if err := s.AddFault(f); err != nil {
		controlError(w, err)
		return
	}
	writeControl(w, http.StatusOK, map[string]int{"pending": s.PendingFaults()})
}

func (s *Server) listFaults(w http.ResponseWriter, _ *http.Request) {
	writeControl(w, http.StatusOK, s.Faults())
}

func (s *Server) clearFaults(w http.ResponseWriter, _ *http.Request) {
	s.ClearFaults()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) delayRequests(w http.ResponseWriter, r *http.Request) {
	var l Latency
	if !readControl(w, r, &l) {
		return
	}
	if err := s.setLatency(l); err != nil {
		controlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// disableCredentialAsKlarna disables a credential with the reason in the body, SECURITY
// when the body is empty.
func (s *Server) disableCredentialAsKlarna(w http.ResponseWriter, r *http.Request) {
	req := struct {
		Reason string `json:"reason"`
	}{Reason: apirules.DisabledSecurity}
	if r.ContentLength != 0 && !readControl(w, r, &req) {
		return
	}
	if err := s.DisableCredential(r.PathValue("credential_id"), req.Reason); err != nil {
		controlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listEmails(w http.ResponseWriter, _ *http.Request) {
	emails := s.Emails()
	if emails == nil {
		emails = []Email{}
	}
	writeControl(w, http.StatusOK, map[string][]Email{"emails": emails})
}

func (s *Server) countRequests(w http.ResponseWriter, _ *http.Request) {
	writeControl(w, http.StatusOK, s.Requests())
}

func (s *Server) resetRequestCounts(w http.ResponseWriter, _ *http.Request) {
	s.ResetRequests()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) dumpState(w http.ResponseWriter, _ *http.Request) {
	writeControl(w, http.StatusOK, map[string][]AccountState{"accounts": s.State()})
}

func (s *Server) listViolations(w http.ResponseWriter, _ *http.Request) {
	v := s.Violations()
	if v == nil {
		v = []string{}
	}
	writeControl(w, http.StatusOK, map[string][]string{"violations": v})
}

func (s *Server) emitEvent(w http.ResponseWriter, r *http.Request) {
	var ev Event
	if !readControl(w, r, &ev) {
		return
	}
	out, err := s.EmitEvent(ev)
	if err != nil {
		controlError(w, err)
		return
	}
	writeControl(w, http.StatusOK, out)
}

func (s *Server) listDeliveries(w http.ResponseWriter, _ *http.Request) {
	writeControl(w, http.StatusOK, map[string][]Delivery{"deliveries": s.Deliveries()})
}

func readControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		controlError(w, fmt.Errorf("the body is not the JSON this route takes: %w", err))
		return false
	}
	return true
}

func controlError(w http.ResponseWriter, err error) {
	writeControl(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
}

func writeControl(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
