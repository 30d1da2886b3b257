package importer

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	yearRe = regexp.MustCompile(`(19|20)\d{2}`)
	codeRe = regexp.MustCompile(`^\d{4}-\d{6}-\d{2}-\d{2}-\d{5}[0-9A-Z]$`)
)

// ParseYearRange reads a construction period: 2022-2026, 2022—2026,
// 2022～2026, 2022至2026, 2022-2026年, 2022年-2026年, 2022.01-2026.12,
// or a single year.
func ParseYearRange(s string) (start, end int, err error) {
	f := squash(s)
	ys := yearRe.FindAllString(f, -1)
	rest := yearRe.ReplaceAllString(f, "")
	rest = strings.Trim(rest, "-—–~～至到年.月0123456789/")
	if len(ys) == 0 || len(ys) > 2 || rest != "" {
		return 0, 0, fmt.Errorf("无法识别的建设年限（应写作 2022-2026）")
	}
	start, _ = strconv.Atoi(ys[0])
	end = start
	if len(ys) == 2 {
		end, _ = strconv.Atoi(ys[1])
	}
	if end < start {
		return 0, 0, fmt.Errorf("建设年限的结束年份早于开始年份")
	}
	return start, end, nil
}

// ParseStage maps a 建设性质 to its stage code.
func ParseStage(s string) (string, error) {
	switch strings.TrimSuffix(squash(s), "项目") {
	case "新开工", "新建", "开工":
		return StageNewStart, nil
	case "续建", "在建", "加快建设":
		return StageContinuing, nil
	case "竣工投产", "竣工", "投产", "建成", "建成投产", "竣工验收":
		return StageCompleting, nil
	case "预备", "前期", "预备(前期)", "前期(预备)", "做好前期工作":
		return StagePreparatory, nil
	}
	return "", errors.New("无法识别的建设性质（应为 新开工、续建、竣工投产 或 前期）")
}

// StageLabel is the word the lists use for a stage code.
func StageLabel(code string) string {
	switch code {
	case StageNewStart:
		return "新开工"
	case StageContinuing:
		return "续建"
	case StageCompleting:
		return "竣工投产"
	case StagePreparatory:
		return "前期"
	}
	return code
}

// CheckCode tells whether s has the 投资项目统一代码 form
// YYYY-RRRRRR-II-TT-NNNNNN (e.g. 2024-360700-48-01-02315X).
func CheckCode(s string) bool {
	return codeRe.MatchString(s)
}

// cleanCode folds a code cell: half-width, no spaces, upper case.
func cleanCode(s string) string {
	return strings.ToUpper(squash(s))
}

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
