package klarna_test

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// countingTLSServer is an httptest TLS server that counts the connections clients open.
func countingTLSServer(t *testing.T, tlsConfig *tls.Config, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	s := httptest.NewUnstartedServer(h)
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	s.TLS = tlsConfig
	s.StartTLS()
	t.Cleanup(s.Close)
	return s, &conns
}

func certPEM(s *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
}

// TestClient_localErrorsFailAtOnce: a failure on this machine is neither retried nor
// reported as an outcome unknown, and says what failed.
func TestClient_localErrorsFailAtOnce(t *testing.T) {
	t.Parallel()
	ok := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }
	trusted, trustedConns := countingTLSServer(t, nil, ok)
	oldTLS, oldConns := countingTLSServer(t, &tls.Config{MaxVersion: tls.VersionTLS11}, ok) //nolint:gosec // a server the client must refuse
	var plainConns atomic.Int64
	plain := httptest.NewUnstartedServer(http.HandlerFunc(ok))
	plain.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			plainConns.Add(1)
		}
	}
	plain.Start()
	t.Cleanup(plain.Close)
	port := trusted.URL[strings.LastIndex(trusted.URL, ":")+1:]

	for _, tc := range []struct {
		name    string
		baseURL string
		ca      []byte
		conns   *atomic.Int64
		kind    klarna.LocalErrorKind
		text    string
	}{
		{"untrusted CA", trusted.URL, nil, trustedConns, klarna.LocalTLSVerification, "could not be verified"},
		{"wrong host name", "https://localhost:" + port, certPEM(trusted), trustedConns, klarna.LocalTLSHostname, "another host name"},
		{"TLS 1.1 server", oldTLS.URL, certPEM(oldTLS), oldConns, klarna.LocalTLSHandshake, "TLS 1.2 or later"},
		{"not a TLS server", "https://" + strings.TrimPrefix(plain.URL, "http://"), nil, &plainConns, klarna.LocalTLSHandshake, "TLS handshake"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := klarna.New(klarna.Config{
				BaseURL: tc.baseURL, APIKey: "klarna_test_api_local", CACertificatesPEM: tc.ca,
				MaxRetries: 5, RetryBaseDelay: time.Millisecond, RetryMaxDelay: time.Millisecond,
			})
			if err != nil {
				t.Fatal(err)
			}
			before := tc.conns.Load()
			_, err = c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "x"})
			le, isLocal := klarna.AsLocalError(err)
			if !isLocal || le.Kind != tc.kind {
				t.Fatalf("want a local error of kind %s, got %T %v", tc.kind, err, err)
			}
			if klarna.IsOutcomeUnknown(err) || strings.Contains(err.Error(), "outcome") {
				t.Fatalf("a request that was never sent must not be reported as of unknown outcome: %v", err)
			}
			if !strings.Contains(err.Error(), "not sent") || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("the error must say the request was not sent and why (%q): %v", tc.text, err)
			}
			if n := tc.conns.Load() - before; n != 1 {
				t.Fatalf("want 1 connection attempt (no retries), the server saw %d", n)
			}
		})
	}
}

func TestNew_refusesLocalMistakes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		cfg    klarna.Config
		want   string
		absent string
	}{
		{"key with a final newline", klarna.Config{BaseURL: "https://api.example", APIKey: "klarna_test_api_abc\n"}, "white space", ""},
		{"key with a leading space", klarna.Config{BaseURL: "https://api.example", APIKey: " klarna_test_api_abc"}, "white space", ""},
		{"key with a control character", klarna.Config{BaseURL: "https://api.example", APIKey: "klarna_test\x01api"}, "control character", ""},
		{"password in the base URL", klarna.Config{BaseURL: "https://user:s3cret@api.example", APIKey: "k"}, "user name or password", "s3cret"},
		{"key as the base URL's user name", klarna.Config{BaseURL: "https://klarna_test_api_s3cret@api.example", APIKey: "k"}, "user name or password", "s3cret"},
		{"malformed base URL with a password", klarna.Config{BaseURL: "https://user:s3cret@api.example:port/", APIKey: "k"}, "not a URL", "s3cret"},
		{"negative retry budget", klarna.Config{BaseURL: "https://api.example", APIKey: "k", RetryBudget: -time.Second}, "retry budget", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := klarna.New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error containing %q, got %v", tc.want, err)
			}
			if tc.absent != "" && strings.Contains(err.Error(), tc.absent) {
				t.Fatalf("the error echoes %q: %v", tc.absent, err)
			}
		})
	}
}

// TestClient_retryBudget: transient errors are retried, within the budget only, and the
// error says how long and how often it tried, and why.
func TestClient_retryBudget(t *testing.T) {
	t.Parallel()
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedURL := "https://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := klarna.New(klarna.Config{
		BaseURL: refusedURL, APIKey: "klarna_test_api_refused", MaxRetries: 1000,
		RetryBaseDelay: 20 * time.Millisecond, RetryMaxDelay: 50 * time.Millisecond, RetryBudget: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "x"})
	var ex *klarna.RetriesExhaustedError
	if !errors.As(err, &ex) || ex.Reason != klarna.ExhaustedBudget {
		t.Fatalf("want the retry budget to end the operation, got %v", err)
	}
	if ex.Attempts < 2 || ex.Attempts >= 1000 {
		t.Fatalf("want a few attempts within the budget, got %d", ex.Attempts)
	}
	for _, want := range []string{fmt.Sprintf("after %d attempts in ", ex.Attempts), "retry budget of 300ms ran out", "connection refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error must say %q: %v", want, err)
		}
	}
	if klarna.IsOutcomeUnknown(err) {
		t.Fatalf("no connection was ever made, so the outcome is known: %v", err)
	}
}

// TestClient_retryAfterBeyondBudget: a Retry-After past the budget ends the operation at
// once instead of waiting; one within it is waited for and tallied.
func TestClient_retryAfterBeyondBudget(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m, func(cfg *klarna.Config) { cfg.RetryBudget = 2 * time.Second })
	if err := m.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultRateLimited, Count: 1, RetryAfter: 3600}); err != nil {
		t.Fatal(err)
	}
	ctx, tally := klarna.WithWaitTally(t.Context())
	_, err := c.WhoAmI(ctx)
	var ex *klarna.RetriesExhaustedError
	if !errors.As(err, &ex) || ex.Reason != klarna.ExhaustedRetryAfter || ex.Attempts != 1 {
		t.Fatalf("want the operation to end at the first Retry-After past the budget, got %v", err)
	}
	if !strings.Contains(err.Error(), "Retry-After, until "+ex.RetryAt.UTC().Format(time.RFC3339)) || !strings.Contains(err.Error(), "1h0m0s") ||
		ex.RetryAt.Before(time.Now().Add(59*time.Minute)) {
		t.Fatalf("the error must name the server's wait: %v", err)
	}
	if !strings.Contains(err.Error(), " left of the retry budget of ") {
		t.Fatalf("the error must say what was left of the budget: %v", err)
	}
	if n := m.Requests().ByRoute["GET /v2/account"]; n != 1 {
		t.Fatalf("want 1 request, the mock saw %d", n)
	}
	if total, waits := tally.Total(); total != 0 || waits != 0 {
		t.Fatalf("nothing was waited for, the tally says %s in %d waits", total, waits)
	}

	if err := m.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultRateLimited, Count: 1, RetryAfter: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WhoAmI(ctx); err != nil {
		t.Fatalf("a Retry-After within the budget is waited for: %v", err)
	}
	if total, waits := tally.Total(); waits != 1 || total < time.Second {
		t.Fatalf("want one wait of the server's second in the tally, got %s in %d waits", total, waits)
	}
	if !strings.Contains(tally.Last(), "GET /v2/account") || !strings.Contains(tally.Last(), "RATE_LIMITED") {
		t.Fatalf("the tally must say what the wait was for: %q", tally.Last())
	}
}

// TestClient_ddosStopsEveryRequest: after the first DDoS block, no request is sent.
func TestClient_ddosStopsEveryRequest(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	const route = "POST /v2/account/credentials/api-keys"
	if err := m.AddFault(mockapi.Fault{Method: "POST", Path: "/v2/account/credentials/api-keys", Kind: mockapi.FaultDDoS, Count: 100}); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	_, first := c.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "first"})
	if !isDDoSBlocked(first) {
		t.Fatalf("want a DDoS block, got %v", first)
	}
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = c.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "later"})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if !isDDoSBlocked(err) || klarna.IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "not sent") ||
			!strings.Contains(err.Error(), "DDoS") {
			t.Fatalf("want every later create to fail unsent with the DDoS explanation, got %v", err)
		}
	}
	if _, err := c.WhoAmI(ctx); !isDDoSBlocked(err) {
		t.Fatalf("a read after the block must not be sent either, got %v", err)
	}
	counts := m.Requests().ByRoute
	if counts[route] != 1 || counts["GET /v2/account"] != 0 {
		t.Fatalf("want exactly the first request sent, the mock saw %v", counts)
	}
}

// TestClient_masksEchoedSecrets: a server or proxy that echoes the Authorization header
// cannot put the API key into an error.
func TestClient_masksEchoedSecrets(t *testing.T) {
	t.Parallel()
	const key = "partner-secret-not-key-shaped-1234"
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"JSON error_message", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"error_code":"VALIDATION_ERROR","error_message":"bad Authorization: %s (%s)","errors":[{"parameter":"%s","error_message":"%s"}]}`, //nolint:gosec // the test server echoes the header on purpose
				r.Header.Get("Authorization"), b64, key, "klarna_test_api_other")
		}},
		{"HTML 502 page", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			_, _ = fmt.Fprintf(w, "<html><body>Bad gateway. Request headers: Authorization=%s key=%s</body></html>", r.Header.Get("Authorization"), key) //nolint:gosec // the test server echoes the header on purpose
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, _ := countingTLSServer(t, nil, tc.h)
			c, err := klarna.New(klarna.Config{BaseURL: s.URL, APIKey: key, CACertificatesPEM: certPEM(s), MaxRetries: 1,
				RetryBaseDelay: time.Millisecond, RetryMaxDelay: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "x"})
			if err == nil {
				t.Fatal("want an error")
			}
			for _, secret := range []string{key, b64, "klarna_test_api_other"} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("the error shows a secret: %v", err)
				}
			}
			if !strings.Contains(err.Error(), "***") {
				t.Fatalf("the error should show where the secret was masked: %v", err)
			}
		})
	}
}

// TestClient_logsWaitsAndMasksEchoes: every wait is logged at WARN with its reason and end,
// and a key the server echoes, raw or base64-encoded, never reaches the log.
func TestClient_logsWaitsAndMasksEchoes(t *testing.T) {
	t.Parallel()
	const key = "partner-secret-not-key-shaped-5678"
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	var n atomic.Int64
	s, _ := countingTLSServer(t, nil, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		} else {
			w.WriteHeader(http.StatusBadRequest)
		}
		_, _ = fmt.Fprintf(w, `{"error_code":"X","error_message":"echo %s and %s"}`, r.Header.Get("Authorization"), b64) //nolint:gosec // the test server echoes the header on purpose
	})
	c, err := klarna.New(klarna.Config{BaseURL: s.URL, APIKey: key, CACertificatesPEM: certPEM(s), MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &out)
	if _, err := c.WhoAmI(ctx); !klarna.IsValidation(err) {
		t.Fatalf("want the second answer's 400, got %v", err)
	}
	logs := out.String()
	for _, want := range []string{`"@level":"warn"`, "Waiting before retrying an API request", `"until":`, `"retry_after_ms":0`, "HTTP 429"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %q:\n%s", want, logs)
		}
	}
	for _, secret := range []string{key, b64} {
		if strings.Contains(logs, secret) {
			t.Fatalf("the logs show the API key (%q):\n%s", secret, logs)
		}
	}
}

// TestClient_blockAfterAnUnansweredAttempt: a change whose first attempt got no answer and
// whose retry was blocked keeps its outcome open: the first attempt may have been carried out.
func TestClient_blockAfterAnUnansweredAttempt(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	const path = "/v2/account/credentials/api-keys"
	for _, f := range []mockapi.Fault{
		{Method: "POST", Path: path, Kind: mockapi.FaultCommitThenDrop, Count: 1},
		{Method: "POST", Path: path, Kind: mockapi.FaultDDoS, Count: 1},
	} {
		if err := m.AddFault(f); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "maybe"})
	if !isDDoSBlocked(err) || !klarna.IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "Klarna-Idempotency-Key") {
		t.Fatalf("want a DDoS block whose outcome stays unknown, with the idempotency key, got %v", err)
	}
}
