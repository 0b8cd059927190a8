package examplestest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// localBuildHeading starts the README's section on running Terraform with a local build.
const localBuildHeading = "### Running Terraform with a local build"

// fencedBlock is a fenced code block, possibly indented inside a list item.
var fencedBlock = regexp.MustCompile("(?ms)^( *)```(\\w+)\\n(.*?)^ *```")

type codeBlock struct{ lang, body string }

// localBuildBlocks are the code blocks of the README's local-build section, in order.
func localBuildBlocks(t *testing.T, root string) []codeBlock {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md")) //nolint:gosec // the repository's README
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), localBuildHeading)
	if !ok {
		t.Fatalf("README.md has no section %q", localBuildHeading)
	}
	if i := regexp.MustCompile(`(?m)^#{1,3} `).FindStringIndex(section); i != nil {
		section = section[:i[0]]
	}
	var blocks []codeBlock
	for _, m := range fencedBlock.FindAllStringSubmatch(section, -1) {
		indent := m[1]
		var body strings.Builder
		for line := range strings.Lines(m[3]) {
			body.WriteString(strings.TrimPrefix(line, indent))
		}
		blocks = append(blocks, codeBlock{lang: m[2], body: body.String()})
	}
	return blocks
}

// TestAccREADME_localBuild does what the README's local-build section says, with its own
// code blocks, in a copy of examples/onboarding (which calls a module): with dev_overrides,
// `terraform init` fails on the registry query, and `terraform get` then `validate` work;
// with the filesystem mirror the section builds, `terraform init` and `validate` work, and
// after a rebuild under the same version `init` works again once the provider's entry is
// gone from the lock file.
func TestAccREADME_localBuild(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	blocks := localBuildBlocks(t, tc.root)
	langs := make([]string, len(blocks))
	for i, b := range blocks {
		langs[i] = b.lang
	}
	if strings.Join(langs, ",") != "hcl,sh,hcl" {
		t.Fatalf("the README's local-build section has code blocks %v, want hcl (dev_overrides), sh (the mirror's build) and hcl (the mirror)", langs)
	}
	overrides, build, mirror := blocks[0].body, blocks[1].body, blocks[2].body
	home := t.TempDir()
	examples := filepath.Join(t.TempDir(), "examples")
	copyTree(t, filepath.Join(tc.root, "examples"), examples)
	dir := filepath.Join(examples, "onboarding")

	// dev_overrides, pointed at this run's build.
	c := newCLIWithConfig(t, tc, strings.ReplaceAll(overrides, "/home/you/go/bin", filepath.ToSlash(tc.providerDir)))
	if !tc.openTofu { // the README describes Terraform: init fails before 1.16 and succeeds from 1.16
		out, err := c.run(t, dir, "init")
		switch {
		case tc.version.less(terraformVersion{1, 16}) && (err == nil || !strings.Contains(out, "Failed to query available provider packages")):
			t.Errorf("terraform %s init with dev_overrides: %v, want the failure the README describes\n%s", tc.version, err, out)
		case !tc.version.less(terraformVersion{1, 16}) && err != nil:
			t.Errorf("terraform %s init with dev_overrides: %v, want success, as the README says\n%s", tc.version, err, out)
		}
	}
	c.mustRun(t, dir, "get")
	c.mustRun(t, dir, "validate")
	if tc.openTofu {
		// The mirror's layout names Terraform's registry host; OpenTofu resolves the same
		// address on its own registry, which the README does not describe.
		t.Log("the filesystem mirror section describes Terraform; only dev_overrides is checked with OpenTofu")
		return
	}
	if err := os.RemoveAll(filepath.Join(dir, ".terraform")); err != nil {
		t.Fatal(err)
	}

	// The filesystem mirror.
	if !strings.Contains(build, "$HOME/") {
		t.Fatalf("the README's build snippet does not build into $HOME:\n%s", build)
	}
	// HOME itself stays as it is, so that Go keeps its caches.
	runShell(t, tc.root, strings.ReplaceAll(build, "$HOME/", home+"/"))
	m := newCLIWithConfig(t, tc, strings.ReplaceAll(mirror, "/home/you", filepath.ToSlash(home)))
	m.mustRun(t, dir, "init")
	m.mustRun(t, dir, "validate")

	// A rebuild under the same version.
	bins, err := filepath.Glob(filepath.Join(home, ".terraform.d", "klarna-mirror", "registry.terraform.io", "partnerops", "klarna", "*", "*", "terraform-provider-klarna_v*"))
	if err != nil || len(bins) != 1 {
		t.Fatalf("the README's build put %v in the mirror (%v), want one provider", bins, err)
	}
	f, err := os.OpenFile(bins[0], os.O_APPEND|os.O_WRONLY, 0) //nolint:gosec // the test's own mirror
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("\x00rebuilt")); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if out, err := m.run(t, dir, "init"); err == nil {
		t.Errorf("terraform init after a rebuild under the same version succeeded; the README says to edit the lock file first\n%s", out)
	}
	lock := filepath.Join(dir, ".terraform.lock.hcl")
	b, err := os.ReadFile(lock) //nolint:gosec // the test's own lock file
	if err != nil {
		t.Fatal(err)
	}
	entry := regexp.MustCompile(`(?ms)^provider "registry\.terraform\.io/partnerops/klarna" \{.*?^\}\n`)
	if !entry.Match(b) {
		t.Fatalf("the lock file has no partnerops/klarna entry:\n%s", b)
	}
	if err := os.WriteFile(lock, entry.ReplaceAll(b, nil), 0o600); err != nil { //nolint:gosec // the test's own lock file
		t.Fatal(err)
	}
	m.mustRun(t, dir, "init")
	m.mustRun(t, dir, "validate")
}

// newCLIWithConfig is newCLI with the given CLI configuration instead of this package's own.
func newCLIWithConfig(t *testing.T, tc toolchain, config string) *cli {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraform.rc")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return &cli{tc: tc, config: path}
}

// runShell runs a shell snippet of the README in dir.
func runShell(t *testing.T, dir, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-eu", "-c", script) //nolint:gosec // a snippet of the repository's README
	cmd.Dir = dir
	cmd.Env = inheritedEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's snippet failed: %v\n%s\n%s", err, script, out)
	}
}
