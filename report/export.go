package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// safeText keeps a user's text in a CSV from being read as a formula by
// Excel or LibreOffice: a leading = + - @ (or tab, CR) gets a leading
// single quote, which both show as text.
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteProjectsXLSX writes a projects view as a workbook: a title row,
// the units line, a header and one row per project, in the order given.
// Amounts are in 万元 as numbers with two decimals.
func WriteProjectsXLSX(w io.Writer, title string, rows []ProjectRow) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "项目清单"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	var header []any
	for _, h := range projectColumns() {
		header = append(header, h)
	}
	widths := []float64{6, 26, 40, 28, 12, 12, 10, 10, 10, 8, 16, 14, 14, 14, 14, 9, 6}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{"单位：万元"}); err != nil {
		return err
	}
	if err := sw.SetRow("A3", header); err != nil {
		return err
	}
	// The one place money becomes a float: a spreadsheet number cell in 万元.
	wan := func(y int64) any { return excelize.Cell{Value: float64(y) / 10000} }
	lights := map[string]string{Green: "绿", Yellow: "黄", Red: "红"}
	for i, r := range rows {
		flag := ""
		if r.Flagship {
			flag = "是"
		}
		// Text goes in as string cells, which Excel and LibreOffice never
		// evaluate: "=1+1" in a name stays text, so no guard is needed here.
		cells := []any{i + 1, r.Code, r.Name, r.Owner, r.Sector, r.Subsector, r.City, r.County,
			r.StageLabel, flag, r.Tags, wan(r.TotalYuan), wan(r.BeforeYuan), wan(r.PlanYuan), wan(r.CompletedYuan),
			fmt.Sprintf("%.2f%%", r.CompletionRate*100), lights[r.Light]}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// projectColumns are the header and the cells of one exported project row,
// shared by the xlsx and the CSV export. Amounts are yuan.
func projectColumns() []string {
	return []string{"序号", "项目代码", "项目名称", "建设单位", "领域", "子领域", "设区市", "县区", "建设性质", "示范引领性", "项目类别",
		"总投资", "截至上年底累计完成", "年度计划投资", "累计完成投资", "完成率", "亮灯"}
}

// WriteProjectsCSV writes a projects view as CSV: UTF-8 with a BOM so
// Excel opens the Chinese correctly, amounts in 万元 written exactly, text
// cells guarded against formula injection.
func WriteProjectsCSV(w io.Writer, rows []ProjectRow) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := projectColumns()
	header[11], header[12], header[13], header[14] = "总投资（万元）", "截至上年底累计完成（万元）", "年度计划投资（万元）", "累计完成投资（万元）"
	if err := cw.Write(header); err != nil {
		return err
	}
	lights := map[string]string{Green: "绿", Yellow: "黄", Red: "红"}
	for i, r := range rows {
		flag := ""
		if r.Flagship {
			flag = "是"
		}
		rec := []string{fmt.Sprint(i + 1), safeText(r.Code), safeText(r.Name), safeText(r.Owner), safeText(r.Sector), safeText(r.Subsector),
			safeText(r.City), safeText(r.County), r.StageLabel, flag, safeText(r.Tags),
			WanExact(r.TotalYuan), WanExact(r.BeforeYuan), WanExact(r.PlanYuan), WanExact(r.CompletedYuan),
			fmt.Sprintf("%.2f%%", r.CompletionRate*100), lights[r.Light]}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
