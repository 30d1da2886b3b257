package report

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// writeScheduleSheet writes the 调度表 sheet: its head, the 合计 row,
// the sections with their projects, and the notes under the table.
func writeScheduleSheet(src rowSource, x *excelize.File, st *scheduleStyles, groups []scheduleGroup, progress ScheduleProgress) error {
	if err := schedulePrintSetup(x, ScheduleSheet, "$A:$B", "$3:$4"); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(ScheduleSheet)
	if err != nil {
		return err
	}
	widths := scheduleWidths()
	if err := setWidths(sw, widths[:]); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: scName, YSplit: scheduleHeadRows,
		TopLeftCell: cellRef(scName+1, scheduleHeadRows+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	s := &sheetStream{sw: sw}
	if err := writeScheduleHead(s, st, src.p, src.f.withCaption(ScheduleTitle(src.p.Year, src.p.Month))); err != nil {
		return err
	}
	if err := writeScheduleBody(s, st, src, groups, progress); err != nil {
		return err
	}
	if err := writeScheduleNote(s, st, src.p); err != nil {
		return err
	}
	return sw.Flush()
}

// scheduleHeadRows are the rows above the 合计 row, frozen on screen.
const scheduleHeadRows = 4

// writeTitle writes a sheet's title across columns 1..cols (row height
// h, 0 for the default) and the units line, 单位：万元 in column unit
// merged to column unitTo.
func writeTitle(s *sheetStream, st *scheduleStyles, title string, h float64, cols, unit, unitTo int) error {
	if err := s.put([]any{excelize.Cell{StyleID: st.title, Value: title}}, h); err != nil {
		return err
	}
	if err := s.merge(1, 1, cols, 1); err != nil {
		return err
	}
	cells := make([]any, unit)
	cells[unit-1] = excelize.Cell{StyleID: st.unit, Value: "单位：万元"}
	if err := s.put(cells, 0); err != nil {
		return err
	}
	if unitTo > unit {
		return s.merge(unit, 2, unitTo, 2)
	}
	return nil
}

// writeScheduleHead writes rows 1 to 4: the title, the units line and
// the two header rows, merged as the province's table is.
func writeScheduleHead(s *sheetStream, st *scheduleStyles, p Period, title string) error {
	if err := writeTitle(s, st, title, 32, scCols, scCols-1, scCols); err != nil {
		return err
	}
	top, bottom := scheduleHeader(p.Year, p.Month)
	for _, labels := range [][]string{top, bottom} {
		cells := make([]any, scCols)
		for i, l := range labels {
			cells[i] = excelize.Cell{StyleID: st.header, Value: l}
		}
		if err := s.put(cells, 26); err != nil {
			return err
		}
	}
	for c := 1; c <= scCols; c++ {
		var err error
		switch c {
		case scYTD:
			err = s.merge(scYTD, 3, scMonth, 3)
		case scMonth:
		default:
			err = s.merge(c, 3, c, 4)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeScheduleBody writes the 合计 row, then each group's section and
// subsection rows before its projects. The rows are laid out from the
// groups before any project is written, so every sum row's formula is
// known when it goes out (a stream writes rows in order).
func writeScheduleBody(s *sheetStream, st *scheduleStyles, src rowSource, groups []scheduleGroup, progress ScheduleProgress) error {
	var all scheduleGroup
	for _, g := range groups {
		all.add(g)
	}
	const totalRow = scheduleHeadRows + 1
	lay, totalParts := layoutSchedule(groups, totalRow)
	if err := s.put(sumRow(st.total, st.totalAmt, st.totalRate, "合计", all, totalRow, totalParts), 20); err != nil {
		return err
	}
	open := func(gi int) error {
		for _, h := range lay[gi].heads {
			style, amt := st.section, st.sectionAmt
			if h.sub {
				style, amt = st.sub, st.subAmt
			}
			if err := s.put(sumRow(style, amt, st.secRate, h.label, h.sums, h.row, h.parts), 0); err != nil {
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
	n, gi, seen := 0, 0, 0
	return src.each(groups, func(pr plRow) error {
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
		return s.put(scheduleCells(st, pr, n, s.row+1), 0)
	})
}

// writeScheduleNote writes the notes under the table, across it.
func writeScheduleNote(s *sheetStream, st *scheduleStyles, p Period) error {
	s.row++ // a blank row
	note := fmt.Sprintf("注：1. 本表金额单位为万元，合计及各领域小计为公式，随明细自动汇总；2. 完成率为1-%d月累计完成投资占%d年计划投资的比例；"+
		"3. 进度预警：绿为正常，黄为滞后于时序进度，红为严重滞后或里程碑逾期；4. 建设性质分为新开工、续建、竣工投产、前期。", p.Month, p.Year)
	if err := s.put([]any{excelize.Cell{StyleID: st.note, Value: note}}, 40); err != nil {
		return err
	}
	return s.merge(1, s.row, scCols, s.row)
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
