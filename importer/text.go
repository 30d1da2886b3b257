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
	return strings.TrimSpace(norm.NFKC.String(s))
}

// squash folds s and removes every whitespace character, including the
// line breaks officials put inside header cells.
func squash(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
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
