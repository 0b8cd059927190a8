package examplestest

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// minExampleDirs is fewer directories than examples/ holds, so that a broken discovery
// cannot pass by validating nothing.
const minExampleDirs = 15

// requiredProvidersFile is added to an example that declares no required_providers (the
// tfplugindocs snippets), so that "klarna" means this provider and not hashicorp/klarna.
const requiredProvidersFile = `terraform {
  required_providers {
    klarna = {
      source = "` + providerSource + `"
    }
  }
}
`

// TestAccExamples_validate runs `terraform validate` in a copy of every directory under
// examples/ that holds configuration files, with the provider built from this repository.
// Modules that an example calls, or that its tests run, are installed first with
// `terraform get`, which installs modules only and never looks a provider up in a registry.
func TestAccExamples_validate(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	examples := filepath.Join(tc.root, "examples")
	dirs := exampleDirs(t, examples)
	if len(dirs) < minExampleDirs {
		t.Fatalf("found %d example directories under %s, expected at least %d: %v", len(dirs), examples, minExampleDirs, dirs)
	}
	for _, rel := range dirs {
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			// The whole tree is copied, so that an example may call a module beside it.
			work := filepath.Join(t.TempDir(), "examples")
			copyTree(t, examples, work)
			dir := filepath.Join(work, rel)
			if !declaresRequiredProviders(t, dir) {
				if err := os.WriteFile(filepath.Join(dir, "examplestest_providers.tf"), []byte(requiredProvidersFile), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			c := newCLI(t, tc)
			c.mustRun(t, dir, "get")
			if out, err := c.run(t, dir, "validate"); err != nil {
				t.Fatalf("examples/%s does not validate: %v\n%s", filepath.ToSlash(rel), err, out)
			}
		})
	}
}

// exampleDirs lists, relative to root, every directory that holds a .tf or .tf.json file,
// leaving out hidden directories such as .terraform.
func exampleDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !hasConfigFiles(t, path) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		dirs = append(dirs, rel)
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s: %v", root, err)
	}
	return dirs
}

func hasConfigFiles(t *testing.T, dir string) bool {
	t.Helper()
	return len(configFiles(t, dir)) > 0
}

// configFiles are the Terraform configuration files of one directory.
func configFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && (strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tf.json")) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return files
}

var (
	requiredProvidersBlock = regexp.MustCompile(`\brequired_providers\s*\{|"required_providers"\s*:`)
	lineComment            = regexp.MustCompile(`(?m)^\s*(#|//).*$`)
)

// declaresRequiredProviders reports whether a configuration file of dir has a
// required_providers block outside a whole-line comment.
func declaresRequiredProviders(t *testing.T, dir string) bool {
	t.Helper()
	for _, f := range configFiles(t, dir) {
		b, err := os.ReadFile(f) //nolint:gosec // the test's own copy of an example
		if err != nil {
			t.Fatal(err)
		}
		if requiredProvidersBlock.Match(lineComment.ReplaceAll(b, nil)) {
			return true
		}
	}
	return false
}
