// Package harness is what the proof tools (make chaos, make bench, make hygiene) share:
// finding and building the provider's module, the loopback rule, the standalone mock API
// as a process with its control plane, and the Terraform CLI run against it.
package harness

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ProviderModule is the module path of terraform-provider-klarna.
const ProviderModule = "github.com/partnerops/terraform-provider-klarna"

// ProofDir is the directory of the proof tools' module, relative to the provider's root.
const ProofDir = "internal/proof"

// ModuleRoot is the provider module's root directory: the first directory from the working
// directory upwards whose go.mod declares ProviderModule. The proof module's own go.mod,
// below it, is passed over.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isProviderRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run from inside a checkout of the %s module", ProviderModule)
		}
		dir = parent
	}
}

func isProviderRoot(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod")) //nolint:gosec // go.mod of the working directory or one of its parents
	if err != nil {
		return false
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`) == ProviderModule
		}
	}
	return false
}

// GoCommand runs `go args...` in dir and reports its output when it fails.
func GoCommand(ctx context.Context, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...) //nolint:gosec // the go command on this checkout, with arguments of the proof tools
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// BuildProvider builds the provider of the checkout at root into out, with main.version
// set to version; extra are more flags of go build (e.g. -overlay).
func BuildProvider(ctx context.Context, root, out, version string, extra ...string) error {
	args := append([]string{"build", "-ldflags", "-X main.version=" + version, "-o", out}, extra...)
	return GoCommand(ctx, root, append(args, ".")...)
}

// BuildMock builds the standalone mock API (internal/cmd/mockapi) into out.
func BuildMock(ctx context.Context, root, out string) error {
	return GoCommand(ctx, root, "build", "-o", out, "./internal/cmd/mockapi")
}
