package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// TestCommand_partnerAccounts starts the command with 200 partner accounts and creates a
// credential in each of them with the bootstrap key.
func TestCommand_partnerAccounts(t *testing.T) {
	t.Parallel()
	const n = 200
	dir := filepath.Join(t.TempDir(), "state")
	c := startChild(t, "-addr", "127.0.0.1:0", "-state-dir", dir, "-quiet", "-partner-accounts", "200")
	raw := c.bootstrap(t, dir)
	var b mockapi.Bootstrap
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.PartnerAccountIDs) != n {
		t.Fatalf("bootstrap.json lists %d partner accounts, want %d", len(b.PartnerAccountIDs), n)
	}
	if len(b.ForeignAccountIDs) == 0 {
		t.Fatal("bootstrap.json lists no foreign account")
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem")) //nolint:gosec // a file in the test's own temporary directory
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	defer client.CloseIdleConnections()
	create := func(account string) int {
		t.Helper()
		path := "/v2/accounts/" + strings.ReplaceAll(url.PathEscape(account), ":", "%3A") + "/credentials/api-keys"
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, b.BaseURL+path, strings.NewReader(`{"description":"scale"}`))
		req.Header.Set("Authorization", "Basic "+b.APIKey)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	seen := map[string]bool{}
	for _, id := range b.PartnerAccountIDs {
		if seen[id] {
			t.Fatalf("partner account %s is listed twice", id)
		}
		seen[id] = true
		if status := create(id); status != http.StatusCreated {
			t.Fatalf("creating an API key in partner account %s: %d, want 201", id, status)
		}
	}
	if status := create(b.ForeignAccountIDs[0]); status != http.StatusForbidden {
		t.Fatalf("creating an API key in foreign account %s: %d, want 403", b.ForeignAccountIDs[0], status)
	}

	c.stop(t)
}

func TestRun_refusesBadPartnerAccounts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, n := range []string{"-1", "0", "10001", "many"} {
		t.Run(n, func(t *testing.T) {
			t.Parallel()
			err := run([]string{"-addr", "127.0.0.1:0", "-state-dir", dir, "-partner-accounts", n})
			if err == nil || !strings.Contains(err.Error(), "partner-accounts") {
				t.Fatalf("-partner-accounts %s: %v, want an error naming -partner-accounts", n, err)
			}
		})
	}
}
