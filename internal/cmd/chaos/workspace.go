package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

const modulePath = "github.com/partnerops/terraform-provider-klarna"

// workspace is everything the campaign sets up: a temporary directory with the built
// provider and mock, the running mock, and the Terraform configuration directory.
type workspace struct {
	dir       string
	binDir    string
	mockDir   string
	configDir string
	logDir    string
	mockLog   string

	mock      *exec.Cmd
	mockDone  chan struct{}
	bootstrap mockapi.Bootstrap
	caFile    string
}

// moduleRoot finds the provider's module root from the working directory upwards.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for range 64 {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod")) //nolint:gosec // go.mod of a parent of the working directory
		if err == nil {
			first, _, _ := strings.Cut(string(b), "\n")
			if strings.TrimSpace(first) == "module "+modulePath {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("run from inside the %s module", modulePath)
}

func newWorkspace() (*workspace, error) {
	dir, err := os.MkdirTemp("", "klarna-chaos-")
	if err != nil {
		return nil, err
	}
	w := &workspace{
		dir: dir, binDir: filepath.Join(dir, "bin"), mockDir: filepath.Join(dir, "mock"),
		configDir: filepath.Join(dir, "config"), logDir: filepath.Join(dir, "logs"),
		mockLog: filepath.Join(dir, "mock.log"),
	}
	for _, d := range []string{w.binDir, w.configDir, w.logDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// build compiles the provider and the standalone mock from the module at root.
func (w *workspace) build(ctx context.Context, root string) error {
	builds := [][]string{
		{"build", "-ldflags", "-X main.version=chaos", "-o", filepath.Join(w.binDir, "terraform-provider-klarna"), "."},
		{"build", "-o", filepath.Join(w.dir, "mockapi"), "./internal/cmd/mockapi"},
	}
	for _, args := range builds {
		cmd := exec.CommandContext(ctx, "go", args...) //nolint:gosec // go build of this module's own packages
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

// startMock starts the mock on a free loopback port and waits for its bootstrap.json.
func (w *workspace) startMock(ctx context.Context) error {
	logFile, err := os.Create(w.mockLog)
	if err != nil {
		return err
	}
	defer func() { _ = logFile.Close() }()
	// Cancelling ctx, like stopMock, asks the mock to stop with SIGTERM.
	cmd := exec.CommandContext(ctx, filepath.Join(w.dir, "mockapi"), "-addr", "127.0.0.1:0", "-state-dir", w.mockDir) //nolint:gosec // the mock this program just built
	cmd.Stdout, cmd.Stderr = logFile, logFile
	separateGroup(cmd)
	cmd.Cancel = func() error { return terminate(cmd.Process) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the mock: %w", err)
	}
	w.mock, w.mockDone = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); close(w.mockDone) }()

	bootstrapFile := filepath.Join(w.mockDir, "bootstrap.json")
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	for {
		if b, err := os.ReadFile(bootstrapFile); err == nil { //nolint:gosec // written by the mock in this program's directory
			if err := json.Unmarshal(b, &w.bootstrap); err != nil {
				return fmt.Errorf("reading %s: %w", bootstrapFile, err)
			}
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.mockDone:
			return fmt.Errorf("the mock exited before it served; its log is %s", w.mockLog)
		case <-deadline.C:
			return errors.New("the mock wrote no bootstrap.json within 30 s")
		case <-poll.C:
		}
	}
	if err := checkLoopback(w.bootstrap.BaseURL); err != nil {
		return err
	}
	if len(w.bootstrap.PartnerAccountIDs) == 0 {
		return errors.New("the mock's bootstrap.json names no partner account")
	}
	w.caFile = filepath.Join(w.mockDir, "ca.pem")
	return nil
}

// stopMock stops the mock with SIGTERM, or kills it if it has not stopped after 10 s.
// Calling it again does nothing.
func (w *workspace) stopMock() {
	if w.mock == nil {
		return
	}
	_ = terminate(w.mock.Process)
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case <-w.mockDone:
	case <-timer.C:
		_ = w.mock.Process.Kill()
		<-w.mockDone
	}
	w.mock = nil
}

// terraform writes the dev_overrides CLI configuration and returns a runner whose
// environment points the provider at the mock and nowhere else.
func (w *workspace) terraform(bin string) (*terraform, error) {
	rc := filepath.Join(w.dir, "terraform.rc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"partnerops/klarna\" = %q\n  }\n  direct {}\n}\n", w.binDir)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KLARNA_") && !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "CHECKPOINT_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"KLARNA_API_KEY="+w.bootstrap.APIKey,
		"KLARNA_BASE_URL="+w.bootstrap.BaseURL,
		"KLARNA_CA_CERTIFICATE_FILE="+w.caFile,
	)
	return &terraform{bin: bin, dir: w.configDir, env: env, logDir: w.logDir}, nil
}

func (w *workspace) writeConfig(m *model) error {
	b, err := m.configJSON()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(w.configDir, "main.tf.json"), b, 0o600)
}

func (w *workspace) remove() error { return os.RemoveAll(w.dir) }
