package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// safeText keeps a user's text from being read as a formula by Excel or
// LibreOffice: a leading = + - @ (or tab, CR) gets an apostrophe-like
// guard, a leading single quote.
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
	header := []any{"序号", "项目代码", "项目名称", "建设单位", "领域", "子领域", "设区市", "县区", "建设性质", "示范引领性", "项目类别",
		"总投资", "截至上年底累计完成", "年度计划投资", "累计完成投资", "完成率", "亮灯"}
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
		cells := []any{i + 1, safeText(r.Code), safeText(r.Name), safeText(r.Owner), r.Sector, r.Subsector, r.City, r.County,
			r.StageLabel, flag, safeText(r.Tags), wan(r.TotalYuan), wan(r.BeforeYuan), wan(r.PlanYuan), wan(r.CompletedYuan),
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
