// Command mockapi serves the in-repo mock of Klarna's partner management API on a loopback
// address, for the demo and for trying the provider by hand.
//
//	go run ./internal/cmd/mockapi -addr 127.0.0.1:0 -state-dir DIR [-partner-accounts N]
//
// It writes DIR/ca.pem (the CA to trust) and DIR/bootstrap.json (base URL, API key and
// accounts), logs one line per request and exits cleanly on SIGINT or SIGTERM.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mockapi:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("mockapi", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8443", "loopback address to listen on; port 0 picks a free one")
	stateDir := fs.String("state-dir", "", "directory for ca.pem and bootstrap.json (required)")
	rateLimit := fs.Float64("rate-limit", 0, "requests per second per account, 0 for no limit")
	mtlsDelay := fs.Duration("mtls-delay", 0, "how long after enforced_from mTLS enforcement takes effect, 0 to 5m")
	idleTimeout := fs.Duration("idle-timeout", mockapi.DefaultIdleTimeout, "how long a stalled request waits before it gets 500 TIMEOUT")
	partners := fs.Int("partner-accounts", mockapi.DefaultPartnerAccounts,
		fmt.Sprintf("how many partner accounts are onboarded through the bootstrap account at start (1 to %d)", mockapi.MaxPartnerAccounts))
	onboardingDelay := fs.Duration("onboarding-delay", mockapi.DefaultOnboardingDelay,
		"how long an onboarded partner account stays PARTIALLY_OPERATIONAL before it becomes OPERATIONAL, on the mock clock")
	live := fs.Bool("live", false, "serve a live-environment mock instead of a test one")
	noContract := fs.Bool("skip-contract-validation", false, "do not check requests and responses against the OpenAPI document")
	quiet := fs.Bool("quiet", false, "do not log one line per request")
	ipDelay := fs.Duration("ip-delay", 0, "how long an IP allow-list change takes to apply, 0 to 5m")
	webhookCA := fs.String("webhook-ca", "", "PEM file of the CAs webhook receivers' certificates chain to; deliveries trust nothing else")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *stateDir == "" {
		return errors.New("-state-dir is required")
	}
	if *partners < 1 || *partners > mockapi.MaxPartnerAccounts {
		return fmt.Errorf("-partner-accounts %d: from 1 to %d partner accounts are allowed", *partners, mockapi.MaxPartnerAccounts)
	}
	if err := checkFlags(*mtlsDelay, *idleTimeout, *rateLimit); err != nil {
		return err
	}
	if *ipDelay < 0 || *ipDelay > mockapi.MaxIPDelay {
		return fmt.Errorf("-ip-delay %s is outside 0 to %s: an IP allow-list change applies at most 5 minutes after it is made", *ipDelay, mockapi.MaxIPDelay)
	}
	var webhookCAPEM []byte
	if *webhookCA != "" {
		var err error
		if webhookCAPEM, err = os.ReadFile(*webhookCA); err != nil {
			return fmt.Errorf("-webhook-ca: %w", err)
		}
		if len(bytes.TrimSpace(webhookCAPEM)) == 0 {
			return fmt.Errorf("-webhook-ca %s is empty; it must hold the PEM CA certificates webhook receivers chain to", *webhookCA)
		}
	}
	if *onboardingDelay <= 0 {
		return fmt.Errorf("-onboarding-delay %s must be positive (Klarna's accounts become OPERATIONAL within seconds)", *onboardingDelay)
	}
	if err := os.MkdirAll(*stateDir, 0o700); err != nil {
		return fmt.Errorf("creating the state directory: %w", err)
	}
	logger := log.New(os.Stderr, "mockapi: ", log.LstdFlags|log.Lmicroseconds)
	opts := mockapi.Options{
		Live:                   *live,
		RateLimit:              *rateLimit,
		MTLSDelay:              *mtlsDelay,
		PartnerAccounts:        *partners,
		IdleTimeout:            *idleTimeout,
		SkipContractValidation: *noContract,
		IPDelay:                *ipDelay,
		WebhookCA:              webhookCAPEM,
		OnboardingDelay:        *onboardingDelay,
	}
	if !*quiet {
		opts.Logf = logger.Printf
	}
	// Signals are caught before bootstrap.json tells anyone that the mock is up, so that a
	// SIGTERM sent as soon as it appears still stops the mock cleanly.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(stop)
	srv, err := mockapi.New(opts)
	if err != nil {
		return err
	}
	running, err := srv.Listen(*addr)
	if err != nil {
		return err
	}
	if err := writeState(*stateDir, srv); err != nil {
		_ = running.Close()
		return err
	}
	logger.Printf("serving %s (state in %s)", running.URL, *stateDir)

	sig := <-stop
	logger.Printf("%s: shutting down", sig)
	start := time.Now()
	if err := running.Close(); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	logger.Printf("stopped in %s", time.Since(start).Round(time.Millisecond))
	return nil
}

// writeState writes ca.pem and then bootstrap.json, each atomically, so that a reader that
// sees bootstrap.json can also read ca.pem.
func writeState(dir string, srv *mockapi.Server) error {
	if err := writeFileAtomic(filepath.Join(dir, "ca.pem"), srv.CACertificatePEM()); err != nil {
		return err
	}
	// bootstrap.json holds the mock's API key on purpose: it is how the demo and users reach the mock.
	b, err := json.MarshalIndent(srv.Bootstrap(), "", "  ") //nolint:gosec // see above
	if err != nil {
		return fmt.Errorf("encoding bootstrap.json: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, "bootstrap.json"), append(b, '\n'))
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
