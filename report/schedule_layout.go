package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// scheduleHead is a section or subsection row: its place, its sums and
// what its formula adds up.
type scheduleHead struct {
	label string
	sub   bool
	sums  scheduleGroup
	row   int
	parts []rowSpan // what its SUM adds, in each amount column
}

// scheduleLayout is a group's heading rows, written before its first project.
type scheduleLayout struct {
	heads []scheduleHead
}

// layoutSchedule places the groups after the 合计 row at totalRow: a
// section row before each sector's first group (none for projects
// without a sector), a subsection row before each subsector, then the
// projects. Each sum row adds what is directly under it (its subsection
// rows and its own project rows), so every sum is counted once and
// reads the same in any spreadsheet.
func layoutSchedule(groups []scheduleGroup, totalRow int) ([]scheduleLayout, []rowSpan) {
	out := make([]scheduleLayout, len(groups))
	row := totalRow
	secNo, subNo := 0, 0
	var total []rowSpan
	rng := func(from, to int) rowSpan { return rowSpan{from, to} }
	for i, g := range groups {
		if g.Sector != "" && (i == 0 || groups[i-1].Sector != g.Sector) {
			secNo++
			subNo = 0
			var sums scheduleGroup
			for j := i; j < len(groups) && groups[j].Sector == g.Sector; j++ {
				sums.add(groups[j])
			}
			row++
			out[i].heads = append(out[i].heads, scheduleHead{
				label: fmt.Sprintf("%s、%s（%d个）", chineseNumeral(secNo), g.Sector, sums.Projects), sums: sums, row: row})
			total = append(total, rng(row, row))
		}
		if g.Subsector != "" {
			subNo++
			row++
			out[i].heads = append(out[i].heads, scheduleHead{
				label: fmt.Sprintf("（%s）%s", chineseNumeral(subNo), g.Subsector), sub: true, sums: g, row: row,
				parts: []rowSpan{rng(row+1, row+g.Projects)}})
		}
		// Who sums this group's rows: its subsection, else its section,
		// else the 合计 row itself.
		first := row + 1
		row += g.Projects
		switch {
		case g.Subsector != "" && g.Sector != "":
			h := &out[firstOfSector(groups, i)].heads[0]
			h.parts = append(h.parts, rng(first-1, first-1))
		case g.Subsector != "":
			total = append(total, rng(first-1, first-1))
		case g.Sector != "":
			h := &out[firstOfSector(groups, i)].heads[0]
			h.parts = append(h.parts, rng(first, row))
		default:
			total = append(total, rng(first, row))
		}
	}
	return out, total
}

// firstOfSector is the index of the first group of group i's sector.
func firstOfSector(groups []scheduleGroup, i int) int {
	for i > 0 && groups[i-1].Sector == groups[i].Sector {
		i--
	}
	return i
}

// chineseNumeral writes 1..99 as 一 … 九十九, the numbering of sections.
func chineseNumeral(n int) string {
	digit := func(d int) string { return strings.Split("/一/二/三/四/五/六/七/八/九", "/")[d%10] }
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digit(n)
	case n < 20:
		return "十" + digit(n)
	}
	return digit(n/10) + "十" + digit(n)
}

// sumRow is a 合计, section or subsection row at row r: each amount a
// SUM of parts with its exact value cached.
func sumRow(label, amt, rateStyle int, text string, g scheduleGroup, r int, parts []rowSpan) []any {
	cells := make([]any, scCols)
	for i := range cells {
		cells[i] = excelize.Cell{StyleID: label}
	}
	cells[scName-1] = excelize.Cell{StyleID: label, Value: text}
	sum := func(c int, yuan int64) {
		f := ""
		if len(parts) > 0 {
			refs := make([]string, len(parts))
			for i, p := range parts {
				refs[i] = p.ref(c)
			}
			f = "SUM(" + strings.Join(refs, ",") + ")"
		}
		cells[c-1] = wanCell(amt, yuan, f)
	}
	sum(scTotal, g.Total)
	sum(scBefore, g.Before)
	sum(scPlan, g.Plan)
	sum(scYTD, g.Done)
	sum(scMonth, g.Month)
	cells[scRate-1] = excelize.Cell{StyleID: rateStyle, Value: rate(g.Done, g.Plan), Formula: rateFormula(r)}
	return cells
}
