package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func TestRun_refusesValuesOutsideTheAPI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an enforcement delay over 5 minutes", []string{"-mtls-delay", "5m1s"}, "-mtls-delay 5m1s is outside 0 to 5m0s"},
		{"an enforcement delay of an hour", []string{"-mtls-delay", "1h"}, "-mtls-delay 1h0m0s is outside"},
		{"a negative enforcement delay", []string{"-mtls-delay", "-1s"}, "-mtls-delay -1s is outside"},
		{"a zero idle timeout", []string{"-idle-timeout", "0s"}, "-idle-timeout"},
		{"a negative rate limit", []string{"-rate-limit", "-1"}, "-rate-limit"},
		{"an IP allow-list delay over 5 minutes", []string{"-ip-delay", "6m"}, "-ip-delay 6m0s is outside 0 to 5m0s"},
		{"a webhook CA file that is missing", []string{"-webhook-ca", dir + "/missing.pem"}, "-webhook-ca"},
		{"a webhook CA file without a certificate", []string{"-webhook-ca", "flags_test.go"}, "no PEM certificate"},
		{"an empty webhook CA file", []string{"-webhook-ca", os.DevNull}, "is empty"},
		{"a zero onboarding delay", []string{"-onboarding-delay", "0s"}, "-onboarding-delay 0s must be positive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"-addr", "127.0.0.1:0", "-state-dir", dir}, tc.args...)
			err := run(args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run(%q): %v, want an error saying %q", args, err, tc.want)
			}
		})
	}
	if _, err := os.Stat(dir + "/bootstrap.json"); err == nil {
		t.Fatal("a refused start wrote bootstrap.json")
	}
}

func TestCommand_exitsNonZeroOnABadEnforcementDelay(t *testing.T) {
	t.Parallel()
	args, _ := json.Marshal([]string{"-addr", "127.0.0.1:0", "-state-dir", t.TempDir(), "-mtls-delay", "10m"})
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$") //nolint:gosec // re-runs this test binary
	cmd.Env = append(os.Environ(), childArgs+"="+string(args))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Fatalf("exit %v, want a non-zero exit; output:\n%s", err, out)
	}
	if !strings.Contains(string(out), "-mtls-delay 10m0s is outside 0 to 5m0s") {
		t.Fatalf("output does not say what is wrong:\n%s", out)
	}
}

func TestCommand_idleTimeoutFlag(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "state")
	c := startChild(t, "-addr", "127.0.0.1:0", "-state-dir", dir, "-idle-timeout", "1s", "-quiet")
	var b mockapi.Bootstrap
	if err := json.Unmarshal(c.bootstrap(t, dir), &b); err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem")) //nolint:gosec // a file in the test's own temporary directory
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	d := tls.Dialer{Config: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}}
	conn, err := d.DialContext(t.Context(), "tcp", strings.TrimPrefix(b.BaseURL, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	if _, err := fmt.Fprintf(conn, "POST /v2/account/credentials/api-keys HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic %s\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"desc", b.APIKey); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response to a stalled request with -idle-timeout 1s: %v", err)
	}
	defer func() { _ = res.Body.Close() }()
	var eb klarna.ErrorBody
	_ = json.NewDecoder(res.Body).Decode(&eb)
	if res.StatusCode != http.StatusInternalServerError || eb.ErrorCode != klarna.CodeTimeout {
		t.Fatalf("status %d %+v, want 500 %s", res.StatusCode, eb, klarna.CodeTimeout)
	}
}
