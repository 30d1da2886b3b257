package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold maps full-width letters, digits and punctuation to their ordinary
// forms (NFKC: "１２３" → "123", "（" → "(", "：" → ":", U+3000 → space)
// and trims the ends. Sheets typed on Chinese input methods mix both.
func fold(s string) string {
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
	s = norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))
	out := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if len(out) != len(s) {
		out = norm.NFKC.String(out)
	}
	return out
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
