package report

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

func writeScheduleSheet(src rowSource, x *excelize.File, st *scheduleStyles, groups []scheduleGroup, progress ScheduleProgress) error {
	p := src.p
	sw, err := x.NewStreamWriter(ScheduleSheet)
	if err != nil {
		return err
	}
	widths := map[int]float64{scSeq: 6, scName: 36, scCode: 25, scOwner: 26, scResponsible: 18, scCity: 10, scCounty: 11,
		scStage: 9, scPeriod: 11, scContent: 36, scTotal: 13, scBefore: 14, scPlan: 13, scYTD: 13, scMonth: 12,
		scRate: 9, scLight: 8, scProgress: 30, scProblems: 24, scFlagship: 8, scTags: 16, scNote: 16}
	for c, wd := range widths {
		if err := sw.SetColWidth(c, c, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 4, TopLeftCell: "C5", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := schedulePrintSetup(x, ScheduleSheet, "$3:$4"); err != nil {
		return err
	}
	row := 0
	put := func(cells []any, height float64) error {
		row++
		var opts []excelize.RowOpts
		if height > 0 {
			opts = append(opts, excelize.RowOpts{Height: height})
		}
		return sw.SetRow(cellRef(1, row), cells, opts...)
	}
	merge := func(c1, r1, c2, r2 int) error { return sw.MergeCell(cellRef(c1, r1), cellRef(c2, r2)) }

	// Title and units line.
	if err := put([]any{excelize.Cell{StyleID: st.title, Value: ScheduleTitle(p.Year, p.Month)}}, 32); err != nil {
		return err
	}
	if err := merge(1, 1, scCols, 1); err != nil {
		return err
	}
	unit := make([]any, scCols)
	unit[scCols-2] = excelize.Cell{StyleID: st.unit, Value: "单位：万元"}
	if err := put(unit, 0); err != nil {
		return err
	}
	if err := merge(scCols-1, 2, scCols, 2); err != nil {
		return err
	}
	// The two header rows.
	top, bottom := scheduleHeader(p.Year, p.Month)
	for _, labels := range [][]string{top, bottom} {
		cells := make([]any, scCols)
		for i, l := range labels {
			cells[i] = excelize.Cell{StyleID: st.header, Value: l}
		}
		if err := put(cells, 26); err != nil {
			return err
		}
	}
	for c := 1; c <= scCols; c++ {
		switch c {
		case scYTD:
			err = merge(scYTD, 3, scMonth, 3)
		case scMonth:
		default:
			err = merge(c, 3, c, 4)
		}
		if err != nil {
			return err
		}
	}

	// The rows are laid out from the groups before any project is
	// written, so every sum row's formula is known when it goes out (a
	// stream writes rows in order).
	var all scheduleGroup
	for _, g := range groups {
		all.add(g)
	}
	lay, totalParts := layoutSchedule(groups, 5)
	if err := put(sumRow(st.total, st.totalAmt, st.totalRate, "合计", all, 5, totalParts), 20); err != nil {
		return err
	}

	n, gi := 0, 0
	open := func(gi int) error {
		// Section and subsection rows that start at group gi.
		for _, h := range lay[gi].heads {
			style, amt := st.section, st.sectionAmt
			if h.sub {
				style, amt = st.sub, st.subAmt
			}
			if err := put(sumRow(style, amt, st.secRate, h.label, h.sums, h.row, h.parts), 0); err != nil {
				return err
			}
		}
		return nil
	}
	if len(lay) > 0 {
		if err := open(0); err != nil {
			return err
		}
	}
	seen := 0
	err = src.each(groups, func(pr plRow) error {
		for gi < len(groups) && seen >= groups[gi].Projects {
			gi, seen = gi+1, 0
			if gi < len(groups) {
				if err := open(gi); err != nil {
					return err
				}
			}
		}
		seen++
		n++
		if progress != nil && (n == 1 || n == all.Projects || n%scheduleProgressStep == 0) {
			progress(n, all.Projects)
		}
		return put(scheduleCells(st, pr, n, row+1), 0)
	})
	if err != nil {
		return err
	}
	// The notes under the table.
	row++
	note := fmt.Sprintf("注：1. 本表金额单位为万元，合计及各领域小计为公式，随明细自动汇总；2. 完成率为1-%d月累计完成投资占%d年计划投资的比例；"+
		"3. 进度预警：绿为正常，黄为滞后于时序进度，红为严重滞后或里程碑逾期；4. 建设性质分为新开工、续建、竣工投产、前期。", p.Month, p.Year)
	if err := put([]any{excelize.Cell{StyleID: st.note, Value: note}}, 40); err != nil {
		return err
	}
	if err := merge(1, row, scCols, row); err != nil {
		return err
	}
	return sw.Flush()
}

// scheduleCells is one project's row (the n-th, at sheet row r). Text
// goes in as string cells, which Excel and LibreOffice never evaluate,
// so a name like "=HYPERLINK(…)" stays text.
func scheduleCells(st *scheduleStyles, p plRow, n, r int) []any {
	text := func(s string) excelize.Cell { return excelize.Cell{StyleID: st.text, Value: s} }
	center := func(v any) excelize.Cell { return excelize.Cell{StyleID: st.center, Value: v} }
	period := ""
	switch {
	case p.StartYear > 0 && p.EndYear > 0:
		period = fmt.Sprintf("%d-%d", p.StartYear, p.EndYear)
	case p.StartYear > 0:
		period = strconv.Itoa(p.StartYear)
	}
	flag := ""
	if p.Flagship {
		flag = "是"
	}
	light := lightOf(p.Light)
	cells := make([]any, scCols)
	cells[scSeq-1] = center(n)
	cells[scName-1] = text(p.Name)
	cells[scCode-1] = text(p.Code)
	cells[scOwner-1] = text(p.Owner)
	cells[scResponsible-1] = text(p.Responsible)
	cells[scCity-1] = center(p.City)
	cells[scCounty-1] = center(p.County)
	cells[scStage-1] = center(StageLabel(p.Stage))
	cells[scPeriod-1] = center(period)
	cells[scContent-1] = text(p.Content)
	cells[scTotal-1] = wanCell(st.amount, p.TotalYuan, "")
	cells[scBefore-1] = wanCell(st.amount, p.BeforeYuan, "")
	cells[scPlan-1] = wanCell(st.amount, p.PlanYuan, "")
	cells[scYTD-1] = excelize.Cell{StyleID: st.amount}
	if p.Reported {
		cells[scYTD-1] = wanCell(st.amount, p.DoneYuan, "")
	}
	cells[scMonth-1] = excelize.Cell{StyleID: st.amount}
	if p.MonthReported {
		cells[scMonth-1] = wanCell(st.amount, p.MonthYuan, "")
	}
	cells[scRate-1] = excelize.Cell{StyleID: st.rate, Value: rate(p.DoneYuan, p.PlanYuan), Formula: rateFormula(r)}
	cells[scLight-1] = excelize.Cell{StyleID: st.lights[light], Value: LightLabel(light)}
	cells[scProgress-1] = text(p.Progress)
	cells[scProblems-1] = text(p.Problems)
	cells[scFlagship-1] = center(flag)
	cells[scTags-1] = text(p.Tags)
	cells[scNote-1] = text(p.Note)
	return cells
}
