package testnames

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

const runnerImport = `import (
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
)
`

func TestCheckNames_cases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		src  string
		want []string // misnamed tests, "acc:" for acceptance tests named otherwise
	}{
		{
			name: "acceptance tests through the runner, aliased or not, directly or through helpers",
			src: runnerImport + `
func TestAccCredentialDisable_byID(t *testing.T) { tfresource.ParallelTest(t, tfresource.TestCase{}) }
func TestAccCredentialDisableAction_byID(t *testing.T) { run(t) }
func TestAccAPIKey_list(t *testing.T) { (&env{}).steps(t) }
func run(t *testing.T) { tfresource.Test(t, tfresource.TestCase{}) }
type env struct{}
func (e *env) steps(t *testing.T) { run(t) }
func TestParse_cases(t *testing.T) {}
func Testify() {}
`,
		},
		{
			name: "a unit test named as an acceptance test",
			src:  runnerImport + "func TestAccountBoundary_cases(t *testing.T) {}\nfunc TestAccX_y(t *testing.T) { tfresource.Test(t, tfresource.TestCase{}) }\n",
			want: []string{"TestAccountBoundary_cases"},
		},
		{
			name: "an acceptance test not named TestAcc",
			src:  runnerImport + "func TestWebhook_delivery(t *testing.T) { helper(t) }\nfunc helper(t *testing.T) { tfresource.ParallelTest(t, tfresource.TestCase{}) }\n",
			want: []string{"acc:TestWebhook_delivery"},
		},
		{
			name: "the examples' CLI tests gate on TF_ACC",
			src: `import (
	"os"
	"testing"
)
func skipUnlessAcc(t *testing.T) { if os.Getenv("TF_ACC") == "" { t.Skip() } }
func TestAccExamples_validate(t *testing.T) { skipUnlessAcc(t) }
func TestExamples_validate(t *testing.T) { skipUnlessAcc(t) }
func TestAccExamples_unit(t *testing.T) { _ = os.Getenv("HOME") }
`,
			want: []string{"TestAccExamples_unit", "acc:TestExamples_validate"},
		},
		{
			name: "runner-shaped calls of another package do not count",
			src:  "import (\n\t\"testing\"\n\t\"example.com/resource\"\n)\nfunc TestAccNothing_run(t *testing.T) { resource.Test(t) }\n",
			want: []string{"TestAccNothing_run"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x_test.go"), []byte("package x\n\n"+tc.src), 0o600); err != nil {
				t.Fatal(err)
			}
			bad, _, err := checkNames(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range bad {
				name := m.name
				if m.acc {
					name = "acc:" + name
				}
				got = append(got, name)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("misnamed %q, want %q", got, tc.want)
			}
		})
	}
}
