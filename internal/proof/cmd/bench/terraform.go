package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

// phase is one Terraform command of a measurement.
type phase string

const (
	phaseApply   phase = "apply"
	phasePlan    phase = "plan"
	phaseDestroy phase = "destroy"
)

var allPhases = []phase{phaseApply, phasePlan, phaseDestroy}

// args are the phase's Terraform arguments. A plan exits 2 when it has changes, so that a
// plan that is not empty after an apply is noticed.
func (p phase) args() []string {
	common := []string{"-input=false", "-no-color", "-parallelism=" + strconv.Itoa(parallelism)}
	switch p {
	case phasePlan:
		return append([]string{"plan", "-detailed-exitcode"}, common...)
	default:
		return append([]string{string(p), "-auto-approve"}, common...)
	}
}

// kind is one of the resources measured.
type kind struct {
	name  string // the resource type
	label string // its column heading
	// watch is the executable whose processes are sampled for memory and CPU; "" for
	// terraform_data, which runs inside Terraform.
	watch string
	// mock says whether the kind needs the mock API.
	mock bool
	// route maps each phase to the mock route whose count, divided by N, is the calls per resource.
	route map[phase]string
}

// kindSet is the resources measured: the Klarna provider's and its three references.
type kindSet struct {
	klarna kind // klarna_api_key
	noop   kind // noop_thing: the framework's floor, the reference of the goals
	wide   kind // noop_wide_thing: the same no-op provider with klarna_api_key's schema
	data   kind // terraform_data: no plugin at all
}

// all is every kind, in the order the measurements take turns.
func (s kindSet) all() []kind { return []kind{s.klarna, s.noop, s.wide, s.data} }

func (w *workspace) kinds() kindSet {
	return kindSet{
		klarna: kind{
			name: "klarna_api_key", label: "klarna", watch: w.klarnaBin, mock: true,
			route: map[phase]string{
				phaseApply: "POST /v2/account/credentials/api-keys",
				phasePlan:  "GET /v2/account/credentials/api-keys", // refresh by account: one list

				phaseDestroy: "DELETE /v2/account/credentials/api-keys/{id}",
			},
		},
		noop: kind{name: "noop_thing", label: "no-op", watch: w.noopBin},
		wide: kind{name: "noop_wide_thing", label: "no-op, same schema", watch: w.noopBin},
		data: kind{name: "terraform_data", label: "terraform_data"},
	}
}

// config is a configuration of n resources of the kind, each with its own description.
// klarna_api_key and noop_wide_thing get the same descriptions, so that their states differ
// only in the values the providers compute.
func (k kind) config(n int) string {
	switch k.name {
	case "klarna_api_key":
		return fmt.Sprintf(`terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# Configured by KLARNA_BASE_URL, KLARNA_API_KEY and KLARNA_CA_CERTIFICATE_FILE.
provider "klarna" {}

resource "klarna_api_key" "bench" {
  count       = %d
  description = "bench key ${count.index}"
}
`, n)
	case "noop_thing", "noop_wide_thing":
		what := "thing"
		if k.name == "noop_wide_thing" {
			what = "key"
		}
		return fmt.Sprintf(`terraform {
  required_providers {
    noop = {
      source = "partnerops/noop"
    }
  }
}

resource %q "bench" {
  count       = %d
  description = "bench %s ${count.index}"
}
`, k.name, n, what)
	default:
		return fmt.Sprintf(`resource "terraform_data" "bench" {
  count = %d
  input = "bench data ${count.index}"
}
`, n)
	}
}

// runResult is one Terraform command.
type runResult struct {
	wall     time.Duration
	cpu      time.Duration // Terraform and the providers it waited for (rusage)
	provider procStats
	exitCode int
	log      string // the command's output
}

// terraformRun runs one Terraform command in dir, its output in a log file there, while
// the processes of watch are sampled. An error means it could not be run or was
// interrupted; a non-zero exit status is in the result, for the caller to judge.
func (w *workspace) terraformRun(ctx context.Context, dir string, env []string, watch string, args ...string) (res runResult, err error) {
	res = runResult{log: filepath.Join(dir, args[0]+".log")}
	out, err := os.Create(res.log)
	if err != nil {
		return res, fmt.Errorf("creating %s: %w", res.log, err)
	}
	defer func() {
		if cerr := out.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("writing %s: %w", res.log, cerr)
		}
	}()
	watcher := watchProcesses(watch)
	r, err := harness.RunTerraform(ctx, harness.Command{Bin: w.terraform, Dir: dir, Env: env, Args: args, Stdout: out, Stderr: out})
	res.provider = watcher.stop()
	res.wall, res.cpu, res.exitCode = r.Wall, r.CPU, r.ExitCode
	return res, err
}

// failure describes a Terraform command that exited with an unexpected status.
func (r runResult) failure(what string) error {
	return fmt.Errorf("%s exited with status %d; the end of its output:\n%s", what, r.exitCode, harness.Tail(r.log, 30))
}

// instances counts the kind's resource instances in dir's local state, and gives the
// state file's size.
func instances(dir, resourceType string) (int, int64, error) {
	b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate")) //nolint:gosec // a file in the benchmark's own temporary directory
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("reading the state: %w", err)
	}
	var st struct {
		Resources []struct {
			Mode      string            `json:"mode"`
			Type      string            `json:"type"`
			Instances []json.RawMessage `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return 0, 0, fmt.Errorf("decoding the state: %w", err)
	}
	n := 0
	for _, r := range st.Resources {
		if r.Mode == "managed" && r.Type == resourceType {
			n += len(r.Instances)
		}
	}
	return n, int64(len(b)), nil
}

// cycleSpec describes one measurement: a fresh working directory (and, for the Klarna
// provider, a fresh mock), then the phases in order.
type cycleSpec struct {
	kind   kind
	n      int
	phases []phase
	mock   mockOptions
	tag    string // names the run in progress lines and profile directories
	// applyMayFail keeps going when the apply exits non-zero (the rate-limit measurement
	// reports failures instead).
	applyMayFail bool
}

// phaseResult is one phase of a cycle.
type phaseResult struct {
	runResult
	mockCPU     time.Duration          // CPU the mock used during the phase
	requests    *mockapi.RequestCounts // the mock's request counts for the phase; nil without a mock
	planChanged bool                   // the plan was not empty
	created     int                    // resource instances in state after the phase
	stateBytes  int64                  // size of the state file after the phase
	firstError  string                 // the first error Terraform printed, when it exited non-zero
}

func (w *workspace) cycle(ctx context.Context, spec cycleSpec) (map[phase]phaseResult, error) {
	dir, err := w.workDir(spec.kind.name)
	if err != nil {
		return nil, err
	}
	// What is left is removed with the benchmark's temporary directory, whose removal is checked.
	defer func() { _ = os.RemoveAll(dir) }()                                                                     //nolint:gosec // a directory under the benchmark's own temporary directory
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(spec.kind.config(spec.n)), 0o600); err != nil { //nolint:gosec // the run's own working directory
		return nil, fmt.Errorf("writing the configuration: %w", err)
	}
	env := w.terraformEnv()
	var mock *harness.Mock
	if spec.kind.mock {
		if mock, err = w.startMock(ctx, spec.mock); err != nil {
			return nil, err
		}
		defer mock.Stop()
		env = append(env, mock.Env()...)
	}
	results := map[phase]phaseResult{}
	for _, p := range spec.phases {
		runEnv := env
		if w.profileDir != "" && spec.kind.watch != "" {
			pd := filepath.Join(w.profileDir, fmt.Sprintf("%s-n%d-%s-%s", spec.kind.name, spec.n, spec.tag, p))
			if err := os.MkdirAll(pd, 0o750); err != nil { //nolint:gosec // under the -cpuprofile directory the user gave
				return nil, fmt.Errorf("creating %s: %w", pd, err)
			}
			runEnv = append(append([]string(nil), env...), profileDirEnv+"="+pd)
		}
		r, err := w.measurePhase(ctx, dir, runEnv, spec, p, mock)
		if err != nil {
			return nil, err
		}
		results[p] = r
		w.logf("%-15s N=%-5d %-14s %-8s %7.2f s", spec.kind.name, spec.n, spec.tag, p, r.wall.Seconds())
	}
	return results, nil
}

func (w *workspace) measurePhase(ctx context.Context, dir string, env []string, spec cycleSpec, p phase, mock *harness.Mock) (phaseResult, error) {
	var res phaseResult
	var mockBefore time.Duration
	if mock != nil {
		if err := mock.ResetRequests(ctx); err != nil {
			return res, err
		}
		var err error
		if mockBefore, err = mockCPU(mock); err != nil {
			return res, fmt.Errorf("reading the mock's CPU time: %w", err)
		}
	}
	busyBefore, selfBefore, err := cpuMark()
	if err != nil {
		return res, err
	}
	run, err := w.terraformRun(ctx, dir, env, spec.kind.watch, p.args()...)
	if err != nil {
		return res, err
	}
	busyAfter, selfAfter, err := cpuMark()
	if err != nil {
		return res, err
	}
	res.runResult = run
	if mock != nil {
		mockAfter, err := mockCPU(mock)
		if err != nil {
			return res, fmt.Errorf("reading the mock's CPU time: %w", err)
		}
		res.mockCPU = mockAfter - mockBefore
		rc, err := mock.Requests(ctx)
		if err != nil {
			return res, err
		}
		res.requests = &rc
	}
	// What the machine did besides Terraform, its providers, the mock and this program.
	other := (busyAfter - busyBefore) - (selfAfter - selfBefore) - run.cpu - res.mockCPU
	w.recordNoise(other, run.wall*time.Duration(runtime.NumCPU()))

	what := fmt.Sprintf("terraform %s of %d %s (%s)", p, spec.n, spec.kind.name, spec.tag)
	switch {
	case p == phasePlan && run.exitCode == 2:
		res.planChanged = true
	case run.exitCode != 0 && (p != phaseApply || !spec.applyMayFail):
		return res, run.failure(what)
	case run.exitCode != 0:
		res.firstError = firstError(run.log)
	}
	if res.created, res.stateBytes, err = instances(dir, spec.kind.name); err != nil {
		return res, err
	}
	if p == phaseApply && !spec.applyMayFail && res.created != spec.n {
		return res, fmt.Errorf("%s left %d instances in state, not %d", what, res.created, spec.n)
	}
	return res, nil
}

// firstError is the first "Error: " line of a command's output, for the report.
func firstError(log string) string {
	b, err := os.ReadFile(log) //nolint:gosec // a file in the benchmark's own temporary directory
	if err != nil {
		return ""
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if s := strings.TrimSpace(line); strings.HasPrefix(s, "Error: ") {
			return s
		}
	}
	return ""
}

// cpuMark reads the machine's busy CPU time and this program's own, the two marks around a
// command from which the bench tells what else the machine did meanwhile.
func cpuMark() (busy, self time.Duration, err error) {
	if busy, err = machineBusy(); err != nil {
		return 0, 0, fmt.Errorf("reading the machine's CPU time: %w", err)
	}
	if self, err = selfCPU(); err != nil {
		return 0, 0, fmt.Errorf("reading the bench's CPU time: %w", err)
	}
	return busy, self, nil
}
