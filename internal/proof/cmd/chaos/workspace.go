package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

// workspace is everything the campaign sets up: a temporary directory with the built
// provider and mock, the running mock, and the Terraform configuration directory.
type workspace struct {
	dir       string
	binDir    string
	mockDir   string
	configDir string
	logDir    string
	mockLog   string

	mock *harness.Mock
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
	if err := harness.BuildProvider(ctx, root, filepath.Join(w.binDir, "terraform-provider-klarna"), "chaos"); err != nil {
		return err
	}
	return harness.BuildMock(ctx, root, filepath.Join(w.dir, "mockapi"))
}

// startMock starts the mock on a free loopback port; its log, which the campaign reads
// for the faults it served, is mockLog.
func (w *workspace) startMock(ctx context.Context) error {
	m, err := harness.StartMock(ctx, harness.MockOptions{Bin: filepath.Join(w.dir, "mockapi"), StateDir: w.mockDir, LogFile: w.mockLog})
	if err != nil {
		return err
	}
	w.mock = m
	if len(m.Bootstrap.PartnerAccountIDs) == 0 {
		return errors.New("the mock's bootstrap.json names no partner account")
	}
	return nil
}

// stopMock stops the mock; calling it again does nothing.
func (w *workspace) stopMock() {
	if w.mock != nil {
		w.mock.Stop()
	}
}

// terraform writes the dev_overrides CLI configuration and returns a runner whose
// environment points the provider at the mock and nowhere else.
func (w *workspace) terraform(bin string) (*terraform, error) {
	rc := filepath.Join(w.dir, "terraform.rc")
	if err := harness.WriteCLIConfig(rc, map[string]string{"partnerops/klarna": w.binDir}); err != nil {
		return nil, err
	}
	env := append(harness.TerraformEnv(rc), w.mock.Env()...)
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
