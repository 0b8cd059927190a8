package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// How long the mock may take to start and to stop.
const (
	mockStartTimeout = 30 * time.Second
	mockStopTimeout  = 10 * time.Second
)

// mockOptions are the flags a mock is started with besides its address and state.
type mockOptions struct {
	rateLimit    float64 // requests per second per account; 0 for none
	skipContract bool    // -skip-contract-validation
}

func (m mockOptions) args() []string {
	var args []string
	if m.rateLimit > 0 {
		args = append(args, "-rate-limit", strconv.FormatFloat(m.rateLimit, 'g', -1, 64))
	}
	if m.skipContract {
		args = append(args, "-skip-contract-validation")
	}
	return args
}

// bootstrap is the part of the mock's bootstrap.json the benchmark uses.
type bootstrap struct {
	BaseURL string `json:"base_url"`
	APIKey  string `json:"api_key"`
}

// mockProcess is one running standalone mock.
type mockProcess struct {
	cmd     *exec.Cmd
	done    chan struct{} // closed once the process has exited
	pid     int
	caFile  string
	logFile string
	boot    bootstrap
	client  *http.Client
}

// requestCounts is the body of GET /_mock/requests.
type requestCounts struct {
	Total   int            `json:"total"`
	ByRoute map[string]int `json:"by_route"`
}

// startMock starts a mock on a free loopback port and waits for its bootstrap.json.
func (w *workspace) startMock(ctx context.Context, o mockOptions) (*mockProcess, error) {
	stateDir, err := w.workDir("mock")
	if err != nil {
		return nil, err
	}
	logFile := filepath.Join(stateDir, "mock.log")
	logOut, err := os.Create(logFile) //nolint:gosec // a file in the benchmark's own temporary directory
	if err != nil {
		return nil, fmt.Errorf("creating the mock's log: %w", err)
	}
	defer func() { _ = logOut.Close() }()

	args := append([]string{"-addr", "127.0.0.1:0", "-state-dir", stateDir, "-quiet"}, o.args()...)
	cmd := exec.CommandContext(ctx, w.mockBin, args...) //nolint:gosec // the mock this program built
	cmd.Stdout, cmd.Stderr = logOut, logOut
	// A process group of its own: a Ctrl-C reaches the benchmark only, which stops the
	// mock after the Terraform command using it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = mockStopTimeout
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the mock API: %w", err)
	}
	m := &mockProcess{cmd: cmd, done: make(chan struct{}), pid: cmd.Process.Pid, caFile: filepath.Join(stateDir, "ca.pem"), logFile: logFile}
	go func() {
		_ = cmd.Wait()
		close(m.done)
	}()
	w.mu.Lock()
	w.mocks = append(w.mocks, m)
	w.mu.Unlock()

	if err := m.waitForBootstrap(ctx, filepath.Join(stateDir, "bootstrap.json")); err != nil {
		m.stop()
		return nil, err
	}
	if err := checkLoopback(m.boot.BaseURL); err != nil {
		m.stop()
		return nil, err
	}
	if m.client, err = controlClient(m.caFile); err != nil {
		m.stop()
		return nil, err
	}
	return m, nil
}

func (m *mockProcess) waitForBootstrap(ctx context.Context, path string) error {
	deadline := time.NewTimer(mockStartTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil { //nolint:gosec // a file in the benchmark's own temporary directory
			if err := json.Unmarshal(b, &m.boot); err != nil {
				return fmt.Errorf("reading the mock's bootstrap.json: %w", err)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-m.done:
			return fmt.Errorf("the mock API exited before it was serving:\n%s", tail(m.logFile, 20))
		case <-deadline.C:
			return fmt.Errorf("the mock API wrote no bootstrap.json within %s:\n%s", mockStartTimeout, tail(m.logFile, 20))
		case <-tick.C:
		}
	}
}

// checkLoopback refuses a base URL that is not on this machine: the benchmark sends
// thousands of requests, and Klarna forbids load testing its APIs.
func checkLoopback(raw string) error {
	refuse := func(why string) error {
		return fmt.Errorf("refusing base URL %q: %s; the benchmark only runs against the in-repo mock API on a loopback "+
			"address, because Klarna forbids load testing its APIs", raw, why)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return refuse("it is not a URL")
	}
	if u.Scheme != "https" {
		return refuse("it is not an https:// URL")
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return refuse("its host " + strconv.Quote(host) + " is not a loopback address")
	}
	return nil
}

// controlClient is an HTTP client that trusts only the mock's CA.
func controlClient(caFile string) (*http.Client, error) {
	pem, err := os.ReadFile(caFile) //nolint:gosec // a file in the benchmark's own temporary directory
	if err != nil {
		return nil, fmt.Errorf("reading the mock's CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("the mock's ca.pem holds no certificate")
	}
	return &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
	}, nil
}

// env configures the Klarna provider for this mock.
func (m *mockProcess) env() []string {
	return []string{
		"KLARNA_BASE_URL=" + m.boot.BaseURL,
		"KLARNA_API_KEY=" + m.boot.APIKey,
		"KLARNA_CA_CERTIFICATE_FILE=" + m.caFile,
	}
}

// resetRequests sets the mock's request counts to zero (DELETE /_mock/requests).
func (m *mockProcess) resetRequests(ctx context.Context) error {
	return m.control(ctx, http.MethodDelete, "/_mock/requests", nil)
}

// requests reads the mock's request counts (GET /_mock/requests).
func (m *mockProcess) requests(ctx context.Context) (requestCounts, error) {
	var rc requestCounts
	err := m.control(ctx, http.MethodGet, "/_mock/requests", &rc)
	return rc, err
}

func (m *mockProcess) control(ctx context.Context, method, path string, out any) error {
	// The base URL is one checkLoopback accepted.
	req, err := http.NewRequestWithContext(ctx, method, m.boot.BaseURL+path, nil) //nolint:gosec // a loopback address, see above
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	resp, err := m.client.Do(req) //nolint:gosec // a loopback address, see above
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s: reading the response: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: status %d: %s", method, path, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("%s %s: decoding the response: %w", method, path, err)
		}
	}
	return nil
}

// cpuTime is the CPU time (user and system) the mock has used so far.
func (m *mockProcess) cpuTime() (time.Duration, error) {
	return processCPU(m.pid)
}

// stop sends SIGTERM, waits for the mock to exit and kills it if it does not in time.
func (m *mockProcess) stop() {
	select {
	case <-m.done:
		return
	default:
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	t := time.NewTimer(mockStopTimeout)
	defer t.Stop()
	select {
	case <-m.done:
	case <-t.C:
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

// tail is the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path) //nolint:gosec // a file in the benchmark's own temporary directory
	if err != nil {
		return "(" + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
