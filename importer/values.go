package importer

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"portfolio/province"
)

// ParseYearRange reads a construction period: 2022-2026, 2022—2026,
// 2022～2026, 2022至2026, 2022-2026年, 2022年-2026年, 2022.01-2026.12,
// 2022年1月-2026年12月, 2022-26, or a single year (start = end).
func ParseYearRange(s string) (start, end int, err error) {
	f := squash(s)
	start, end, ok := plainYearRange(f)
	if !ok {
		if start, end, err = yearRangeForms(f); err != nil {
			return 0, 0, err
		}
	}
	if start < 1900 || end > 2099 {
		return 0, 0, errBadYearRange
	}
	if end < start {
		return 0, 0, errors.New("建设年限的结束年份早于开始年份")
	}
	return start, end, nil
}

var errBadYearRange = errors.New("无法识别的建设年限（应写作 2022-2026）")

// plainYearRange reads the usual form, 2022-2026, without the replacer
// and the regular expression the other forms need.
func plainYearRange(f string) (start, end int, ok bool) {
	if len(f) != 9 || f[4] != '-' {
		return 0, 0, false
	}
	for i := range len(f) {
		if i != 4 && (f[i] < '0' || f[i] > '9') {
			return 0, 0, false
		}
	}
	start, _ = strconv.Atoi(f[:4])
	end, _ = strconv.Atoi(f[5:])
	return start, end, true
}

// yearRangeForms reads every other form of a squashed period.
func yearRangeForms(f string) (start, end int, err error) {
	parts := strings.Split(rangeDashes.Replace(f), "-")
	if len(parts) > 2 {
		return 0, 0, errBadYearRange
	}
	m := yearPartRe.FindStringSubmatch(parts[0])
	if m == nil || len(m[1]) != 4 || !validMonth(m[2]) {
		return 0, 0, errBadYearRange
	}
	start, _ = strconv.Atoi(m[1])
	end = start
	if len(parts) == 2 {
		m := yearPartRe.FindStringSubmatch(parts[1])
		if m == nil || !validMonth(m[2]) {
			return 0, 0, errBadYearRange
		}
		end, _ = strconv.Atoi(m[1])
		if len(m[1]) == 2 { // 2022-26
			end += start / 100 * 100
		}
	}
	return start, end, nil
}

// rangeDashes are the ways a range is joined, all made "-".
var rangeDashes = strings.NewReplacer("—", "-", "–", "-", "～", "-", "~", "-", "至", "-", "到", "-", "－", "-", "−", "-", "--", "-")

// yearPartRe is one end of a period: 2022, 2022年, 2022.01, 2022年1月, 26.
var yearPartRe = regexp.MustCompile(`^(\d{4}|\d{2})年?(?:[./]?(\d{1,2})月?)?$`)

func validMonth(m string) bool {
	if m == "" {
		return true
	}
	n, _ := strconv.Atoi(m)
	return n >= 1 && n <= 12
}

// ParseStage maps a 建设性质 to its stage code.
func ParseStage(s string) (string, error) {
	if code, ok := province.StageOf(strings.TrimSuffix(squash(s), "项目")); ok {
		return code, nil
	}
	return "", errors.New("无法识别的建设性质（应为 " + province.StageWords() + "）")
}

// StageLabel is the word the lists use for a stage code.
func StageLabel(code string) string { return province.StageLabel(code) }

// CheckCode tells whether s has the 投资项目统一代码 form
// YYYY-RRRRRR-II-TT-NNNNNN (e.g. 2024-360700-48-01-02315X): year, region,
// industry, type and a six-character serial whose last may be a letter.
// Spaces, full-width characters, long dashes and case are forgiven, as
// the code is stored in the clean form cleanCode gives.
func CheckCode(s string) bool {
	return codeForm(cleanCode(s))
}

// codeForm tells whether a clean code (cleanCode's output) has the form:
// digits in groups of 4, 6, 2, 2 and 5 joined by hyphens, then a digit or
// a capital letter. (The fuzz target checks it against the regular
// expression ^\d{4}-\d{6}-\d{2}-\d{2}-\d{5}[0-9A-Z]$.)
func codeForm(c string) bool {
	const form = "0000-000000-00-00-00000"
	if len(c) != len(form)+1 {
		return false
	}
	for i := range len(form) {
		if form[i] == '-' {
			if c[i] != '-' {
				return false
			}
		} else if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	last := c[len(form)]
	return '0' <= last && last <= '9' || 'A' <= last && last <= 'Z'
}

// cleanCode folds a code cell: half-width, no spaces, plain hyphens,
// upper case.
func cleanCode(s string) string {
	return strings.ToUpper(dashes.Replace(squash(s)))
}

// dashes are the hyphen look-alikes typed into codes.
var dashes = strings.NewReplacer("—", "-", "–", "-", "‐", "-", "‑", "-", "−", "-", "_", "-")

// truthy reads a yes/no cell such as 示范引领性.
func truthy(s string) bool {
	switch strings.ToLower(squash(s)) {
	case "是", "√", "✓", "✔", "y", "yes", "1", "true", "示范引领", "示范引领性", "★", "☆":
		return true
	}
	return false
}

// splitTags splits a list-tag cell (省重点、专项债) into its tags.
func splitTags(s string) []string {
	parts := strings.FieldsFunc(fold(s), func(r rune) bool {
		return strings.ContainsRune("、,，;；/ ", r)
	})
	var out []string
	seen := map[string]bool{}
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
