package report_test

import (
	"testing"

	"portfolio/models"
	"portfolio/report"
)

func TestChangesInWords(t *testing.T) {
	es := []models.AuditEntry{
		{Entity: "monthly_reports", Action: "update",
			BeforeJSON: `{"id":7,"year":2024,"month":9,"completed_yuan":12340000,"progress":"主体施工","status":"submitted","version":1}`,
			AfterJSON:  `{"id":7,"year":2024,"month":9,"completed_yuan":13000000,"progress":"主体施工","status":"approved","version":2}`},
		{Entity: "plan_entries", Action: "create", AfterJSON: `{"year":2024,"annual_plan_yuan":8000000000,"total_investment_yuan":0,"stage":"continuing"}`},
		{Entity: "milestones", Action: "update", BeforeJSON: `{"kind":"开工","planned_on":"2024-03-01","reached_on":""}`,
			AfterJSON: `{"kind":"开工","planned_on":"2024-03-01","reached_on":"2024-04-02"}`},
		{Entity: "user_projects", Action: "create", AfterJSON: `{"UserID":3,"ProjectID":16}`},
		{Entity: "monthly_reports", Action: "delete", BeforeJSON: `{"year":2023,"month":1}`},
		{Entity: "plan_entries", Action: "update", BeforeJSON: `{"year":2024,"version":1}`, AfterJSON: `{"year":2024,"version":2}`},
	}
	want := []struct{ subject, summary string }{
		{"2024年9月月报", "完成投资 1,234.00 万元 → 1,300.00 万元；状态 待审核 → 已审核"},
		{"2024年计划", "年度计划投资 800,000.00 万元；总投资 0.00 万元；建设性质 续建"},
		{"里程碑“开工”", "实际日期 （空） → 2024-04-02"},
		{"项目分配", "分配给用户编号 3"},
		{"2023年1月月报", "已删除"},
		{"2024年计划", "内容未变"},
	}
	got := report.Changes(es)
	for i, w := range want {
		if got[i].Subject != w.subject || got[i].Summary != w.summary {
			t.Errorf("entry %d: %q %q, want %q %q", i, got[i].Subject, got[i].Summary, w.subject, w.summary)
		}
	}
}

func TestChangesOfAProblem(t *testing.T) {
	es := []models.AuditEntry{
		{Action: "escalate", Entity: "problems", BeforeJSON: `{"id":1,"category":"用地","status":"in_progress","level":"county","version":2}`,
			AfterJSON: `{"id":1,"category":"用地","status":"open","level":"city","version":3,"note":"县级协调未果"}`},
		{Action: "create", Entity: "problems", AfterJSON: `{"id":1,"category":"用地","description":"用地预审未批","level":"county","due_on":"2024-09-30","status":"open"}`},
	}
	cs := report.Changes(es)
	if cs[0].Subject != "问题台账“用地”" || cs[0].Summary != "层级 县级 → 市级；备注 （空） → 县级协调未果；状态 处理中 → 待处理" {
		t.Errorf("escalate: %q %q", cs[0].Subject, cs[0].Summary)
	}
	if cs[1].Summary != "问题描述 用地预审未批；层级 县级；完成时限 2024-09-30" {
		t.Errorf("raise: %q", cs[1].Summary)
	}
}
