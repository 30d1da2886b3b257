package report_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"portfolio/bench/rollupdb"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// pgPlanSize is the portfolio the PostgreSQL plans are checked on: five
// years of monthly history, so a year's reports are a fifth of the table
// as in production, and enough rows (120,000 reports) that the planner
// weighs indexes against scans as it does on the national portfolio
// (docs/benchmarks.md, "National scale": the same plans at 300,000 × 60).
var pgPlanSize = rollupdb.Size{Projects: 2000, Months: 60}

// pgPlan is PostgreSQL's EXPLAIN of a statement, without costs.
func pgPlan(t *testing.T, s *models.Store, q storetest.Statement) string {
	t.Helper()
	rows, err := s.Read().Raw("EXPLAIN (COSTS OFF) "+q.SQL, q.Vars...).Rows()
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, q.SQL)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// pgReportScan is a plan step that reads the whole of monthly_reports:
// the table that grows by every project every month.
var pgReportScan = regexp.MustCompile(`Seq Scan on monthly_reports`)

// pgCurveScan is a month-by-month curve's read of the reports (aliased
// m): from either covering index alone, whichever the planner prefers
// (monthly_reports_year_status_month at this size, monthly_reports_rollup
// in parallel at 300,000 × 60).
var pgCurveScan = regexp.MustCompile(`Index Only Scan using monthly_reports_(rollup|year_status_month) on monthly_reports m\n`)

// pgPlanFixture fills a new schema with pgPlanSize's portfolio
// (statistics and visibility map made, as autovacuum keeps them).
func pgPlanFixture(t *testing.T) *models.Store {
	t.Helper()
	dsn := storetest.PostgresDSN(t)
	if err := rollupdb.FillPostgres(context.Background(), dsn, pgPlanSize); err != nil {
		t.Fatal(err)
	}
	return storetest.Open(t, dsn)
}

// pgPlans explains each statement, fails on a whole read of
// monthly_reports and returns the plans, joined.
func pgPlans(t *testing.T, s *models.Store, name string, qs []storetest.Statement) string {
	t.Helper()
	if len(qs) == 0 {
		t.Fatalf("%s: no statement recorded", name)
	}
	var all strings.Builder
	for _, q := range qs {
		plan := pgPlan(t, s, q)
		all.WriteString(plan)
		if pgReportScan.MatchString(plan) {
			t.Errorf("%s: reads the whole of monthly_reports:\n%s\n%s", name, plan, q.SQL)
		}
	}
	return all.String()
}

// TestRollupAndListUseIndexesOnPostgres is TestPageQueriesUseIndexes and
// TestProjectListFiltersUseIndexes on PostgreSQL: the rollup sums a
// year's approved reports from the covering indexes alone (an Index Only
// Scan), its curves likewise, no statement of the rollup or of the
// projects page reads the whole of monthly_reports, and the list's
// filters with an index of their own search plan_entries by it.
func TestRollupAndListUseIndexesOnPostgres(t *testing.T) {
	s := pgPlanFixture(t)
	st := storetest.Record(t, s)
	rep := &report.Reporter{Store: s}
	ctx := context.Background()
	year, month := pgPlanSize.Period()
	qs := st.During(func() {
		if _, err := rep.Rollup(ctx, year, month); err != nil {
			t.Fatal(err)
		}
	})
	plans := pgPlans(t, s, "rollup", qs)
	if !strings.Contains(plans, "Index Only Scan using monthly_reports_rollup on monthly_reports\n") {
		t.Errorf("rollup: the cube's sums do not read monthly_reports_rollup alone:\n%s", plans)
	}
	if n := len(pgCurveScan.FindAllString(plans, -1)); n != 2 {
		t.Errorf("rollup: %d of the 2 curves read a covering index alone:\n%s", n, plans)
	}
	cases := []struct {
		name string
		f    report.ProjectFilter
		want string // an index the plans must use
	}{
		{"year only", report.ProjectFilter{}, "monthly_reports_rollup"},
		{"sector", report.ProjectFilter{Sector: "能源"}, "plan_entries_year_sector"},
		{"city", report.ProjectFilter{City: "南昌市"}, "plan_entries_year_city"},
		{"stage", report.ProjectFilter{Stage: "new_start"}, "plan_entries_year_stage"},
		{"tag", report.ProjectFilter{Tag: rollupdb.ProvinceTag(7)}, "monthly_reports_rollup"},
		{"sort rate", report.ProjectFilter{Sort: "rate", Desc: true, Page: 20}, "monthly_reports_rollup"},
		{"sort total", report.ProjectFilter{Sort: "total", Desc: true, Page: 20}, "monthly_reports_rollup"},
	}
	for _, c := range cases {
		c.f.Year, c.f.Month = year, month
		qs := st.During(func() {
			if _, err := rep.Projects(ctx, c.f); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		})
		if len(qs) != 1 {
			t.Fatalf("%s: %d statements, want one (the page with the view's sums)", c.name, len(qs))
		}
		if plans := pgPlans(t, s, c.name, qs); !strings.Contains(plans, c.want) {
			t.Errorf("%s: %s not used:\n%s", c.name, c.want, plans)
		}
	}
}
