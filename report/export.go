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
		"总投资", "截至上年底累计完成", "年度计划投资", "累计完成投资", "完成率", "亮灯", "首次列入清单时总投资", "超概算", "延期"}
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
	header[17] = "首次列入清单时总投资（万元）"
	yes := map[bool]string{true: "是"}
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
			fmt.Sprintf("%.2f%%", r.CompletionRate*100), LightLabel(r.Light),
			WanExact(r.OriginalTotalYuan), yes[r.Overrun], yes[r.Delayed]}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Caption names a filtered view the way officials say it, its parts
// joined by "·": 南昌市·综合交通·红灯. "" when nothing narrows the year.
func (f ProjectFilter) Caption() string { return strings.Join(f.captionParts(), "·") }

func (f ProjectFilter) captionParts() []string {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(f.City)
	add(f.County)
	add(f.Sector)
	add(f.Subsector)
	add(StageLabel(f.Stage))
	if l := LightLabel(f.Light); l != "" {
		add(l + "灯")
	}
	add(f.Tag)
	if f.Flagship != nil {
		add(map[bool]string{true: "示范引领", false: "非示范引领"}[*f.Flagship])
	}
	if f.Lagging {
		add("滞后")
	}
	if f.Overrun {
		add("超概算")
	}
	if f.Delayed {
		add("延期")
	}
	if q := []rune(strings.TrimSpace(f.Q)); len(q) > 0 {
		add("含“" + string(q[:min(len(q), maxCaptionQuery)]) + "”")
	}
	return parts
}

// maxCaptionQuery bounds the searched text a title or file name repeats.
const maxCaptionQuery = 20

// withCaption is title followed by the view's caption in full-width
// brackets, or title alone for the whole year.
func (f ProjectFilter) withCaption(title string) string {
	if c := f.Caption(); c != "" {
		return title + "（" + c + "）"
	}
	return title
}

// ListTitle is the title of the filtered project list:
// 2024年重大项目清单（南昌市·综合交通·红灯）.
func (f ProjectFilter) ListTitle() string {
	return f.withCaption(fmt.Sprintf("%d年重大项目清单", f.Year))
}

// ExportFileName is the file name of the view's export with extension
// ext: 2024-南昌市-综合交通-红灯.xlsx, 2024-全部项目.csv for the whole
// year. Characters no file system takes become "_".
func (f ProjectFilter) ExportFileName(ext string) string {
	parts := f.captionParts()
	if len(parts) == 0 {
		parts = []string{"全部项目"}
	}
	name := strings.Join(append([]string{fmt.Sprint(f.Year)}, parts...), "-")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	return name + "." + ext
}
