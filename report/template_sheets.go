package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"portfolio/province"
)

// templateBook is one template being written.
type templateBook struct {
	x  *excelize.File
	o  TemplateOptions
	st templateStyles
}

// templateColumn is one column of a template's table: its header, width,
// the dropdown it offers (a column of the 下拉选项 sheet, 0 for none),
// whether it holds an amount in 万元, and what the example row shows.
type templateColumn struct {
	header  string
	width   float64
	choices int
	amount  bool
	example string
}

// The columns of the 下拉选项 sheet, from 1.
const (
	choiceSector = iota + 1
	choiceSubsector
	choiceStage
	choiceCity
	choiceCounty
	choiceFlagship
)

// planColumns are the plan list's columns, as the importer reads them.
func planColumns(year int) []templateColumn {
	place := province.CityCounties()[0] // the example's city and a county of it
	return []templateColumn{
		{"序号", 6, 0, false, "1"},
		{"项目名称", 36, 0, false, "南昌至九江高速公路改扩建工程"},
		{"项目代码", 26, 0, false, "2024-360000-48-01-012345"},
		{"建设单位", 28, 0, false, "江西省交通投资集团有限责任公司"},
		{"领域", 12, choiceSector, false, province.SectorTransport},
		{"子领域", 12, choiceSubsector, false, "公路"},
		{"设区市", 10, choiceCity, false, place[0]},
		{"县（市、区）", 12, choiceCounty, false, place[len(place)-1]},
		{"建设性质", 10, choiceStage, false, province.StageLabel(province.StageNewStart)},
		{"建设年限", 14, 0, false, fmt.Sprintf("%d-%d", year, year+3)},
		{"建设规模及主要建设内容", 40, 0, false, "改扩建高速公路约88公里，双向八车道"},
		{"总投资", 13, 0, true, "1200000"},
		{fmt.Sprintf("截至%d年底累计完成投资", year-1), 15, 0, true, "0"},
		{fmt.Sprintf("%d年计划投资", year), 13, 0, true, "150000"},
		{fmt.Sprintf("%d年形象进度目标", year), 28, 0, false, "完成路基工程30%"},
		{"示范引领性", 10, choiceFlagship, false, "是"},
		{"项目类别", 12, 0, false, "省重点"},
		{"备注", 16, 0, false, ""},
	}
}

// monthlyColumns are a monthly sheet's columns: the project's key and
// plan (filled in) and the month's figures (left to the office).
func monthlyColumns(year, month int) []templateColumn {
	return []templateColumn{
		{"序号", 6, 0, false, "1"},
		{"项目代码", 26, 0, false, "2024-360000-48-01-012345"},
		{"项目名称", 36, 0, false, "南昌至九江高速公路改扩建工程"},
		{"设区市", 10, 0, false, province.Cities()[0]},
		{fmt.Sprintf("%d年计划投资", year), 13, 0, true, "150000"},
		{fmt.Sprintf("%d月完成投资", month), 13, 0, true, "12500.5"},
		{"形象进度", 30, 0, false, "完成路基工程12%"},
		{"存在问题", 30, 0, false, "用地报批待省厅审批"},
	}
}

// templateChoices are the 下拉选项 sheet's columns: a heading and the words.
func templateChoices() [][]string {
	sectors := []string{"领域"}
	subs := []string{"子领域"}
	for _, row := range province.SectorSubsectors() {
		sectors = append(sectors, row[0])
		subs = append(subs, row[1:]...)
	}
	stages := []string{"建设性质"}
	for _, s := range province.Stages() {
		stages = append(stages, province.StageLabel(s))
	}
	counties := []string{"县（市、区）"}
	for _, cc := range province.CityCounties() {
		counties = append(counties, cc[1:]...)
	}
	return [][]string{sectors, subs, stages, append([]string{"设区市"}, province.Places()...), counties, {"示范引领性", "是", "否"}}
}

// plan writes the plan list's template: its table, the choices and the notes.
func (t *templateBook) plan() error {
	sheet := fmt.Sprintf("%d年项目计划表", t.o.Year)
	cols := planColumns(t.o.Year)
	title := fmt.Sprintf("%d年江西省省大中型项目投资计划表", t.o.Year)
	if err := t.table(sheet, title, cols, nil); err != nil {
		return err
	}
	if err := t.choicesSheet(); err != nil {
		return err
	}
	if err := t.dropdowns(sheet, cols, templateRows); err != nil {
		return err
	}
	return t.notes(cols, planNotes(t.o.Year))
}

// monthly writes a monthly sheet's template pre-filled with rows.
func (t *templateBook) monthly(rows []ProjectRow) error {
	sheet := ScheduleSheet
	cols := monthlyColumns(t.o.Year, t.o.Month)
	title := fmt.Sprintf("%d年%d月省大中型项目调度表", t.o.Year, t.o.Month)
	if t.o.City != "" {
		title = fmt.Sprintf("%d年%d月%s省大中型项目调度表", t.o.Year, t.o.Month, t.o.City)
	}
	values := make([][]any, len(rows))
	for i, p := range rows {
		values[i] = []any{i + 1, p.Code, p.Name, p.City, wanCell(0, p.PlanYuan, "").Value}
	}
	if err := t.table(sheet, title, cols, values); err != nil {
		return err
	}
	if err := t.amountRule(sheet, 6, len(rows)); err != nil {
		return err
	}
	return t.notes(cols, monthlyNotes(t.o.Year, t.o.Month))
}
