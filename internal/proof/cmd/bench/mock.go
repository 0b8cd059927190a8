package main

import (
	"context"
	"path/filepath"
	"strconv"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

// mockOptions are the flags a mock is started with besides its address and state.
type mockOptions struct {
	rateLimit    float64 // requests per second per account; 0 for none
	skipContract bool    // -skip-contract-validation
	extra        []string
}

func (m mockOptions) args() []string {
	args := []string{"-quiet"}
	if m.rateLimit > 0 {
		args = append(args, "-rate-limit", strconv.FormatFloat(m.rateLimit, 'g', -1, 64))
	}
	if m.skipContract {
		args = append(args, "-skip-contract-validation")
	}
	return append(args, m.extra...)
}

// startMock starts a mock on a free loopback port in a directory of its own; close stops it
// if the caller has not.
func (w *workspace) startMock(ctx context.Context, o mockOptions) (*harness.Mock, error) {
	stateDir, err := w.workDir("mock")
	if err != nil {
		return nil, err
	}
	m, err := harness.StartMock(ctx, harness.MockOptions{
		Bin: w.mockBin, StateDir: stateDir, LogFile: filepath.Join(stateDir, "mock.log"), Args: o.args(),
	})
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.mocks = append(w.mocks, m)
	w.mu.Unlock()
	return m, nil
}

// mockCPU is the CPU time (user and system) a mock has used so far.
func mockCPU(m *harness.Mock) (time.Duration, error) {
	return processCPU(m.PID())
}
