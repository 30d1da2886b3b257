package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// Write generates the portfolio and writes it as workbooks: the 2024 plan
// list to out (e.g. "demo.xlsx") and beside it the 2023 plan list
// (demo-2023.xlsx) and the monthly progress sheets (demo-2023-01.xlsx …
// demo-2023-12.xlsx, demo-2024-01.xlsx … demo-2024-09.xlsx). It returns
// the files in the order they must be imported.
func Write(out string, opt Options) ([]File, error) {
	return WritePortfolio(out, Generate(opt))
}

// WritePortfolio writes an already generated portfolio as Write does.
func WritePortfolio(out string, p *Portfolio) ([]File, error) {
	files := Files(out, p)
	if dir := filepath.Dir(out); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	errs := make([]error, len(files))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			y := p.Year(f.Year)
			if f.Kind == KindPlan {
				errs[i] = writePlan(f.Path, y)
			} else {
				errs[i] = writeMonthly(f.Path, y, f.Month)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("demo: writing %s: %w", files[i].Path, err)
		}
	}
	return files, nil
}

// Files lists the workbooks Write writes for p beside out, in import
// order: each year's plan list, then its months.
func Files(out string, p *Portfolio) []File {
	ext := filepath.Ext(out)
	base := strings.TrimSuffix(out, ext)
	if ext == "" {
		ext = ".xlsx"
	}
	var files []File
	last := p.Years[len(p.Years)-1].Year
	for _, y := range p.Years {
		path := fmt.Sprintf("%s-%d%s", base, y.Year, ext)
		if y.Year == last {
			path = out
		}
		files = append(files, File{Path: path, Kind: KindPlan, Year: y.Year})
		for m := 1; m <= y.Months; m++ {
			files = append(files, File{Path: fmt.Sprintf("%s-%d-%02d%s", base, y.Year, m, ext), Kind: KindMonthly, Year: y.Year, Month: m})
		}
	}
	return files
}

// PlanSheetName is the sheet of a year's plan list.
func PlanSheetName(year int) string { return fmt.Sprintf("%d年省大中型项目", year) }

// MonthlySheetName is the sheet of a monthly progress workbook.
const MonthlySheetName = "调度表"

// wanValue is a yuan amount as the 万元 number a cell holds. Amounts are
// multiples of 100 yuan, so the nearest float64 prints back exactly with at
// most two decimals.
func wanValue(yuan int64) float64 { return float64(yuan) / wan }

// styles are the cell styles of a workbook.
type styles struct {
	title, unit, header, section, sub, text, center, amount, sectionAmt, note int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	two := "0.00"
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: "宋体"},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.unit, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.section, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}}},
		{&s.sub, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border}},
		{&s.text, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.center, excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.amount, excelize.Style{Border: border, CustomNumFmt: &two}},
		{&s.sectionAmt, excelize.Style{Border: border, Font: &excelize.Font{Bold: true}, CustomNumFmt: &two}},
		{&s.note, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, err
		}
		*d.dst = id
	}
	return s, nil
}

var (
	sectionNumerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
)

func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// newSheetFile opens a workbook whose only sheet is named sheet.
func newSheetFile(sheet string) (*excelize.File, *excelize.StreamWriter, styles, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, nil, styles{}, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, nil, st, err
	}
	sw, err := f.NewStreamWriter(sheet)
	return f, sw, st, err
}

func saveAndClose(f *excelize.File, sw *excelize.StreamWriter, path string) error {
	if err := sw.Flush(); err != nil {
		_ = f.Close() // the flush's error is the one to report
		return err
	}
	out, err := os.Create(path) // #nosec G304 -- the file the operator asked the demo to write
	if err != nil {
		_ = f.Close()
		return err
	}
	_, err = f.WriteTo(out)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// rowWriter writes rows one after another and remembers the first error.
type rowWriter struct {
	sw  *excelize.StreamWriter
	row int
	err error
}

func (w *rowWriter) add(values []any, opts ...excelize.RowOpts) int {
	w.row++
	if w.err == nil {
		w.err = w.sw.SetRow(cellName(1, w.row), values, opts...)
	}
	return w.row
}

func (w *rowWriter) merge(c1, r1, c2, r2 int) {
	if w.err == nil {
		w.err = w.sw.MergeCell(cellName(c1, r1), cellName(c2, r2))
	}
}
