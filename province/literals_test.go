package province

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// provinceWords are the words that live only here: every stage code and
// label, sector, city and county, and the milestone kinds the rules name.
func provinceWords() map[string]bool {
	w := map[string]bool{MilestoneStart: true, MilestoneComplete: true, MilestoneOperate: true}
	for _, s := range Stages() {
		w[s], w[StageLabel(s)] = true, true
	}
	for _, s := range Sectors() {
		w[s] = true
	}
	for _, p := range Places() {
		w[p] = true
	}
	for _, cc := range CityCounties() {
		for _, c := range cc {
			w[c] = true
		}
	}
	return w
}

// TestWordsLiveOnlyHere fails when a non-test Go file outside province/
// spells one of the province's words as a string literal of its own
// ("续建", "综合交通", "new_start", "南昌市" …): such a copy is a list
// that can drift from this one. Prose that merely mentions a word (a
// message, a comment) is not a copy and is not flagged. demo/ and bench/
// generate sample data and are outside the rule.
func TestWordsLiveOnlyHere(t *testing.T) {
	words := provinceWords()
	root := filepath.Join("..")
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch rel {
			case "province", "demo", "bench", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		found = append(found, literalCopies(t, path, rel, words)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("province words spelled outside province/ (use province's constants and lists):\n%s", strings.Join(found, "\n"))
	}
}

func literalCopies(t *testing.T, path, rel string, words map[string]bool) []string {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		if v, err := strconv.Unquote(lit.Value); err == nil && words[v] {
			out = append(out, rel+":"+strconv.Itoa(fset.Position(lit.Pos()).Line)+": "+lit.Value)
		}
		return true
	})
	return out
}

// TestLiteralScanFinds proves the scan sees a copy: a file holding a
// literal 续建 is reported.
func TestLiteralScanFinds(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.go")
	if err := os.WriteFile(p, []byte("package x\n\nvar s = []string{\"续建\", \"能源是\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := literalCopies(t, p, "x.go", provinceWords())
	if len(got) != 1 || !strings.Contains(got[0], "续建") {
		t.Fatalf("scan found %v, want the one literal 续建", got)
	}
}
