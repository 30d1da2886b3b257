package report

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"
)

// The scheduling table (调度表) is the month's report in the layout the
// province circulates: a title with the year and months, the units line,
// a two-row header, a 合计 row, then the projects in section rows by
// sector (一、综合交通（412个）) and subsector (（一）铁路). Every sum row
// is a live SUBTOTAL formula with its value cached, so the sheet reads
// right before Excel recalculates and stays right after anyone edits
// it. The importer reads the sheet back: as a plan list (--kind plan)
// it gives the same projects, as a monthly sheet the same completions.

// ScheduleSheet and ScheduleSummarySheet name the workbook's two sheets.
const (
	ScheduleSheet        = "调度表"
	ScheduleSummarySheet = "汇总"
)

// Columns of the scheduling table, in order.
const (
	scSeq = iota + 1
	scName
	scCode
	scOwner
	scResponsible
	scCity
	scCounty
	scStage
	scPeriod
	scContent
	scTotal
	scBefore
	scPlan
	scYTD
	scMonth
	scRate
	scLight
	scProgress
	scProblems
	scFlagship
	scTags
	scNote
	scCols = scNote
)

// ScheduleTitle is the table's title: "2024年1-9月省大中型项目调度表"
// ("2024年1月…" for January), which the importer reads the year and month from.
func ScheduleTitle(year, month int) string {
	if month == 1 {
		return fmt.Sprintf("%d年1月省大中型项目调度表", year)
	}
	return fmt.Sprintf("%d年1-%d月省大中型项目调度表", year, month)
}

// ScheduleProgress is told how many of the table's project rows are
// written (done of total): at the first row, every few hundred and at
// the last.
type ScheduleProgress func(done, total int)

// scheduleProgressStep is how many rows pass between two calls.
const scheduleProgressStep = 256

// WriteSchedule writes the filter's projects as the month's scheduling
// table: the 调度表 sheet and a 汇总 sheet by sector and by city.
// progress may be nil.
func (r *Reporter) WriteSchedule(ctx context.Context, w io.Writer, f ProjectFilter, progress ScheduleProgress) error {
	f.All = true
	if err := f.Normalize(); err != nil {
		return err
	}
	// One snapshot for the sums and the rows, so the formulas' ranges
	// match the rows even while others write.
	return r.Store.Snapshot(ctx, func(db *gorm.DB) error {
		src := rowSource{r: r, db: db, p: Period{Year: f.Year, Month: f.Month}, f: f}
		groups, err := src.groups()
		if err != nil {
			return err
		}
		cities, err := src.cities()
		if err != nil {
			return err
		}
		return writeSchedule(src, w, groups, cities, progress)
	})
}

func writeSchedule(src rowSource, w io.Writer, groups, cities []scheduleGroup, progress ScheduleProgress) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", ScheduleSheet); err != nil {
		return err
	}
	st, err := newScheduleStyles(x)
	if err != nil {
		return err
	}
	if err := writeScheduleSheet(src, x, st, groups, progress); err != nil {
		return err
	}
	if err := writeScheduleSummary(x, st, src.p, groups, cities); err != nil {
		return err
	}
	return x.Write(w)
}

// scheduleStyles are the workbook's cell styles.
type scheduleStyles struct {
	title, unit, header, total, section, sub         int
	text, center, amount, rate                       int
	totalAmt, sectionAmt, subAmt, totalRate, secRate int
	lights                                           map[string]int // by light
	note                                             int
}

func newScheduleStyles(x *excelize.File) (*scheduleStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	wan := "#,##0.00"
	pct := "0.00%"
	st := &scheduleStyles{}
	var greenStyle, yellowStyle, redStyle int
	defs := []struct {
		dst *int
		s   excelize.Style
	}{
		{&st.title, excelize.Style{Font: font(18, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&st.unit, excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&st.header, excelize.Style{Font: font(10, true), Border: border, Fill: fill("D9E1F2"),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.total, excelize.Style{Font: font(10, true), Border: border, Fill: fill("FCE4D6"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.section, excelize.Style{Font: font(10, true), Border: border, Fill: fill("EDEDED")}},
		{&st.sub, excelize.Style{Font: font(10, true), Border: border}},
		{&st.text, excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&st.center, excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&st.amount, excelize.Style{Font: font(10, false), Border: border, CustomNumFmt: &wan}},
		{&st.rate, excelize.Style{Font: font(10, false), Border: border, CustomNumFmt: &pct}},
		{&st.totalAmt, excelize.Style{Font: font(10, true), Border: border, Fill: fill("FCE4D6"), CustomNumFmt: &wan}},
		{&st.sectionAmt, excelize.Style{Font: font(10, true), Border: border, Fill: fill("EDEDED"), CustomNumFmt: &wan}},
		{&st.subAmt, excelize.Style{Font: font(10, true), Border: border, CustomNumFmt: &wan}},
		{&st.totalRate, excelize.Style{Font: font(10, true), Border: border, Fill: fill("FCE4D6"), CustomNumFmt: &pct}},
		{&st.secRate, excelize.Style{Font: font(10, true), Border: border, CustomNumFmt: &pct}},
		// The lights: the fills Excel's own "good / neutral / bad" styles use.
		{&greenStyle, excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "006100"}, Border: border, Fill: fill("C6EFCE"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&yellowStyle, excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "9C5700"}, Border: border, Fill: fill("FFEB9C"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&redStyle, excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "9C0006"}, Border: border, Fill: fill("FFC7CE"), Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.note, excelize.Style{Font: font(9, false), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := x.NewStyle(&d.s)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	st.lights = map[string]int{Green: greenStyle, Yellow: yellowStyle, Red: redStyle}
	return st, nil
}

// wanCell is yuan as a spreadsheet number in 万元: the one place money
// becomes a float, written from the exact decimal so it reads back to
// the yuan (at most four decimals, well inside Excel's 15 digits).
func wanCell(style int, yuan int64, formula string) excelize.Cell {
	v, _ := strconv.ParseFloat(WanExact(yuan), 64)
	return excelize.Cell{StyleID: style, Value: v, Formula: formula}
}

func colName(c int) string {
	s, _ := excelize.ColumnNumberToName(c)
	return s
}

func cellRef(c, r int) string {
	s, _ := excelize.CoordinatesToCellName(c, r)
	return s
}

// rateFormula is the completion rate of row r as a formula.
func rateFormula(r int) string {
	return fmt.Sprintf("IF(%s=0,0,%s/%s)", cellRef(scPlan, r), cellRef(scYTD, r), cellRef(scPlan, r))
}

// scheduleHeader is the two header rows: top labels (merged down where
// the bottom is empty) and the bottom labels under 完成投资.
func scheduleHeader(year, month int) (top, bottom []string) {
	top = make([]string, scCols)
	bottom = make([]string, scCols)
	set := func(c int, s string) { top[c-1] = s }
	set(scSeq, "序号")
	set(scName, "项目名称")
	set(scCode, "项目代码")
	set(scOwner, "建设单位")
	set(scResponsible, "责任单位")
	set(scCity, "设区市")
	set(scCounty, "县（市、区）")
	set(scStage, "建设性质")
	set(scPeriod, "建设年限")
	set(scContent, "建设规模及主要建设内容")
	set(scTotal, "总投资")
	set(scBefore, fmt.Sprintf("截至%d年底累计完成投资", year-1))
	set(scPlan, fmt.Sprintf("%d年计划投资", year))
	set(scYTD, fmt.Sprintf("%d年完成投资", year))
	set(scRate, "完成率")
	set(scLight, "进度预警")
	set(scProgress, "形象进度")
	set(scProblems, "存在问题")
	set(scFlagship, "示范引领性")
	set(scTags, "项目类别")
	set(scNote, "备注")
	bottom[scYTD-1] = fmt.Sprintf("1-%d月累计完成", month)
	bottom[scMonth-1] = fmt.Sprintf("%d月当月完成", month)
	return top, bottom
}

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

// scheduleHead is a section or subsection row: its place, its sums and
// what its formula adds up.
type scheduleHead struct {
	label string
	sub   bool
	sums  scheduleGroup
	row   int
	parts []string // cells and ranges for SUM: K8, K10, K12:K20 in column K
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
// reads the same in any spreadsheet. The parts are written for column
// A and moved to each amount column by sumRow.
func layoutSchedule(groups []scheduleGroup, totalRow int) ([]scheduleLayout, []string) {
	out := make([]scheduleLayout, len(groups))
	row := totalRow
	secNo, subNo := 0, 0
	var total []string
	rng := func(from, to int) string {
		if from == to {
			return "A" + strconv.Itoa(from)
		}
		return "A" + strconv.Itoa(from) + ":A" + strconv.Itoa(to)
	}
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
				parts: []string{rng(row+1, row+g.Projects)}})
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
// SUM of parts (written for column A) with its exact value cached.
func sumRow(label, amt, rateStyle int, text string, g scheduleGroup, r int, parts []string) []any {
	cells := make([]any, scCols)
	for i := range cells {
		cells[i] = excelize.Cell{StyleID: label}
	}
	cells[scName-1] = excelize.Cell{StyleID: label, Value: text}
	sum := func(c int, yuan int64) {
		f := ""
		if len(parts) > 0 {
			col := colName(c)
			moved := make([]string, len(parts))
			for i, p := range parts {
				moved[i] = strings.ReplaceAll(p, "A", col)
			}
			f = "SUM(" + strings.Join(moved, ",") + ")"
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

// schedulePrintSetup prints a sheet landscape on A3, one page wide, with
// the header rows repeated on every page.
func schedulePrintSetup(x *excelize.File, sheet, titleRows string) error {
	orientation, size, fitW, fitH := "landscape", 8, 1, 0 // 8 is A3
	fit := true
	if err := x.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: &orientation, Size: &size, FitToWidth: &fitW, FitToHeight: &fitH}); err != nil {
		return err
	}
	if err := x.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	m := 0.4
	if err := x.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m}); err != nil {
		return err
	}
	return x.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!" + titleRows, Scope: sheet})
}

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
