package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// arrows is which of our packages each of ours may import (non-test
// files): main → cli → api → {importer, report} → {xlsx, province, models},
// as README's layout draws it. A package not listed may import nothing of ours.
var arrows = map[string][]string{
	".":                 {"internal/cli"},
	"internal/cli":      {"api", "importer", "report", "models", "province", "demo", "xlsx", "notify", "reminders"},
	"api":               {"importer", "report", "models", "province", "notify", "static", "templates"},
	"reminders":         {"models", "notify", "province"},
	"demo":              {"province"},
	"importer":          {"xlsx", "province", "models"},
	"report":            {"models", "province"},
	"models":            {"province"},
	"models/storetest":  {"models", "province"},
	"xlsx/xlsxtest":     {"xlsx"},
	"bench/rollupdb":    {"models"},
	"bench/rollupbench": {"bench/rollupdb", "models", "report"},
}

// TestArrowsRunOneWay reads every package's imports and fails on one
// against the arrows: a report that reads the importer, models that read
// the web layer, a reader that knows projects.
func TestArrowsRunOneWay(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			ours, ok := strings.CutPrefix(p, "portfolio/")
			if ok && !slices.Contains(arrows[pkg], ours) {
				t.Errorf("%s imports %s: not an arrow of the layout", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
