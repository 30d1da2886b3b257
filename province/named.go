package province

import (
	_ "embed"
	"strconv"
	"strings"
)

// namedTSV is reference/named-projects-2024.tsv: every project the 2024
// Government Work Report (政府工作报告) names, with the year it belongs to
// (2023 rows are last year's completions and starts the report recalls).
//
//go:embed named-projects-2024.tsv
var namedTSV string

// FlagshipMinYuan is the total investment from which a 示范引领性
// project is a flagship of the leaders' panel: ¥2bn (20 亿元).
const FlagshipMinYuan int64 = 2_000_000_000

// NamedProjects are the names of the projects the Government Work Report
// of year names for that year (none for a year without a report here).
func NamedProjects(year int) []string {
	var out []string
	for i, line := range strings.Split(namedTSV, "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if i == 0 || len(f) < 2 {
			continue
		}
		if y, err := strconv.Atoi(f[1]); err == nil && y == year {
			out = append(out, f[0])
		}
	}
	return out
}
