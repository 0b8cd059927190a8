// Package mockapi is a stateful fake of Klarna's partner management API, used by the
// client's and the provider's tests, by the standalone mock server and by the demo. It
// follows the same contract as the client: real X.509 issuing from CSRs, real ES256 JWT
// verification, real mTLS checks, a clock that tests move, and injected faults.
package mockapi

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/partnerops/terraform-provider-klarna/internal/clock"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
)

// Options configure a mock server.
type Options struct {
	// Clock is the mock's clock; nil starts a new one at the real time.
	Clock *clock.Offset
	// Live makes a live-environment mock; the default is test.
	Live bool
	// RateLimit is requests per second per authenticating account (burst equal to it); 0 is off.
	RateLimit float64
	// MTLSDelay is how long after enforced_from the enforcement takes effect.
	MTLSDelay time.Duration
	// PartnerAccounts is how many partner accounts are onboarded through the bootstrap
	// account, at most MaxPartnerAccounts; 0 means DefaultPartnerAccounts. New refuses a
	// negative count.
	PartnerAccounts int
	// SkipContractValidation turns off checking every request and response against the
	// OpenAPI document (for measuring the mock's own cost).
	SkipContractValidation bool
	// Logf, when set, gets one line per request. It never receives a secret.
	Logf func(format string, args ...any)

	// BaseURL is where deep links point when the mock is served by a listener of the
	// caller's own; Listen sets it to the URL it serves. It is never taken from a request.
	BaseURL string
	// IdleTimeout is how long a request may send nothing before it gets 500 TIMEOUT;
	// 0 means the API's 59 seconds.
	IdleTimeout time.Duration

	// IPDelay is how long an IP allow-list change takes to apply (0 to 5 minutes).
	IPDelay time.Duration
	// WebhookCA is the PEM of the CAs whose certificates webhook receivers may present;
	// deliveries trust nothing else. Without it every delivery fails its TLS handshake.
	WebhookCA []byte
	// WebhookRetryDelay is the wait before the first retry of a failed delivery, doubled
	// for each later one; 0 means DefaultWebhookRetryDelay.
	WebhookRetryDelay time.Duration
	// OnboardingDelay is how long, on the mock clock, an onboarded account stays
	// PARTIALLY_OPERATIONAL before it becomes OPERATIONAL; 0 means DefaultOnboardingDelay.
	OnboardingDelay time.Duration
}

// Bounds of Options.PartnerAccounts.
const (
	DefaultPartnerAccounts = 3
	MaxPartnerAccounts     = 10000
)

// Bootstrap is what a client needs to use the mock.
type Bootstrap struct {
	BaseURL           string   `json:"base_url"`
	APIKey            string   `json:"api_key"`
	AccountID         string   `json:"account_id"`
	PartnerAccountIDs []string `json:"partner_account_ids"`
	ForeignAccountIDs []string `json:"foreign_account_ids"`
	// PaymentProfileIDs are the payment profiles partners may be onboarded with.
	PaymentProfileIDs []string `json:"payment_profile_ids"`
}

// Server is the mock API's state and HTTP handler. It is safe for concurrent use.
type Server struct {
	opts      Options
	clock     *clock.Offset
	ca        *authority
	env       string // environmentLive or EnvironmentTest
	krnEnv    string // "live" or "test"
	validator *openapi.Validator
	mux       *http.ServeMux
	control   *http.ServeMux

	patterns    []string            // every API route's mux pattern
	queryRules  map[string][]string // query parameters by routeKey, from the document
	headerRules map[string][]string // header parameters by routeKey, from the document

	mu             sync.Mutex
	accounts       map[string]*account
	keysBySecret   map[string]*credentialRef
	usedJTIs       map[string]bool // every jti accepted so far; none is accepted again
	seenJWTs       []string        // every portal JWT received, for secret scans
	deletedSecrets []string        // secrets of deleted API keys, for secret scans
	nextSweep      time.Time       // the earliest moment a time-based rule can be due
	deepLinks      map[string]*deepLinkToken
	registered     map[string]bool    // portal users invited so far, by email
	signedIn       map[[2]string]bool // (principal, account) that signed in through a deep link
	emails         []Email
	bootstrap      Bootstrap
	foreignKey     string
	// paymentProfiles and settlement are Klarna's, read-only to the acquiring partner.
	paymentProfiles []PaymentProfile
	settlement      SettlementConfiguration

	limMu    sync.Mutex
	limiters map[string]*rate.Limiter

	deliver *deliverer

	faultMu    sync.Mutex
	faults     []*Fault
	latency    []Latency
	counts     map[string]int
	errorCodes map[string]int
	total      int
	violations []string
}

// credentialRef finds an API key from its secret.
type credentialRef struct {
	account *account
	cred    *credential
}

// New builds a mock with its accounts and CA. It serves nothing until Listen or Handler is used.
func New(opts Options) (*Server, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	if opts.Clock == nil {
		opts.Clock = clock.NewOffset()
	}
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.OnboardingDelay == 0 {
		opts.OnboardingDelay = DefaultOnboardingDelay
	}
	switch {
	case opts.PartnerAccounts < 0 || opts.PartnerAccounts > MaxPartnerAccounts:
		return nil, fmt.Errorf("%d partner accounts asked for; from 1 to %d are allowed (0 for the default, %d)", opts.PartnerAccounts, MaxPartnerAccounts, DefaultPartnerAccounts)
	case opts.PartnerAccounts == 0:
		opts.PartnerAccounts = DefaultPartnerAccounts
	}
	ca, err := newAuthority()
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:         opts,
		clock:        opts.Clock,
		ca:           ca,
		env:          environmentTest,
		krnEnv:       krn.EnvironmentTest,
		accounts:     map[string]*account{},
		keysBySecret: map[string]*credentialRef{},
		usedJTIs:     map[string]bool{},
		deepLinks:    map[string]*deepLinkToken{},
		registered:   map[string]bool{},
		signedIn:     map[[2]string]bool{},
		limiters:     map[string]*rate.Limiter{},
		counts:       map[string]int{},
		errorCodes:   map[string]int{},
	}
	if opts.Live {
		s.env, s.krnEnv = environmentLive, krn.EnvironmentLive
	}
	if !opts.SkipContractValidation {
		if s.validator, err = openapi.NewValidator(); err != nil {
			return nil, fmt.Errorf("loading the OpenAPI document: %w", err)
		}
	}
	if s.queryRules, err = loadQueryRules(); err != nil {
		return nil, fmt.Errorf("loading the OpenAPI document: %w", err)
	}
	if s.headerRules, err = loadHeaderRules(); err != nil {
		return nil, fmt.Errorf("loading the OpenAPI document: %w", err)
	}
	if s.deliver, err = newDeliverer(opts.WebhookCA, opts.WebhookRetryDelay); err != nil {
		return nil, err
	}
	s.routes()
	s.controlRoutes()
	if err := s.checkRouteQueryRules(); err != nil {
		return nil, err
	}

	now := s.now()
	s.paymentProfiles = []PaymentProfile{
		{PaymentProfileID: newUUID(), Name: "Standard EUR", Currency: "EUR"},
		{PaymentProfileID: newUUID(), Name: "Standard SEK", Currency: "SEK"},
	}
	s.settlement = SettlementConfiguration{SettlementConfigurationID: newUUID(), Currency: "EUR", PayoutSchedule: "DAILY", PayoutDelayDays: 2}
	acquirer := s.addAccount("")
	key := s.addAPIKey(acquirer, "bootstrap key", now)
	s.bootstrap = Bootstrap{BaseURL: opts.BaseURL, APIKey: key.secret, AccountID: acquirer.id}
	for _, p := range s.paymentProfiles {
		s.bootstrap.PaymentProfileIDs = append(s.bootstrap.PaymentProfileIDs, p.PaymentProfileID)
	}
	for i := range opts.PartnerAccounts {
		partner := s.addAccount(acquirer.id)
		s.seedPartner(partner, acquirer, i+1, now)
		s.bootstrap.PartnerAccountIDs = append(s.bootstrap.PartnerAccountIDs, partner.id)
	}
	foreign := s.addAccount("")
	s.foreignKey = s.addAPIKey(foreign, "foreign account key", now).secret
	s.bootstrap.ForeignAccountIDs = []string{foreign.id}
	return s, nil
}

func (s *Server) addAccount(parent string) *account {
	for {
		id := krn.AccountID{Environment: s.krnEnv, ID: randomString(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}.String()
		if _, taken := s.accounts[id]; !taken {
			a := newAccount(id, parent)
			s.accounts[id] = a
			return a
		}
	}
}

func (s *Server) addAPIKey(a *account, description string, now time.Time) *credential {
	c := &credential{
		id:          newUUID(),
		secret:      "klarna_" + s.krnEnv + "_api_" + randomString(40, alnum),
		description: description,
		status:      "ENABLED",
		createdAt:   now,
		activityAt:  now,
	}
	a.apiKeys[c.id] = c
	s.keysBySecret[c.secret] = &credentialRef{account: a, cred: c}
	return c
}

// now is the mock clock's time to the second, as the API writes times.
func (s *Server) now() time.Time {
	return s.clock.Now().Truncate(time.Second)
}

// Clock is the mock's clock.
func (s *Server) Clock() *clock.Offset { return s.clock }

// CACertificatePEM is the CA that signs the server certificate and issues client certificates.
func (s *Server) CACertificatePEM() []byte { return append([]byte(nil), s.ca.certPEM...) }

// Bootstrap returns the accounts and key of the mock; BaseURL is set once it listens.
func (s *Server) Bootstrap() Bootstrap {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.bootstrap
	b.PartnerAccountIDs = append([]string(nil), b.PartnerAccountIDs...)
	b.ForeignAccountIDs = append([]string(nil), b.ForeignAccountIDs...)
	b.PaymentProfileIDs = append([]string(nil), b.PaymentProfileIDs...)
	return b
}

// Violations lists every request or response that broke the OpenAPI contract so far.
func (s *Server) Violations() []string {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return append([]string(nil), s.violations...)
}

func (s *Server) recordViolation(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.faultMu.Lock()
	s.violations = append(s.violations, msg)
	s.faultMu.Unlock()
	s.logf("contract violation: %s", msg)
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// TLSConfig is the listener's TLS configuration: TLS 1.2 at least, a server certificate
// from the mock's CA, and a request (never a requirement) for a client certificate.
func (s *Server) TLSConfig() (*tls.Config, error) {
	cert, err := s.ca.serverCertificate()
	if err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequestClientCert,
		NextProtos:   []string{"h2", "http/1.1"},
	}, nil
}

// Running is a mock serving HTTPS on a loopback address.
type Running struct {
	*Server
	URL  string
	srv  *http.Server
	done chan error
}

// Listen serves the mock on addr (e.g. 127.0.0.1:0) over TLS.
func (s *Server) Listen(addr string) (*Running, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("listen address %q is not a loopback address: the mock serves this machine only", addr)
	}
	tc, err := s.TLSConfig()
	if err != nil {
		return nil, err
	}
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s,
		TLSConfig:         tc,
		ReadHeaderTimeout: max(s.opts.IdleTimeout, minReadHeaderTimeout),
		IdleTimeout:       s.opts.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(logWriter{s}, "", 0),
	}
	r := &Running{Server: s, URL: "https://" + l.Addr().String(), srv: srv, done: make(chan error, 1)}
	s.mu.Lock()
	s.bootstrap.BaseURL = r.URL
	s.mu.Unlock()
	go func() { r.done <- srv.ServeTLS(l, "", "") }()
	return r, nil
}

// Close stops the server and waits for it.
func (r *Running) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := r.srv.Shutdown(ctx)
	r.stopDeliveries()
	if serr := <-r.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// logWriter sends the HTTP server's own messages (handshake failures) to Logf.
type logWriter struct{ s *Server }

func (w logWriter) Write(p []byte) (int, error) {
	w.s.logf("server: %s", strings.TrimSpace(string(p)))
	return len(p), nil
}
