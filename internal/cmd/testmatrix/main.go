// Command testmatrix reads the `go test -json` output of one or more test runs, one per
// Terraform-compatible CLI, and decides whether they pass together:
//
//	go run ./internal/cmd/testmatrix [-single] NAME=FILE...
//
// NAME names the CLI the run used (terraform-1.16, terraform-1.11, tofu-1.12), FILE holds
// that run's `go test -json` output. It prints, per CLI, the acceptance tests that passed and
// those skipped with their reason, and exits 1 when a test failed in any run, when an
// acceptance test (a top-level test that `make testacc` selects with -run '^TestAcc') was
// skipped for any reason but the CLI's version (tfversion.SkipBelow and its kin, whose
// reasons begin "Terraform CLI version"), when an acceptance test ran on none of the CLIs,
// or when no acceptance test ran at all.
// With -single (one CLI, as `make test` runs), a test that only a newer or older CLI runs is
// listed with its reason but does not fail the run.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

func main() {
	single := flag.Bool("single", false, "one CLI: a test skipped for the CLI's version is listed, not a failure")
	flag.Usage = func() {
		_, _ = fmt.Fprintln(flag.CommandLine.Output(), "usage: testmatrix [-single] NAME=FILE...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var runs []run
	for _, arg := range flag.Args() {
		name, file, ok := strings.Cut(arg, "=")
		if !ok || name == "" || file == "" {
			fmt.Fprintf(os.Stderr, "testmatrix: %q is not NAME=FILE\n", arg)
			os.Exit(2)
		}
		r, err := readFile(name, file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "testmatrix: %v\n", err)
			os.Exit(2)
		}
		runs = append(runs, r)
	}
	v := judge(runs, *single)
	report(os.Stdout, runs, v)
	if !v.ok() {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (test2json) output.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// result is how one top-level test ended in one run, with the output it wrote.
type result struct {
	action   string            // pass, fail or skip
	output   []string          // its own and its subtests'
	subtests map[string]string // subtest name -> pass, fail or skip
}

// run is one CLI's test run: every top-level test by package and name, and the packages
// that failed as a whole (a build error, a panic, a timeout).
type run struct {
	cli            string
	tests          map[testID]*result
	failedPackages map[string][]string // package -> its output
}

type testID struct{ pkg, name string }

func (id testID) String() string { return id.pkg + "." + id.name }

// acceptancePattern selects the acceptance tests, as `make testacc` and scripts/test.sh
// select them with go test -run. The name alone decides: go test -json does not show
// whether a test ran the CLI, so a unit test named TestAcc... (TestAccount... too) would be
// counted as an acceptance test that ran; unit tests are named otherwise.
const acceptancePattern = `^TestAcc`

var acceptanceName = regexp.MustCompile(acceptancePattern)

func (id testID) acceptance() bool { return acceptanceName.MatchString(id.name) }

// versionSkip matches the reasons terraform-plugin-testing's tfversion checks give, which the
// repository's own CLI tests give too.
var versionSkip = regexp.MustCompile(`Terraform CLI version (\S+ is (below minimum|above maximum) version|\S+ is between|is \S+: skipping test)`)

func readFile(cli, file string) (run, error) {
	f, err := os.Open(file) //nolint:gosec // a test log the caller names
	if err != nil {
		return run{}, err
	}
	defer func() { _ = f.Close() }()
	r, err := parse(cli, f)
	if err != nil {
		return run{}, fmt.Errorf("%s: %w", file, err)
	}
	return r, nil
}

// parse reads one run's `go test -json` output; lines that are not JSON (a build error
// printed before the tests start) are kept as their package's output.
func parse(cli string, in io.Reader) (run, error) {
	r := run{cli: cli, tests: map[testID]*result{}, failedPackages: map[string][]string{}}
	pkgOutput := map[string][]string{}
	s := bufio.NewScanner(in)
	s.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for s.Scan() {
		line := s.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			pkgOutput[""] = append(pkgOutput[""], string(line))
			continue
		}
		top, _, _ := strings.Cut(e.Test, "/")
		if e.Test == "" {
			switch e.Action {
			case "output":
				pkgOutput[e.Package] = append(pkgOutput[e.Package], strings.TrimRight(e.Output, "\n"))
			case "fail":
				r.failedPackages[e.Package] = pkgOutput[e.Package]
			}
			continue
		}
		id := testID{e.Package, top}
		res := r.tests[id]
		if res == nil {
			res = &result{}
			r.tests[id] = res
		}
		switch {
		case e.Action == "output":
			res.output = append(res.output, strings.TrimRight(e.Output, "\n"))
		case e.Test == top && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			res.action = e.Action
		case e.Action == "pass" || e.Action == "fail" || e.Action == "skip":
			if res.subtests == nil {
				res.subtests = map[string]string{}
			}
			res.subtests[e.Test] = e.Action
			if e.Action == "fail" {
				// A failed subtest fails its parent too; this keeps it failed should the
				// parent's own event be missing (a panic or timeout ends the package).
				res.action = "fail"
			}
		}
	}
	if err := s.Err(); err != nil {
		return run{}, err
	}
	if out := pkgOutput[""]; len(out) > 0 && len(r.tests) == 0 && len(r.failedPackages) == 0 {
		return run{}, errors.New("no go test -json events:\n" + strings.Join(out, "\n"))
	}
	for _, res := range r.tests {
		switch {
		case res.action == "":
			// Started but never ended: its package was cut short.
			res.action = "fail"
		case res.action == "pass" && len(res.subtests) > 0 && allSkipped(res.subtests):
			// A test whose every subtest skipped ran nothing itself.
			res.action = "skip"
		}
	}
	return r, nil
}

func allSkipped(subtests map[string]string) bool {
	for _, action := range subtests {
		if action != "skip" {
			return false
		}
	}
	return true
}

// skipReason is the reason a skipped test gave: its last line that is not one of go test's
// own ("--- SKIP: ...", "=== RUN ...").
func (res *result) skipReason() string {
	for i := len(res.output) - 1; i >= 0; i-- {
		line := strings.TrimSpace(res.output[i])
		if line == "" || strings.HasPrefix(line, "--- ") || strings.HasPrefix(line, "=== ") {
			continue
		}
		return line
	}
	return "(no reason given)"
}

func (res *result) versionSkip() bool {
	return res.action == "skip" && versionSkip.MatchString(strings.Join(res.output, "\n"))
}

// verdict is what judge found; the run passes when every list is empty and some acceptance
// test ran.
type verdict struct {
	failed         []string // "cli: pkg.Test"
	failedPackages []string // "cli: pkg"
	badSkips       []string // "cli: pkg.Test: reason"
	ranNowhere     []string // "pkg.Test: reasons"
	versionOnly    []string // with -single: "pkg.Test: reason"
	accRan         int      // acceptance tests that passed on at least one CLI
}

func (v verdict) ok() bool {
	return len(v.failed) == 0 && len(v.failedPackages) == 0 && len(v.badSkips) == 0 && len(v.ranNowhere) == 0 && v.accRan > 0
}

func judge(runs []run, single bool) verdict {
	var v verdict
	accIDs := map[testID]bool{}
	for _, r := range runs {
		for _, pkg := range sortedKeys(r.failedPackages) {
			if !packageHasFailedTest(r, pkg) {
				v.failedPackages = append(v.failedPackages, r.cli+": "+pkg)
			}
		}
		for _, id := range sortedIDs(r.tests) {
			res := r.tests[id]
			switch {
			case res.action == "fail":
				v.failed = append(v.failed, r.cli+": "+id.String())
			case res.action == "skip" && id.acceptance() && !res.versionSkip():
				v.badSkips = append(v.badSkips, fmt.Sprintf("%s: %s: %s", r.cli, id, res.skipReason()))
			}
			if id.acceptance() {
				accIDs[id] = true
			}
		}
	}
	for _, id := range sortedIDs(accIDs) {
		ran := false
		var reasons []string
		for _, r := range runs {
			res, seen := r.tests[id]
			switch {
			case seen && res.action == "pass":
				ran = true
			case seen && res.action == "skip":
				reasons = append(reasons, r.cli+": "+res.skipReason())
			case !seen:
				reasons = append(reasons, r.cli+": not run")
			}
		}
		switch {
		case ran:
			v.accRan++
		case single:
			v.versionOnly = append(v.versionOnly, id.String()+": "+strings.Join(reasons, "; "))
		default:
			v.ranNowhere = append(v.ranNowhere, id.String()+": "+strings.Join(reasons, "; "))
		}
	}
	return v
}

func packageHasFailedTest(r run, pkg string) bool {
	for id, res := range r.tests {
		if id.pkg == pkg && res.action == "fail" {
			return true
		}
	}
	return false
}

func report(w io.Writer, runs []run, v verdict) {
	for _, r := range runs {
		var passed, skipped, accPassed, accSkipped int
		for id, res := range r.tests {
			switch res.action {
			case "pass":
				passed++
				if id.acceptance() {
					accPassed++
				}
			case "skip":
				skipped++
				if id.acceptance() {
					accSkipped++
				}
			}
		}
		_, _ = fmt.Fprintf(w, "%s: %d tests passed, %d skipped; acceptance tests passed: %d, skipped: %d\n",
			r.cli, passed, skipped, accPassed, accSkipped)
		for _, id := range sortedIDs(r.tests) {
			if res := r.tests[id]; res.action == "skip" && id.acceptance() {
				_, _ = fmt.Fprintf(w, "  skipped %s: %s\n", id, res.skipReason())
			}
		}
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		_, _ = fmt.Fprintln(w, title)
		for _, l := range lines {
			_, _ = fmt.Fprintln(w, "  "+l)
		}
	}
	for _, r := range runs {
		for _, id := range sortedIDs(r.tests) {
			if res := r.tests[id]; res.action == "fail" {
				_, _ = fmt.Fprintf(w, "\n--- FAIL on %s: %s\n%s\n", r.cli, id, tail(res.output, 60))
			}
		}
		for _, pkg := range sortedKeys(r.failedPackages) {
			if !packageHasFailedTest(r, pkg) {
				_, _ = fmt.Fprintf(w, "\n--- FAIL on %s: package %s\n%s\n", r.cli, pkg, tail(r.failedPackages[pkg], 40))
			}
		}
	}
	section("tests that failed:", v.failed)
	section("packages that failed outside a test:", v.failedPackages)
	section("acceptance tests skipped for a reason other than the CLI's version:", v.badSkips)
	section("acceptance tests that ran on none of the CLIs:", v.ranNowhere)
	section("acceptance tests that need another CLI than this one (not a failure here; CI runs them):", v.versionOnly)
	_, _ = fmt.Fprintf(w, "acceptance tests that ran on at least one CLI: %d\n", v.accRan)
	if v.accRan == 0 {
		_, _ = fmt.Fprintln(w, "no acceptance test ran")
	}
}

func tail(lines []string, n int) string {
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

func sortedIDs[V any](m map[testID]V) []testID {
	ids := make([]testID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
	return ids
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
