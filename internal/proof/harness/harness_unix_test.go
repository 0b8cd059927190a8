//go:build unix

package harness

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// script writes an executable shell script and returns its path.
func script(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fake")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil { //nolint:gosec // an executable the test runs
		t.Fatal(err)
	}
	return path
}

func TestRunTerraform_exitStatusIsAResultAndCancellingAnError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		timeout  time.Duration
		exitCode int
		wantErr  error
		output   string
	}{
		{"success", `echo "ran $*"`, 0, 0, nil, "ran plan -no-color"},
		{"non-zero exit", `echo failed >&2; exit 3`, 0, 3, nil, "failed"},
		{"interrupted", `exec sleep 30`, 300 * time.Millisecond, 0, context.DeadlineExceeded, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			var out bytes.Buffer
			res, err := RunTerraform(ctx, Command{Bin: script(t, tt.body), Dir: t.TempDir(), Args: []string{"plan", "-no-color"}, Stdout: &out, Stderr: &out})
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("RunTerraform: %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("RunTerraform = %v, want %v", err, tt.wantErr)
			case tt.wantErr != nil:
				if res.Wall > 10*time.Second {
					t.Errorf("an interrupted command took %s to stop", res.Wall)
				}
				return
			}
			if res.ExitCode != tt.exitCode || !strings.Contains(out.String(), tt.output) || res.Wall <= 0 {
				t.Errorf("RunTerraform = exit %d after %s, output %q; want exit %d, output with %q", res.ExitCode, res.Wall, out.String(), tt.exitCode, tt.output)
			}
		})
	}
}

func TestStartMock_reportsAMockThatExitsWithTheEndOfItsLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := StartMock(t.Context(), MockOptions{
		Bin:      script(t, `echo "mockapi: cannot listen on $2" >&2; exit 1`),
		StateDir: filepath.Join(dir, "state"),
		LogFile:  filepath.Join(dir, "mock.log"),
	})
	if err == nil || !strings.Contains(err.Error(), "exited before it was serving") || !strings.Contains(err.Error(), "cannot listen on 127.0.0.1:0") {
		t.Errorf("StartMock = %v; want the mock's exit and the end of its log", err)
	}
}

func TestStartMock_refusesABootstrapOffThisMachine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A "mock" that writes a bootstrap.json naming Klarna's real API, then waits to be stopped.
	// It writes the file atomically, as the mock does: the harness reads it as soon as it appears.
	bin := script(t, `printf '{"base_url":"https://api-global.test.klarna.com","api_key":"k"}' > "$4/bootstrap.tmp" && mv "$4/bootstrap.tmp" "$4/bootstrap.json"; exec sleep 30`)
	start := time.Now()
	_, err := StartMock(t.Context(), MockOptions{Bin: bin, StateDir: filepath.Join(dir, "state"), LogFile: filepath.Join(dir, "mock.log")})
	if err == nil || !strings.Contains(err.Error(), "refusing base URL") {
		t.Errorf("StartMock = %v; want a refusal of the base URL", err)
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("StartMock took %s: the refused mock was not stopped promptly", d)
	}
}
