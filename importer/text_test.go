package importer

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestInertRunes checks the characters inert takes for NFKC-stable
// against x/text: each is its own NFKC form, has combining class 0 and
// composes with nothing before it, so any string of them is in NFKC and
// fold and squash may skip the normalisation.
func TestInertRunes(t *testing.T) {
	n := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !inertRune(r) && r >= utf8.RuneSelf {
			continue
		}
		n++
		s := string(r)
		p := norm.NFKC.PropertiesString(s)
		if norm.NFKC.String(s) != s || p.CCC() != 0 || !p.BoundaryBefore() {
			t.Fatalf("U+%04X: NFKC %q, class %d, boundary before %v", r, norm.NFKC.String(s), p.CCC(), p.BoundaryBefore())
		}
	}
	if n < 20000 {
		t.Fatalf("only %d inert characters checked", n)
	}
	for _, c := range []struct {
		in     string
		inert  bool
		squash string
	}{
		{"南昌至资溪城际铁路", true, "南昌至资溪城际铁路"},
		{" 2020-2024 ", true, "2020-2024"},
		{"南昌 市\n红谷滩区", true, "南昌市红谷滩区"},
		{"（一期）", false, "(一期)"},
		{"２０２４", false, "2024"},
		{"南昌\u3000市", false, "南昌市"},
		{"ab\xff", false, "ab\uFFFD"},
	} {
		if got := inert(c.in); got != c.inert {
			t.Errorf("inert(%q) = %v", c.in, got)
		}
		if got := squash(c.in); got != c.squash {
			t.Errorf("squash(%q) = %q, want %q", c.in, got, c.squash)
		}
	}
}
