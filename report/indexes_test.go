package report_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// queryPlan is SQLite's EXPLAIN QUERY PLAN of a statement, one line per
// step, indented by depth.
func queryPlan(t *testing.T, s *models.Store, q storetest.Statement) string {
	t.Helper()
	rows, err := s.Read().Raw("EXPLAIN QUERY PLAN "+q.SQL, q.Vars...).Rows()
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, q.SQL)
	}
	defer rows.Close()
	depth := map[int]int{}
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		depth[id] = depth[parent] + 1
		b.WriteString(strings.Repeat("  ", depth[id]-1) + detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// fullScan matches a plan step that reads a whole table of the list's
// joins: plan_entries, monthly_reports and user_projects by name or by
// the aliases the queries give them. Scans of a WITH clause's output (d,
// l, rc) are of rows already narrowed down, and not matched.
var fullScan = regexp.MustCompile(`(?m)^\s*SCAN (plan_entries|monthly_reports|user_projects|e|m|r|r2|mr)( |$)`)

// milestoneScan matches a scan of the milestones table that reads the
// table itself rather than a covering index.
var milestoneScan = regexp.MustCompile(`(?m)^\s*SCAN milestones( |$)`)

// checkPlans explains each statement, fails on a full scan of a joined
// table and returns the plans, joined, for the caller's own checks.
func checkPlans(t *testing.T, s *models.Store, name string, qs []storetest.Statement) string {
	t.Helper()
	if len(qs) == 0 {
		t.Fatalf("%s: no statement recorded", name)
	}
	var all strings.Builder
	for _, q := range qs {
		plan := queryPlan(t, s, q)
		all.WriteString(plan)
		if m := fullScan.FindString(plan); m != "" {
			t.Errorf("%s: %q reads a whole table:\n%s\n%s", name, strings.TrimSpace(m), plan, q.SQL)
		}
		for _, line := range strings.Split(plan, "\n") {
			if milestoneScan.MatchString(line) && !strings.Contains(line, "USING COVERING INDEX") {
				t.Errorf("%s: milestones read from the table: %q\n%s", name, line, plan)
			}
		}
	}
	return all.String()
}

// indexFixture is a small year's list with every kind of row the list
// query joins: approved and submitted reports, reached and late
// milestones, a manager's assignment, audit entries.
func indexFixture(t *testing.T) (*models.Store, int64, int64) {
	t.Helper()
	s := storetest.SQLite(t)
	f := fixture{t, s}
	a := f.project("昌九高铁", "综合交通", "跨设区市", "continuing", 1_200_000_000)
	b := f.project("南昌学校", "公共服务", "南昌市", "new_start", 600_000_000)
	f.report(a, 5, 300_000_000, models.ReportApproved)
	f.report(a, 6, 100_000_000, models.ReportSubmitted)
	f.report(b, 6, 10_000_000, models.ReportApproved)
	f.milestone(a, "开工", "2024-02-01", "2024-02-03")
	f.milestone(b, "开工", "2024-03-01", "")
	if err := s.DB().Exec("UPDATE plan_entries SET subsector = '铁路', tags = '省重点', flagship = ? WHERE project_id = ?", true, a).Error; err != nil {
		t.Fatal(err)
	}
	u, err := s.AddUser(context.Background(), models.NewUser{Username: "builder", Password: "builderbuilder", Role: models.RoleManager}, models.Who{Actor: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Assign(context.Background(), u.ID, a, models.Who{Actor: "admin"}); err != nil {
		t.Fatal(err)
	}
	return s, a, u.ID
}

// TestProjectListFiltersUseIndexes asks SQLite how it plans the year's
// project list (the count and the page) under each filter and sort of the
// projects page: no filter reads the whole of plan_entries,
// monthly_reports or user_projects, the milestones the lights count come
// from a covering index, and each filter with an index of its own
// searches plan_entries by (year, that column).
func TestProjectListFiltersUseIndexes(t *testing.T) {
	s, id, manager := indexFixture(t)
	st := storetest.Record(t, s)
	rep := &report.Reporter{Store: s}
	yes, no := true, false
	cases := []struct {
		name string
		f    report.ProjectFilter
		want string // a step the plan must hold
	}{
		{"year only", report.ProjectFilter{}, "SEARCH monthly_reports USING COVERING INDEX"},
		{"sector", report.ProjectFilter{Sector: "综合交通"}, "SEARCH e USING INDEX plan_entries_year_sector (year=? AND sector=?)"},
		{"subsector", report.ProjectFilter{Subsector: "铁路"}, "SEARCH e USING INDEX plan_entries_year_subsector (year=? AND subsector=?)"},
		{"city", report.ProjectFilter{City: "南昌市"}, "SEARCH e USING INDEX plan_entries_year_city (year=? AND city=?)"},
		{"stage", report.ProjectFilter{Stage: "new_start"}, "SEARCH e USING INDEX plan_entries_year_stage (year=? AND stage=?)"},
		{"flagship", report.ProjectFilter{Flagship: &yes}, "SEARCH e USING INDEX plan_entries_year_flagship (year=? AND flagship=?)"},
		{"not flagship", report.ProjectFilter{Flagship: &no}, "SEARCH e USING INDEX plan_entries_year_flagship (year=? AND flagship=?)"},
		{"manager", report.ProjectFilter{UserID: manager}, "SEARCH user_projects USING COVERING INDEX"},
		{"one project", report.ProjectFilter{ID: id}, "(project_id=? AND year=?)"},
		{"sector and city", report.ProjectFilter{Sector: "综合交通", City: "跨设区市"}, "SEARCH e USING INDEX plan_entries_year_"},
		// No B-tree index serves these (LIKE '%…%', computed lights):
		// they filter the year's rows, found by index.
		{"tag", report.ProjectFilter{Tag: "省重点"}, "SEARCH e USING INDEX plan_entries_year_"},
		{"text", report.ProjectFilter{Q: "高铁"}, "SEARCH e USING INDEX plan_entries_year_"},
		{"light", report.ProjectFilter{Light: report.Red}, "SEARCH e USING INDEX plan_entries_year_"},
		{"lagging", report.ProjectFilter{Lagging: true}, "SEARCH e USING INDEX plan_entries_year_"},
		{"overrun", report.ProjectFilter{Overrun: true}, "SEARCH m USING COVERING INDEX milestones_project_first (project_id=?)"},
		{"delayed", report.ProjectFilter{Delayed: true}, "SEARCH f USING INDEX sqlite_autoindex_plan_entries_1 (project_id=? AND year<?)"},
	}
	for key := range report.SortFields() {
		cases = append(cases, struct {
			name string
			f    report.ProjectFilter
			want string
		}{"sort " + key, report.ProjectFilter{Sort: key, Desc: true}, "SEARCH e USING INDEX plan_entries_year_"})
	}
	for _, c := range cases {
		c.f.Year, c.f.Month = 2024, 6
		qs := st.During(func() {
			if _, err := rep.Projects(context.Background(), c.f); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		})
		if len(qs) != 1 {
			t.Fatalf("%s: %d statements, want one (the page with the view's sums)", c.name, len(qs))
		}
		if plans := checkPlans(t, s, c.name, qs); !strings.Contains(plans, c.want) {
			t.Errorf("%s: no %q in the plans:\n%s", c.name, c.want, plans)
		}
	}
}

// TestPageQueriesUseIndexes holds the other year-scoped reads of the
// pages to their indexes: the rollup's cube and month-by-month curve, the
// default report month, reports awaiting review and a city's audit trail.
func TestPageQueriesUseIndexes(t *testing.T) {
	s, id, _ := indexFixture(t)
	st := storetest.Record(t, s)
	rep := &report.Reporter{Store: s}
	ctx := context.Background()
	for _, c := range []struct {
		name string
		run  func() error
		want []string
	}{
		{"rollup", func() error { _, err := rep.Rollup(ctx, 2024, 6); return err },
			[]string{"SEARCH m USING COVERING INDEX monthly_reports_year_status_month (year=? AND status=? AND month<?)"}},
		{"default month", func() error { _, err := rep.LatestMonth(ctx, 2024); return err },
			[]string{"SEARCH m USING COVERING INDEX monthly_reports_year_status_month (year=? AND status=?)",
				"SEARCH p USING INDEX sqlite_autoindex_plan_entries_1 (project_id=? AND year=?)",
				"SEARCH plan_entries USING COVERING INDEX plan_entries_year_city (year=?)"}},
		{"pending reports", func() error { _, err := s.PendingReports(ctx, "南昌市"); return err },
			[]string{"SEARCH r USING INDEX monthly_reports_status_updated (status=?)"}},
		{"city audit", func() error { _, _, err := s.Audit(ctx, models.AuditFilter{City: "南昌市"}); return err },
			[]string{"SEARCH plan_entries USING COVERING INDEX plan_entries_city_project (city=?)"}},
		{"user audit", func() error { _, _, err := s.Audit(ctx, models.AuditFilter{Actor: "admin"}); return err },
			[]string{"SEARCH audit_entries USING INDEX audit_entries_actor (actor=?)"}},
		{"project history", func() error { _, err := s.ProjectHistory(ctx, id, 200); return err },
			[]string{"SEARCH milestones USING INDEX milestones_project_dates (project_id=?)"}},
	} {
		var err error
		qs := st.During(func() { err = c.run() })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		plans := checkPlans(t, s, c.name, qs)
		for _, w := range c.want {
			if !strings.Contains(plans, w) {
				t.Errorf("%s: no %q in the plans:\n%s", c.name, w, plans)
			}
		}
	}
}
