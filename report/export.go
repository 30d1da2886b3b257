package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
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
	for i, r := range rows {
		flag := ""
		if r.Flagship {
			flag = "是"
		}
		rec := []string{fmt.Sprint(i + 1), safeText(r.Code), safeText(r.Name), safeText(r.Owner), safeText(r.Sector), safeText(r.Subsector),
			safeText(r.City), safeText(r.County), r.StageLabel, flag, safeText(r.Tags),
			WanExact(r.TotalYuan), WanExact(r.BeforeYuan), WanExact(r.PlanYuan), WanExact(r.CompletedYuan),
			fmt.Sprintf("%.2f%%", r.CompletionRate*100), LightLabel(r.Light)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
