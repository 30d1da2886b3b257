package static

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestStyleSheetsCloseEveryBlock: each of our style sheets closes every
// block it opens. A brace lost in a merge once put the whole problems
// ledger's CSS, and all that followed, inside @media print, where no
// screen ever applied it.
func TestStyleSheetsCloseEveryBlock(t *testing.T) {
	sheets, err := fs.Glob(FS, "*.css")
	if err != nil || len(sheets) == 0 {
		t.Fatalf("no style sheets: %v", err)
	}
	noise := regexp.MustCompile(`(?s)/\*.*?\*/|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	for _, name := range sheets {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatal(err)
		}
		depth := 0
		for i, line := range strings.Split(noise.ReplaceAllStringFunc(string(b), blankLines), "\n") {
			for _, c := range line {
				switch c {
				case '{':
					depth++
				case '}':
					depth--
				}
				if depth < 0 {
					t.Fatalf("%s:%d: a } closes nothing", name, i+1)
				}
			}
		}
		if depth != 0 {
			t.Errorf("%s: %d block(s) left open at the end", name, depth)
		}
	}
}

// blankLines keeps only the line breaks of a comment or string, so line
// numbers stay right.
func blankLines(s string) string { return strings.Repeat("\n", strings.Count(s, "\n")) }
