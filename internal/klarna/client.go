// Package klarna is a typed client for Klarna's partner management API: API keys, client
// IDs, client certificates, mTLS enforcement, portal user access and deep links, for the
// caller's own account or any partner account onboarded through it.
package klarna

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"github.com/partnerops/terraform-provider-klarna/internal/clock"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// Base URLs of the API.
const (
	BaseURLLive = "https://api-global.klarna.com"
	BaseURLTest = "https://api-global.test.klarna.com"
)

// Defaults of Config.
const (
	DefaultMaxRetries     = 8
	DefaultRetryBaseDelay = 500 * time.Millisecond
	DefaultRetryMaxDelay  = 30 * time.Second
	DefaultRetryBudget    = 60 * time.Second
	maxRetryAfter         = 365 * 24 * time.Hour // keeps a huge Retry-After from overflowing
	maxErrorBody          = 1 << 20
	maxResponseBody       = 16 << 20
)

// Config configures a Client.
type Config struct {
	// BaseURL is the API's base URL; https only.
	BaseURL string
	// APIKey authenticates every request (Authorization: Basic <key>).
	APIKey string
	// CACertificatesPEM are extra trusted roots, added to the system's.
	CACertificatesPEM []byte
	// ClientCertificatePEM and ClientPrivateKeyPEM are the mTLS identity presented on every
	// connection: both or neither.
	ClientCertificatePEM []byte
	ClientPrivateKeyPEM  []byte
	// MaxRetries is how many times a failed attempt is retried; 0 means none.
	MaxRetries int
	// RequestsPerSecond limits all requests of this client; 0 means no limit.
	RequestsPerSecond float64
	// UserAgent is sent on every request.
	UserAgent string
	// RetryBaseDelay and RetryMaxDelay shape the exponential backoff when the server gives
	// no Retry-After; zero means the defaults.
	RetryBaseDelay time.Duration
	RetryMaxDelay  time.Duration
	// RetryBudget bounds the time of one operation, from its first attempt: no wait goes
	// past it and no attempt starts after it, and a Retry-After beyond it ends the
	// operation at once. Zero means DefaultRetryBudget.
	RetryBudget time.Duration
	// Transport replaces the HTTP transport (tests); TLS settings above are then ignored.
	Transport http.RoundTripper
	// Clock is the client's own clock, from which Now follows the server's; nil means the
	// wall clock.
	Clock clock.Clock
}

// Client calls the API. It is safe for concurrent use.
type Client struct {
	baseURL    *url.URL
	apiKey     string
	http       *http.Client
	limiter    *rate.Limiter
	pacer      *pacer // learns the account's rate when limiter is nil
	maxRetries int
	baseDelay  time.Duration
	maxDelay   time.Duration
	budget     time.Duration
	userAgent  string
	serverTime *clock.Remote
	// secrets are masked in every error text: the API key, raw and base64-encoded.
	secrets []string
	// ddos is the first request Klarna's DDoS protection blocked; once set, no request is sent.
	ddos atomic.Pointer[DDoSBlockedError]
	// refresh holds the account lists that answer Reads (see RefreshAPIKey).
	refresh refresher
	// lookups answer plan-time checks once per client (see PaymentProfiles).
	lookups lookups
}

// New checks the configuration and returns a client.
func New(cfg Config) (*Client, error) {
	u, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	transport, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:    u,
		apiKey:     cfg.APIKey,
		http:       &http.Client{Transport: transport, CheckRedirect: noRedirects},
		maxRetries: cfg.MaxRetries,
		baseDelay:  orDefault(cfg.RetryBaseDelay, DefaultRetryBaseDelay),
		maxDelay:   orDefault(cfg.RetryMaxDelay, DefaultRetryMaxDelay),
		budget:     orDefault(cfg.RetryBudget, DefaultRetryBudget),
		userAgent:  cfg.UserAgent,
		serverTime: clock.NewRemote(ownClock(cfg.Clock)),
		secrets:    []string{cfg.APIKey, base64.StdEncoding.EncodeToString([]byte(cfg.APIKey))},
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-klarna"
	}
	if cfg.RequestsPerSecond > 0 {
		burst := int(cfg.RequestsPerSecond)
		if burst < 1 {
			burst = 1
		}
		c.limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), burst)
	} else if perResourceBaseline == "" {
		c.pacer = newPacer()
	}
	return c, nil
}

// parseBaseURL reads the base URL: https, with a host and no user information; its
// errors never show a password the URL may hold.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which may hold a password
		}
		return nil, fmt.Errorf("the base URL is not a URL: %w", err)
	}
	if u.User != nil {
		shown := *u
		shown.User = nil // a key pasted as the user name is a secret too
		return nil, fmt.Errorf("base URL %q (shown without its user information) must not hold a user name or password: "+
			"the API authenticates with the API key only", shown.String())
	}
	if u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("base URL %q must be an https:// URL: the API is served over HTTPS only", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// checkConfig checks the API key, the user agent and the retry and rate settings.
func checkConfig(cfg Config) error {
	if cfg.APIKey == "" {
		return errors.New("an API key is required")
	}
	if !validHeaderValue(cfg.APIKey) || strings.TrimSpace(cfg.APIKey) != cfg.APIKey {
		return errors.New("the API key begins or ends with white space or holds a control character " +
			"(a key read from a file keeps its final newline): give the key alone")
	}
	if !validHeaderValue(cfg.UserAgent) {
		return errors.New("the user agent holds a control character")
	}
	if cfg.RetryBudget < 0 {
		return fmt.Errorf("the retry budget must be 0 (the default, %s) or more, got %s", DefaultRetryBudget, cfg.RetryBudget)
	}
	if cfg.MaxRetries < 0 {
		return fmt.Errorf("max retries must be 0 or more, got %d", cfg.MaxRetries)
	}
	if cfg.RequestsPerSecond < 0 {
		return fmt.Errorf("requests per second must be 0 (no limit) or more, got %g", cfg.RequestsPerSecond)
	}
	return nil
}

// newTransport is cfg.Transport, or else an HTTP transport with the configuration's TLS
// settings.
func newTransport(cfg Config) (http.RoundTripper, error) {
	if cfg.Transport != nil {
		return cfg.Transport, nil
	}
	tlsConfig, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       tlsConfig,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 90 * time.Second,
	}, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func tlsConfig(cfg Config) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(cfg.CACertificatesPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(cfg.CACertificatesPEM) {
			return nil, errors.New("the extra CA certificates hold no PEM CERTIFICATE block")
		}
		tc.RootCAs = pool
	}
	switch {
	case len(cfg.ClientCertificatePEM) == 0 && len(cfg.ClientPrivateKeyPEM) == 0:
	case len(cfg.ClientCertificatePEM) == 0 || len(cfg.ClientPrivateKeyPEM) == 0:
		return nil, errors.New("a client certificate and its private key go together: give both or neither")
	default:
		cert, err := ClientTLSCertificate(cfg.ClientCertificatePEM, cfg.ClientPrivateKeyPEM)
		if err != nil {
			return nil, err
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// ClientTLSCertificate pairs a PEM certificate (chain) with its ECDSA P-256 private key, in
// any of the forms pki.ParsePrivateKeyPEM accepts.
func ClientTLSCertificate(certPEM, keyPEM []byte) (tls.Certificate, error) {
	key, err := pki.ParsePrivateKeyPEM(keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("client private key: %w", err)
	}
	var out tls.Certificate
	for b := range pki.CertificateBlocks(certPEM) {
		if !b.IsCertificate() {
			continue
		}
		if b.Err != nil {
			return tls.Certificate{}, fmt.Errorf("client certificate: %w", b.Err)
		}
		out.Certificate = append(out.Certificate, b.Certificate.Raw)
		if out.Leaf == nil {
			out.Leaf = b.Certificate
		}
	}
	if out.Leaf == nil {
		return tls.Certificate{}, errors.New("client certificate: no PEM CERTIFICATE block found")
	}
	if !pki.SamePublicKey(out.Leaf.PublicKey, key.Public()) {
		return tls.Certificate{}, errors.New("the client private key does not belong to the client certificate")
	}
	out.PrivateKey = key
	return out, nil
}

// call is one logical operation: one route, one body, one idempotency key for all its attempts.
type call struct {
	route   route
	account string // "" is the caller's own account
	id      string
	query   url.Values
	body    any
	out     any
}

// meta is what a successful response says besides its body.
type meta struct {
	mtlsStatus    string
	correlationID string
	ipStatus      string // Klarna-Ip-Validation-Status, "" when absent
}

// do carries out one call: its attempts, with waits and retries within the budget.
func (c *Client) do(ctx context.Context, cl call) (meta, error) {
	op, err := c.newAttemptInfo(cl)
	if err != nil {
		return meta{}, err
	}
	ctx = withLogging(ctx, c.secrets...)
	p := &progress{mutating: cl.route.method != http.MethodGet, start: time.Now()}
	if p.mutating {
		// Whatever its outcome, a write may have changed the account's list.
		defer c.refresh.written(cl)
	}
	p.deadline = p.start.Add(c.budget)
	for attempt := 1; ; attempt++ {
		if err := c.waitToSend(ctx, op, attempt, p); err != nil {
			return meta{}, err
		}
		sent := time.Now()
		m, respBody, err := c.attempt(ctx, op, attempt)
		recordRequest(ctx, op, m)
		c.pace(ctx, op, sent, err)
		if err == nil {
			return m, decodeResponse(op, respBody, cl.out)
		}
		if err := c.retryOrGiveUp(ctx, op, attempt, p, err); err != nil {
			return m, err
		}
	}
}

// progress is where an operation stands across its attempts.
type progress struct {
	mutating bool      // a change, not a read
	start    time.Time // of the first attempt
	deadline time.Time // the end of the retry budget, moved on by the pacer's waits
	// maybeActed is set once an attempt may have reached the server without a definite answer.
	maybeActed bool
}

// outcomeUnknown reports whether a change may have been made by an earlier attempt.
func (p *progress) outcomeUnknown() bool { return p.maybeActed && p.mutating }

// newAttemptInfo is what every attempt of the call sends: the URL, the encoded body, one
// correlation ID and, for a POST or PATCH, one idempotency key.
func (c *Client) newAttemptInfo(cl call) (attemptInfo, error) {
	path, err := cl.route.expand(cl.account, cl.id)
	if err != nil {
		return attemptInfo{}, err
	}
	full, err := url.Parse(c.baseURL.String() + path)
	if err != nil {
		return attemptInfo{}, &LocalError{Method: cl.route.method, Path: path, Kind: LocalInvalidURL, Err: err}
	}
	if len(cl.query) > 0 {
		full.RawQuery = cl.query.Encode()
	}
	var body []byte
	if cl.body != nil {
		if body, err = json.Marshal(cl.body); err != nil {
			return attemptInfo{}, fmt.Errorf("encoding the %s %s request: %w", cl.route.method, path, err)
		}
	}
	op := attemptInfo{
		method:        cl.route.method,
		url:           full.String(),
		path:          path,
		template:      cl.route.template(cl.account),
		body:          body,
		correlationID: newCorrelationID(),
	}
	if cl.route.method == http.MethodPost || cl.route.method == http.MethodPatch {
		op.idempotencyKey = uuid.NewString()
	}
	return op, nil
}

// waitToSend waits for the client-side rate limit and the learned request rate before an
// attempt; it fails when Klarna's DDoS protection has blocked the client or a wait ends early.
func (c *Client) waitToSend(ctx context.Context, op attemptInfo, attempt int, p *progress) error {
	if first := c.ddos.Load(); first != nil {
		return c.unsent(op, attempt-1, p.start, p.outcomeUnknown(), &DDoSBlockedError{Method: op.method, Path: op.path, First: first})
	}
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return fmt.Errorf("%s %s: waiting for the client-side rate limit: %w", op.method, op.path, err)
		}
	}
	if c.pacer == nil {
		return nil
	}
	// Time spent waiting for the pacer is not part of the retry budget.
	d := c.pacer.delay(time.Now())
	if d <= 0 {
		return nil
	}
	waited := time.Now()
	werr := sleep(ctx, d)
	p.deadline = p.deadline.Add(time.Since(waited))
	if werr != nil {
		return c.unsent(op, attempt-1, p.start, p.outcomeUnknown(),
			fmt.Errorf("%s %s: waiting for the learned request rate: %w", op.method, op.path, werr))
	}
	return nil
}

// pace tells the pacer, if any, how an attempt sent at sent went.
func (c *Client) pace(ctx context.Context, op attemptInfo, sent time.Time, err error) {
	if c.pacer == nil {
		return
	}
	apiErr, answered := AsAPIError(err)
	switch {
	case answered && apiErr.StatusCode == http.StatusTooManyRequests:
		c.pacer.rateLimited(ctx, op.correlationID, sent, time.Now())
	case err == nil || (answered && apiErr.StatusCode < http.StatusInternalServerError):
		c.pacer.succeeded(ctx, time.Now())
	default:
		c.pacer.faulted(time.Now())
	}
}

// decodeResponse decodes a successful response's body into out, when both are there.
func decodeResponse(op attemptInfo, body []byte, out any) error {
	if out == nil || len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s %s: decoding the response: %w", op.method, op.path, err)
	}
	return nil
}

// retryOrGiveUp handles a failed attempt: nil after waiting for the next attempt, or the
// error that ends the operation.
func (c *Client) retryOrGiveUp(ctx context.Context, op attemptInfo, attempt int, p *progress, err error) error {
	c.mask(err)
	if blocked, ok := errors.AsType[*DDoSBlockedError](err); ok {
		c.ddos.CompareAndSwap(nil, blocked)
		return c.unsent(op, attempt, p.start, p.outcomeUnknown(), blocked)
	}
	if local, ok := AsLocalError(err); ok {
		return c.unsent(op, attempt, p.start, p.outcomeUnknown(), local)
	}
	retry, noAnswer := retryable(err)
	p.maybeActed = p.maybeActed || noAnswer
	if !retry {
		return err
	}
	exhausted := &RetriesExhaustedError{
		Method: op.method, Path: op.path, Attempts: attempt, IdempotencyKey: op.idempotencyKey,
		OutcomeUnknown: p.outcomeUnknown(), Budget: c.budget, Err: err,
	}
	return c.waitToRetry(ctx, op, attempt, p, exhausted)
}

// waitToRetry waits before the next attempt, or returns exhausted, completed, when the
// context, the retry count, a Retry-After or the budget ends the operation.
func (c *Client) waitToRetry(ctx context.Context, op attemptInfo, attempt int, p *progress, exhausted *RetriesExhaustedError) error {
	err := exhausted.Err
	if ctx.Err() != nil {
		exhausted.Elapsed, exhausted.Reason = time.Since(p.start), ExhaustedCancelled
		exhausted.Err = fmt.Errorf("%w during: %w", ctx.Err(), err)
		return exhausted
	}
	if attempt > c.maxRetries {
		exhausted.Elapsed, exhausted.Reason = time.Since(p.start), ExhaustedRetries
		return exhausted
	}
	wait := c.backoff(attempt, err)
	now := time.Now()
	remaining := p.deadline.Sub(now)
	if ra, ok := errors.AsType[*retryAfterError](err); ok && ra.after > remaining {
		exhausted.Elapsed, exhausted.Reason = now.Sub(p.start), ExhaustedRetryAfter
		exhausted.RetryAfter, exhausted.RetryAt = ra.after, now.Add(ra.after)
		logGivingUp(ctx, op, attempt, exhausted)
		return exhausted
	}
	if remaining <= 0 {
		exhausted.Elapsed, exhausted.Reason = now.Sub(p.start), ExhaustedBudget
		return exhausted
	}
	// The last wait ends with the budget: one more attempt then, and no later.
	wait = min(wait, remaining)
	logWaiting(ctx, op, attempt, wait, now.Add(wait), p.deadline, err)
	waited := time.Now()
	werr := sleep(ctx, wait)
	recordWait(ctx, time.Since(waited), op.method+" "+op.path, err)
	if werr != nil {
		exhausted.Elapsed, exhausted.Reason = time.Since(p.start), ExhaustedCancelled
		exhausted.Err = fmt.Errorf("%w while waiting to retry after: %w", werr, err)
		return exhausted
	}
	return nil
}

// unsent is the error of an operation whose latest attempt was not carried out (a local
// error, a DDoS block): err itself, or, for a change whose earlier attempts may have
// reached the API, a RetriesExhaustedError that keeps the outcome open.
func (c *Client) unsent(op attemptInfo, attempts int, start time.Time, outcomeUnknown bool, err error) error {
	if !outcomeUnknown {
		return err
	}
	return &RetriesExhaustedError{
		Method: op.method, Path: op.path, Attempts: attempts, IdempotencyKey: op.idempotencyKey,
		OutcomeUnknown: true, Budget: c.budget, Elapsed: time.Since(start), Reason: ExhaustedUnsendable, Err: err,
	}
}

// mask removes the API key and every secret-shaped value from the text of an API error, as
// the HTTP logger does, so that a server or proxy echoing the Authorization header cannot
// put the key into an error message, a diagnostic or a log.
func (c *Client) mask(err error) {
	apiErr, ok := AsAPIError(err)
	if !ok {
		return
	}
	apiErr.ErrorMessage = c.redact(apiErr.ErrorMessage)
	apiErr.ErrorID = c.redact(apiErr.ErrorID)
	apiErr.ErrorCode = c.redact(apiErr.ErrorCode)
	apiErr.ErrorType = c.redact(apiErr.ErrorType)
	apiErr.DocURL = c.redact(apiErr.DocURL)
	apiErr.CorrelationID = c.redact(apiErr.CorrelationID)
	for i := range apiErr.Errors {
		apiErr.Errors[i].Parameter = c.redact(apiErr.Errors[i].Parameter)
		apiErr.Errors[i].ErrorMessage = c.redact(apiErr.Errors[i].ErrorMessage)
	}
}

// redact is Redact plus the client's own API key, raw and base64-encoded, whatever its shape.
func (c *Client) redact(s string) string {
	for _, secret := range c.secrets {
		s = strings.ReplaceAll(s, secret, masked)
	}
	return Redact(s)
}

type attemptInfo struct {
	method, url, path, template string
	body                        []byte
	correlationID               string
	idempotencyKey              string
}

// invalidHeader names the first header, in name order, with a value HTTP cannot carry.
func invalidHeader(h http.Header) (string, bool) {
	for _, name := range slices.Sorted(maps.Keys(h)) {
		if !slices.ContainsFunc(h[name], func(v string) bool { return !validHeaderValue(v) }) {
			continue
		}
		return name, true
	}
	return "", false
}

// transportError is a failure to get any answer from the server that may change on retry.
type transportError struct {
	method, path string
	// sent is false when the request certainly did not reach the server.
	sent bool
	err  error
}

func (e *transportError) Error() string {
	return fmt.Sprintf("%s %s: no response: %s", e.method, e.path, Redact(e.err.Error()))
}

// transportFailure is the error of an attempt that got no response.
func transportFailure(op attemptInfo, err error) error {
	class := classifyTransport(err)
	if class.local != "" {
		return &LocalError{Method: op.method, Path: op.path, Kind: class.local, Err: err}
	}
	return &transportError{method: op.method, path: op.path, sent: class.sent, err: err}
}
func (e *transportError) Unwrap() error { return e.err }

// retryAfterError carries a server's Retry-After with the error it came with.
type retryAfterError struct {
	*APIError
	after time.Duration
}

func (e *retryAfterError) Unwrap() error { return e.APIError }

// attempt sends one attempt of an operation and reads its answer: the response's body on
// success, else the error the answer or its absence means.
func (c *Client) attempt(ctx context.Context, op attemptInfo, n int) (meta, []byte, error) {
	req, err := c.newRequest(ctx, op)
	if err != nil {
		return meta{}, nil, err
	}
	logRequest(ctx, op, n)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		logTransportError(ctx, op, n, time.Since(start), err)
		return meta{}, nil, transportFailure(op, err)
	}
	c.observeDate(resp.Header)
	defer func() { _ = resp.Body.Close() }()
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		logTransportError(ctx, op, n, time.Since(start), err)
		return meta{}, nil, &transportError{method: op.method, path: op.path, sent: true, err: fmt.Errorf("reading the response: %w", err)}
	}
	m := meta{
		mtlsStatus:    firstValue(resp.Header.Get(HeaderMTLSVerificationStatus)),
		correlationID: resp.Header.Get(HeaderKlarnaCorrelationID),
		ipStatus:      firstValue(resp.Header.Get(HeaderIPValidationStatus)),
	}
	logResponse(ctx, op, n, resp.StatusCode, time.Since(start), m, respBody)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return m, respBody, nil
	}
	if resp.StatusCode == http.StatusForbidden && len(bytes.TrimSpace(respBody)) == 0 {
		return m, nil, &DDoSBlockedError{Method: op.method, Path: op.path, PartnerCorrelationID: op.correlationID}
	}
	apiErr := newAPIError(op, m, resp.StatusCode, respBody)
	if after, ok := parseRetryAfter(resp.Header.Get(HeaderRetryAfter), c.Now()); ok {
		return m, nil, &retryAfterError{APIError: apiErr, after: after}
	}
	return m, nil, apiErr
}

// newRequest is the HTTP request of one attempt, with the client's headers and the
// operation's; a header value HTTP cannot carry is a local error.
func (c *Client) newRequest(ctx context.Context, op attemptInfo) (*http.Request, error) {
	var reader io.Reader
	if op.body != nil {
		reader = bytes.NewReader(op.body)
	}
	req, err := http.NewRequestWithContext(ctx, op.method, op.url, reader)
	if err != nil {
		return nil, &LocalError{Method: op.method, Path: op.path, Kind: LocalInvalidURL, Err: err}
	}
	req.Header.Set(HeaderAuthorization, "Basic "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set(HeaderPartnerCorrelationID, op.correlationID)
	if op.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if op.idempotencyKey != "" {
		req.Header.Set(HeaderIdempotencyKey, op.idempotencyKey)
	}
	if name, bad := invalidHeader(req.Header); bad {
		return nil, &LocalError{Method: op.method, Path: op.path, Kind: LocalInvalidHeader, Header: name,
			Err: errors.New("a control character, such as a newline")}
	}
	return req, nil
}

// newAPIError is the error of a non-2xx answer: the API's error body when it has one, else
// the start of the body or the status text as its message.
func newAPIError(op attemptInfo, m meta, status int, body []byte) *APIError {
	apiErr := &APIError{
		StatusCode:           status,
		Method:               op.method,
		Path:                 op.path,
		CorrelationID:        m.correlationID,
		PartnerCorrelationID: op.correlationID,
		MTLSStatus:           m.mtlsStatus,
	}
	var eb ErrorBody
	if err := json.Unmarshal(body, &eb); err == nil && (eb.ErrorCode != "" || eb.ErrorMessage != "") {
		apiErr.ErrorID, apiErr.ErrorType, apiErr.ErrorCode = eb.ErrorID, eb.ErrorType, eb.ErrorCode
		apiErr.ErrorMessage, apiErr.DocURL, apiErr.Errors = eb.ErrorMessage, eb.DocURL, eb.Errors
	} else {
		apiErr.ErrorMessage = strings.TrimSpace(string(body[:min(len(body), 200)]))
		if apiErr.ErrorMessage == "" {
			apiErr.ErrorMessage = http.StatusText(status)
		}
	}
	return apiErr
}

// retryable says whether err may be retried, and whether it means the server did not answer
// with a definite outcome (so a change may or may not have been made).
func retryable(err error) (retry, noAnswer bool) {
	var te *transportError
	if errors.As(err, &te) {
		return true, te.sent
	}
	apiErr, ok := AsAPIError(err)
	if !ok {
		return false, false
	}
	switch {
	case apiErr.StatusCode == http.StatusTooManyRequests:
		return true, false
	case apiErr.StatusCode == http.StatusInternalServerError && apiErr.ErrorCode == CodeTimeout:
		return true, true
	case apiErr.StatusCode == http.StatusServiceUnavailable:
		// Unavailable: the request was refused, not carried out.
		return true, false
	case apiErr.StatusCode == http.StatusBadGateway, apiErr.StatusCode == http.StatusGatewayTimeout:
		// A gateway lost the answer: the API behind it may have acted.
		return true, true
	}
	return false, false
}

// backoff is the wait before attempt n (1-based retry count): the server's Retry-After when
// it gave one, else exponential backoff with full jitter, capped.
func (c *Client) backoff(n int, lastErr error) time.Duration {
	var ra *retryAfterError
	if errors.As(lastErr, &ra) {
		return ra.after
	}
	ceiling := c.maxDelay
	if shift := n - 1; shift < 30 {
		if d := c.baseDelay << shift; d > 0 && d < ceiling {
			ceiling = d
		}
	}
	return time.Duration(mrand.Int64N(int64(ceiling) + 1)) //nolint:gosec // backoff jitter needs no cryptographic randomness
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// parseRetryAfter reads a Retry-After of whole seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = maxRetryAfter
		if secs < int(maxRetryAfter/time.Second) {
			d = time.Duration(secs) * time.Second
		}
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
		if d < 0 {
			d = 0
		}
	} else {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}

// firstValue reads the first of a repeated header's comma-joined values.
func firstValue(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.TrimSpace(first)
}

func newCorrelationID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
