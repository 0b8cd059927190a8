package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

// perResourceBaselineVar is the client's link-time switch to refresh with a GET per
// resource and not pace itself, as the provider did before refresh by account.
const perResourceBaselineVar = "github.com/partnerops/terraform-provider-klarna/internal/klarna.perResourceBaseline"

// profileDirEnv tells a provider process built for profiling where to write its CPU profile.
const profileDirEnv = "BENCH_CPUPROFILE_DIR"

// workspace is the benchmark's temporary directory, the binaries built into it and the
// processes started from it.
type workspace struct {
	root      string // the provider module's root directory
	dir       string // temporary directory, removed by close
	terraform string // absolute path of the Terraform CLI
	tfVersion string
	klarnaBin string // terraform-provider-klarna, in a directory of its own
	noopBin   string // terraform-provider-noop, in a directory of its own
	mockBin   string
	cliConfig string
	// baselineConfig points partnerops/klarna at the baseline build (-scale-baseline).
	baselineConfig string
	profileDir     string // absolute; "" when not profiling
	progress       io.Writer

	mu    sync.Mutex
	mocks []*harness.Mock // every mock started; close stops those still running
	seq   int             // numbers working and state directories
	// noise is what other processes did to the machine during the measured commands.
	noise noise
}

// noise sums up the CPU time that processes this program did not start used while it
// measured: with 2 cores, anyone else's work shows in the timings.
type noise struct {
	commands  int           // Terraform commands measured
	disturbed int           // of which others used more than noiseThreshold of the machine
	other     time.Duration // CPU time of other processes during the commands
	capacity  time.Duration // wall time of the commands times the number of cores
}

// noiseThreshold is the share of the machine others may use before a command counts as disturbed.
const noiseThreshold = 0.10

func (w *workspace) recordNoise(other, capacity time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.noise.commands++
	w.noise.other += max(other, 0)
	w.noise.capacity += capacity
	if float64(other) > noiseThreshold*float64(capacity) {
		w.noise.disturbed++
	}
}

// newWorkspace builds the providers and the mock into a new temporary directory and
// writes a Terraform CLI configuration whose dev_overrides point at them.
func newWorkspace(ctx context.Context, o options, progress io.Writer) (w *workspace, err error) {
	tf, err := harness.FindTerraform(o.terraform)
	if err != nil {
		return nil, err
	}
	root, err := harness.ModuleRoot()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "klarna-bench-")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary directory: %w", err)
	}
	// Process executables are compared by path, so the directory must be spelled as the
	// kernel reports it, without symbolic links.
	if dir, err = filepath.EvalSymlinks(dir); err != nil {
		return nil, fmt.Errorf("resolving the temporary directory: %w", err)
	}
	w = &workspace{
		root:      root,
		dir:       dir,
		terraform: tf,
		klarnaBin: filepath.Join(dir, "klarna", "terraform-provider-klarna"),
		noopBin:   filepath.Join(dir, "noop", "terraform-provider-noop"),
		mockBin:   filepath.Join(dir, "mockapi"),
		cliConfig: filepath.Join(dir, "terraform.rc"),
		progress:  progress,
	}
	defer func() {
		if err != nil {
			w.close()
			w = nil
		}
	}()
	if o.cpuProfile != "" {
		if w.profileDir, err = filepath.Abs(o.cpuProfile); err != nil {
			return w, fmt.Errorf("-cpuprofile: %w", err)
		}
		if err = os.MkdirAll(w.profileDir, 0o750); err != nil {
			return w, fmt.Errorf("-cpuprofile: %w", err)
		}
	}
	if w.tfVersion, err = terraformVersion(ctx, tf); err != nil {
		return w, err
	}
	w.logf("building the Klarna provider, the no-op provider and the mock API into %s", dir)
	var profiling []string
	if w.profileDir != "" {
		overlay, oerr := w.writeProfilingOverlay()
		if oerr != nil {
			return w, oerr
		}
		profiling = []string{"-overlay", overlay}
	}
	if err = harness.BuildProvider(ctx, root, w.klarnaBin, "bench", profiling...); err != nil {
		return w, err
	}
	if err = harness.GoCommand(ctx, filepath.Join(root, harness.ProofDir), "build", "-o", w.noopBin, "./noopprovider"); err != nil {
		return w, err
	}
	if err = harness.BuildMock(ctx, root, w.mockBin); err != nil {
		return w, err
	}
	if o.scale.baseline && !o.scale.skip {
		baselineBin := filepath.Join(dir, "klarna-baseline", "terraform-provider-klarna")
		if err = harness.GoCommand(ctx, root, "build", "-ldflags",
			"-X main.version=bench-baseline -X "+perResourceBaselineVar+"=1", "-o", baselineBin, "."); err != nil {
			return w, err
		}
		w.baselineConfig = filepath.Join(dir, "terraform-baseline.rc")
		if err = harness.WriteCLIConfig(w.baselineConfig, map[string]string{"partnerops/klarna": filepath.Dir(baselineBin)}); err != nil {
			return w, err
		}
	}
	return w, harness.WriteCLIConfig(w.cliConfig, map[string]string{
		"partnerops/klarna": filepath.Dir(w.klarnaBin),
		"partnerops/noop":   filepath.Dir(w.noopBin),
	})
}

// logf writes a progress line; progress goes to stderr, and a lost line changes no figure.
func (w *workspace) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(w.progress, "bench: "+format+"\n", args...)
}

func terraformVersion(ctx context.Context, tf string) (string, error) {
	cmd := exec.CommandContext(ctx, tf, "version", "-json") //nolint:gosec // the Terraform CLI the user chose
	cmd.Env = append(harness.CleanEnv(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version -json: %w", tf, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return "", fmt.Errorf("%s version -json printed no version: %s", tf, bytes.TrimSpace(out))
	}
	return "Terraform v" + v.Version, nil
}

// writeProfilingOverlay writes a `go build -overlay` file that builds the provider from a
// copy of main.go whose main is renamed providerMain, plus a file whose main writes a CPU
// profile around it when profileDirEnv is set. The provider's own files are not touched.
func (w *workspace) writeProfilingOverlay() (string, error) {
	mainGo := filepath.Join(w.root, "main.go")
	src, err := os.ReadFile(mainGo) //nolint:gosec // the module's own main.go
	if err != nil {
		return "", fmt.Errorf("reading main.go for the profiling build: %w", err)
	}
	const decl = "\nfunc main() {\n"
	if bytes.Count(src, []byte(decl)) != 1 {
		return "", errors.New("the profiling build needs exactly one `func main() {` in main.go")
	}
	dir := filepath.Join(w.dir, "overlay")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("creating the overlay directory: %w", err)
	}
	files := map[string][]byte{
		"main.go":             bytes.Replace(src, []byte(decl), []byte("\nfunc providerMain() {\n"), 1),
		"bench_cpuprofile.go": []byte(profilingMain),
	}
	replace := map[string]string{}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			return "", fmt.Errorf("writing the overlay: %w", err)
		}
		replace[filepath.Join(w.root, name)] = path
	}
	b, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err != nil {
		return "", fmt.Errorf("encoding the overlay: %w", err)
	}
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, b, 0o600); err != nil {
		return "", fmt.Errorf("writing the overlay: %w", err)
	}
	return overlay, nil
}

// profilingMain is the main of the profiling build of the provider.
const profilingMain = `package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
)

func main() {
	dir := os.Getenv("` + profileDirEnv + `")
	if dir == "" {
		providerMain()
		return
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("klarna-%d.pprof", os.Getpid())))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	providerMain()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
`

// workDir makes a new, empty directory for one Terraform configuration or one mock.
func (w *workspace) workDir(prefix string) (string, error) {
	w.mu.Lock()
	w.seq++
	n := w.seq
	w.mu.Unlock()
	dir := filepath.Join(w.dir, fmt.Sprintf("%s-%03d", prefix, n))
	if err := os.Mkdir(dir, 0o750); err != nil { //nolint:gosec // a directory under the benchmark's own temporary directory
		return "", fmt.Errorf("creating %s: %w", dir, err)
	}
	return dir, nil
}

// close stops every mock still running and removes the temporary directory.
func (w *workspace) close() {
	w.mu.Lock()
	mocks := w.mocks
	w.mocks = nil
	w.mu.Unlock()
	for _, m := range mocks {
		m.Stop()
	}
	if err := os.RemoveAll(w.dir); err != nil { //nolint:gosec // the benchmark's own temporary directory
		w.logf("removing %s: %v", w.dir, err)
	}
}

// terraformEnv is the environment of every Terraform command.
func (w *workspace) terraformEnv() []string {
	return harness.TerraformEnv(w.cliConfig)
}
