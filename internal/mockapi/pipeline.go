package mockapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
)

// reply is what a route handler answers.
type reply struct {
	status     int
	body       any // encoded as JSON; nil for no body
	retryAfter int // seconds; 0 for no Retry-After
}

// reqCtx is one authenticated request as a handler sees it. Handlers run under s.mu.
type reqCtx struct {
	r       *http.Request
	now     time.Time
	caller  *account
	target  *account // the path's account, or the caller for /v2/account/... paths
	body    []byte
	baseURL string
}

type handlerFunc func(s *Server, c *reqCtx) reply

// handle registers an API route; the pipeline runs around fn.
func (s *Server) handle(pattern string, fn handlerFunc) {
	s.patterns = append(s.patterns, pattern)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.serveRoute(w, r, fn)
	})
}

// ServeHTTP serves the API and, under /_mock/, the control plane.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_mock/") {
		w.Header().Set("Date", s.clock.Now().Format(http.TimeFormat))
		if problems := s.controlQueryProblems(r); len(problems) > 0 {
			writeControl(w, http.StatusBadRequest, validationErrors(problems).body)
			return
		}
		if !s.bufferControlBody(w, r) {
			return
		}
		s.control.ServeHTTP(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// serveRoute counts, logs and serves one API request; fn is nil for a path outside the API.
func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request, fn handlerFunc) {
	start := time.Now()
	pattern := r.Pattern
	if fn == nil {
		pattern = r.Method + " (no such route)"
	}
	s.countRequest(pattern)
	status := s.serveAPI(w, r, fn)
	s.logf("%s %s %d %s", r.Method, r.URL.EscapedPath(), status, time.Since(start).Round(time.Microsecond))
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, fn handlerFunc) int {
	if d := s.latencyFor(r); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-r.Context().Done():
			t.Stop()
			return 0
		case <-t.C:
		}
	}
	// Every response to an mTLS-enabled account's key carries the verification status,
	// refusals before authentication and injected faults included.
	early := s.peekVerification(r)
	var dropAfterCommit bool
	if f := s.takeFault(r); f != nil {
		switch f.Kind {
		case FaultDrop:
			s.logf("%s %s: fault %s", r.Method, r.URL.EscapedPath(), f.Kind)
			panic(http.ErrAbortHandler)
		case FaultCommitThenDrop:
			dropAfterCommit = true
		case FaultDDoS:
			return s.write(w, http.StatusForbidden, s.responseHeaders(r, reply{status: http.StatusForbidden}, early, nil), nil)
		default:
			return s.writeReply(w, r, f.reply(), early)
		}
	}
	if rep, ok := checkHeaderSizes(r); !ok {
		return s.writeReply(w, r, rep, early)
	}
	// A path outside the API is judged after authentication and mTLS, like any other.
	var body []byte
	var refusal *reply
	if fn != nil {
		var rep reply
		var ok bool
		if body, rep, ok = s.readBody(w, r); !ok {
			return s.writeReply(w, r, rep, early)
		}
		refusal = s.checkRequest(r, body)
	}

	rep, encoded, mtls := s.serveLocked(r, fn, body, refusal)
	header := s.responseHeaders(r, rep, mtls, encoded)
	if s.validator != nil {
		// A request outside the document has no response to check.
		if err := s.checkResponse(r, rep.status, header, encoded); err != nil && !errors.Is(err, openapi.ErrNoRoute) {
			s.recordViolation("response to %s %s (status %d) breaks the contract: %v", r.Method, r.URL.Path, rep.status, err)
			rep = apiError(http.StatusInternalServerError, errorTypeTechnical, codeInternal,
				"the mock's response broke the contract: "+err.Error())
			encoded = s.encode(rep)
			header = s.responseHeaders(r, rep, mtls, encoded)
		}
	}
	if dropAfterCommit {
		s.logf("%s %s: fault %s after status %d", r.Method, r.URL.EscapedPath(), FaultCommitThenDrop, rep.status)
		panic(http.ErrAbortHandler)
	}
	return s.write(w, rep.status, header, encoded)
}

// serveLocked runs everything that reads or changes state: authentication, rate limit,
// mTLS, idempotency, the account boundary and the handler.
func (s *Server) serveLocked(r *http.Request, fn handlerFunc, body []byte, refusal *reply) (reply, []byte, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.sweep(now)

	ref := s.authenticate(r)
	if ref == nil {
		rep := apiError(http.StatusUnauthorized, errorTypeAccess, codeUnauthorized,
			"missing, unknown, disabled or deleted API key")
		return rep, s.encode(rep), ""
	}
	caller := ref.account
	mtls := s.verification(r, caller)
	if rep, limited := s.rateLimit(caller.id); limited {
		return rep, s.encode(rep), mtls
	}
	if s.enforcementInEffect(caller, now) && mtls != apirules.VerificationValid {
		rep := apiError(http.StatusUnauthorized, errorTypeAccess, codeMTLSRequired,
			"mTLS is enforced for this account: present an ACTIVE API client certificate of the account (verification status "+mtls+")")
		return rep, s.encode(rep), mtls
	}
	if rep, refused := ipRefusal(r, caller, now); refused {
		return rep, s.encode(rep), mtls
	}
	used := now
	ref.cred.lastUsedAt = &used
	ref.cred.activityAt = now
	if fn == nil {
		rep := apiError(http.StatusNotFound, errorTypeResource, codeNotFound, fmt.Sprintf("no route %s %s", r.Method, r.URL.Path))
		return rep, s.encode(rep), mtls
	}

	// Idempotency keys and the IDs in paths are UUIDs, which are not case-sensitive. A
	// key given twice is no key: the request is refused below.
	idemKey := ""
	if keys := r.Header.Values(headerIdempotencyKey); len(keys) == 1 && (r.Method == http.MethodPost || r.Method == http.MethodPatch) {
		idemKey = strings.ToLower(keys[0])
	}
	if id := r.PathValue("id"); id != "" {
		r.SetPathValue("id", strings.ToLower(id))
	}
	fingerprint := ""
	if idemKey != "" {
		fingerprint = requestFingerprint(r, body)
		if rec, ok := caller.idempotency[idemKey]; ok {
			if rec.fingerprint != fingerprint {
				rep := apiError(http.StatusConflict, errorTypeResource, codeIdempotencyKeyReused,
					"this Klarna-Idempotency-Key was used for a different request in the last 24 hours")
				return rep, s.encode(rep), mtls
			}
			return reply{status: rec.status}, append([]byte(nil), rec.body...), mtls
		}
	}
	// The account boundary holds whatever the rest of the request looks like.
	c := &reqCtx{r: r, now: now, caller: caller, target: caller, body: body, baseURL: s.baseURL()}
	if raw := r.PathValue("account_id"); raw != "" {
		target, rep, ok := s.resolveTarget(caller, raw)
		if !ok {
			return rep, s.encode(rep), mtls
		}
		c.target = target
	}
	if refusal != nil {
		return *refusal, s.encode(*refusal), mtls
	}
	rep := fn(s, c)
	encoded := s.encode(rep)
	if idemKey != "" && rep.status >= 200 && rep.status < 300 {
		caller.idempotency[idemKey] = &idemRecord{fingerprint: fingerprint, status: rep.status, body: encoded, at: now}
	}
	return rep, encoded, s.verification(r, caller)
}

// authenticate finds the enabled API key in Authorization: Basic <key>, raw or base64-encoded.
// Two Authorization headers name no one caller: the request is not authenticated.
func (s *Server) authenticate(r *http.Request) *credentialRef {
	if len(r.Header.Values(headerAuthorization)) != 1 {
		return nil
	}
	v := r.Header.Get(headerAuthorization)
	scheme, cred, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return nil
	}
	cred = strings.TrimSpace(cred)
	ref := s.keysBySecret[cred]
	if ref == nil {
		if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
			ref = s.keysBySecret[string(dec)]
		}
	}
	if ref == nil || ref.cred.status != apirules.StatusEnabled {
		return nil
	}
	if _, live := ref.account.apiKeys[ref.cred.id]; !live {
		return nil
	}
	return ref
}

// verification is the Klarna-Mtls-Verification-Status of a request authenticated as a,
// or "" while a has never had an API certificate.
func (s *Server) verification(r *http.Request, a *account) string {
	if !a.mtlsEnabled {
		return ""
	}
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return apirules.VerificationNotPresent
	}
	sum := sha256.Sum256(r.TLS.PeerCertificates[0].Raw)
	fp := hex.EncodeToString(sum[:])
	for _, c := range a.certs {
		if c.usage == apirules.UsageAPI && c.status == apirules.CertificateActive && c.fingerprint == fp {
			return apirules.VerificationValid
		}
	}
	return apirules.VerificationInvalid
}

// resolveTarget finds the path's account. Any value that names neither the caller's own
// account nor one onboarded through it, a malformed one included, is 403 FORBIDDEN.
func (s *Server) resolveTarget(caller *account, raw string) (*account, reply, bool) {
	target := s.accounts[raw]
	if target == nil || !canAct(caller, target) {
		msg := fmt.Sprintf("account %s is neither the caller's own account nor onboarded through it", raw)
		if _, err := krn.Parse(raw); err != nil {
			msg += ": " + err.Error()
		}
		return nil, apiError(http.StatusForbidden, errorTypeAccess, codeForbidden, msg), false
	}
	return target, reply{}, true
}

// rateLimit applies the per-account token bucket on the mock clock.
func (s *Server) rateLimit(accountID string) (reply, bool) {
	if s.opts.RateLimit <= 0 {
		return reply{}, false
	}
	now := s.clock.Now()
	s.limMu.Lock()
	lim := s.limiters[accountID]
	if lim == nil {
		burst := int(math.Max(1, s.opts.RateLimit))
		lim = rate.NewLimiter(rate.Limit(s.opts.RateLimit), burst)
		s.limiters[accountID] = lim
	}
	s.limMu.Unlock()
	res := lim.ReserveN(now, 1)
	delay := res.DelayFrom(now)
	if res.OK() && delay == 0 {
		return reply{}, false
	}
	res.CancelAt(now)
	secs := int(math.Ceil(delay.Seconds()))
	if secs < 1 {
		secs = 1
	}
	rep := apiError(http.StatusTooManyRequests, errorTypeTechnical, codeRateLimited,
		fmt.Sprintf("rate limit of %g requests per second for this account exceeded", s.opts.RateLimit))
	rep.retryAfter = secs
	return rep, true
}

func requestFingerprint(r *http.Request, body []byte) string {
	h := sha256.New()
	// The route and its path values, not the path as sent: an ID that differs in case
	// only names the same resource.
	_, _ = fmt.Fprintf(h, "%s %s\naccount_id=%s\nid=%s\n?%s\n", r.Method, r.Pattern,
		r.PathValue("account_id"), strings.ToLower(r.PathValue("id")), r.URL.RawQuery)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

func checkHeaderSizes(r *http.Request) (reply, bool) {
	total := 0
	// In name order, so that of two headers too large the error names the same one each time.
	for _, name := range slices.Sorted(maps.Keys(r.Header)) {
		for _, v := range r.Header[name] {
			n := len(name) + len(v) + 4
			if n > apirules.MaxHeaderBytes {
				return apiError(http.StatusRequestEntityTooLarge, errorTypeInput, codePayloadTooLarge,
					fmt.Sprintf("header %s is larger than 6 KB", name)), false
			}
			total += n
		}
	}
	if total > apirules.MaxAllHeadersBytes {
		return apiError(http.StatusRequestEntityTooLarge, errorTypeInput, codePayloadTooLarge,
			"the request headers are larger than 20 KB in all"), false
	}
	return reply{}, true
}

func contractReply(err error) reply {
	var re *openapi.RequestError
	if errors.As(err, &re) && len(re.Violations) > 0 {
		var errs []errorDetail
		for _, v := range re.Violations {
			errs = append(errs, errorDetail{Parameter: v.Parameter, ErrorMessage: v.Message})
		}
		return validationErrors(errs)
	}
	if errors.Is(err, openapi.ErrNoRoute) {
		return apiError(http.StatusNotFound, errorTypeResource, codeNotFound, "no such route")
	}
	return validationError("body", err.Error())
}

// apiError builds an error reply with the contract's error body.
func apiError(status int, errType, code, msg string) reply {
	return reply{status: status, body: errorBody{
		ErrorID:      uuid.NewString(),
		ErrorType:    errType,
		ErrorCode:    code,
		ErrorMessage: msg,
	}}
}

// validationError is a 400 VALIDATION_ERROR naming one parameter.
func validationError(parameter, msg string) reply {
	return validationErrors([]errorDetail{{Parameter: parameter, ErrorMessage: msg}})
}

// validationErrors is a 400 VALIDATION_ERROR naming every invalid parameter.
func validationErrors(errs []errorDetail) reply {
	return reply{status: http.StatusBadRequest, body: errorBody{
		ErrorID:      uuid.NewString(),
		ErrorType:    errorTypeInput,
		ErrorCode:    codeValidation,
		ErrorMessage: "the request is not valid",
		Errors:       errs,
	}}
}

func notFound(what, id string) reply {
	return apiError(http.StatusNotFound, errorTypeResource, codeNotFound, fmt.Sprintf("%s %s not found", what, id))
}

func conflict(code, msg string) reply {
	return apiError(http.StatusConflict, errorTypeResource, code, msg)
}

func (s *Server) encode(rep reply) []byte {
	if rep.body == nil {
		return nil
	}
	b, err := json.Marshal(rep.body)
	if err != nil {
		s.recordViolation("encoding a response: %v", err)
		return []byte(`{"error_id":"` + uuid.NewString() + `","error_type":"TECHNICAL_ERROR","error_code":"INTERNAL_ERROR","error_message":"the mock could not encode its response"}`)
	}
	return b
}

func (s *Server) responseHeaders(r *http.Request, rep reply, mtls string, encoded []byte) http.Header {
	h := http.Header{}
	if len(encoded) > 0 {
		h.Set("Content-Type", "application/json")
	}
	h.Set(headerKlarnaCorrelationID, uuid.NewString())
	if v := r.Header.Get(headerPartnerCorrelationID); v != "" {
		h.Set(headerPartnerCorrelationID, v)
	}
	if mtls != "" {
		h.Set(headerMTLSVerificationStatus, mtls)
	}
	if rep.retryAfter > 0 {
		h.Set(headerRetryAfter, strconv.Itoa(rep.retryAfter))
	}
	if st := s.peekIPValidation(r); st != "" {
		h.Set(headerIPValidationStatus, st)
	}
	return h
}

// writeReply sends a reply that did not go through the handler pipeline (faults, early
// refusals), with the verification status mtls ("" for none).
func (s *Server) writeReply(w http.ResponseWriter, r *http.Request, rep reply, mtls string) int {
	encoded := s.encode(rep)
	return s.write(w, rep.status, s.responseHeaders(r, rep, mtls, encoded), encoded)
}

// peekVerification is the verification status for a request whose key authenticates, ""
// otherwise; it changes nothing but what time-based rules have made due.
func (s *Server) peekVerification(r *http.Request) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(s.now())
	ref := s.authenticate(r)
	if ref == nil {
		return ""
	}
	return s.verification(r, ref.account)
}

func (s *Server) write(w http.ResponseWriter, status int, header http.Header, encoded []byte) int {
	s.countErrorCode(status, encoded)
	for k, v := range header {
		w.Header()[k] = v
	}
	w.Header().Set("Date", s.clock.Now().Format(http.TimeFormat))
	w.WriteHeader(status)
	if len(encoded) > 0 && status != http.StatusNoContent {
		_, _ = w.Write(encoded) //nolint:gosec // a JSON body the mock encoded itself, sent as application/json
	}
	return status
}

// decodeStrict decodes a JSON body into v, refusing unknown fields and trailing data.
func decodeStrict(body []byte, v any) (reply, bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return validationError("body", "a JSON body is required"), false
	}
	// encoding/json would replace invalid bytes with U+FFFD and store that.
	if !utf8.Valid(body) {
		return validationError("body", "the body is not valid UTF-8"), false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return validationError(typeErr.Field, fmt.Sprintf("must be a JSON %s", typeErr.Type.Kind())), false
		}
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return validationError(strings.Trim(field, `"`), "unknown field"), false
		}
		return validationError("body", "the body is not valid JSON: "+err.Error()), false
	}
	if dec.More() {
		return validationError("body", "the body holds more than one JSON value"), false
	}
	return reply{}, true
}

// decodeOptional is decodeStrict for a route whose body the contract makes optional: no
// body at all is read as an empty object.
func decodeOptional(body []byte, v any) (reply, bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return reply{}, true
	}
	return decodeStrict(body, v)
}

func newUUID() string { return uuid.NewString() }
