package harness

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// How long the mock may take to start and to stop.
const (
	mockStartTimeout = 30 * time.Second
	mockStopTimeout  = 10 * time.Second
)

// MockOptions say how to start a standalone mock API.
type MockOptions struct {
	Bin      string   // the executable of internal/cmd/mockapi
	StateDir string   // its -state-dir; created when missing
	LogFile  string   // where its standard output and error go
	Args     []string // flags besides -addr and -state-dir (-quiet, -rate-limit...)
}

// Mock is a standalone mock API running on a free loopback port, and a client of its
// control plane under /_mock/ that trusts only the mock's CA.
type Mock struct {
	Bootstrap mockapi.Bootstrap // its bootstrap.json
	CAFile    string            // its CA certificate, for KLARNA_CA_CERTIFICATE_FILE
	LogFile   string

	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	http *http.Client
}

// StartMock starts a mock on a free loopback port, waits for its bootstrap.json and
// refuses it unless its base URL passes CheckLoopback. Cancelling ctx asks the mock to stop.
func StartMock(ctx context.Context, o MockOptions) (_ *Mock, err error) {
	if err := os.MkdirAll(o.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the mock's state directory: %w", err)
	}
	logOut, err := os.Create(o.LogFile)
	if err != nil {
		return nil, fmt.Errorf("creating the mock's log: %w", err)
	}
	// The mock writes through its own copy of the descriptor; closing ours loses nothing.
	defer func() { _ = logOut.Close() }()

	args := append([]string{"-addr", "127.0.0.1:0", "-state-dir", o.StateDir}, o.Args...)
	cmd := exec.CommandContext(ctx, o.Bin, args...) //nolint:gosec // the mock the proof tool built
	cmd.Stdout, cmd.Stderr = logOut, logOut
	ownGroup(cmd)
	cmd.Cancel = func() error { return terminate(cmd.Process) }
	cmd.WaitDelay = mockStopTimeout
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the mock API: %w", err)
	}
	m := &Mock{cmd: cmd, done: make(chan struct{}), CAFile: filepath.Join(o.StateDir, "ca.pem"), LogFile: o.LogFile}
	go func() {
		// An exit is seen through done, and its reason is in the mock's log: a mock that
		// Stop ends exits on a signal, so the status would say nothing more.
		_ = cmd.Wait()
		close(m.done)
	}()
	defer func() {
		if err != nil {
			m.Stop()
		}
	}()
	if err := m.waitForBootstrap(ctx, filepath.Join(o.StateDir, "bootstrap.json")); err != nil {
		return nil, err
	}
	if err := CheckLoopback(m.Bootstrap.BaseURL); err != nil {
		return nil, err
	}
	pem, err := os.ReadFile(m.CAFile)
	if err != nil {
		return nil, fmt.Errorf("reading the mock's CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("the mock's ca.pem holds no certificate")
	}
	m.http = &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
	}
	return m, nil
}

func (m *Mock) waitForBootstrap(ctx context.Context, path string) error {
	deadline := time.NewTimer(mockStartTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil { //nolint:gosec // written by the mock this program started
			if err := json.Unmarshal(b, &m.Bootstrap); err != nil {
				return fmt.Errorf("reading the mock's bootstrap.json: %w", err)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-m.done:
			return fmt.Errorf("the mock API exited before it was serving:\n%s", Tail(m.LogFile, 20))
		case <-deadline.C:
			return fmt.Errorf("the mock API wrote no bootstrap.json within %s:\n%s", mockStartTimeout, Tail(m.LogFile, 20))
		case <-tick.C:
		}
	}
}

// PID is the mock's process ID.
func (m *Mock) PID() int { return m.cmd.Process.Pid }

// Env configures the Klarna provider for this mock and nothing else.
func (m *Mock) Env() []string {
	return []string{
		"KLARNA_BASE_URL=" + m.Bootstrap.BaseURL,
		"KLARNA_API_KEY=" + m.Bootstrap.APIKey,
		"KLARNA_CA_CERTIFICATE_FILE=" + m.CAFile,
	}
}

// Stop asks the mock to stop (SIGTERM), waits for it and kills it if it has not stopped in
// time. Calling it again does nothing.
func (m *Mock) Stop() {
	if m.http != nil {
		m.http.CloseIdleConnections()
	}
	select {
	case <-m.done:
		return
	default:
	}
	// The process may exit between the check above and the signal (os.ErrProcessDone); a
	// mock that ignores it is killed below.
	_ = terminate(m.cmd.Process)
	t := time.NewTimer(mockStopTimeout)
	defer t.Stop()
	select {
	case <-m.done:
	case <-t.C:
		_ = m.cmd.Process.Kill() // fails only when the process has just exited, which done then says
		<-m.done
	}
}

// HTTPClient is a client that trusts only the mock's CA, for requests to its API.
func (m *Mock) HTTPClient() *http.Client { return m.http }

// Control sends one request to the mock's control plane: in, when not nil, is sent as
// JSON, and out, when not nil, receives the JSON answer.
func (m *Mock) Control(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	// The base URL is one CheckLoopback accepted.
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(m.Bootstrap.BaseURL, "/")+path, body) //nolint:gosec // a loopback address, see above
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := m.http.Do(req) //nolint:gosec // a loopback address, see above
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }() // read below; closing a read body tells nothing
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, strings.TrimSpace(string(raw)))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s %s: decoding the answer: %w", method, path, err)
		}
	}
	return nil
}

// Requests reads the mock's request counts (GET /_mock/requests).
func (m *Mock) Requests(ctx context.Context) (mockapi.RequestCounts, error) {
	var out mockapi.RequestCounts
	err := m.Control(ctx, http.MethodGet, "/_mock/requests", nil, &out)
	return out, err
}

// ResetRequests sets the mock's request counts to zero (DELETE /_mock/requests).
func (m *Mock) ResetRequests(ctx context.Context) error {
	return m.Control(ctx, http.MethodDelete, "/_mock/requests", nil, nil)
}

// AddFault schedules a fault and returns how many fault occurrences are pending in all.
func (m *Mock) AddFault(ctx context.Context, f mockapi.Fault) (int, error) {
	var out struct {
		Pending int `json:"pending"`
	}
	err := m.Control(ctx, http.MethodPost, "/_mock/faults", f, &out)
	return out.Pending, err
}

// ClearFaults reads how many scheduled faults are still pending, then clears them all.
// Call it while no API request is in flight.
func (m *Mock) ClearFaults(ctx context.Context) (int, error) {
	var pending mockapi.PendingFaultList
	if err := m.Control(ctx, http.MethodGet, "/_mock/faults", nil, &pending); err != nil {
		return 0, err
	}
	if err := m.Control(ctx, http.MethodDelete, "/_mock/faults", nil, nil); err != nil {
		return 0, err
	}
	return pending.Pending, nil
}

// State reads what the mock holds, account by account (GET /_mock/state).
func (m *Mock) State(ctx context.Context) ([]mockapi.AccountState, error) {
	var out struct {
		Accounts []mockapi.AccountState `json:"accounts"`
	}
	err := m.Control(ctx, http.MethodGet, "/_mock/state", nil, &out)
	return out.Accounts, err
}

// Violations reads the contract violations the mock saw (GET /_mock/violations).
func (m *Mock) Violations(ctx context.Context) ([]string, error) {
	var out struct {
		Violations []string `json:"violations"`
	}
	err := m.Control(ctx, http.MethodGet, "/_mock/violations", nil, &out)
	return out.Violations, err
}

// Tail is the last n lines of a file, for error messages.
func Tail(path string, n int) string {
	b, err := os.ReadFile(path) //nolint:gosec // a file of the proof tool's own working directory
	if err != nil {
		return "(" + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
