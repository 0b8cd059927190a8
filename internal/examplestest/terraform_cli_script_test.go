package examplestest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTerraformCLIScript_selection runs scripts/terraform-cli.sh against a cache that already
// holds stand-in CLIs, so each way of asking for a CLI is checked without building one.
func TestTerraformCLIScript_selection(t *testing.T) {
	t.Parallel()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "scripts", "terraform-cli.sh")
	if out, err := exec.CommandContext(t.Context(), "bash", "-n", script).CombinedOutput(); err != nil { //nolint:gosec // the repository's script
		t.Fatalf("bash -n %s: %v\n%s", script, err, out)
	}

	cache := t.TempDir()
	tofu := standInCLI(t, filepath.Join(cache, "terraform-provider-klarna", "tofu-v1.12.6", "tofu"))
	terraform116 := standInCLI(t, filepath.Join(cache, "terraform-provider-klarna", "terraform-v1.16.4", "terraform"))
	onPath := standInCLI(t, filepath.Join(t.TempDir(), "terraform"))
	pathWith := filepath.Dir(onPath) + string(os.PathListSeparator) + pathWithoutTerraform(t)

	tests := []struct {
		name     string
		args     []string
		path     string
		want     []string
		wantExit int
	}{
		{name: "default is terraform on PATH", path: pathWith, want: []string{onPath}},
		{name: "default without terraform is OpenTofu", path: pathWithoutTerraform(t), want: []string{tofu}},
		{name: "default env", args: []string{"--env"}, path: pathWith, want: []string{"TF_ACC_TERRAFORM_PATH=" + onPath}},
		{name: "terraform 1.16", args: []string{"terraform-1.16"}, path: pathWith, want: []string{terraform116}},
		{name: "terraform 1.16 env", args: []string{"terraform-1.16", "--env"}, path: pathWith, want: []string{"TF_ACC_TERRAFORM_PATH=" + terraform116}},
		{name: "env before the CLI", args: []string{"--env", "terraform-1.16"}, path: pathWith, want: []string{"TF_ACC_TERRAFORM_PATH=" + terraform116}},
		{name: "OpenTofu 1.12 although terraform is on PATH", args: []string{"tofu-1.12"}, path: pathWith, want: []string{tofu}},
		{
			name: "OpenTofu 1.12 env",
			args: []string{"tofu-1.12", "--env"},
			path: pathWith,
			want: []string{
				"TF_ACC_TERRAFORM_PATH=" + tofu,
				"TF_ACC_PROVIDER_NAMESPACE=hashicorp",
				"TF_ACC_PROVIDER_HOST=registry.opentofu.org",
			},
		},
		{name: "unknown CLI", args: []string{"terraform-0.12"}, path: pathWith, wantExit: 2},
		{name: "two CLIs", args: []string{"tofu-1.12", "terraform-1.16"}, path: pathWith, wantExit: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), "bash", append([]string{script}, tt.args...)...) //nolint:gosec // the repository's script
			cmd.Env = []string{"PATH=" + tt.path, "HOME=" + t.TempDir(), "XDG_CACHE_HOME=" + cache}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			exit := 0
			var exitErr *exec.ExitError
			switch {
			case errors.As(err, &exitErr):
				exit = exitErr.ExitCode()
			case err != nil:
				t.Fatal(err)
			}
			if exit != tt.wantExit {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", exit, tt.wantExit, stderr.String())
			}
			if tt.wantExit != 0 {
				if !strings.Contains(stderr.String(), "usage:") {
					t.Errorf("stderr %q does not show the usage", stderr.String())
				}
				return
			}
			if got := strings.Fields(string(out)); !slices.Equal(got, tt.want) {
				t.Errorf("printed %q, want %q", got, tt.want)
			}
		})
	}
}

// standInCLI writes an executable at path that the script takes for a built CLI.
func standInCLI(t *testing.T, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil { //nolint:gosec // a stand-in executable
		t.Fatal(err)
	}
	return path
}

// pathWithoutTerraform is this process's PATH without the directories that hold a terraform.
func pathWithoutTerraform(t *testing.T) string {
	t.Helper()
	var dirs []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "terraform")); err == nil { //nolint:gosec // a directory of PATH
			continue
		}
		dirs = append(dirs, dir)
	}
	return strings.Join(dirs, string(os.PathListSeparator))
}
