package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// childArgs, when set in the environment, makes the test binary run the command itself
// with these arguments (a JSON array) instead of the tests.
const childArgs = "MOCKAPI_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if raw := os.Getenv(childArgs); raw != "" {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			panic(err)
		}
		os.Args = append([]string{"mockapi"}, args...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// syncBuffer collects a child's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// child is the command run as a child process of this test binary (see TestMain).
type child struct {
	cmd    *exec.Cmd
	log    syncBuffer
	exited chan struct{}
	err    error // how it exited, once exited is closed
}

// startChild starts the command with args; the test's cleanup kills it if it still runs.
func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	encoded, _ := json.Marshal(args)
	c := &child{exited: make(chan struct{})}
	c.cmd = exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$") //nolint:gosec // re-runs this test binary
	c.cmd.Env = append(os.Environ(), childArgs+"="+string(encoded))
	c.cmd.Stdout, c.cmd.Stderr = &c.log, &c.log
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.err = c.cmd.Wait(); close(c.exited) }()
	t.Cleanup(func() {
		select {
		case <-c.exited:
		default:
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
	})
	return c
}

// bootstrap waits for the child to serve and returns its bootstrap.json in dir.
func (c *child) bootstrap(t *testing.T, dir string) []byte {
	t.Helper()
	return waitForFile(t, filepath.Join(dir, "bootstrap.json"), c.exited, &c.log)
}

// stop sends SIGTERM and fails the test unless the child exits cleanly within 15 s.
func (c *child) stop(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("still running 15 s after SIGTERM:\n%s", c.log.String())
	}
	if c.err != nil {
		t.Fatalf("the command did not exit cleanly: %v\n%s", c.err, c.log.String())
	}
}

// waitForFile polls for a file the child writes once it is serving.
func waitForFile(t *testing.T, path string, exited <-chan struct{}, log *syncBuffer) []byte {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil { //nolint:gosec // a file in the test's own temporary directory
			return b
		}
		select {
		case <-exited:
			t.Fatalf("the command exited before writing %s:\n%s", filepath.Base(path), log.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no %s after 30 s:\n%s", filepath.Base(path), log.String())
	return nil
}

func TestCommand_servesAndStopsCleanly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		env       klarna.Environment
		keyPrefix string
		limited   bool // a second request at once is rate limited
	}{
		{"test environment", nil, klarna.EnvironmentTest, "klarna_test_api_", false},
		{"live environment", []string{"-live"}, klarna.EnvironmentLive, "klarna_live_api_", false},
		{"rate limited", []string{"-rate-limit", "0.1", "-mtls-delay", "5m"}, klarna.EnvironmentTest, "klarna_test_api_", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "state") // created by the command
			c := startChild(t, append([]string{"-addr", "127.0.0.1:0", "-state-dir", dir}, tc.args...)...)
			raw := c.bootstrap(t, dir)
			caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem")) //nolint:gosec // a file in the test's own temporary directory
			if err != nil {
				t.Fatalf("bootstrap.json is written but ca.pem is not readable: %v", err)
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(raw, &fields); err != nil {
				t.Fatalf("bootstrap.json: %v\n%s", err, raw)
			}
			for _, f := range []string{"base_url", "api_key", "account_id", "partner_account_ids", "foreign_account_ids", "payment_profile_ids"} {
				if _, ok := fields[f]; !ok {
					t.Errorf("bootstrap.json lacks %s: %s", f, raw)
				}
			}
			var b mockapi.Bootstrap
			if err := json.Unmarshal(raw, &b); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.BaseURL, "https://127.0.0.1:") || strings.HasSuffix(b.BaseURL, ":0") ||
				!strings.HasPrefix(b.APIKey, tc.keyPrefix) || len(b.PartnerAccountIDs) == 0 || len(b.ForeignAccountIDs) == 0 || len(b.PaymentProfileIDs) == 0 {
				t.Fatalf("bootstrap %+v", b)
			}
			for _, f := range b.ForeignAccountIDs {
				for _, p := range append([]string{b.AccountID}, b.PartnerAccountIDs...) {
					if f == p {
						t.Fatalf("foreign account %s is also the caller's or a partner", f)
					}
				}
			}

			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(caPEM) {
				t.Fatalf("ca.pem holds no certificate: %s", caPEM)
			}
			client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
			defer client.CloseIdleConnections()
			send := func(method, path, auth, body string) (int, []byte) {
				t.Helper()
				var rd io.Reader
				if body != "" {
					rd = strings.NewReader(body)
				}
				req, _ := http.NewRequestWithContext(t.Context(), method, b.BaseURL+path, rd)
				if auth != "" {
					req.Header.Set("Authorization", "Basic "+auth)
				}
				if body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				res, err := client.Do(req)
				if err != nil {
					t.Fatalf("%s %s: %v", method, path, err)
				}
				defer func() { _ = res.Body.Close() }()
				out, _ := io.ReadAll(res.Body)
				return res.StatusCode, out
			}

			status, body := send(http.MethodGet, "/v2/account", b.APIKey, "")
			if status != http.StatusOK {
				t.Fatalf("who-am-I: %d %s", status, body)
			}
			var who klarna.Account
			if err := json.Unmarshal(body, &who); err != nil || who.AccountID != b.AccountID || who.Environment != tc.env {
				t.Fatalf("who-am-I %s, want %s in %s", body, b.AccountID, tc.env)
			}
			secrets := []string{b.APIKey, base64.StdEncoding.EncodeToString([]byte(b.APIKey))}
			if tc.limited {
				if status, body := send(http.MethodGet, "/v2/account", b.APIKey, ""); status != http.StatusTooManyRequests {
					t.Fatalf("second request with -rate-limit 0.1: %d %s", status, body)
				}
			} else {
				status, body = send(http.MethodPost, "/v2/account/credentials/api-keys", secrets[1], `{"description":"logged"}`)
				if status != http.StatusCreated {
					t.Fatalf("create with the base64-encoded key: %d %s", status, body)
				}
				var created klarna.CreatedAPIKey
				_ = json.Unmarshal(body, &created)
				secrets = append(secrets, created.Secret)
			}
			if status, _ := send(http.MethodGet, "/v2/account", tc.keyPrefix+"wrong", ""); status != http.StatusUnauthorized {
				t.Fatalf("a wrong key: %d", status)
			}

			c.stop(t)

			out := c.log.String()
			if !strings.Contains(out, "GET /v2/account 200") || !strings.Contains(out, "GET /v2/account 401") {
				t.Errorf("no request lines in the log:\n%s", out)
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "klarna_test_api_") || strings.Contains(line, "klarna_live_api_") {
					t.Errorf("a log line holds a key: %q", line)
				}
				for _, s := range secrets {
					if s != "" && strings.Contains(line, s) {
						t.Errorf("a log line holds a secret: %q", line)
					}
				}
			}
		})
	}
}

func TestRun_refusesBadFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no state directory", []string{"-addr", "127.0.0.1:0"}, "-state-dir is required"},
		{"an address that is not loopback", []string{"-addr", "0.0.0.0:0", "-state-dir", dir}, "not a loopback address"},
		{"an unknown flag", []string{"-state-dir", dir, "-bogus"}, "bogus"},
		{"a bad duration", []string{"-state-dir", dir, "-mtls-delay", "soon"}, "mtls-delay"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := run(tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run(%q): %v, want an error saying %q", tc.args, err, tc.want)
			}
		})
	}
}
