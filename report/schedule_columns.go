package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
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

// scheduleWidths are the 调度表's column widths, by column index.
func scheduleWidths() [scCols + 1]float64 {
	return [scCols + 1]float64{scSeq: 6, scName: 36, scCode: 25, scOwner: 26, scResponsible: 18, scCity: 10, scCounty: 11,
		scStage: 9, scPeriod: 11, scContent: 36, scTotal: 13, scBefore: 14, scPlan: 13, scYTD: 13, scMonth: 12,
		scRate: 9, scLight: 8, scProgress: 30, scProblems: 24, scFlagship: 8, scTags: 16, scNote: 16}
}

// Columns of the 汇总 sheet, in order.
const (
	suName = iota + 1
	suProjects
	suTotal
	suPlan
	suYTD
	suMonth
	suRate
	suCols = suRate
)

// summaryWidths are the 汇总 sheet's column widths, by column index.
func summaryWidths() [suCols + 1]float64 {
	return [suCols + 1]float64{suName: 16, suProjects: 10, suTotal: 15, suPlan: 15, suYTD: 15, suMonth: 15, suRate: 10}
}

// rateFormula is the completion rate of row r of the 调度表 as a formula.
func rateFormula(r int) string { return rateOf(scYTD, scPlan, r) }

// rateOf is done / plan of row r, columns done and plan, 0 without a plan.
func rateOf(done, plan, r int) string {
	return fmt.Sprintf("IF(%s=0,0,%s/%s)", cellRef(plan, r), cellRef(done, r), cellRef(plan, r))
}

// rowSpan is rows from..to of a column, what a SUM adds: K8 (one row)
// or K12:K20 in column K.
type rowSpan struct{ from, to int }

// ref names the span in column c.
func (s rowSpan) ref(c int) string {
	if s.from == s.to {
		return cellRef(c, s.from)
	}
	return rangeRef(c, s.from, s.to)
}

// rangeRef is rows from..to of column c as a range, even of one row.
func rangeRef(c, from, to int) string { return cellRef(c, from) + ":" + cellRef(c, to) }

// setWidths gives columns 1.. their widths (index 0 is not a column).
func setWidths(sw *excelize.StreamWriter, widths []float64) error {
	for c := 1; c < len(widths); c++ {
		if err := sw.SetColWidth(c, c, widths[c]); err != nil {
			return err
		}
	}
	return nil
}

// sheetStream writes a sheet's rows in order through a stream writer
// and knows the last row written.
type sheetStream struct {
	sw  *excelize.StreamWriter
	row int
}

// put writes the next row; a height of 0 leaves the default.
func (s *sheetStream) put(cells []any, height float64) error {
	s.row++
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	return s.sw.SetRow(cellRef(1, s.row), cells, opts...)
}

func (s *sheetStream) merge(c1, r1, c2, r2 int) error {
	return s.sw.MergeCell(cellRef(c1, r1), cellRef(c2, r2))
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
