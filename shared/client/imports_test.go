package client_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestStandardLibraryOnly keeps the client free of third-party modules, in
// particular golang.org/x/oauth2: the server's tests use that package to
// check the token endpoint independently, and the go.work build list would
// otherwise let an import of it compile here unnoticed while shared/go.mod
// does not require it.
func TestStandardLibraryOnly(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != "github.com/hiregate/hiregate/shared/hiregate" {
				t.Errorf("%s imports %q; the client may use only the standard library and shared/hiregate", name, path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no source files checked")
	}
	mod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(mod), "golang.org/x/oauth2") {
		t.Error("shared/go.mod requires golang.org/x/oauth2; the shared module must not need it")
	}
}
