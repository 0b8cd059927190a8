package examplestest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// minExampleDirs is fewer directories than examples/ holds, so that a broken discovery
// cannot pass by validating nothing.
const minExampleDirs = 15

// TestAccExamples_validate runs `terraform validate` in a copy of every directory under
// examples/ that holds configuration files, exactly as a user who copies it has it: nothing
// is added to the directory, so an example that does not declare where the klarna provider
// comes from (and, for provider functions or ephemeral resources, which Terraform it needs)
// fails here as it would for the user. The provider comes from this repository through a
// dev_overrides CLI configuration; modules are installed with `terraform get`, which installs
// modules only, as the README says to do with dev_overrides. The whole examples/ tree is
// copied so that an example may call a module beside it. Every directory found must have
// been validated: one that was skipped fails the test. On a CLI with terraform query
// (Terraform 1.14 or later) the list blocks of .tfquery.hcl files are validated too.
func TestAccExamples_validate(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	examples := filepath.Join(tc.root, "examples")
	dirs := exampleDirs(t, examples)
	if len(dirs) < minExampleDirs {
		t.Fatalf("found %d example directories under %s, expected at least %d: %v", len(dirs), examples, minExampleDirs, dirs)
	}
	var (
		mu        sync.Mutex
		validated = map[string]bool{}
	)
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, rel := range configDirsOf(t, examples) {
			if !validated[rel] {
				t.Errorf("examples/%s holds configuration files but was not validated", filepath.ToSlash(rel))
			}
		}
	})
	for _, rel := range dirs {
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			if minimum, ok := minimumVersion(directorySource(t, filepath.Join(examples, rel))); ok && tc.version.less(minimum) {
				// Validated by the run on a newer CLI; this one refuses the required_version.
				mu.Lock()
				validated[rel] = true
				mu.Unlock()
				tc.skipBelow(t, minimum, "examples/"+filepath.ToSlash(rel)+" declares required_version >= "+minimum.String())
			}
			for _, leftOut := range importExampleForms(t, filepath.Join(examples, rel), tc.importsByIdentity) {
				work := filepath.Join(t.TempDir(), "examples")
				copyTree(t, examples, work)
				dir := filepath.Join(work, rel)
				if leftOut != "" {
					if err := os.Remove(filepath.Join(dir, leftOut)); err != nil {
						t.Fatal(err)
					}
				}
				c := newCLI(t, tc)
				c.mustRun(t, dir, "get")
				if out, err := c.run(t, dir, "validate", validateArgs(t, tc)...); err != nil {
					t.Fatalf("examples/%s does not validate as copied (without %q): %v\n%s", filepath.ToSlash(rel), leftOut, err, out)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			validated[rel] = true
		})
	}
}

// Import examples of a resource, as tfplugindocs names them. A resource takes one import
// block, and an import block with identity needs Terraform 1.12, so the two are validated
// apart.
const (
	importByStringIDExample = "import-by-string-id.tf"
	importByIdentityExample = "import-by-identity.tf"
)

// importExampleForms are the files to leave out of dir, one validation each: "" when it has
// no identity import example; else the identity example, and, where the CLI takes import
// blocks with identity, the string-ID example in its place.
func importExampleForms(t *testing.T, dir string, importsByIdentity bool) []string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, importByIdentityExample)); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		return []string{""}
	}
	forms := []string{importByIdentityExample}
	if importsByIdentity {
		forms = append(forms, importByStringIDExample)
	}
	return forms
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

// configDirsOf lists, relative to root and independently of exampleDirs, the directory of
// every configuration file under root outside hidden directories.
func configDirsOf(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !isConfigFile(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		if !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s: %v", root, err)
	}
	return dirs
}

func isConfigFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
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
		if e.Type().IsRegular() && isConfigFile(e.Name()) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return files
}

// lineComment matches a whole-line HCL comment.
var lineComment = regexp.MustCompile(`(?m)^\s*(#|//).*$`)
