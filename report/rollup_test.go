package report_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// fixture writes projects, plan entries, reports and milestones directly.
type fixture struct {
	t *testing.T
	s *models.Store
}

func (f fixture) project(name, sector, city, stage string, plan int64) int64 {
	f.t.Helper()
	now := time.Now()
	p := models.Project{Name: name, NormName: name, CreatedAt: now, UpdatedAt: now}
	if err := f.s.DB().Create(&p).Error; err != nil {
		f.t.Fatal(err)
	}
	e := models.PlanEntry{ProjectID: p.ID, Year: 2024, Name: name, NormName: name, Sector: sector, City: city, Stage: stage,
		AnnualPlanYuan: plan, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := f.s.DB().Create(&e).Error; err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

func (f fixture) report(id int64, month int, yuan int64, status string) {
	f.t.Helper()
	now := time.Now()
	r := models.MonthlyReport{ProjectID: id, Year: 2024, Month: month, CompletedYuan: yuan, Status: status, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := f.s.DB().Create(&r).Error; err != nil {
		f.t.Fatal(err)
	}
}

func (f fixture) milestone(id int64, kind, planned, reached string) {
	f.t.Helper()
	now := time.Now()
	m := models.Milestone{ProjectID: id, Kind: kind, PlannedOn: planned, ReachedOn: reached, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := f.s.DB().Create(&m).Error; err != nil {
		f.t.Fatal(err)
	}
}

func TestRollupFiguresAndLights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		f := fixture{t, s}
		const plan = 1_200_000_000
		// June: time progress 50 %.
		onTime := f.project("正好达到时序进度", "综合交通", "南昌市", "continuing", plan)
		f.report(onTime, 2, 200_000_000, models.ReportApproved)
		f.report(onTime, 6, 400_000_000, models.ReportApproved) // 600 of 1,200 = 50 %
		f.report(onTime, 7, 999_000_000, models.ReportApproved) // after the report month
		tenBehind := f.project("落后10个百分点", "综合交通", "九江市", "continuing", plan)
		f.report(tenBehind, 6, 480_000_000, models.ReportApproved) // 40 %
		justBeyond := f.project("落后超过10个百分点", "能源", "九江市", "new_start", plan)
		f.report(justBeyond, 6, 479_999_999, models.ReportApproved)
		f.report(justBeyond, 5, 500_000_000, models.ReportSubmitted) // not approved: not counted
		noPlan := f.project("前期项目", "水利", "赣江新区", "preparatory", 0)
		_ = noPlan
		late := f.project("里程碑逾期", "水利", "南昌市", "continuing", plan)
		f.report(late, 6, plan, models.ReportApproved)
		f.milestone(late, "主体完工", "2024-06-15", "")
		// A new start whose 开工 is 1½ months late: yellow; 3 months: red.
		start1 := f.project("开工延迟1个月", "制造业", "赣州市", "new_start", plan)
		f.report(start1, 6, plan, models.ReportApproved)
		f.milestone(start1, "开工", "2024-05-15", "")
		start3 := f.project("开工延迟3个月", "制造业", "赣州市", "new_start", plan)
		f.report(start3, 6, plan, models.ReportApproved)
		f.milestone(start3, "开工", "2024-03-30", "")
		reached := f.project("开工已完成", "制造业", "赣州市", "new_start", plan)
		f.report(reached, 6, plan, models.ReportApproved)
		f.milestone(reached, "开工", "2024-01-01", "2024-02-01")

		r, err := (&report.Reporter{Store: s}).Rollup(context.Background(), 2024, 6)
		if err != nil {
			t.Fatal(err)
		}
		wantDone := int64(600_000_000 + 480_000_000 + 479_999_999 + 4*plan)
		if r.Projects != 8 || r.PlanYuan != 7*plan || r.CompletedYuan != wantDone || r.TimeProgress != 0.5 || r.TargetYuan != 1_000_000_000_000 {
			t.Fatalf("totals: %+v", r)
		}
		// green: onTime, noPlan, reached; yellow: tenBehind, start1; red: justBeyond, late, start3
		if r.Lights != (report.Lights{Green: 3, Yellow: 2, Red: 3}) {
			t.Fatalf("lights %+v", r.Lights)
		}
		keys := func(gs []report.Group) []string {
			var out []string
			for _, g := range gs {
				out = append(out, g.Key)
			}
			return out
		}
		if got := keys(r.BySector); len(got) != 4 || got[0] != "综合交通" || got[1] != "能源" || got[2] != "水利" || got[3] != "制造业" {
			t.Fatalf("sector order %v", got)
		}
		if got := keys(r.ByCity); len(got) != 4 || got[0] != "南昌市" || got[1] != "九江市" || got[2] != "赣州市" || got[3] != "赣江新区" {
			t.Fatalf("city order %v", got)
		}
		if got := r.ByStage; len(got) != 3 || got[0].Key != "new_start" || got[0].Label != "新开工" || got[0].Projects != 4 ||
			got[0].Started != 4 || got[0].Finished != 3 {
			t.Fatalf("stages %+v", got)
		}
		tr := r.BySector[0]
		if tr.PlanYuan != 2*plan || tr.CompletedYuan != 1_080_000_000 || tr.Light != report.Yellow || tr.CompletionRate != 0.45 {
			t.Fatalf("综合交通 %+v", tr)
		}
		if m := r.ByMonth; len(m) != 6 || m[1].CompletedYuan != 200_000_000 || m[5].CumulativeYuan != wantDone || m[4].CompletedYuan != 0 {
			t.Fatalf("by month %+v", m)
		}
	})
}

func TestRollupOfAnEmptyYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		rep := &report.Reporter{Store: s}
		r, err := rep.Rollup(context.Background(), 2031, 3)
		if err != nil {
			t.Fatal(err)
		}
		if r.Projects != 0 || r.PlanYuan != 0 || r.TargetYuan != 0 || r.BySector == nil || len(r.ByMonth) != 3 {
			t.Fatalf("%+v", r)
		}
		for _, m := range []int{0, 13} {
			if _, err := rep.Rollup(context.Background(), 2024, m); err == nil {
				t.Errorf("month %d accepted", m)
			}
		}
		y, m, err := rep.DefaultPeriod(context.Background(), 0, 0)
		if err != nil || y != 0 || m != 12 {
			t.Fatalf("default period of an empty store: %d %d %v", y, m, err)
		}
	})
}

func TestLightBoundaries(t *testing.T) {
	for _, c := range []struct {
		done, plan int64
		month      int
		want       string
	}{
		{50, 100, 6, report.Green},
		{49, 100, 6, report.Yellow},
		{40, 100, 6, report.Yellow},
		{39, 100, 6, report.Red},
		{0, 0, 12, report.Green},
		{0, 100, 1, report.Yellow}, // 8.33 points behind
		{0, 100, 2, report.Red},
	} {
		if got := report.Light(c.done, c.plan, c.month, 10); got != c.want {
			t.Errorf("Light(%d, %d, %d) = %s, want %s", c.done, c.plan, c.month, got, c.want)
		}
	}
}

func TestExplainLight(t *testing.T) {
	rep := &report.Reporter{}
	row := report.ProjectRow{PlanYuan: 100, CompletedYuan: 40, CompletionRate: 0.4}
	ms := []models.Milestone{
		{Kind: "主体完工", PlannedOn: "2024-05-31"},
		{Kind: "竣工", PlannedOn: "2024-12-31"},
		{Kind: "开工", PlannedOn: "2024-01-31", ReachedOn: "2024-02-10"},
	}
	why := rep.Explain(row, 2024, 6, ms)
	if len(why) != 2 || why[0] != "完成率 40.0%，落后时序进度 10.0 个百分点，在 10 个百分点以内为黄灯" || !strings.Contains(why[1], "主体完工") {
		t.Fatalf("%q", why)
	}
	if !report.Late(ms[0], "continuing", 2024, 6) || report.Late(ms[1], "continuing", 2024, 6) || report.Late(ms[2], "continuing", 2024, 6) {
		t.Fatal("Late")
	}
}

// TestNewStartLateStartOneRule is issue 13.7: a new start whose 开工 was
// planned 2024-06-20 and is not reached is green for June and its
// explanation names no late milestone; for July it is yellow and the
// explanation says why. On old main June was green while Explain said late.
func TestNewStartLateStartOneRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		f := fixture{t, s}
		id := f.project("新开工项目", "能源", "赣州市", "new_start", 1_200)
		f.report(id, 6, 600, models.ReportApproved)
		f.report(id, 7, 100, models.ReportApproved)
		f.milestone(id, "开工", "2024-06-20", "")
		rep := &report.Reporter{Store: s}
		ms := []models.Milestone{{Kind: "开工", PlannedOn: "2024-06-20"}}
		for _, c := range []struct {
			month int
			light string
			late  bool
		}{{6, report.Green, false}, {7, report.Yellow, true}, {9, report.Red, true}} {
			page, err := rep.Projects(context.Background(), report.ProjectFilter{ID: id, Year: 2024, Month: c.month})
			if err != nil || len(page.Rows) != 1 {
				t.Fatalf("month %d: %v %+v", c.month, err, page)
			}
			row := page.Rows[0]
			why := strings.Join(rep.Explain(row, 2024, c.month, ms), "；")
			if row.Light != c.light || strings.Contains(why, "开工") != c.late || report.Late(ms[0], row.Stage, 2024, c.month) != c.late {
				t.Errorf("month %d: light %s (want %s), explanation %q, late want %v", c.month, row.Light, c.light, why, c.late)
			}
		}
	})
}
