package report

import (
	"fmt"

	"portfolio/models"
	"portfolio/province"
)

// planNotes are the plan template's rules, one a line.
func planNotes(year int) []string {
	return []string{
		fmt.Sprintf("1. 本表为%d年省大中型项目计划表，每个项目一行，从表头下一行起连续填写，不要插入小计、合计或分组行（系统会自动汇总）。", year),
		"2. 金额单位为万元，填数字即可，最多保留四位小数；不能为负数，不能超过 " + models.AmountBoundText() + "。",
		"3. 项目代码填投资项目统一代码（如 2024-360000-48-01-012345）；暂无代码的可留空，系统按项目名称识别同一项目。",
		"4. 领域、子领域、设区市、县（市、区）、建设性质、示范引领性请从下拉列表中选择；建设性质为" + province.StageWords() + "。",
		"5. 跨设区市的项目，设区市选“" + province.CityCross + "”；赣江新区的项目选“" + province.CityNewArea + "”。",
		"6. 建设年限写起止年份，如 2024-2027；项目类别可写“省重点”等清单标签，多个用顿号分隔。",
		"7. 填好后在“数据导入”页面上传本文件，先预览核对，确认后导入；本说明页和下拉选项页不会被导入。",
	}
}

// monthlyNotes are the monthly template's rules, one a line.
func monthlyNotes(year, month int) []string {
	return []string{
		fmt.Sprintf("1. 本表为%d年%d月调度表，已列出本年度计划中的项目（项目代码、名称、设区市、年度计划投资），请勿修改这几列。", year, month),
		fmt.Sprintf("2. 请填写“%d月完成投资”（当月完成，不是年初以来累计），单位万元，最多保留四位小数，不能为负数。", month),
		"3. 形象进度写本月末的实际进展；存在问题写需要协调解决的事项，没有可留空。",
		"4. 本月没有完成投资的项目填 0；留空的项目视为未报送。",
		"5. 填好后在“数据导入”页面上传本文件，先预览核对，确认后导入；本说明页不会被导入。",
	}
}

// notes writes the 填表说明 sheet: the rules, then the header with an
// example row.
func (t *templateBook) notes(cols []templateColumn, lines []string) error {
	x, sheet := t.x, TemplateNotesSheet
	if _, err := x.NewSheet(sheet); err != nil {
		return err
	}
	if err := x.SetColWidth(sheet, "A", "A", 26); err != nil {
		return err
	}
	if err := x.SetColWidth(sheet, "B", "B", 48); err != nil {
		return err
	}
	r := 1
	put := func(col int, v string, style int) error {
		if err := x.SetCellStr(sheet, cellRef(col, r), v); err != nil {
			return err
		}
		return x.SetCellStyle(sheet, cellRef(col, r), cellRef(col, r), style)
	}
	if err := put(1, TemplateNotesSheet, t.st.bold); err != nil {
		return err
	}
	for _, line := range lines {
		r++
		if err := put(1, line, t.st.note); err != nil {
			return err
		}
	}
	r += 2
	if err := put(1, "填写示例（仅供参考，不会被导入）：", t.st.bold); err != nil {
		return err
	}
	for _, c := range cols {
		r++
		if err := put(1, c.header, t.st.header); err != nil {
			return err
		}
		if err := put(2, c.example, t.st.text); err != nil {
			return err
		}
	}
	return nil
}
