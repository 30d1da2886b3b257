package province

// FieldLabel is a stored field as the officials name it (the columns of
// the list and the monthly sheet), for the words of a project's history;
// a field without a label is its own name.
func FieldLabel(field string) string {
	if l, ok := map[string]string{
		"code": "项目代码", "name": "项目名称", "seq": "序号", "owner": "建设单位", "responsible": "责任单位",
		"content": "建设内容", "sector": "领域", "subsector": "子领域", "city": "设区市", "county": "县区",
		"start_year": "开工年份", "end_year": "完工年份", "stage": "建设性质", "flagship": "示范引领性", "tags": "项目类别",
		"note": "备注", "total_investment_yuan": "总投资", "completed_before_yuan": "截至上年底累计完成",
		"annual_plan_yuan": "年度计划投资", "completed_yuan": "完成投资", "progress": "形象进度", "problems": "存在问题",
		"status": "状态", "kind": "节点", "planned_on": "计划日期", "reached_on": "实际日期",
		"category": "问题类别", "description": "问题描述", "department": "要素保障部门", "level": "层级", "due_on": "完成时限", "raised_by": "提出人",
	}[field]; ok {
		return l
	}
	return field
}
