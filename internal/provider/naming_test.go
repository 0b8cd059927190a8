package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackage_noMethodNamedLikeAFunction keeps a reader from mistaking a method for the
// package function of the same name (or the other way round).
func TestPackage_noMethodNamedLikeAFunction(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	funcs, methods := map[string]bool{}, map[string]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fd.Recv == nil {
				funcs[fd.Name.Name] = true
			} else {
				methods[fd.Name.Name] = fset.Position(fd.Pos()).String()
			}
		}
	}
	for name, at := range methods {
		if funcs[name] {
			t.Errorf("method %s at %s has the name of a package function", name, at)
		}
	}
}
