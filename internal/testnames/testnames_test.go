package testnames

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// testingPath is the import path of terraform-plugin-testing's acceptance runner, whose
// Test and ParallelTest run the Terraform CLI only when TF_ACC is set.
const testingPath = "github.com/hashicorp/terraform-plugin-testing/helper/resource"

// accRunners are the runner's functions that make a test an acceptance test.
var accRunners = []string{"Test", "ParallelTest"}

// misnamed is a test whose name does not say what kind of test it is.
type misnamed struct {
	pos  token.Position
	name string
	acc  bool // it runs as an acceptance test
}

func (m misnamed) String() string {
	if m.acc {
		return fmt.Sprintf("%s: %s runs as an acceptance test (terraform-plugin-testing's resource.Test or ParallelTest, "+
			"or a TF_ACC check), but make testacc selects acceptance tests by the name TestAcc*", m.pos, m.name)
	}
	return fmt.Sprintf("%s: %s is named as make testacc selects acceptance tests, but runs no acceptance runner "+
		"(terraform-plugin-testing's resource.Test or ParallelTest, or a helper that checks TF_ACC)", m.pos, m.name)
}

// testPackage is the test files of one directory, the package and its external test
// package together: a test there may call any helper of either.
type testPackage struct {
	fset  *token.FileSet
	funcs map[string][]*ast.FuncDecl // by name; methods by their name alone
	tests []*ast.FuncDecl
	// roots are the functions that call an acceptance runner or read TF_ACC themselves.
	roots map[*ast.FuncDecl]bool
}

// checkNames reports every misnamed test in the *_test.go files under root.
func checkNames(root string) ([]misnamed, int, error) {
	pkgs := map[string]*testPackage{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		p := pkgs[dir]
		if p == nil {
			p = &testPackage{fset: fset, funcs: map[string][]*ast.FuncDecl{}, roots: map[*ast.FuncDecl]bool{}}
			pkgs[dir] = p
		}
		p.add(f)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	var out []misnamed
	tests := 0
	for _, p := range pkgs {
		tests += len(p.tests)
		out = append(out, p.misnamed()...)
	}
	slices.SortFunc(out, func(a, b misnamed) int { return strings.Compare(a.String(), b.String()) })
	return out, tests, nil
}

func (p *testPackage) add(f *ast.File) {
	runner := "" // the file's local name for the acceptance runner's package
	for _, imp := range f.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil && path == testingPath {
			runner = "resource"
			if imp.Name != nil {
				runner = imp.Name.Name
			}
		}
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		p.funcs[fn.Name.Name] = append(p.funcs[fn.Name.Name], fn)
		if fn.Recv == nil && isTestName(fn.Name.Name) {
			p.tests = append(p.tests, fn)
		}
		if callsRunner(fn, runner) {
			p.roots[fn] = true
		}
	}
}

// isTestName reports a name go test runs as a test: Test followed by the end or a
// character that is not a lower-case letter.
func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	return ok && (rest == "" || rest[0] < 'a' || rest[0] > 'z')
}

// callsRunner reports whether fn calls the acceptance runner, or reads TF_ACC as the
// examples' CLI tests do before they run Terraform.
func callsRunner(fn *ast.FuncDecl, runner string) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		switch {
		case runner != "" && pkg.Name == runner && slices.Contains(accRunners, sel.Sel.Name):
			found = true
		case pkg.Name == "os" && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv") && len(call.Args) == 1:
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Value == `"TF_ACC"` {
				found = true
			}
		}
		return !found
	})
	return found
}

// callees are the names fn calls: functions, and methods by their name alone.
func callees(fn *ast.FuncDecl) []string {
	var out []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			switch f := call.Fun.(type) {
			case *ast.Ident:
				out = append(out, f.Name)
			case *ast.SelectorExpr:
				out = append(out, f.Sel.Name)
			case *ast.IndexExpr: // a generic function instantiated explicitly
				if id, ok := f.X.(*ast.Ident); ok {
					out = append(out, id.Name)
				}
			}
		}
		return true
	})
	return out
}

// runsAcceptance reports, for every function of the package, whether it reaches an
// acceptance runner through the package's own functions.
func (p *testPackage) runsAcceptance() map[*ast.FuncDecl]bool {
	acc := map[*ast.FuncDecl]bool{}
	for fn := range p.roots {
		acc[fn] = true
	}
	for changed := true; changed; {
		changed = false
		for _, fns := range p.funcs {
			for _, fn := range fns {
				if acc[fn] {
					continue
				}
				for _, name := range callees(fn) {
					if slices.ContainsFunc(p.funcs[name], func(c *ast.FuncDecl) bool { return acc[c] }) {
						acc[fn], changed = true, true
						break
					}
				}
			}
		}
	}
	return acc
}

func (p *testPackage) misnamed() []misnamed {
	acc := p.runsAcceptance()
	var out []misnamed
	for _, fn := range p.tests {
		named := strings.HasPrefix(fn.Name.Name, "TestAcc")
		if named != acc[fn] {
			out = append(out, misnamed{pos: p.fset.Position(fn.Pos()), name: fn.Name.Name, acc: acc[fn]})
		}
	}
	return out
}

// TestNames_acceptanceTestsAreTestAcc keeps `make testacc` (go test -run '^TestAcc') and
// CI's count of acceptance tests true across the repository: a test named TestAcc* runs
// the Terraform CLI as an acceptance test, and every test that does is named so.
func TestNames_acceptanceTestsAreTestAcc(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the repository root is not two levels up: %v", err)
	}
	bad, tests, err := checkNames(root)
	if err != nil {
		t.Fatal(err)
	}
	if tests < 100 {
		t.Fatalf("found %d test functions under %s; the walk missed the repository's tests", tests, root)
	}
	for _, m := range bad {
		t.Error(m)
	}
}
