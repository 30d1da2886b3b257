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
	sw, err := x.NewStreamWriter(ScheduleSummarySheet)
	if err != nil {
		return err
	}
	for c, wd := range []float64{16, 10, 15, 15, 15, 15, 10} {
		if err := sw.SetColWidth(c+1, c+1, wd); err != nil {
			return err
		}
	}
	if err := schedulePrintSetup(x, ScheduleSummarySheet, "$1:$2"); err != nil {
		return err
	}
	row := 0
	put := func(cells []any) error {
		row++
		return sw.SetRow(cellRef(1, row), cells)
	}
	title := strings.Replace(ScheduleTitle(p.Year, p.Month), "调度表", "汇总表", 1)
	if err := put([]any{excelize.Cell{StyleID: st.title, Value: title}}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", "G1"); err != nil {
		return err
	}
	if err := put([]any{nil, nil, nil, nil, nil, excelize.Cell{StyleID: st.unit, Value: "单位：万元"}}); err != nil {
		return err
	}
	// Sectors: merge the subsector groups.
	var sectors []scheduleGroup
	for _, g := range groups {
		if len(sectors) == 0 || sectors[len(sectors)-1].Sector != g.Sector {
			sectors = append(sectors, scheduleGroup{Sector: g.Sector})
		}
		sectors[len(sectors)-1].add(g)
	}
	block := func(first string, gs []scheduleGroup, blank string) error {
		hdr := []string{first, "项目个数", "总投资", fmt.Sprintf("%d年计划投资", p.Year), fmt.Sprintf("1-%d月累计完成", p.Month), fmt.Sprintf("%d月当月完成", p.Month), "完成率"}
		cells := make([]any, len(hdr))
		for i, h := range hdr {
			cells[i] = excelize.Cell{StyleID: st.header, Value: h}
		}
		if err := put(cells); err != nil {
			return err
		}
		from := row + 1
		var all scheduleGroup
		for _, g := range gs {
			all.add(g)
			name := g.Sector
			if name == "" {
				name = blank
			}
			if err := put([]any{
				excelize.Cell{StyleID: st.text, Value: name},
				excelize.Cell{StyleID: st.center, Value: g.Projects},
				wanCell(st.amount, g.Total, ""), wanCell(st.amount, g.Plan, ""),
				wanCell(st.amount, g.Done, ""), wanCell(st.amount, g.Month, ""),
				excelize.Cell{StyleID: st.rate, Value: rate(g.Done, g.Plan), Formula: fmt.Sprintf("IF(D%d=0,0,E%d/D%d)", row+1, row+1, row+1)},
			}); err != nil {
				return err
			}
		}
		to := row
		at := row + 1
		sum := func(col string, yuan int64) excelize.Cell {
			return wanCell(st.totalAmt, yuan, fmt.Sprintf("SUM(%s%d:%s%d)", col, from, col, to))
		}
		if err := put([]any{
			excelize.Cell{StyleID: st.total, Value: "合计"},
			excelize.Cell{StyleID: st.total, Value: all.Projects, Formula: fmt.Sprintf("SUM(B%d:B%d)", from, to)},
			sum("C", all.Total), sum("D", all.Plan), sum("E", all.Done), sum("F", all.Month),
			excelize.Cell{StyleID: st.totalRate, Value: rate(all.Done, all.Plan), Formula: fmt.Sprintf("IF(D%d=0,0,E%d/D%d)", at, at, at)},
		}); err != nil {
			return err
		}
		row++ // a blank row between the blocks
		return nil
	}
	if err := block("领域", sectors, "未分领域"); err != nil {
		return err
	}
	if err := block("设区市", cities, "未填设区市"); err != nil {
		return err
	}
	return sw.Flush()
}
