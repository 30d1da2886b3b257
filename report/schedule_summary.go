package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeScheduleSummary writes the 汇总 sheet: the table's sums by sector
// and by city, each block with a 合计 row as a SUM formula.
func writeScheduleSummary(x *excelize.File, st *scheduleStyles, p Period, groups, cities []scheduleGroup) error {
	if _, err := x.NewSheet(ScheduleSummarySheet); err != nil {
		return err
	}
	if err := schedulePrintSetup(x, ScheduleSummarySheet, "$A:$A", "$1:$2"); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(ScheduleSummarySheet)
	if err != nil {
		return err
	}
	widths := summaryWidths()
	if err := setWidths(sw, widths[:]); err != nil {
		return err
	}
	s := &sheetStream{sw: sw}
	title := strings.Replace(ScheduleTitle(p.Year, p.Month), "调度表", "汇总表", 1)
	if err := writeTitle(s, st, title, 0, suCols, suMonth, suMonth); err != nil {
		return err
	}
	if err := writeSummaryBlock(s, st, p, "领域", sectorSums(groups), "未分领域"); err != nil {
		return err
	}
	if err := writeSummaryBlock(s, st, p, "设区市", cities, "未填设区市"); err != nil {
		return err
	}
	return sw.Flush()
}

// sectorSums merges the subsector groups into one group per sector.
func sectorSums(groups []scheduleGroup) []scheduleGroup {
	var sectors []scheduleGroup
	for _, g := range groups {
		if len(sectors) == 0 || sectors[len(sectors)-1].Sector != g.Sector {
			sectors = append(sectors, scheduleGroup{Sector: g.Sector})
		}
		sectors[len(sectors)-1].add(g)
	}
	return sectors
}

// writeSummaryBlock writes one block of the 汇总 sheet: its header (first
// names the block's kind), a row per group (blank names a group
// without a name), a 合计 row of SUM formulas, then a blank row.
func writeSummaryBlock(s *sheetStream, st *scheduleStyles, p Period, first string, gs []scheduleGroup, blank string) error {
	hdr := [suCols + 1]string{suName: first, suProjects: "项目个数", suTotal: "总投资", suPlan: fmt.Sprintf("%d年计划投资", p.Year),
		suYTD: fmt.Sprintf("1-%d月累计完成", p.Month), suMonth: fmt.Sprintf("%d月当月完成", p.Month), suRate: "完成率"}
	cells := make([]any, suCols)
	for c := 1; c <= suCols; c++ {
		cells[c-1] = excelize.Cell{StyleID: st.header, Value: hdr[c]}
	}
	if err := s.put(cells, 0); err != nil {
		return err
	}
	from := s.row + 1
	var all scheduleGroup
	for _, g := range gs {
		all.add(g)
		name := g.Sector
		if name == "" {
			name = blank
		}
		if err := s.put(summaryRow(st, name, g, s.row+1), 0); err != nil {
			return err
		}
	}
	if err := s.put(summaryTotal(st, all, from, s.row, s.row+1), 0); err != nil {
		return err
	}
	s.row++ // a blank row between the blocks
	return nil
}

// summaryRow is one group's row of the 汇总 sheet, at row r.
func summaryRow(st *scheduleStyles, name string, g scheduleGroup, r int) []any {
	cells := make([]any, suCols)
	cells[suName-1] = excelize.Cell{StyleID: st.text, Value: name}
	cells[suProjects-1] = excelize.Cell{StyleID: st.center, Value: g.Projects}
	cells[suTotal-1] = wanCell(st.amount, g.Total, "")
	cells[suPlan-1] = wanCell(st.amount, g.Plan, "")
	cells[suYTD-1] = wanCell(st.amount, g.Done, "")
	cells[suMonth-1] = wanCell(st.amount, g.Month, "")
	cells[suRate-1] = excelize.Cell{StyleID: st.rate, Value: rate(g.Done, g.Plan), Formula: rateOf(suYTD, suPlan, r)}
	return cells
}

// summaryTotal is a block's 合计 row at row r: the SUM of rows from..to
// in each column, its exact value cached.
func summaryTotal(st *scheduleStyles, all scheduleGroup, from, to, r int) []any {
	sum := func(c int) string { return "SUM(" + rangeRef(c, from, to) + ")" }
	cells := make([]any, suCols)
	cells[suName-1] = excelize.Cell{StyleID: st.total, Value: "合计"}
	cells[suProjects-1] = excelize.Cell{StyleID: st.total, Value: all.Projects, Formula: sum(suProjects)}
	cells[suTotal-1] = wanCell(st.totalAmt, all.Total, sum(suTotal))
	cells[suPlan-1] = wanCell(st.totalAmt, all.Plan, sum(suPlan))
	cells[suYTD-1] = wanCell(st.totalAmt, all.Done, sum(suYTD))
	cells[suMonth-1] = wanCell(st.totalAmt, all.Month, sum(suMonth))
	cells[suRate-1] = excelize.Cell{StyleID: st.totalRate, Value: rate(all.Done, all.Plan), Formula: rateOf(suYTD, suPlan, r)}
	return cells
}
