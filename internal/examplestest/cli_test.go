package examplestest

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

const (
	// modulePath is the Go module whose root holds examples/ and the provider's main package.
	modulePath = "github.com/partnerops/terraform-provider-klarna"
	// providerSource is the provider's source address in required_providers and dev_overrides.
	providerSource = "partnerops/klarna"
	// cliTimeout bounds one CLI command.
	cliTimeout = 5 * time.Minute
	// buildTimeout bounds building the provider.
	buildTimeout = 10 * time.Minute
)

// buildDir holds the provider binary built for this test run; TestMain makes and removes it.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "klarna-examplestest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

// skipUnlessAcc skips a test that runs the CLI unless TF_ACC is set, as
// terraform-plugin-testing does for acceptance tests.
func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run the Terraform CLI against the examples")
	}
}

// toolchain is what every CLI test shares: the module root, the provider built from it,
// and the CLI to run.
type toolchain struct {
	root        string // the Go module's root directory
	providerDir string // the directory holding terraform-provider-klarna
	cliPath     string // the Terraform or OpenTofu executable
	openTofu    bool   // whether cliPath is OpenTofu
	// importsByIdentity says whether the CLI takes import blocks with identity (Terraform or
	// OpenTofu 1.12 and later).
	importsByIdentity bool
	version           terraformVersion
}

var shared struct {
	mu   sync.Mutex
	done bool
	tc   toolchain
	err  error
}

// setup builds the provider once per test run and finds the CLI. Every caller gets the
// same result; a failure fails every test that needs it.
func setup(t *testing.T) toolchain {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.done {
		shared.tc, shared.err = newToolchain(t.Context())
		shared.done = true
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.tc
}

func newToolchain(ctx context.Context) (toolchain, error) {
	root, err := moduleRoot()
	if err != nil {
		return toolchain{}, err
	}
	cliPath, err := cliExecutable()
	if err != nil {
		return toolchain{}, err
	}
	openTofu, version, err := cliVersion(ctx, cliPath)
	if err != nil {
		return toolchain{}, err
	}
	if err := buildProvider(ctx, root, buildDir); err != nil {
		return toolchain{}, err
	}
	return toolchain{
		root: root, providerDir: buildDir, cliPath: cliPath, openTofu: openTofu, version: version,
		importsByIdentity: !version.less(terraformVersion{1, 12}), // Terraform 1.12 and OpenTofu 1.12 alike
	}, nil
}

// moduleRoot is the repository root, two levels above this package, checked by the
// module line of its go.mod.
func moduleRoot() (string, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", err
	}
	f, err := os.Open(filepath.Join(root, "go.mod")) //nolint:gosec // the repository's own go.mod
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if name, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "module "); ok {
			if strings.TrimSpace(name) != modulePath {
				return "", fmt.Errorf("%s is the root of module %s, not %s", root, name, modulePath)
			}
			return root, nil
		}
	}
	if err := s.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s/go.mod has no module line", root)
}

// cliExecutable is TF_ACC_TERRAFORM_PATH when set (scripts/test.sh points it at OpenTofu
// when Terraform is missing), else terraform from PATH.
func cliExecutable() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", fmt.Errorf("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (scripts/terraform-cli.sh finds or builds one): %w", err)
	}
	return p, nil
}

// cliVersion asks the CLI for its version: whether it is OpenTofu, and its release.
func cliVersion(ctx context.Context, cliPath string) (openTofu bool, version terraformVersion, err error) {
	ctx, cancel := context.WithTimeout(ctx, cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cliPath, "version")
	cmd.Env = append(inheritedEnv(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return false, terraformVersion{}, fmt.Errorf("%s version: %w", cliPath, err)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	m := versionLine.FindStringSubmatch(first)
	if m == nil {
		return false, terraformVersion{}, fmt.Errorf("%s version printed %q, not \"Terraform vX.Y.Z\" or \"OpenTofu vX.Y.Z\"", cliPath, first)
	}
	major, _ := strconv.Atoi(m[2])
	minor, _ := strconv.Atoi(m[3])
	return m[1] == "OpenTofu", terraformVersion{major, minor}, nil
}

var versionLine = regexp.MustCompile(`^(Terraform|OpenTofu) v(\d+)\.(\d+)\.`)

// skipBelow skips a test on a CLI older than minimum, with the reason terraform-plugin-testing's
// tfversion.SkipBelow gives, which scripts/test.sh tells from other skips.
func (tc toolchain) skipBelow(t *testing.T, minimum terraformVersion, what string) {
	t.Helper()
	if tc.version.less(minimum) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test (%s)", tc.version, minimum, what)
	}
}

// buildProvider builds the provider's main package into dir.
func buildProvider(ctx context.Context, root, dir string) error {
	ctx, cancel := context.WithTimeout(ctx, buildTimeout)
	defer cancel()
	name := "terraform-provider-klarna"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, name), ".") //nolint:gosec // builds this repository into the test run's own directory
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	return nil
}

// cli runs the CLI with a CLI configuration of its own whose dev_overrides install the
// provider built for this run, and with a plugin cache inside the test's temporary directory.
type cli struct {
	tc     toolchain
	config string
	env    []string
}

// newCLI writes the CLI configuration; env is added to every command's environment.
func newCLI(t *testing.T, tc toolchain, env ...string) *cli {
	t.Helper()
	dir := t.TempDir()
	cache := filepath.Join(dir, "plugin-cache")
	if err := os.Mkdir(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "terraform.rc")
	body := fmt.Sprintf(`plugin_cache_dir = %q

provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, filepath.ToSlash(cache), providerSource, filepath.ToSlash(tc.providerDir))
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return &cli{tc: tc, config: config, env: env}
}

// run runs one subcommand with -no-color in dir and returns its combined output.
func (c *cli) run(t *testing.T, dir, subcommand string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	args = append([]string{subcommand, "-no-color"}, args...)
	cmd := exec.CommandContext(ctx, c.tc.cliPath, args...) //nolint:gosec // the CLI the test run was given, on the test's own copy of an example
	cmd.Dir = dir
	cmd.Env = append(inheritedEnv(),
		"TF_CLI_CONFIG_FILE="+c.config,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
	)
	cmd.Env = append(cmd.Env, c.env...)
	// The provider plugin may hold the output pipes a moment after the CLI exits.
	cmd.WaitDelay = 10 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s %s in %s: %s", filepath.Base(c.tc.cliPath), strings.Join(args, " "), dir, time.Since(start).Round(time.Millisecond))
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (%w)", err, ctx.Err())
	}
	return string(out), err
}

// mustRun is run that fails the test, with the CLI's output, when the command fails.
func (c *cli) mustRun(t *testing.T, dir, subcommand string, args ...string) string {
	t.Helper()
	out, err := c.run(t, dir, subcommand, args...)
	if err != nil {
		t.Fatalf("%s %s failed: %v\n%s", filepath.Base(c.tc.cliPath), subcommand, err, out)
	}
	return out
}

// inheritedEnv is this process's environment without what would change how the CLI
// behaves or which API the provider talks to: TF_* and TOFU_* settings (logging aside)
// and KLARNA_* provider settings.
func inheritedEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		upper := strings.ToUpper(name)
		switch {
		case strings.HasPrefix(upper, "TF_LOG"), strings.HasPrefix(upper, "TOFU_LOG"):
		case strings.HasPrefix(upper, "TF_"), strings.HasPrefix(upper, "TOFU_"), strings.HasPrefix(upper, "KLARNA_"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

// testVariable encodes a string for a TF_VAR_ variable that the module under test does
// not declare: Terraform's test command reads such a value as an HCL expression, OpenTofu's
// as a literal string.
func (tc toolchain) testVariable(s string) string {
	if tc.openTofu {
		return s
	}
	return fmt.Sprintf("%q", s)
}

// copyTree copies the files of src into dst, leaving out what a CLI run leaves behind
// (.terraform directories, lock files and state).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o750)
		}
		if !d.Type().IsRegular() || leftByCLI(d.Name()) {
			return nil
		}
		b, err := os.ReadFile(path) //nolint:gosec // a file of the repository's examples
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600) //nolint:gosec // into the test's own temporary copy
	})
	if err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
}

func leftByCLI(name string) bool {
	return name == ".terraform.lock.hcl" || strings.HasPrefix(name, "terraform.tfstate") || strings.HasSuffix(name, ".tfplan")
}

// newMockCLI is a CLI whose provider reaches the mock through the provider's environment
// variables (KLARNA_API_KEY, KLARNA_BASE_URL, KLARNA_CA_CERTIFICATE_FILE).
func newMockCLI(t *testing.T, tc toolchain, mock *mockapi.Running) *cli {
	t.Helper()
	boot := mock.Bootstrap()
	return newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+writeFile(t, t.TempDir(), "ca.pem", mock.CACertificatePEM()),
	)
}
