package report

import (
	"fmt"
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
