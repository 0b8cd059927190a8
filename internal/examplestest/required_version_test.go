package examplestest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// terraformVersion is a Terraform release as major.minor, enough to compare the minimum
// versions of language features.
type terraformVersion struct{ major, minor int }

func (v terraformVersion) String() string { return fmt.Sprintf("%d.%d", v.major, v.minor) }

func (v terraformVersion) less(w terraformVersion) bool {
	return v.major < w.major || v.major == w.major && v.minor < w.minor
}

// languageFeature is a part of the Terraform language that an example may use and the
// first Terraform release that understands it.
type languageFeature struct {
	name  string
	since terraformVersion
	use   *regexp.Regexp
}

var languageFeatures = []languageFeature{
	{"provider-defined functions", terraformVersion{1, 8}, regexp.MustCompile(`\bprovider::`)},
	{"import blocks with for_each", terraformVersion{1, 7}, regexp.MustCompile(`(?s)\bimport\s*\{[^}]*\bfor_each\s*=`)},
	{"ephemeral resources", terraformVersion{1, 10}, regexp.MustCompile(`(?m)^\s*ephemeral\s+"`)},
	{"ephemeral input variables", terraformVersion{1, 10}, regexp.MustCompile(`(?m)^\s*ephemeral\s*=\s*true\b`)},
	{"write-only attributes", terraformVersion{1, 11}, regexp.MustCompile(`(?m)^\s*[a-z0-9_]+_wo\s*=`)},
	{"actions", terraformVersion{1, 14}, regexp.MustCompile(`(?m)^\s*(action\s+"|action_trigger\s*\{)`)},
}

// minimumVersion is the lower bound of a configuration's required_version, if it has one.
func minimumVersion(src string) (terraformVersion, bool) {
	m := requiredVersion.FindStringSubmatch(src)
	if m == nil {
		return terraformVersion{}, false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return terraformVersion{major, minor}, true
}

// requiredVersion matches a lower bound in a required_version constraint.
var requiredVersion = regexp.MustCompile(`(?m)^\s*required_version\s*=\s*"[^"]*>=\s*(\d+)\.(\d+)`)

// TestExamples_requiredVersion checks that every example directory that uses a language
// feature newer than Terraform 1.0 says so in required_version: copied into a configuration
// run by an older Terraform, it then fails with a message that names the version to use
// instead of one about unknown blocks or functions.
func TestExamples_requiredVersion(t *testing.T) {
	t.Parallel()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	examples := filepath.Join(root, "examples")
	for _, rel := range exampleDirs(t, examples) {
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			src := directorySource(t, filepath.Join(examples, rel))
			if err := checkRequiredVersion(src); err != nil {
				t.Errorf("examples/%s: %v", filepath.ToSlash(rel), err)
			}
		})
	}
}

// checkRequiredVersion reports a feature of src that its required_version does not guarantee.
func checkRequiredVersion(src string) error {
	var (
		needed terraformVersion
		why    string
	)
	for _, f := range languageFeatures {
		if f.use.MatchString(src) && needed.less(f.since) {
			needed, why = f.since, f.name
		}
	}
	if why == "" {
		return nil
	}
	declared, ok := minimumVersion(src)
	if !ok {
		return fmt.Errorf("uses %s (Terraform %s and later) but declares no required_version = \">= %s\"", why, needed, needed)
	}
	if declared.less(needed) {
		return fmt.Errorf("uses %s (Terraform %s and later) but its required_version allows %s", why, needed, declared)
	}
	return nil
}

// directorySource is the text of a directory's configuration files without whole-line comments.
func directorySource(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, f := range configFiles(t, dir) {
		src, err := os.ReadFile(f) //nolint:gosec // a file of the repository's examples
		if err != nil {
			t.Fatal(err)
		}
		b.Write(lineComment.ReplaceAll(src, nil))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestCheckRequiredVersion_cases(t *testing.T) {
	t.Parallel()
	const block = "terraform {\n  required_version = %q\n}\n"
	tests := []struct {
		name, src string
		wantErr   string
	}{
		{"no feature", `output "x" { value = 1 }`, ""},
		{"function without required_version", `output "x" { value = provider::klarna::account_common_name("k") }`, "declares no required_version"},
		{"function with 1.7", fmt.Sprintf(block, ">= 1.7") + `output "x" { value = provider::klarna::f("k") }`, "allows 1.7"},
		{"function with 1.8", fmt.Sprintf(block, ">= 1.8") + `output "x" { value = provider::klarna::f("k") }`, ""},
		{"function with 1.8.0 and an upper bound", fmt.Sprintf(block, ">= 1.8.0, < 2.0.0") + `output "x" { value = provider::klarna::f("k") }`, ""},
		{"ephemeral resource with 1.8", fmt.Sprintf(block, ">= 1.8") + "ephemeral \"klarna_portal_deep_link\" \"x\" {}\n", "ephemeral resources"},
		{"ephemeral variable with 1.10", fmt.Sprintf(block, ">= 1.10") + "variable \"k\" {\n  ephemeral = true\n}\n", ""},
		{"write-only with 1.10", fmt.Sprintf(block, ">= 1.10") + "resource \"r\" \"x\" {\n  private_key_pem_wo = var.k\n}\n", "write-only attributes"},
		{"write-only with 1.11", fmt.Sprintf(block, ">= 1.11") + "resource \"r\" \"x\" {\n  private_key_pem_wo = var.k\n}\n", ""},
		{"import for_each without required_version", "import {\n  for_each = local.m\n  to = r.x[each.key]\n  id = each.key\n}\n", "import blocks with for_each"},
		{"import without for_each", "import {\n  to = r.x\n  id = \"a\"\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkRequiredVersion(tt.src)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
