package mockapi_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNames_noneRunByMakeTestacc keeps the mock's tests, unit tests all, out of
// `make testacc` (go test -run '^TestAcc'), which would run them again on every CLI and
// count them as acceptance tests that ran.
func TestNames_noneRunByMakeTestacc(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	tests := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") {
				continue
			}
			tests++
			if strings.HasPrefix(fn.Name.Name, "TestAcc") {
				t.Errorf("%s: %s is a unit test named as make testacc selects acceptance tests", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if tests == 0 {
		t.Fatal("found no test function to check")
	}
}
