package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
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
