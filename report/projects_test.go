package report_test

import (
	"context"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

func TestProjectsFilterSortPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		f := fixture{t, s}
		const plan = 1_200_000_000
		a := f.project("昌九高铁", "综合交通", "跨设区市", "continuing", plan)
		f.report(a, 6, 600_000_000, models.ReportApproved)
		b := f.project("南昌100%_学校", "公共服务", "南昌市", "new_start", plan)
		f.report(b, 6, 100_000_000, models.ReportApproved)
		c := f.project("九江港", "综合交通", "九江市", "continuing", 2*plan)
		f.report(c, 6, 900_000_000, models.ReportApproved)
		if err := s.DB().Exec("UPDATE plan_entries SET tags = '省大中型、省重点', flagship = ? WHERE project_id = ?", true, c).Error; err != nil {
			t.Fatal(err)
		}
		rep := &report.Reporter{Store: s}
		ctx := context.Background()
		list := func(f report.ProjectFilter) []string {
			t.Helper()
			f.Year, f.Month = 2024, 6
			page, err := rep.Projects(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range page.Rows {
				names = append(names, r.Name)
			}
			return names
		}
		eq := func(got []string, want ...string) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("got %v, want %v", got, want)
				}
			}
		}
		yes := true
		eq(list(report.ProjectFilter{Sector: "综合交通", Sort: "plan", Desc: true}), "九江港", "昌九高铁")
		eq(list(report.ProjectFilter{Light: report.Red}), "九江港", "南昌100%_学校")
		eq(list(report.ProjectFilter{Light: report.Green}), "昌九高铁")
		eq(list(report.ProjectFilter{Tag: "省重点"}), "九江港")
		eq(list(report.ProjectFilter{Tag: "省"}))
		eq(list(report.ProjectFilter{Flagship: &yes}), "九江港")
		eq(list(report.ProjectFilter{Q: "100%_"}), "南昌100%_学校")
		eq(list(report.ProjectFilter{Q: "%"}), "南昌100%_学校")
		eq(list(report.ProjectFilter{Sort: "rate", Desc: true}), "昌九高铁", "九江港", "南昌100%_学校")
		eq(list(report.ProjectFilter{Sort: "rate", PerPage: 2, Page: 2}), "昌九高铁")
		eq(list(report.ProjectFilter{City: "南昌市'; DROP TABLE projects; --"}))
		page, err := rep.Projects(ctx, report.ProjectFilter{Year: 2024, Month: 6, PerPage: 2})
		if err != nil || page.Total != 3 || page.Pages != 2 || page.Rows[0].CompletedYuan != 600_000_000 || page.Rows[0].StageLabel != "续建" {
			t.Fatalf("%+v %v", page, err)
		}
		if _, err := rep.Projects(ctx, report.ProjectFilter{Year: 2024, Month: 6, Sort: "name; DROP TABLE projects"}); err == nil {
			t.Fatal("a sort key outside the whitelist was accepted")
		}
	})
}
