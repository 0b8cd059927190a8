package examplestest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// mockBuild is the standalone mock command, built once per test run into buildDir.
var mockBuild struct {
	mu   sync.Mutex
	path string
	err  error
}

// buildMock builds internal/cmd/mockapi, as the demo does, once per test run.
func buildMock(t *testing.T, tc toolchain) string {
	t.Helper()
	mockBuild.mu.Lock()
	defer mockBuild.mu.Unlock()
	if mockBuild.path == "" && mockBuild.err == nil {
		ctx, cancel := context.WithTimeout(t.Context(), buildTimeout)
		defer cancel()
		path := filepath.Join(buildDir, "mockapi")
		cmd := exec.CommandContext(ctx, "go", "build", "-o", path, "./internal/cmd/mockapi") //nolint:gosec // builds this repository into the test run's own directory
		cmd.Dir = tc.root
		if out, err := cmd.CombinedOutput(); err != nil {
			mockBuild.err = fmt.Errorf("building the mock: %w\n%s", err, out)
		} else {
			mockBuild.path = path
		}
	}
	if mockBuild.err != nil {
		t.Fatal(mockBuild.err)
	}
	return mockBuild.path
}

// standaloneMock is the mock command running as a process of its own, on its own clock.
type standaloneMock struct {
	boot    mockapi.Bootstrap
	caFile  string
	control *http.Client
}

// startStandaloneMock runs the mock command on a free loopback port until the test ends.
func startStandaloneMock(t *testing.T, tc toolchain) *standaloneMock {
	t.Helper()
	bin := buildMock(t, tc)
	dir := filepath.Join(t.TempDir(), "mock")
	cmd := exec.CommandContext(t.Context(), bin, "-addr", "127.0.0.1:0", "-state-dir", dir, "-quiet") //nolint:gosec // the mock this test run built
	// When the test ends, the mock is asked to stop as a user would stop it, then killed.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var log bytes.Buffer
	var logMu sync.Mutex
	cmd.Stdout = writerFunc(func(p []byte) (int, error) { logMu.Lock(); defer logMu.Unlock(); return log.Write(p) })
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		<-exited
		logMu.Lock()
		defer logMu.Unlock()
		if log.Len() > 0 {
			t.Logf("mockapi:\n%s", log.String())
		}
	})
	bootFile := filepath.Join(dir, "bootstrap.json")
	deadline := time.Now().Add(30 * time.Second)
	var raw []byte
	for {
		var err error
		if raw, err = os.ReadFile(bootFile); err == nil { //nolint:gosec // a file in the test's own temporary directory
			break
		}
		select {
		case <-exited:
			t.Fatalf("the mock exited before writing bootstrap.json")
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("the mock wrote no bootstrap.json within 30 s")
		}
	}
	m := &standaloneMock{caFile: filepath.Join(dir, "ca.pem")}
	if err := json.Unmarshal(raw, &m.boot); err != nil {
		t.Fatalf("bootstrap.json: %v", err)
	}
	caPEM, err := os.ReadFile(m.caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.pem holds no certificate")
	}
	m.control = &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	t.Cleanup(m.control.CloseIdleConnections)
	return m
}

// call sends a request to the mock's control plane and decodes its JSON answer into out.
func (m *standaloneMock) call(t *testing.T, method, path string, body, out any) {
	t.Helper()
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, m.boot.BaseURL+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.control.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
}

// env points the provider at the mock.
func (m *standaloneMock) env() []string {
	return []string{"KLARNA_BASE_URL=" + m.boot.BaseURL, "KLARNA_API_KEY=" + m.boot.APIKey, "KLARNA_CA_CERTIFICATE_FILE=" + m.caFile}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
