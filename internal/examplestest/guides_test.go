package examplestest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// fixedDate matches an RFC 3339 full-date, with or without a time and offset, that stands
// on its own (not inside a longer run of digits, letters or hyphens such as a UUID).
var fixedDate = regexp.MustCompile(`(?:^|[^0-9A-Za-z-])(\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2}))?)(?:$|[^0-9A-Za-z-])`)

// fixedDates returns, for every date in src, why it must not be in an example: it has
// passed at now, or it will.
func fixedDates(src string, now time.Time) []string {
	var found []string
	for _, m := range fixedDate.FindAllStringSubmatch(src, -1) {
		s := m[1]
		t, err := time.Parse(time.RFC3339Nano, strings.Replace(strings.ToUpper(s), " ", "T", 1))
		if err != nil {
			if t, err = time.Parse(time.DateOnly, s); err != nil {
				continue // shaped like a date, but not one (2026-13-45)
			}
		}
		if t.Before(now) {
			found = append(found, fmt.Sprintf("%s has already passed", s))
		} else {
			found = append(found, fmt.Sprintf("%s passes in %d days", s, int(t.Sub(now).Hours()/24)))
		}
	}
	return found
}

// TestExamples_noFixedDates checks that no file under examples/ or templates/ holds a
// fixed date: an example or guide that works today must work on any later day it is
// copied, and a date the API compares with its clock (an enforcement time) stops working
// once it has passed. Times come from "NOW", a variable or the user, never the example.
func TestExamples_noFixedDates(t *testing.T) {
	t.Parallel()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	checked := 0
	for _, top := range []string{"examples", "templates"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || leftByCLI(d.Name()) {
				return nil
			}
			b, err := os.ReadFile(path) //nolint:gosec // a file of the repository's examples or templates
			if err != nil {
				return err
			}
			checked++
			rel, _ := filepath.Rel(root, path)
			for _, why := range fixedDates(string(b), now) {
				t.Errorf("%s: the date %s; use \"NOW\", a variable or a time computed by the user instead", filepath.ToSlash(rel), why)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < minExampleDirs {
		t.Fatalf("checked %d files, expected more", checked)
	}
}

func TestFixedDates_cases(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, src string
		want      []string
	}{
		{"past date-time", `enforced_from = "2026-12-01T06:00:00Z"`, []string{"2026-12-01T06:00:00Z has already passed"}},
		{"future date-time", `enforced_from = "2027-01-15T06:00:00Z"`, []string{"2027-01-15T06:00:00Z passes in 42 days"}},
		{"offset and fraction", "at 2026-12-03T11:00:00.5+00:00.", []string{"2026-12-03T11:00:00.5+00:00 has already passed"}},
		{"date only", "expires 2025-01-31", []string{"2025-01-31 has already passed"}},
		{"year and month label", `rotation = "2026-11"`, nil},
		{"UUID", `id = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"`, nil},
		{"not a date", `x = "2026-13-45"`, nil},
		{"NOW", `enforced_from = "NOW"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := fixedDates(tt.src, now); !slices.Equal(got, tt.want) {
				t.Errorf("fixedDates(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

var (
	// tffileCall is a template's inclusion of an example file.
	tffileCall = regexp.MustCompile(`\{\{-?\s*tffile\s+"([^"]+)"\s*-?\}\}`)
	// configFence opens a fenced block of Terraform configuration written into a template.
	configFence = regexp.MustCompile("(?m)^\\s*```\\s*(terraform|hcl|tf)\\s*$")
)

// guide is what one template shows: its path and the example files it includes, in order.
type guide struct {
	rel      string   // the template, relative to the module root
	includes []string // the included files, relative to the module root
}

func guides(t *testing.T, root string) []guide {
	t.Helper()
	var out []guide
	err := filepath.WalkDir(filepath.Join(root, "templates"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(d.Name(), ".tmpl") {
			return err
		}
		b, err := os.ReadFile(path) //nolint:gosec // a template of the repository
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		g := guide{rel: filepath.ToSlash(rel)}
		for _, m := range tffileCall.FindAllStringSubmatch(string(b), -1) {
			g.includes = append(g.includes, m[1])
		}
		if configFence.Match(b) {
			t.Errorf("%s writes Terraform configuration inline; put it in a file under examples/ and include it with tffile, so that it is validated", g.rel)
		}
		out = append(out, g)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// configurationsOf groups a guide's includes by directory: each directory is one
// configuration that the guide builds.
func (g guide) configurationsOf() map[string][]string {
	byDir := map[string][]string{}
	for _, inc := range g.includes {
		byDir[filepath.Dir(inc)] = append(byDir[filepath.Dir(inc)], inc)
	}
	return byDir
}

// checkOneConfiguration says why a guide's includes do not form what a user who follows
// it ends up with: the files of one directory, or of the directories of the guide's own
// examples/guides/<name>/ when the guide describes more than one configuration (for
// example a scratch configuration used once, then the lasting one). Files from several
// reference examples side by side redeclare the same resources and variables.
func checkOneConfiguration(g guide) error {
	dirs := slices.Sorted(func(yield func(string) bool) {
		for d := range g.configurationsOf() {
			if !yield(d) {
				return
			}
		}
	})
	if len(dirs) <= 1 {
		return nil
	}
	own := "examples/guides/" + strings.TrimSuffix(filepath.Base(g.rel), ".md.tmpl")
	for _, d := range dirs {
		if d != own && !strings.HasPrefix(d, own+"/") {
			return fmt.Errorf("includes files of %d directories (%s): a guide's steps must build one configuration; keep them in %s/", len(dirs), strings.Join(dirs, ", "), own)
		}
	}
	return nil
}

// TestGuides_oneConfiguration checks that every template includes only files that exist,
// writes no configuration inline, and that a guide's steps build one configuration.
func TestGuides_oneConfiguration(t *testing.T) {
	t.Parallel()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	gs := guides(t, root)
	if len(gs) < 5 {
		t.Fatalf("found %d templates, expected more", len(gs))
	}
	for _, g := range gs {
		for _, inc := range g.includes {
			if _, err := os.Stat(filepath.Join(root, inc)); err != nil {
				t.Errorf("%s includes %s: %v", g.rel, inc, err)
			}
		}
		if err := checkOneConfiguration(g); err != nil {
			t.Errorf("%s %v", g.rel, err)
		}
	}
}

func TestCheckOneConfiguration_cases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		includes []string
		wantErr  bool
	}{
		{"one file", []string{"examples/resources/klarna_api_key/resource.tf"}, false},
		{"two files of one directory", []string{"examples/guides/x/a.tf", "examples/guides/x/b.tf"}, false},
		{"two reference examples", []string{"examples/resources/klarna_client_certificate/resource.tf", "examples/resources/klarna_mtls_enforcement/resource.tf"}, true},
		{"the guide's own directories", []string{"examples/guides/x/scratch/main.tf", "examples/guides/x/main.tf"}, false},
		{"the guide's own and a reference example", []string{"examples/guides/x/main.tf", "examples/resources/klarna_api_key/resource.tf"}, true},
		{"another guide's directory", []string{"examples/guides/x/main.tf", "examples/guides/xy/main.tf"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkOneConfiguration(guide{rel: "templates/guides/x.md.tmpl", includes: tt.includes})
			if (err != nil) != tt.wantErr {
				t.Errorf("checkOneConfiguration(%q) = %v, want an error: %t", tt.includes, err, tt.wantErr)
			}
		})
	}
}

// TestAccGuides_validate puts, for every template, the files it includes from each
// directory (and nothing else) into one directory and runs `terraform validate` there: what
// the guide shows of a configuration is the whole of it, as a user who copies the guide's
// steps one after another has it. The directory sits one level below a copy of examples/,
// as the examples themselves do, so that a module source such as ../modules/x resolves.
func TestAccGuides_validate(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	for _, g := range guides(t, tc.root) {
		for dir, files := range g.configurationsOf() {
			name := strings.TrimSuffix(filepath.Base(g.rel), ".md.tmpl") + "/" + filepath.ToSlash(dir)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				examples := filepath.Join(t.TempDir(), "examples")
				copyTree(t, filepath.Join(tc.root, "examples"), examples)
				work := filepath.Join(examples, "guide-under-test")
				if err := os.Mkdir(work, 0o750); err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					b, err := os.ReadFile(filepath.Join(tc.root, f)) //nolint:gosec // a file of the repository's examples
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), b, 0o600); err != nil { //nolint:gosec // into the test's own temporary directory
						t.Fatal(err)
					}
				}
				c := newCLI(t, tc)
				c.mustRun(t, work, "get")
				if out, err := c.run(t, work, "validate", validateArgs(t, tc)...); err != nil {
					t.Fatalf("%s: the files it shows of %s do not validate together: %v\n%s", g.rel, dir, err, out)
				}
			})
		}
	}
}

// TestAccModuleReadmes_validate runs `terraform validate` on every configuration block of
// each module's README under examples/modules/, as a user who copies it into a root module
// beside the module (source = "./modules/<name>") has it.
func TestAccModuleReadmes_validate(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	readmes, err := filepath.Glob(filepath.Join(tc.root, "examples", "modules", "*", "README.md"))
	if err != nil || len(readmes) == 0 {
		t.Fatalf("found no module README under examples/modules (%v)", err)
	}
	for _, readme := range readmes {
		name := filepath.Base(filepath.Dir(readme))
		b, err := os.ReadFile(readme) //nolint:gosec // a README of the repository's examples
		if err != nil {
			t.Fatal(err)
		}
		blocks := fencedBlock.FindAllStringSubmatch(string(b), -1)
		validated := 0
		for i, m := range blocks {
			if !configFence.MatchString("```" + m[2]) {
				continue
			}
			validated++
			t.Run(fmt.Sprintf("%s/block%d", name, i+1), func(t *testing.T) {
				t.Parallel()
				root := t.TempDir()
				copyTree(t, filepath.Dir(readme), filepath.Join(root, "modules", name))
				if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(m[3]), 0o600); err != nil { //nolint:gosec // into the test's own temporary directory
					t.Fatal(err)
				}
				c := newCLI(t, tc)
				c.mustRun(t, root, "get")
				if out, err := c.run(t, root, "validate"); err != nil {
					t.Fatalf("the configuration block %d of examples/modules/%s/README.md does not validate as copied: %v\n%s", i+1, name, err, out)
				}
			})
		}
		if validated == 0 {
			t.Errorf("examples/modules/%s/README.md shows no configuration block to validate", name)
		}
	}
}
