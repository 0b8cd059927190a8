// Package mocktest starts the mock API for a test and fails the test when the mock saw a
// request or sent a response that breaks the OpenAPI contract.
package mocktest

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// Start serves a new mock on a free loopback port until the test ends.
func Start(t testing.TB, opts mockapi.Options) *mockapi.Running {
	t.Helper()
	var mu sync.Mutex
	ended := false
	if opts.Logf == nil {
		opts.Logf = func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			// A test may not log once it has ended; a late handshake message is dropped.
			if !ended {
				t.Logf("mockapi: "+format, args...)
			}
		}
	}
	srv, err := mockapi.New(opts)
	if err != nil {
		t.Fatalf("starting the mock API: %v", err)
	}
	running, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatalf("starting the mock API: %v", err)
	}
	t.Cleanup(func() {
		if err := running.Close(); err != nil {
			t.Errorf("stopping the mock API: %v", err)
		}
		mu.Lock()
		ended = true
		mu.Unlock()
		for _, v := range running.Violations() {
			t.Errorf("mock API contract violation: %s", v)
		}
	})
	return running
}

// Client returns a client of the mock authenticated with the bootstrap key, with fast
// retries so that fault tests run quickly.
func Client(t testing.TB, m *mockapi.Running, mutate ...func(*klarna.Config)) *klarna.Client {
	t.Helper()
	cfg := Config(m)
	for _, f := range mutate {
		f(&cfg)
	}
	c, err := klarna.New(cfg)
	if err != nil {
		t.Fatalf("building the client: %v", err)
	}
	return c
}

// Config is a client configuration for the mock's bootstrap key.
func Config(m *mockapi.Running) klarna.Config {
	return klarna.Config{
		BaseURL:           m.URL,
		APIKey:            m.Bootstrap().APIKey,
		CACertificatesPEM: m.CACertificatePEM(),
		MaxRetries:        klarna.DefaultMaxRetries,
		RetryBaseDelay:    time.Millisecond,
		RetryMaxDelay:     20 * time.Millisecond,
		UserAgent:         "terraform-provider-klarna/test",
	}
}

// HTTPClient is a plain HTTPS client that trusts the mock's CA, for what a browser would
// do, such as opening a deep-link URL.
func HTTPClient(m *mockapi.Running) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(m.CACertificatePEM())
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}
