package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"portfolio/api"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// queryData fills a store with a year's list of n projects, months of
// approved reports, three milestones each, a fifth of them with a report
// awaiting review, a manager assigned half of them, a city official and
// n/10 viewers with a token each. It returns the first project's id.
func queryData(t *testing.T, s *models.Store, n, months int) int64 {
	t.Helper()
	ctx := context.Background()
	im := &importer.Importer{Store: s}
	sectors, cities := report.SectorNames(), report.CityNames()
	stages := []string{importer.StageNewStart, importer.StageContinuing}
	var plans []importer.PlanRow
	for i := range n {
		plans = append(plans, importer.PlanRow{Sheet: "S", Row: 5 + i, Name: fmt.Sprintf("项目%03d", i), Owner: "建设单位" + strconv.Itoa(i%7),
			Sector: sectors[i%len(sectors)], Subsector: "子类" + strconv.Itoa(i%3), City: cities[i%len(cities)], County: "市本级", Stage: stages[i%2],
			TotalYuan: 50_000_000_000, PlanYuan: int64(1_000_000_000 + i*10_000_000), Flagship: i%5 == 0, Tags: []string{"省重点"}})
	}
	if _, err := im.Apply(ctx, &importer.Parsed{Kind: importer.KindPlan, Year: 2024, Plans: plans}, "plan", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= months; m++ {
		var rows []importer.MonthlyRow
		for i := range n {
			ytd := int64(m) * int64(50_000_000+i*1_000_000)
			rows = append(rows, importer.MonthlyRow{Sheet: "S", Row: 4 + i, Name: fmt.Sprintf("项目%03d", i), YTDYuan: &ytd, Progress: "进展"})
		}
		if _, err := im.Apply(ctx, &importer.Parsed{Kind: importer.KindMonthly, Year: 2024, Month: m, Monthly: rows}, "m"+strconv.Itoa(m), importer.Options{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	if err := s.DB().Raw("SELECT project_id FROM plan_entries WHERE year = 2024 ORDER BY project_id").Scan(&ids).Error; err != nil || len(ids) != n {
		t.Fatalf("%d projects: %v", len(ids), err)
	}
	who := models.Who{Actor: "admin", Source: models.SourceCLI}
	now := time.Date(2024, 12, 31, 12, 0, 0, 0, time.UTC)
	for i, id := range ids {
		for _, m := range []models.MilestoneInput{
			{ProjectID: id, Kind: "开工", PlannedOn: "2024-02-01", ReachedOn: "2024-02-10"},
			{ProjectID: id, Kind: "主体完工", PlannedOn: "2024-05-01"},
			{ProjectID: id, Kind: "竣工", PlannedOn: "2024-11-30"},
		} {
			if _, err := s.SaveMilestone(ctx, m, now, who); err != nil {
				t.Fatal(err)
			}
		}
		if i%5 == 0 {
			if _, err := s.SubmitReport(ctx, models.ReportInput{ProjectID: id, Year: 2024, Month: months + 1, CompletedYuan: 1_000_000}, now, who); err != nil {
				t.Fatal(err)
			}
		}
	}
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	for _, id := range ids[:max(1, n/2)] {
		if err := s.Assign(ctx, mgr.ID, id, who); err != nil {
			t.Fatal(err)
		}
	}
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	for i, id := range ids { // a problem a project, every other one escalated, with its history
		p, err := s.RaiseProblem(ctx, models.ProblemInput{ProjectID: id, Category: "用地", Description: "用地问题", DueOn: "2024-06-30"}, now, who)
		if err == nil && i%2 == 0 {
			_, err = s.MoveProblem(ctx, models.ProblemMove{ID: p.ID, Action: "escalate", Version: 1, Note: "上报"}, func(models.Problem) error { return nil }, now, who)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range max(1, n/10) {
		u := addUser(t, s, "viewer"+strconv.Itoa(i), models.RoleViewer, "")
		if _, _, err := s.CreateToken(ctx, u.ID, "报表", who); err != nil {
			t.Fatal(err)
		}
	}
	return ids[0]
}

// routeRun is one request of the query count: a path as a role.
type routeRun struct {
	role, path string
}

// queryRun serves a store of a given size and counts each route's
// statements.
type queryRun struct {
	s       *models.Store
	srv     *httptest.Server
	counter *storetest.Recorder
	clients map[string]*http.Client
	paths   map[routeRun]string // the route's path with parameters filled in
}

func newQueryRun(t *testing.T, s *models.Store, n, months int, routes []routeRun) *queryRun {
	t.Helper()
	id := queryData(t, s, n, months)
	srv := newServer(t, s)
	r := &queryRun{s: s, srv: srv, clients: map[string]*http.Client{"admin": srv.Client()}, paths: map[routeRun]string{}}
	r.clients["city"] = clientFor(t, srv, "nanchang")
	r.clients["manager"] = clientFor(t, srv, "builder")
	// An upload to preview, the same file for every size.
	res := upload(t, srv, srv.URL+"/api/v1/imports", "list.xlsx", planBook(t, 1000), nil)
	var up struct{ ID string }
	decode(t, res, &up)
	if up.ID == "" {
		t.Fatal("no staged upload")
	}
	fill := strings.NewReplacer(":id", strconv.FormatInt(id, 10), ":pid", "1", ":batch", "1", ":kind", "monthly", ":year", "2024", "*file", "style.css")
	for _, rr := range routes {
		p := rr.path
		if strings.Contains(p, "/preview") {
			p = strings.Replace(p, ":id", up.ID, 1)
		}
		p = fill.Replace(p)
		if strings.HasSuffix(p, "/report") {
			p += "?year=2024&month=" + strconv.Itoa(months)
		}
		if p == "/admin/users/disable" {
			p += "?username=admin"
		}
		if p == "/api/v1/rollup/counties" || p == "/county" {
			p += "?city=" + url.QueryEscape("南昌市") + "&county=" + url.QueryEscape("市本级")
		}
		r.paths[rr] = p
	}
	r.counter = storetest.Record(t, s)
	return r
}

// count requests a route and returns its status and statements. A
// session is marked seen at most once a minute; the test marks them all
// seen now before each request, so that write never lands in a count.
func (r *queryRun) count(t *testing.T, rr routeRun) (int, []string) {
	t.Helper()
	if err := r.s.DB().Exec("UPDATE sessions SET last_seen_at = ?", time.Now().UTC()).Error; err != nil {
		t.Fatal(err)
	}
	var code int
	stmts := r.counter.During(func() {
		res, err := r.clients[rr.role].Get(r.srv.URL + r.paths[rr])
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		code = res.StatusCode
	})
	texts := make([]string, len(stmts))
	for i, st := range stmts {
		texts[i] = st.Text()
	}
	return code, texts
}

// TestNoQueryGrowsWithTheData requests every GET route of the router (and
// the role-scoped variants of the lists) on a small store and on one
// twelve times its size, and counts the SQL statements each request runs:
// a count that grows with the data is an N+1, a query per row.
func TestNoQueryGrowsWithTheData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		table, err := api.RouteTable(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
			Staging: &importer.Staging{Dir: t.TempDir()}, Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		var routes []routeRun
		for _, r := range table {
			if r.Method == http.MethodGet {
				routes = append(routes, routeRun{"admin", r.Path})
			}
		}
		if len(routes) < 25 {
			t.Fatalf("only %d GET routes", len(routes))
		}
		// What a city official and a manager see is narrowed in SQL.
		for _, p := range []string{"/", "/projects", "/api/v1/projects", "/projects/export.csv", "/projects/export.xlsx",
			"/approvals", "/api/v1/reports/pending", "/audit", "/api/v1/audit", "/imports", "/api/v1/imports", "/problems", "/api/v1/problems"} {
			routes = append(routes, routeRun{"city", p})
		}
		for _, p := range []string{"/projects", "/api/v1/projects", "/projects/:id", "/api/v1/projects/:id", "/projects/:id/report", "/projects/export.csv", "/problems", "/api/v1/problems"} {
			routes = append(routes, routeRun{"manager", p})
		}
		// A filtered and sorted list.
		routes = append(routes, routeRun{"admin", "/projects?stage=new_start&flagship=1&sort=rate&desc=1&q=项目"},
			routeRun{"admin", "/api/v1/audit?user=admin&project=1"})

		small := newQueryRun(t, s, 5, 2, routes)
		other := storetest.SQLite
		if s.Dialect() == models.Postgres {
			other = storetest.Postgres
		}
		large := newQueryRun(t, other(t), 60, 6, routes)

		sort.Slice(routes, func(i, j int) bool {
			if routes[i].path != routes[j].path {
				return routes[i].path < routes[j].path
			}
			return routes[i].role < routes[j].role
		})
		var log strings.Builder
		fmt.Fprintf(&log, "statements per request (5 projects, 2 months → 60 projects, 6 months):\n")
		for _, rr := range routes {
			code1, q1 := small.count(t, rr)
			code2, q2 := large.count(t, rr)
			fmt.Fprintf(&log, "  %-8s %-52s %3d → %3d  (%d)\n", rr.role, rr.path, len(q1), len(q2), code2)
			if code1 != code2 || code1 >= 500 || (code1 >= 300 && rr.path != "/static/*file") {
				t.Errorf("%s as %s: status %d and %d", rr.path, rr.role, code1, code2)
			}
			if len(q2) != len(q1) {
				t.Errorf("%s as %s: %d statements on the small store, %d on the large one:\n  small: %s\n  large: %s",
					rr.path, rr.role, len(q1), len(q2), strings.Join(q1, "\n         "), strings.Join(q2, "\n         "))
			}
		}
		t.Log(log.String())
	})
}
