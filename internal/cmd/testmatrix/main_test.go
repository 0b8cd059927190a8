package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// log builds `go test -json` output: each step is "action test [output]".
func log(t *testing.T, steps ...[3]string) string {
	t.Helper()
	var b strings.Builder
	for _, s := range steps {
		e := event{Action: s[0], Package: "example/pkg", Test: s[1], Output: s[2]}
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func pass(test string) [][3]string {
	return [][3]string{{"run", test, ""}, {"output", test, "--- PASS: " + test + "\n"}, {"pass", test, ""}}
}

func skip(test, reason string) [][3]string {
	return [][3]string{{"run", test, ""}, {"output", test, "    x_test.go:1: " + reason + "\n"}, {"output", test, "--- SKIP: " + test + "\n"}, {"skip", test, ""}}
}

func fail(test string) [][3]string {
	return [][3]string{{"run", test, ""}, {"output", test, "    x_test.go:1: boom\n"}, {"fail", test, ""}}
}

func steps(groups ...[][3]string) [][3]string {
	var all [][3]string
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}

const (
	belowReason = "Terraform CLI version 1.11.4 is below minimum version 1.14.0: skipping test"
	otherReason = "acceptance test: set TF_ACC=1"
	tfAccReason = "Acceptance tests skipped unless env 'TF_ACC' set"
)

func TestJudge_cases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		single bool
		runs   map[string][][3]string
		wantOK bool
		want   string // a line the report must hold
	}{
		{
			name: "a version skip on one CLI, run on another",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccAction_invoke"), pass("TestAccKey_basic"), pass("TestUnit_x")),
				"terraform-1.11": steps(skip("TestAccAction_invoke", belowReason), pass("TestAccKey_basic")),
			},
			wantOK: true,
			want:   "skipped example/pkg.TestAccAction_invoke: x_test.go:1: " + belowReason,
		},
		{
			name: "a version skip on every CLI",
			runs: map[string][][3]string{
				"terraform-1.11": steps(skip("TestAccAction_invoke", belowReason), pass("TestAccKey_basic")),
				"tofu-1.12":      steps(skip("TestAccAction_invoke", "Terraform CLI version 1.12.6 is below minimum version 1.14.0: skipping test"), pass("TestAccKey_basic")),
			},
			wantOK: false,
			want:   "acceptance tests that ran on none of the CLIs:",
		},
		{
			name:   "a version skip on the only CLI, with -single",
			single: true,
			runs: map[string][][3]string{
				"terraform-1.11": steps(skip("TestAccAction_invoke", belowReason), pass("TestAccKey_basic")),
			},
			wantOK: true,
			want:   "example/pkg.TestAccAction_invoke: terraform-1.11: x_test.go:1: " + belowReason,
		},
		{
			name: "another skip fails even where another CLI ran the test",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccKey_basic")),
				"terraform-1.11": steps(skip("TestAccKey_basic", otherReason)),
			},
			wantOK: false,
			want:   "terraform-1.11: example/pkg.TestAccKey_basic: x_test.go:1: " + otherReason,
		},
		{
			name:   "another skip fails with -single too",
			single: true,
			runs: map[string][][3]string{
				"terraform-1.11": steps(pass("TestAccKey_basic"), skip("TestAccOther_basic", otherReason)),
			},
			wantOK: false,
			want:   "acceptance tests skipped for a reason other than the CLI's version:",
		},
		{
			name: "a unit test's skip is not judged",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccKey_basic"), skip("TestFuzz_x", otherReason)),
			},
			wantOK: true,
			want:   "acceptance tests that ran on at least one CLI: 1",
		},
		{
			name: "every name that make testacc selects counts, TestAccount... too",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccountBoundary_x")),
			},
			wantOK: true,
			want:   "acceptance tests that ran on at least one CLI: 1",
		},
		{
			name: "a TestAccount... test skipped without TF_ACC is judged",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccKey_basic"), skip("TestAccount_x", tfAccReason)),
			},
			wantOK: false,
			want:   "terraform-1.16: example/pkg.TestAccount_x: x_test.go:1: " + tfAccReason,
		},
		{
			name: "a failure on one CLI fails the whole",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccKey_basic")),
				"tofu-1.12":      steps(fail("TestAccKey_basic")),
			},
			wantOK: false,
			want:   "--- FAIL on tofu-1.12: example/pkg.TestAccKey_basic",
		},
		{
			name: "a failed subtest fails its test though the parent's end is missing",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccKey_basic"), [][3]string{{"run", "TestAccKey_sub", ""}, {"run", "TestAccKey_sub/a", ""}, {"fail", "TestAccKey_sub/a", ""}}),
			},
			wantOK: false,
			want:   "terraform-1.16: example/pkg.TestAccKey_sub",
		},
		{
			name: "a test whose subtests all skipped for the version ran nowhere",
			runs: map[string][][3]string{
				"terraform-1.11": steps(pass("TestAccKey_basic"), [][3]string{
					{"run", "TestAccAction_rule", ""}, {"run", "TestAccAction_rule/a", ""},
					{"output", "TestAccAction_rule/a", "    x_test.go:1: " + belowReason + "\n"}, {"skip", "TestAccAction_rule/a", ""},
					{"output", "TestAccAction_rule", "--- PASS: TestAccAction_rule (0.33s)\n"}, {"pass", "TestAccAction_rule", ""},
				}),
			},
			wantOK: false,
			want:   "example/pkg.TestAccAction_rule: terraform-1.11: x_test.go:1: " + belowReason,
		},
		{
			name: "a test that never ended failed",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestAccKey_basic"), [][3]string{{"run", "TestAccKey_hang", ""}}),
			},
			wantOK: false,
			want:   "tests that failed:",
		},
		{
			name: "no acceptance test at all",
			runs: map[string][][3]string{
				"terraform-1.16": steps(pass("TestUnit_x")),
			},
			wantOK: false,
			want:   "no acceptance test ran",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var runs []run
			for _, cli := range []string{"terraform-1.16", "terraform-1.11", "tofu-1.12"} {
				s, ok := tt.runs[cli]
				if !ok {
					continue
				}
				r, err := parse(cli, strings.NewReader(log(t, s...)))
				if err != nil {
					t.Fatal(err)
				}
				runs = append(runs, r)
			}
			v := judge(runs, tt.single)
			var out strings.Builder
			report(&out, runs, v)
			if v.ok() != tt.wantOK {
				t.Errorf("ok = %v, want %v; report:\n%s", v.ok(), tt.wantOK, out.String())
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("report lacks %q:\n%s", tt.want, out.String())
			}
		})
	}
}

func TestParse_packageFailure(t *testing.T) {
	t.Parallel()
	in := `{"Action":"output","Package":"example/pkg","Output":"# example/pkg\nx.go:1: undefined: y\n"}
{"Action":"fail","Package":"example/pkg"}
` + log(t, pass("TestAccKey_basic")...)
	r, err := parse("terraform-1.16", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	v := judge([]run{r}, false)
	if v.ok() || len(v.failedPackages) != 1 {
		t.Errorf("failed packages = %v, want example/pkg; ok = %v", v.failedPackages, v.ok())
	}
}

func TestParse_notJSON(t *testing.T) {
	t.Parallel()
	if _, err := parse("terraform-1.16", strings.NewReader("go: cannot find main module\n")); err == nil {
		t.Error("parse accepted output without a single go test -json event")
	}
}

// TestJudge_selectsWhatMakeTestaccRuns keeps the judge's acceptance pattern the one that
// `make testacc` and scripts/test.sh pass to go test -run.
func TestJudge_selectsWhatMakeTestaccRuns(t *testing.T) {
	t.Parallel()
	runFlag := regexp.MustCompile(`-run '([^']*TestAcc[^']*)'`)
	for _, file := range []string{"../../../GNUmakefile", "../../../scripts/test.sh"} {
		b, err := os.ReadFile(file) //nolint:gosec // one of the two files listed above
		if err != nil {
			t.Fatal(err)
		}
		found := runFlag.FindAllStringSubmatch(string(b), -1)
		if len(found) == 0 {
			t.Errorf("%s: no -run pattern that selects TestAcc tests", file)
		}
		for _, m := range found {
			if m[1] != acceptancePattern {
				t.Errorf("%s runs -run %q; the judge counts %q", file, m[1], acceptancePattern)
			}
		}
	}
}
