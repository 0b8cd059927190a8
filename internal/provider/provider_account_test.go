package provider

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// TestOwnAccountID_concurrentCallersShareOneLookup: callers that need the own account
// while it is being looked up wait for that lookup instead of making their own, one after
// another; its error reaches them all and is not kept.
func TestOwnAccountID_concurrentCallersShareOneLookup(t *testing.T) {
	t.Parallel()
	const account = "krn:partner:global:account:test:AB12CD34"
	var (
		requests atomic.Int64
		healthy  atomic.Bool
		release  = make(chan struct{})
	)
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		<-release
		if !healthy.Load() {
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = fmt.Fprint(w, `{"error_code":"RATE_LIMITED","error_message":"slow down"}`)
			return
		}
		_, _ = fmt.Fprintf(w, `{"account_id":%q,"environment":"TEST","mtls_enabled":false}`, account)
	}))
	t.Cleanup(s.Close)
	releaseAll := sync.OnceFunc(func() { close(release) })
	t.Cleanup(releaseAll) // before s.Close, so that a failed test does not hang
	const retries = 2
	client, err := klarna.New(klarna.Config{
		BaseURL: s.URL, APIKey: "klarna_test_api_x", MaxRetries: retries, RetryBudget: time.Minute,
		CACertificatesPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}),
	})
	if err != nil {
		t.Fatal(err)
	}
	d := &providerData{client: client}
	ctx := t.Context()

	// A 429 storm: every caller gets the one lookup's error.
	const callers = 10
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() { _, errs[i] = d.ownAccountID(ctx) })
	}
	waitFor(t, func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.lookup != nil && d.lookup.waiters == callers-1
	})
	releaseAll()
	wg.Wait()
	for _, err := range errs {
		if !klarna.HasCode(err, klarna.CodeRateLimited) {
			t.Fatalf("want every caller to get the lookup's 429, got %v", err)
		}
	}
	if n := requests.Load(); n != retries+1 {
		t.Fatalf("want one lookup of %d attempts for %d callers, the server saw %d requests", retries+1, callers, n)
	}

	// The error is not kept: the next caller looks up again, and the result is kept.
	healthy.Store(true)
	for i := range callers {
		wg.Go(func() { _, errs[i] = d.ownAccountID(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("after the storm: %v", err)
		}
	}
	if got, err := d.ownAccountID(ctx); err != nil || got != account {
		t.Fatalf("want %s, got %q, %v", account, got, err)
	}
	if n := requests.Load(); n != retries+2 {
		t.Fatalf("want exactly one more request after the storm, the server saw %d in all", n)
	}
}

// TestOwnAccountID_waiterLeavesWithItsContext: a caller waiting for another's lookup
// leaves when its own context ends, without waiting for the lookup.
func TestOwnAccountID_waiterLeavesWithItsContext(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		<-release
		_, _ = fmt.Fprint(w, `{"account_id":"krn:partner:global:account:test:AB12CD34","environment":"TEST"}`)
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(release) })
	client, err := klarna.New(klarna.Config{
		BaseURL: s.URL, APIKey: "klarna_test_api_x",
		CACertificatesPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}),
	})
	if err != nil {
		t.Fatal(err)
	}
	d := &providerData{client: client}
	// The first caller's lookup outlives the test's checks: it waits on release, which
	// the cleanup closes, so its context must not end with the test's.
	go func() { _, _ = d.ownAccountID(context.WithoutCancel(t.Context())) }()
	waitFor(t, func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.lookup != nil
	})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := d.ownAccountID(ctx); err == nil {
		t.Fatal("a caller whose context ended must not wait for another's lookup")
	}
}

// waitFor polls cond until it holds, failing the test after a generous bound.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("the condition never held")
		}
		time.Sleep(time.Millisecond)
	}
}
