package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold maps full-width letters, digits and punctuation to their ordinary
// forms (NFKC: "１２３" → "123", "（" → "(", "：" → ":", U+3000 → space)
// and trims the ends. Sheets typed on Chinese input methods mix both.
func fold(s string) string {
	if inert(s) {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD")))
}

// squash folds s and removes every whitespace character, including the
// line breaks officials put inside header cells.
//
// Invalid UTF-8 becomes U+FFFD first (NFKC leaves what follows an invalid
// byte unnormalised), and the text is normalised again when whitespace
// was removed: NFKC turns "˛" into a space and a combining mark, which
// composes with the letter before once the space is gone ("A˛" → "Ą").
// So squash(squash(s)) == squash(s), which matching names and codes needs.
func squash(s string) string {
	if inert(s) {
		return strings.Map(dropSpace, s) // s itself when it has no space
	}
	s = norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))
	out := strings.Map(dropSpace, s)
	if len(out) != len(s) {
		out = norm.NFKC.String(out)
	}
	return out
}

func dropSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return -1
	}
	return r
}

// inert tells whether NFKC leaves s as it is because each of its
// characters is one NFKC never changes and nothing composes with: ASCII,
// the CJK unified ideographs and the common CJK punctuation. Most cells
// are such text, and this look is several times cheaper than NFKC's own
// check. (TestInertRunes checks every such character against x/text.)
func inert(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !inertRune(r) { // invalid UTF-8 decodes as U+FFFD, not inert
			return false
		}
		i += n
	}
	return true
}

func inertRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs
		return true
	case r >= 0x3001 && r <= 0x3003, r >= 0x3008 && r <= 0x3011: // 、。〃 《》「」『』【】
		return true
	case r >= 0x2014 && r <= 0x2015, r >= 0x2018 && r <= 0x2019, r >= 0x201C && r <= 0x201D, r == 0x00B7: // — ― ‘’ “” ·
		return true
	}
	return false
}

// NormalizeName folds a project name for matching: full-width to
// half-width, no whitespace, Latin letters in lower case. Two names that
// normalise alike name the same project.
func NormalizeName(s string) string {
	return strings.ToLower(squash(s))
}

// cleanText trims a free-text cell and joins its lines with a space.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	parts := strings.Fields(strings.ReplaceAll(s, "\n", " "))
	return strings.Join(parts, " ")
}
