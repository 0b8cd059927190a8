package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// terraformStopDelay is how long an interrupted Terraform command gets to stop its
// providers before it is killed.
const terraformStopDelay = 20 * time.Second

// FindTerraform is the Terraform CLI name (a name on PATH or a path) as an absolute path.
func FindTerraform(name string) (string, error) {
	tf, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("finding the Terraform CLI: %w", err)
	}
	if tf, err = filepath.Abs(tf); err != nil {
		return "", fmt.Errorf("finding the Terraform CLI: %w", err)
	}
	return tf, nil
}

// WriteCLIConfig writes a Terraform CLI configuration whose dev_overrides point each
// provider source ("partnerops/klarna") at the directory of its binary. With dev_overrides
// and no other providers, plan, apply and destroy run without terraform init.
func WriteCLIConfig(path string, overrides map[string]string) error {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, source := range slices.Sorted(maps.Keys(overrides)) {
		fmt.Fprintf(&b, "    %q = %q\n", source, overrides[source])
	}
	b.WriteString("  }\n  direct {}\n}\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("writing the Terraform CLI configuration: %w", err)
	}
	return nil
}

// CleanEnv is this process's environment without Terraform's, the provider's and the
// proof tools' own variables (TF_LOG, a user's KLARNA_BASE_URL, BENCH_CPUPROFILE_DIR...),
// which the proof tools set themselves.
func CleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "KLARNA_") &&
			!strings.HasPrefix(name, "CHECKPOINT_") && !strings.HasPrefix(name, "BENCH_") {
			env = append(env, kv)
		}
	}
	return env
}

// TerraformEnv is the environment of a Terraform command run with the CLI configuration
// cliConfig, unattended and without calls home; the provider is configured by none of
// the user's variables.
func TerraformEnv(cliConfig string) []string {
	return append(CleanEnv(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
	)
}

// Command is one Terraform command to run.
type Command struct {
	Bin            string // the Terraform CLI
	Dir            string // the configuration's directory
	Env            []string
	Args           []string
	Stdout, Stderr io.Writer
}

// Result is how a Terraform command ended.
type Result struct {
	ExitCode int
	Wall     time.Duration // from its start to its exit
	CPU      time.Duration // user and system time of Terraform and the providers it waited for
}

// RunTerraform runs a Terraform command. Terraform and the providers it starts share a
// process group of their own: cancelling ctx interrupts the group as a Ctrl-C would, and
// whatever is left of it after a failed or interrupted command (a provider Terraform had
// no time to stop) is killed. An error means the command could not be run or was
// interrupted; a non-zero exit status is in the result, for the caller to judge.
func RunTerraform(ctx context.Context, c Command) (Result, error) {
	var res Result
	what := "terraform"
	if len(c.Args) > 0 {
		what += " " + c.Args[0]
	}
	cmd := exec.CommandContext(ctx, c.Bin, c.Args...) //nolint:gosec // the Terraform CLI the user chose, with arguments of the proof tool
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = c.Dir, c.Env, c.Stdout, c.Stderr
	ownGroup(cmd)
	cmd.Cancel = func() error { return interruptGroup(cmd) }
	cmd.WaitDelay = terraformStopDelay
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("starting %s: %w", what, err)
	}
	err := cmd.Wait()
	res.Wall = time.Since(start)
	if st := cmd.ProcessState; st != nil {
		res.CPU = st.UserTime() + st.SystemTime()
		res.ExitCode = st.ExitCode()
	}
	if err != nil || ctx.Err() != nil {
		killGroup(cmd)
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("%s: %w", what, ctx.Err())
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return res, fmt.Errorf("%s: %w", what, err)
	}
	return res, nil
}
