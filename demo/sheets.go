package demo

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"portfolio/province"
)

// sums are the amounts a 合计, section or subsection row states.
type sums struct {
	n                   int
	total, before, plan int64
	ytd, month          int64
}

func (s *sums) addPlan(p *Project) {
	s.n++
	s.total += p.TotalYuan
	s.before += p.BeforeYuan
	s.plan += p.PlanYuan
}

// Columns of the plan list.
const (
	planCols   = 15
	colTotal   = 9  // I 总投资
	colBefore  = 10 // J 截至上年底累计完成投资
	colPlan    = 11 // K 计划投资
	colPlanTgt = 12 // L 形象进度目标
)

// writePlan writes a year's plan list in the province's layout.
func writePlan(path string, y *Year) error {
	f, sw, st, err := newSheetFile(PlanSheetName(y.Year))
	if err != nil {
		return err
	}
	widths := []float64{6, 42, 26, 34, 18, 9, 11, 44, 13, 15, 13, 30, 8, 22, 10}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 4, TopLeftCell: "C5", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	w := &rowWriter{sw: sw}
	r := w.add([]any{cell(st.title, fmt.Sprintf("%d年江西省省大中型项目投资计划表", y.Year))}, excelize.RowOpts{Height: 30})
	w.merge(1, r, planCols, r)
	r = w.add(append(make([]any, planCols-3), cell(st.unit, "单位：万元")))
	w.merge(planCols-2, r, planCols, r)

	top := []string{"序号", "项目名称", "项目代码", "建设单位", "建设地点", "建设性质", "建设年限", "建设规模及主要建设内容",
		"总投资", fmt.Sprintf("截至%d年底累计完成投资", y.Year-1), fmt.Sprintf("%d年计划", y.Year), "", "示范引领性", "项目类别", "备注"}
	bottom := make([]string, planCols)
	bottom[colPlan-1], bottom[colPlanTgt-1] = "计划投资", "形象进度目标"
	h1 := w.add(headerCells(st, top), excelize.RowOpts{Height: 24})
	h2 := w.add(headerCells(st, bottom), excelize.RowOpts{Height: 24})
	for c := 1; c <= planCols; c++ {
		switch c {
		case colPlan:
			w.merge(colPlan, h1, colPlanTgt, h1)
		case colPlanTgt:
		default:
			w.merge(c, h1, c, h2)
		}
	}

	var all sums
	bySector := make([]sums, len(sectors))
	bySub := make([][]sums, len(sectors))
	for si := range sectors {
		bySub[si] = make([]sums, len(sectors[si].Subs))
	}
	for i := range y.Projects {
		p := &y.Projects[i]
		si := sectorIndex(p.Sector)
		all.addPlan(p)
		bySector[si].addPlan(p)
		bySub[si][subIndex(si, p.Subsector)].addPlan(p)
	}
	w.add(planSumRow(st, st.section, "合计", all))

	i := 0
	for si, s := range sectors {
		if bySector[si].n == 0 {
			continue
		}
		w.add(planSumRow(st, st.section, fmt.Sprintf("%s、%s（%d个）", sectionNumerals[si], s.Name, bySector[si].n), bySector[si]))
		subNo := 0
		for ui, sub := range s.Subs {
			if bySub[si][ui].n == 0 {
				continue
			}
			w.add(planSumRow(st, st.sub, fmt.Sprintf("（%s）%s", sectionNumerals[subNo], sub.Name), bySub[si][ui]))
			subNo++
			for ; i < len(y.Projects) && y.Projects[i].Sector == s.Name && y.Projects[i].Subsector == sub.Name; i++ {
				w.add(planRow(st, &y.Projects[i]))
			}
		}
	}
	w.add(nil)
	r = w.add([]any{cell(st.note, planNote(y.Year))}, excelize.RowOpts{Height: 48})
	w.merge(1, r, planCols, r)
	if w.err != nil {
		_ = f.Close() // the write's error is the one to report
		return w.err
	}
	return saveAndClose(f, sw, path)
}

func headerCells(st styles, names []string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = cell(st.header, n)
	}
	return out
}

// planSumRow is a 合计, section or subsection row: label in 项目名称, the
// sums in their columns.
func planSumRow(st styles, style int, label string, s sums) []any {
	row := make([]any, planCols)
	for c := range row {
		row[c] = cell(style, nil)
	}
	row[1] = cell(style, label)
	row[colTotal-1] = cell(st.sectionAmt, wanValue(s.total))
	row[colBefore-1] = cell(st.sectionAmt, wanValue(s.before))
	row[colPlan-1] = cell(st.sectionAmt, wanValue(s.plan))
	return row
}

func planRow(st styles, p *Project) []any {
	flag := ""
	if p.Flagship {
		flag = "是"
	}
	return []any{
		cell(st.center, p.Seq),
		cell(st.text, p.Name),
		cell(st.text, p.Code),
		cell(st.text, p.Owner),
		cell(st.text, p.Location()),
		cell(st.center, province.StageLabel(p.Stage)),
		cell(st.center, strconv.Itoa(p.StartYear)+"-"+strconv.Itoa(p.EndYear)),
		cell(st.text, p.Content),
		cell(st.amount, wanValue(p.TotalYuan)),
		cell(st.amount, wanValue(p.BeforeYuan)),
		cell(st.amount, wanValue(p.PlanYuan)),
		cell(st.text, p.Target),
		cell(st.center, flag),
		cell(st.text, strings.Join(p.Tags, "、")),
		cell(st.text, p.Note),
	}
}

func planNote(year int) string {
	return fmt.Sprintf("注：1. 本表金额单位为万元；2. 建设性质分为新开工、续建、竣工投产、前期；"+
		"3. “截至%d年底累计完成投资”为项目开工以来至上年底累计完成投资；"+
		"4. 项目类别中“省重点”为省重点建设项目，“专项债”为使用地方政府专项债券资金的项目，“中央预算内”为安排中央预算内投资的项目；"+
		"5. 示范引领性为“十百千万”工程示范引领性重大项目。", year-1)
}

// Columns of the monthly sheet.
const (
	monthlyCols = 9
	colMPlan    = 5 // E 年计划投资
	colMYTD     = 6 // F 1-N月完成投资
	colMMonth   = 7 // G N月完成投资
)

// MonthlyTitle is the title of the scheduling table of year y, month m:
// "2024年1-6月省大中型项目调度表" ("2024年1月…" for January).
func MonthlyTitle(y, m int) string {
	if m == 1 {
		return fmt.Sprintf("%d年1月省大中型项目调度表", y)
	}
	return fmt.Sprintf("%d年1-%d月省大中型项目调度表", y, m)
}

// writeMonthly writes the progress sheet of month m of year y: every
// project with a plan or a report, its plan, its 1–m cumulative and its
// month-m completion.
func writeMonthly(path string, y *Year, m int) error {
	f, sw, st, err := newSheetFile(MonthlySheetName)
	if err != nil {
		return err
	}
	widths := []float64{6, 26, 42, 10, 14, 14, 14, 34, 26}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 3, YSplit: 3, TopLeftCell: "D4", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	w := &rowWriter{sw: sw}
	r := w.add([]any{cell(st.title, MonthlyTitle(y.Year, m))}, excelize.RowOpts{Height: 30})
	w.merge(1, r, monthlyCols, r)
	r = w.add(append(make([]any, monthlyCols-2), cell(st.unit, "单位：万元")))
	w.merge(monthlyCols-1, r, monthlyCols, r)
	w.add(headerCells(st, []string{"序号", "项目代码", "项目名称", "设区市", fmt.Sprintf("%d年计划投资", y.Year),
		fmt.Sprintf("1-%d月完成投资", m), fmt.Sprintf("%d月完成投资", m), "形象进度", "存在问题"}), excelize.RowOpts{Height: 24})

	included := func(p *Project) bool { return p.PlanYuan > 0 || len(p.Reports) > 0 }
	var all sums
	bySector := make([]sums, len(sectors))
	for i := range y.Projects {
		p := &y.Projects[i]
		if !included(p) {
			continue
		}
		ytd, month := p.Completed(m), monthOf(p, m).CompletedYuan
		for _, s := range []*sums{&all, &bySector[sectorIndex(p.Sector)]} {
			s.n++
			s.plan += p.PlanYuan
			s.ytd += ytd
			s.month += month
		}
	}
	w.add(monthlySumRow(st, "合计", all))
	i := 0
	for si, s := range sectors {
		if bySector[si].n > 0 {
			w.add(monthlySumRow(st, fmt.Sprintf("%s、%s（%d个）", sectionNumerals[si], s.Name, bySector[si].n), bySector[si]))
		}
		seq := 0
		for ; i < len(y.Projects) && y.Projects[i].Sector == s.Name; i++ {
			p := &y.Projects[i]
			if !included(p) {
				continue
			}
			seq++
			rep := monthOf(p, m)
			w.add([]any{
				cell(st.center, seq),
				cell(st.text, p.Code),
				cell(st.text, p.Name),
				cell(st.center, p.City),
				cell(st.amount, wanValue(p.PlanYuan)),
				cell(st.amount, wanValue(p.Completed(m))),
				cell(st.amount, wanValue(rep.CompletedYuan)),
				cell(st.text, rep.Progress),
				cell(st.text, rep.Problems),
			})
		}
	}
	if w.err != nil {
		_ = f.Close() // the write's error is the one to report
		return w.err
	}
	return saveAndClose(f, sw, path)
}

// monthOf is the project's report of month m, or an empty one.
func monthOf(p *Project, m int) Report {
	for _, r := range p.Reports {
		if r.Month == m {
			return r
		}
	}
	return Report{Month: m}
}

func monthlySumRow(st styles, label string, s sums) []any {
	row := make([]any, monthlyCols)
	for c := range row {
		row[c] = cell(st.section, nil)
	}
	row[2] = cell(st.section, label)
	row[colMPlan-1] = cell(st.sectionAmt, wanValue(s.plan))
	row[colMYTD-1] = cell(st.sectionAmt, wanValue(s.ytd))
	row[colMMonth-1] = cell(st.sectionAmt, wanValue(s.month))
	return row
}
