//go:build unix

package examplestest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// demoTimeout bounds one run of scripts/demo.sh, builds included, on a busy machine.
const demoTimeout = 10 * time.Minute

// The lines of the demo's output that say where its mock and working directory are.
var (
	demoMockLine    = regexp.MustCompile(`(?m)^  mock API at https://127\.0\.0\.1:\d+ \(PID (\d+)\)`)
	demoWorkLine    = regexp.MustCompile(`(?m)^  working directory (\S+)$`)
	demoSummaryLine = regexp.MustCompile(`(?m)^    (\d+) API calls to the mock, (\d+)s in all$`)
)

// demoSteps are the step titles the tour prints, in order.
var demoSteps = []string{
	"==> Setup",
	"==> Step 1/9: credentials",
	"==> Step 2/9: a signing certificate and a portal user",
	"==> Step 3/9: a single-use deep link",
	"==> Step 4/9: an API certificate",
	"==> Step 5/9: the provider presents it",
	"==> Step 6/9: mTLS enforced",
	"==> Step 7/9: the lock-out guard",
	"==> Step 8/9: a list data source and the functions",
}

// TestAccDemo runs scripts/demo.sh as `make demo` does and checks what each step shows: the
// credentials with their keys masked, the portal user invited, the deep link opened once
// (200) and refused the second time (410), the verification status NOT_PRESENT and then
// VALID, the enforcement in effect, the lock-out guard's refusal, the list data sources and
// functions, the destroy in an order the guards accept and the summary; that nothing secret
// was printed; and that afterwards no mock process runs and no working directory remains.
func TestAccDemo(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	root, cliPath := demoToolchain(t)
	tmp := t.TempDir()

	out, err := runDemo(t, root, tmp, "TERRAFORM="+cliPath)
	if err != nil {
		t.Fatalf("make demo failed: %v\n%s", err, out)
	}
	pid, work := demoProcess(t, out)

	checkStepsInOrder(t, out, append(demoSteps, "==> Step 9/9: destroy", "==> Summary"))
	checkDemoTour(t, out)
	for _, want := range []string{
		"Destroy complete! Resources: 9 destroyed.",
		"made and destroyed: 2 klarna_api_key, 2 klarna_client_certificate, 2 klarna_client_id, 1 klarna_mtls_enforcement, 1 klarna_portal_user, 1 terraform_data",
		"the mock API is stopped and the working directory removed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	// The enforcement goes before the certificate it depends on.
	if e, c := strings.Index(out, "klarna_mtls_enforcement.own: destroyed"), strings.Index(out, "klarna_client_certificate.api: destroyed"); e < 0 || c < 0 || e > c {
		t.Errorf("the destroy did not remove the enforcement (at %d) before the API certificate (at %d)", e, c)
	}
	if m := demoSummaryLine.FindStringSubmatch(out); m == nil {
		t.Errorf("the summary lacks the API calls and the time:\n%s", out)
	} else if calls, _ := strconv.Atoi(m[1]); calls < 20 {
		t.Errorf("the summary counts %d API calls; the tour makes far more", calls)
	}
	checkNothingLeft(t, pid, work, tmp)
}

// TestAccDemo_keep runs the demo with KEEP=1, then follows the instructions it printed: the
// CLI pointed at the kept mock plans no change, and the printed kill command stops the mock
// and removes the working directory.
func TestAccDemo_keep(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	root, cliPath := demoToolchain(t)
	tmp := t.TempDir()

	out, err := runDemo(t, root, tmp, "TERRAFORM="+cliPath, "KEEP=1")
	pid, work := demoProcess(t, out)
	// Whatever happens below, the kept mock is stopped and its directory removed.
	t.Cleanup(func() {
		if mockRunning(pid, work) {
			_ = syscall.Kill(pid, syscall.SIGTERM)
		}
		_ = os.RemoveAll(work)
	})
	if err != nil {
		t.Fatalf("KEEP=1 make demo failed: %v\n%s", err, out)
	}
	checkStepsInOrder(t, out, demoSteps)
	checkDemoTour(t, out)
	if strings.Contains(out, "==> Step 9/9: destroy") {
		t.Errorf("KEEP=1 destroyed what the demo made:\n%s", out)
	}
	if err := syscall.Kill(pid, 0); err != nil {
		t.Fatalf("KEEP=1 left no mock running (PID %d): %v", pid, err)
	}

	source := regexp.MustCompile(`(?m)^      source (\S+/env\.sh) `).FindStringSubmatch(out)
	plan := regexp.MustCompile(`(?m)^      cd (\S+) && (\S+) plan$`).FindStringSubmatch(out)
	stop := regexp.MustCompile(`(?m)^      (kill (\d+) && rm -rf (\S+))$`).FindStringSubmatch(out)
	if source == nil || plan == nil || stop == nil {
		t.Fatalf("KEEP=1 did not print how to point Terraform at the mock and how to stop it:\n%s", out)
	}
	if stop[2] != strconv.Itoa(pid) || stop[3] != work {
		t.Fatalf("the stop command %q names PID %s and %s, but the mock is PID %d in %s", stop[1], stop[2], stop[3], pid, work)
	}
	// The printed instructions, in a shell of their own with none of the test's settings.
	planOut, err := runDemoLine(t, fmt.Sprintf("source %s && cd %s && %s plan -no-color -detailed-exitcode", source[1], plan[1], plan[2]))
	if err != nil {
		t.Fatalf("terraform plan as printed does not find the kept configuration unchanged: %v\n%s", err, planOut)
	}
	if !strings.Contains(planOut, "No changes.") {
		t.Errorf("terraform plan as printed planned changes:\n%s", planOut)
	}
	// The kept mock holds what the demo made until someone destroys it: destroy it, as a
	// user would before stopping the mock.
	destroyOut, err := runDemoLine(t, fmt.Sprintf("source %s && cd %s && %s destroy -no-color -auto-approve", source[1], plan[1], plan[2]))
	if err != nil || !strings.Contains(destroyOut, "Destroy complete! Resources: 9 destroyed.") {
		t.Errorf("terraform destroy against the kept mock: %v\n%s", err, destroyOut)
	}
	if stopOut, err := runDemoLine(t, stop[1]); err != nil {
		t.Fatalf("%s: %v\n%s", stop[1], err, stopOut)
	}
	checkNothingLeft(t, pid, work, tmp)
}

// TestAccDemo_failedStep makes the CLI fail at the second step's apply, after the mock has
// started and the first step made credentials: the demo fails, says so, and leaves nothing
// running and no working directory behind.
func TestAccDemo_failedStep(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	root, cliPath := demoToolchain(t)
	tmp := t.TempDir()

	// A CLI that fails the second apply and runs every other command as the real one does.
	wrapperDir := t.TempDir()
	wrapper := filepath.Join(wrapperDir, "terraform")
	script := fmt.Sprintf(`#!/usr/bin/env bash
if [ "$1" = apply ]; then
  n=$(( $(cat %[1]q 2>/dev/null || echo 0) + 1 ))
  echo "$n" >%[1]q
  if [ "$n" -eq 2 ]; then echo "Error: the CLI failed on purpose" >&2; exit 1; fi
fi
exec %[2]q "$@"
`, filepath.Join(wrapperDir, "applies"), cliPath)
	if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil { //nolint:gosec // an executable of the test's own
		t.Fatal(err)
	}

	out, err := runDemo(t, root, tmp, "TERRAFORM="+wrapper)
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("the demo did not fail when a step failed: %v\n%s", err, out)
	}
	pid, work := demoProcess(t, out)
	for _, want := range []string{"==> Step 1/9: credentials", "Apply complete! Resources: 4 added", "the CLI failed on purpose", "demo failed (exit 1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "==> Step 3/9") {
		t.Errorf("the demo went on after a failed step:\n%s", out)
	}
	checkNothingLeft(t, pid, work, tmp)
}

// TestAccDemo_interrupted sends a Ctrl-C to the demo while it makes the portal user: the
// demo stops there with exit status 130 and leaves nothing running and no working directory.
func TestAccDemo_interrupted(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	root, cliPath := demoToolchain(t)
	tmp := t.TempDir()

	out, err := runDemoInterrupted(t, root, tmp, "(adds examples/demo/2-portal-user.tf)", "TERRAFORM="+cliPath)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("the interrupted demo ended with %v, want exit status 130\n%s", err, out)
	}
	pid, work := demoProcess(t, out)
	if !strings.Contains(out, "demo failed (exit 130)") {
		t.Errorf("the interrupted demo did not say that it stopped:\n%s", out)
	}
	if strings.Contains(out, "==> Step 3/9") {
		t.Errorf("the demo went on after a Ctrl-C:\n%s", out)
	}
	checkNothingLeft(t, pid, work, tmp)
}

// demoToolchain is the repository root and the CLI the demo is to use.
func demoToolchain(t *testing.T) (root, cliPath string) {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	cliPath, err = cliExecutable()
	if err != nil {
		t.Fatal(err)
	}
	return root, cliPath
}

// runDemo runs scripts/demo.sh with its temporary files under tmp and returns its output.
// If the run outlives demoTimeout, its process group is sent SIGTERM, which the script
// answers by cleaning up; whatever is left after that, the mock included (it has a process
// group of its own), is killed.
func runDemo(t *testing.T, root, tmp string, env ...string) (string, error) {
	t.Helper()
	return runDemoInterrupted(t, root, tmp, "", env...)
}

// runDemoInterrupted is runDemo that, when interruptAt is not empty, sends SIGINT to the
// demo's process group as a terminal's Ctrl-C would, as soon as interruptAt is printed.
func runDemoInterrupted(t *testing.T, root, tmp, interruptAt string, env ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), demoTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, "scripts", "demo.sh")) //nolint:gosec // the repository's own script
	cmd.Dir = root
	cmd.Env = append(inheritedEnv(), "TMPDIR="+tmp, "CHECKPOINT_DISABLE=1")
	cmd.Env = append(cmd.Env, env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = 30 * time.Second
	buf := &watchedBuffer{marker: interruptAt, seen: make(chan struct{})}
	cmd.Stdout = buf
	cmd.Stderr = buf
	start := time.Now()
	err := cmd.Start()
	if err == nil {
		if interruptAt != "" {
			go func() {
				select {
				case <-buf.seen:
					_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
				case <-ctx.Done():
				}
			}()
		}
		err = cmd.Wait()
	}
	t.Logf("scripts/demo.sh %s in %s:\n%s", strings.Join(env, " "), time.Since(start).Round(time.Second), buf.String())
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (%w)", err, ctx.Err())
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		m, w := demoMockLine.FindStringSubmatch(buf.String()), demoWorkLine.FindStringSubmatch(buf.String())
		if m != nil && w != nil {
			if pid, convErr := strconv.Atoi(m[1]); convErr == nil && mockRunning(pid, w[1]) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
	return buf.String(), err
}

// watchedBuffer collects output and closes seen once marker has been written.
type watchedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	seen   chan struct{}
	closed bool
}

func (w *watchedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if w.marker != "" && !w.closed && strings.Contains(w.buf.String(), w.marker) {
		w.closed = true
		close(w.seen)
	}
	return n, err
}

func (w *watchedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// runDemoLine runs a command line in bash with the test's environment, none of its TF_* or
// KLARNA_* settings.
func runDemoLine(t *testing.T, line string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", line) //nolint:gosec // the demo's printed instructions
	cmd.Env = append(inheritedEnv(), "CHECKPOINT_DISABLE=1")
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// demoProcess is the mock's PID and the working directory the demo printed.
func demoProcess(t *testing.T, out string) (int, string) {
	t.Helper()
	m := demoMockLine.FindStringSubmatch(out)
	w := demoWorkLine.FindStringSubmatch(out)
	if m == nil || w == nil {
		t.Fatalf("the demo did not say where its mock API and working directory are:\n%s", out)
	}
	pid, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return pid, w[1]
}

// checkStepsInOrder checks that every title appears, in the order given.
func checkStepsInOrder(t *testing.T, out string, titles []string) {
	t.Helper()
	at := 0
	for _, title := range titles {
		i := strings.Index(out[at:], title+"\n")
		if i < 0 {
			t.Errorf("the output lacks the step %q after offset %d:\n%s", title, at, out)
			return
		}
		at += i + len(title)
	}
}

// checkDemoTour checks what steps 1 to 8 show, and that nothing secret was printed.
func checkDemoTour(t *testing.T, out string) {
	t.Helper()
	section := func(from, to string) string {
		i := strings.Index(out, from)
		if i < 0 {
			return ""
		}
		rest := out[i:]
		if j := strings.Index(rest, to); j >= 0 {
			return rest[:j]
		}
		return rest
	}
	for _, c := range []struct{ from, to, want string }{
		{"Step 1/9", "Step 2/9", "own_api_key = <sensitive>"},
		{"Step 1/9", "Step 2/9", "partner_api_key = <sensitive>"},
		{"Step 1/9", "Step 2/9", `"client_id" = "klarna_test_client_`},
		{"Step 2/9", "Step 3/9", `"status" = "INVITED"`},
		{"Step 2/9", "Step 3/9", `"signing_certificate" = "JWT_SIGNING CN=`},
		{"Step 3/9", "Step 4/9", "deep link opened the first time: HTTP 200\n"},
		{"Step 3/9", "Step 4/9", "deep link opened the second time: HTTP 410\n"},
		{"Step 4/9", "Step 5/9", `"verification_status" = "NOT_PRESENT"`},
		{"Step 5/9", "Step 6/9", `"verification_status" = "VALID"`},
		{"Step 6/9", "Step 7/9", `"status" = "ENFORCED"`},
		{"Step 7/9", "Step 8/9", "Error: Unable to revoke client certificate"},
		{"Step 7/9", "Step 8/9", "this is the certificate the provider itself presents"},
		{"Step 8/9", "==> ", `"API ACTIVE CN=`},
		{"Step 8/9", "==> ", `"JWT_SIGNING ACTIVE CN=`},
		{"Step 8/9", "==> ", `"partner backend: ENABLED"`},
		{"Step 8/9", "==> ", `in the test environment"`},
		{"Step 8/9", "==> ", `"portal_user_status" = "ACTIVE"`},
	} {
		if !strings.Contains(section(c.from, c.to), c.want) {
			t.Errorf("%s does not show %q:\n%s", c.from, c.want, section(c.from, c.to))
		}
	}
	// No API key, key, certificate body or deep-link token reaches the output.
	for _, secret := range []string{"klarna_test_api_", "klarna_live_api_", "PRIVATE KEY", "BEGIN CERTIFICATE", "token="} {
		if strings.Contains(out, secret) {
			t.Errorf("the demo printed %q", secret)
		}
	}
}

// checkNothingLeft checks that the mock process is gone and that the demo left no working
// directory in its temporary directory.
func checkNothingLeft(t *testing.T, pid int, work, tmp string) {
	t.Helper()
	// A mock just sent SIGTERM may take a moment to shut down.
	deadline := time.Now().Add(15 * time.Second)
	for mockRunning(pid, work) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if mockRunning(pid, work) {
		t.Errorf("the mock API (PID %d) is still running", pid)
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	if _, err := os.Stat(work); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the working directory %s remains (%v)", work, err)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "klarna-demo.") {
			t.Errorf("the demo left %s in its temporary directory", e.Name())
		}
	}
}

// mockRunning reports whether pid is still the demo's mock: a process whose command line
// names the working directory, so that a PID reused by an unrelated process, or a zombie
// with no command line, does not count.
func mockRunning(pid int, work string) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline")) //nolint:gosec // a /proc entry
	if err != nil {
		// Gone since the signal on Linux; elsewhere there is no /proc to tell, so it counts.
		return !errors.Is(err, os.ErrNotExist) || runtime.GOOS != "linux"
	}
	return bytes.Contains(cmdline, []byte(work))
}
