package cli

import (
	"context"
	"fmt"
	"time"

	"portfolio/models"
	"portfolio/province"
)

// demoProblem is one problem of the demo ledger: raised by raisedBy on
// the n-th project of city, then moved through steps (action, actor, note).
type demoProblem struct {
	city        string
	n           int
	category    string
	description string
	department  string
	dueDays     int // due this many days from today (negative: overdue)
	raisedBy    string
	steps       [][3]string
}

// demoProblems covers every status and level and an overdue one, on the
// demo manager's projects (the first three of 南昌市) and a few cities'.
func demoProblems() []demoProblem {
	cities := province.Cities()
	nc, gz, jj, sr := cities[0], cities[1], cities[2], cities[3]
	return []demoProblem{
		{nc, 0, "用地", "项目用地预审尚未批复，影响主体工程开工", "自然资源部门", 20, "builder", nil},
		{nc, 1, "资金", "项目资本金到位不足，缺口约 3,000 万元", "财政部门", -5, "builder",
			[][3]string{{province.ActResolve, "builder", "资本金已全部到位"}}},
		{nc, 2, "征迁", "沿线 12 户房屋征收补偿未谈妥，施工便道无法贯通", "县（市、区）人民政府", -12, "builder",
			[][3]string{{province.ActStart, "nanchang", "已约谈属地政府"}, {province.ActEscalate, "nanchang", "县级协调未果，由市级统筹"}, {province.ActStart, "nanchang", "市征迁办牵头处理"}}},
		{nc, 3, "电力", "施工临时用电容量不足", "供电公司", 30, "nanchang",
			[][3]string{{province.ActClose, "nanchang", "经核实为施工单位自行报装，不属于要素保障问题"}}},
		{gz, 0, "用林", "使用林地审核同意书未取得", "林业部门", -30, "demo",
			[][3]string{{province.ActEscalate, "demo", "需省级林业部门审核"}, {province.ActEscalate, "demo", "报省发改委协调"}}},
		{gz, 1, "环评", "环境影响报告书待批复", "生态环境部门", 15, "demo",
			[][3]string{{province.ActStart, "demo", "已报送"}}},
		{jj, 0, "能耗", "节能审查意见未出具，能耗指标紧张", "发展改革部门", -8, "demo",
			[][3]string{{province.ActEscalate, "demo", ""}, {province.ActEscalate, "demo", "需省级统筹能耗指标"}, {province.ActResolve, "admin", "已安排省级能耗指标"}}},
		{jj, 1, "审批", "施工许可办理进度慢", "住房城乡建设部门", 10, "demo",
			[][3]string{{province.ActResolve, "demo", "已取得施工许可"}, {province.ActReopen, "demo", "许可范围与设计不符，需重新办理"}}},
		{sr, 0, "其他", "主要设备供货延迟", "", 45, "demo", nil},
	}
}

// seedDemoProblems fills the demo's problems ledger through the store, as
// its users would: raised, worked, escalated, resolved, each with its
// history and audit entries.
func seedDemoProblems(ctx context.Context, s *models.Store, now time.Time) (int, error) {
	n := 0
	for _, d := range demoProblems() {
		ids, err := s.CityProjects(ctx, d.city, d.n+1)
		if err != nil {
			return n, err
		}
		if len(ids) <= d.n {
			continue // a small demo has fewer projects in the city
		}
		who := func(actor string) models.Who { return models.Who{Actor: actor, Source: models.SourceWeb} }
		p, err := s.RaiseProblem(ctx, models.ProblemInput{ProjectID: ids[d.n], Category: d.category, Description: d.description,
			Department: d.department, DueOn: now.AddDate(0, 0, d.dueDays).Format("2006-01-02")}, now, who(d.raisedBy))
		if err != nil {
			return n, fmt.Errorf("demo problem %s: %w", d.description, err)
		}
		for _, st := range d.steps {
			p, err = s.MoveProblem(ctx, models.ProblemMove{ID: p.ID, Action: st[0], Version: p.Version, Note: st[2]},
				func(models.Problem) error { return nil }, now, who(st[1]))
			if err != nil {
				return n, fmt.Errorf("demo problem %s, %s: %w", d.description, st[0], err)
			}
		}
		n++
	}
	return n, nil
}
