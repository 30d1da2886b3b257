package report

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"portfolio/province"
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
	ScheduleSummarySheet = province.SummarySheet
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

// wanCell is yuan as a spreadsheet number in 万元: the one place money
// becomes a float, written from the exact decimal so it reads back to
// the yuan (at most four decimals, well inside Excel's 15 digits).
func wanCell(style int, yuan int64, formula string) excelize.Cell {
	v, _ := strconv.ParseFloat(WanExact(yuan), 64)
	return excelize.Cell{StyleID: style, Value: v, Formula: formula}
}

func cellRef(c, r int) string {
	s, _ := excelize.CoordinatesToCellName(c, r)
	return s
}

// schedulePrintSetup prints a sheet landscape on A3, one page wide (Excel
// and WPS read fitToWidth only when sheetPr's pageSetUpPr has fitToPage),
// with the header rows and the name columns repeated on every page. It
// must run before the sheet's stream writer is made: the stream writes
// sheetPr as it is then.
func schedulePrintSetup(x *excelize.File, sheet, titleCols, titleRows string) error {
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
	// Excel's syntax: both ranges sheet-qualified, separated by a comma.
	return x.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: "'" + sheet + "'!" + titleCols + ",'" + sheet + "'!" + titleRows, Scope: sheet})
}
