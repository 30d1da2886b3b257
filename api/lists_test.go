package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
	"portfolio/report"
)

// seeded is a SQLite store with seed's two projects.
func seeded(t *testing.T) *models.Store {
	t.Helper()
	s := storetest.SQLite(t)
	seed(t, s)
	return s
}

// addMonth imports a month's 1–N月 figure of one project.
func addMonth(t *testing.T, s *models.Store, name string, month int, ytdYuan int64) {
	t.Helper()
	m := &importer.Parsed{Kind: importer.KindMonthly, Year: 2024, Month: month, Monthly: []importer.MonthlyRow{{Sheet: "S", Row: 4, Name: name, YTDYuan: &ytdYuan}}}
	if _, err := (&importer.Importer{Store: s}).Apply(context.Background(), m, "m", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
}

// noRedirect is the admin's client (srv.Client's cookies) that stops at
// a redirect, to read where a save sends the browser.
func noRedirect(srv *httptest.Server) *http.Client {
	return &http.Client{Jar: srv.Client().Jar, Transport: srv.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// listPage reads GET /api/v1/projects with the query q.
func listPage(t *testing.T, c *http.Client, base, q string) report.ProjectPage {
	t.Helper()
	res, err := c.Get(base + "/api/v1/projects?" + q)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p report.ProjectPage
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil || res.StatusCode != 200 {
		t.Fatalf("%s: %d %v", q, res.StatusCode, err)
	}
	return p
}

// allRows reads every page of a view, 13 rows at a time.
func allRows(t *testing.T, c *http.Client, base, q string) []report.ProjectRow {
	t.Helper()
	var rows []report.ProjectRow
	for page := 1; ; page++ {
		p := listPage(t, c, base, q+"&per_page=13&page="+strconv.Itoa(page))
		rows = append(rows, p.Rows...)
		if page >= p.Pages {
			return rows
		}
	}
}

// TestProjectListTotalsNumbersAndPages: the totals are the sums of the
// whole filtered view (summed here from every page's rows and from the
// plan entries in SQL), 序号 continues across pages, a page past the last
// is refused naming the last, and the page shows the 合计 row and the jump.
func TestProjectListTotalsNumbersAndPages(t *testing.T) {
	s := demoStore(t)
	srv := newServer(t, s)
	c := srv.Client()
	const view = "year=2024&month=9&city=%E5%8D%97%E6%98%8C%E5%B8%82&sort=rate"
	p := listPage(t, c, srv.URL, view+"&per_page=7&page=2")
	if p.Total < 15 || len(p.Rows) != 7 || p.Rows[0].No != 8 || p.Rows[6].No != 14 {
		t.Fatalf("page 2 of 7: total %d, %d rows, 序号 %d..", p.Total, len(p.Rows), p.Rows[0].No)
	}
	var sum report.ProjectSums
	rows := allRows(t, c, srv.URL, view)
	for i, r := range rows {
		if r.No != i+1 {
			t.Fatalf("row %d has 序号 %d", i+1, r.No)
		}
		sum.TotalYuan += r.TotalYuan
		sum.PlanYuan += r.PlanYuan
		sum.CompletedYuan += r.CompletedYuan
		sum.BeforeYuan += r.BeforeYuan
	}
	if len(rows) != p.Total || p.Sums.TotalYuan != sum.TotalYuan || p.Sums.PlanYuan != sum.PlanYuan ||
		p.Sums.CompletedYuan != sum.CompletedYuan || p.Sums.BeforeYuan != sum.BeforeYuan {
		t.Fatalf("totals %+v, the rows sum to %+v (%d rows of %d)", p.Sums, sum, len(rows), p.Total)
	}
	var inSQL struct{ Total, Plan int64 }
	s.DB().Raw(`SELECT SUM(total_investment_yuan) AS total, SUM(annual_plan_yuan) AS plan FROM plan_entries WHERE year = 2024 AND city = ?`, "南昌市").Scan(&inSQL)
	if inSQL.Total != p.Sums.TotalYuan || inSQL.Plan != p.Sums.PlanYuan {
		t.Fatalf("totals %+v, the plan entries sum to %+v", p.Sums, inSQL)
	}

	last := strconv.Itoa(p.Pages)
	if code, body := get(t, srv, srv.URL+"/api/v1/projects?"+view+"&per_page=7&page="+last); code != 200 || !strings.Contains(body, `"no":`+strconv.Itoa((p.Pages-1)*7+1)) {
		t.Fatalf("last page %s: %d", last, code)
	}
	for _, bad := range []struct{ q, says string }{
		{"per_page=7&page=" + strconv.Itoa(p.Pages+1), fmt.Sprintf("page 参数应为 1 到 %d 之间的整数（共 %d 页）", p.Pages, p.Pages)},
		{"page=0", "page 参数应为 1 到 1000000 之间的整数"},
		{"page=99999999999999999999", "page 参数应为 1 到 1000000 之间的整数"},
		{"per_page=501", "per_page 参数应为 1 到 500 之间的整数"},
		{"q=" + strings.Repeat("高", 101), "q 参数最长 100 个字符"},
		{"tag=" + strings.Repeat("x", 101), "tag 参数最长 100 个字符"},
	} {
		for _, base := range []string{"/api/v1/projects?", "/projects?"} {
			if code, body := get(t, srv, srv.URL+base+view+"&"+bad.q); code != 400 || !strings.Contains(body, bad.says) {
				t.Errorf("%s%s: %d, want 400 saying %q", base, bad.q, code, bad.says)
			}
		}
	}
	// Page 1 of an empty view is a page, not a refusal.
	if code, body := get(t, srv, srv.URL+"/api/v1/projects?q=no-such-project&page=1"); code != 200 || !strings.Contains(body, `"total":0`) {
		t.Fatalf("empty view: %d %s", code, body)
	}

	code, html := get(t, srv, srv.URL+"/projects?"+view+"&per_page=7&page=2")
	for _, want := range []string{`id="total-row"`, "<td>合计</td>", province.Wan(p.Sums.PlanYuan), province.Wan(p.Sums.CompletedYuan),
		`id="page-jump"`, `max="` + last + `"`, `<td class="num">8</td>`, "2024年重大项目清单（南昌市）"} {
		if code != 200 || !strings.Contains(html, want) {
			t.Errorf("projects page %d lacks %q", code, want)
		}
	}
}

// TestNoPlanSortsLast: sorted by plan, completed, rate or light, the
// projects without a plan come after every planned one, in both directions.
func TestNoPlanSortsLast(t *testing.T) {
	s := demoStore(t)
	srv := newServer(t, s)
	// Make sure a few projects of the year have no plan.
	if err := s.DB().Exec(`UPDATE plan_entries SET annual_plan_yuan = 0 WHERE year = 2024 AND id IN
		(SELECT id FROM plan_entries WHERE year = 2024 ORDER BY id LIMIT 4)`).Error; err != nil {
		t.Fatal(err)
	}
	for _, key := range report.NoPlanLastSorts() {
		for _, desc := range []string{"0", "1"} {
			rows := allRows(t, srv.Client(), srv.URL, "year=2024&month=9&sort="+key+"&desc="+desc)
			first := -1
			for i, r := range rows {
				if r.PlanYuan == 0 && first < 0 {
					first = i
				}
				if r.PlanYuan > 0 && first >= 0 {
					t.Fatalf("sort=%s desc=%s: a planned project (row %d) after one without a plan (row %d)", key, desc, i+1, first+1)
				}
			}
			if first < 0 || first == 0 {
				t.Fatalf("sort=%s desc=%s: projects without a plan at row %d", key, desc, first+1)
			}
			if key == "plan" {
				for i := 1; i < first; i++ {
					if a, b := rows[i-1].PlanYuan, rows[i].PlanYuan; (desc == "0" && a > b) || (desc == "1" && a < b) {
						t.Fatalf("sort=plan desc=%s: %d before %d", desc, a, b)
					}
				}
			}
		}
	}
}

// TestFilteredExportNamesTheFilter: the file name (RFC 5987 filename*)
// and the workbook's title say the year and the filter.
func TestFilteredExportNamesTheFilter(t *testing.T) {
	s := demoStore(t)
	srv := newServer(t, s)
	attrChars := regexp.MustCompile("^[A-Za-z0-9!#$&+.^_`|~%-]+$")
	for _, c := range []struct{ path, q, name, title string }{
		{"/api/v1/export.xlsx", "city=南昌市&sector=综合交通&light=red", "2024-南昌市-综合交通-红灯.xlsx", "2024年1-9月省大中型项目调度表（南昌市·综合交通·红灯）"},
		{"/projects/export.xlsx", "", "2024-全部项目.xlsx", "2024年1-9月省大中型项目调度表"},
		{"/projects/export.csv", "city=南昌市&stage=new_start", "2024-南昌市-新开工.csv", ""},
		{"/api/v1/export.csv", "q=a/b:c", "2024-含“a_b_c”.csv", ""},
	} {
		u := srv.URL + c.path + "?year=2024&month=9"
		if c.q != "" {
			v, _ := url.ParseQuery(c.q)
			u += "&" + v.Encode()
		}
		res, err := srv.Client().Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		cd := res.Header.Get("Content-Disposition")
		_, enc, ok := strings.Cut(cd, "filename*=UTF-8''")
		name, _ := url.PathUnescape(enc)
		if res.StatusCode != 200 || !ok || name != c.name || !attrChars.MatchString(enc) || !strings.Contains(cd, `filename="projects-2024.`) {
			t.Errorf("%s?%s: %d, Content-Disposition %q (name %q, want %q)", c.path, c.q, res.StatusCode, cd, name, c.name)
			continue
		}
		if c.title == "" {
			continue
		}
		f, err := excelize.OpenReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		if title, _ := f.GetCellValue(report.ScheduleSheet, "A1"); title != c.title {
			t.Errorf("%s?%s: title %q, want %q", c.path, c.q, title, c.title)
		}
		f.Close()
	}
}

// TestAuditShowsNamesAndRefusedRoutes: the audit page and its JSON name
// the project of an entry and the route a refusal was for.
func TestAuditShowsNamesAndRefusedRoutes(t *testing.T) {
	s := seeded(t)
	srv := newServer(t, s)
	addUser(t, s, "builder", models.RoleManager, "")
	res, err := clientFor(t, srv, "builder").Get(srv.URL + "/admin/users")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("a manager at /admin/users: %d", res.StatusCode)
	}
	_, body := get(t, srv, srv.URL+"/api/v1/audit")
	var page struct {
		Entries []struct {
			Action, Entity, Route, Why string
			ProjectName                string `json:"project_name"`
			ProjectID                  *int64 `json:"project_id"`
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	var named, refused int
	for _, e := range page.Entries {
		if e.ProjectID != nil {
			if e.ProjectName != "昌九高铁" && e.ProjectName != "<script>alert(1)</script>学校" {
				t.Errorf("entry of project %d named %q", *e.ProjectID, e.ProjectName)
			}
			named++
		}
		if e.Action == "refused" {
			if e.Route != "GET /admin/users" || e.Why != "角色无权访问" {
				t.Errorf("refusal route %q why %q", e.Route, e.Why)
			}
			refused++
		}
	}
	if named == 0 || refused != 1 {
		t.Fatalf("%d entries with a project, %d refusals: %s", named, refused, body)
	}
	code, html := get(t, srv, srv.URL+"/audit")
	for _, want := range []string{">昌九高铁</a>", "GET /admin/users", "角色无权访问", "&lt;script&gt;alert(1)&lt;/script&gt;学校"} {
		if code != 200 || !strings.Contains(html, want) {
			t.Errorf("audit page %d lacks %q", code, want)
		}
	}
}

// TestDisableAsksFirst: disabling a user is a confirmation page first;
// only the confirmed post disables.
func TestDisableAsksFirst(t *testing.T) {
	s := seeded(t)
	srv := newServer(t, s)
	addUser(t, s, "builder", models.RoleManager, "")
	disabled := func() bool {
		u, err := s.UserByName(t.Context(), "builder")
		if err != nil {
			t.Fatal(err)
		}
		return u.Disabled
	}
	code, html := get(t, srv, srv.URL+"/admin/users")
	if code != 200 || !strings.Contains(html, `<form method="get" action="/admin/users/disable">`) {
		t.Fatalf("admin page %d: the 停用 button should ask first", code)
	}
	code, html = get(t, srv, srv.URL+"/admin/users/disable?username=builder")
	if code != 200 || !strings.Contains(html, "确定要停用用户 <strong>builder</strong>") || !strings.Contains(html, `name="confirm" value="1"`) || disabled() {
		t.Fatalf("confirm page %d, disabled %v", code, disabled())
	}
	if code, _ := get(t, srv, srv.URL+"/admin/users/disable?username=nobody"); code != 404 {
		t.Fatalf("confirm page of nobody: %d", code)
	}
	res, err := srv.Client().PostForm(srv.URL+"/admin/users/disable", url.Values{"username": {"builder"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "确认停用") || disabled() {
		t.Fatalf("an unconfirmed post: %d, disabled %v", res.StatusCode, disabled())
	}
	res, err = srv.Client().PostForm(srv.URL+"/admin/users/disable", url.Values{"username": {"builder"}, "confirm": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "已停用 builder") || !disabled() {
		t.Fatalf("the confirmed post: %d, disabled %v", res.StatusCode, disabled())
	}
	addUser(t, s, "leader", models.RoleViewer, "")
	res, _ = clientFor(t, srv, "leader").Get(srv.URL + "/admin/users/disable?username=admin")
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("a viewer at the confirm page: %d", res.StatusCode)
	}
}

// TestAssignByCodeOrName: the admin picks a manager's project by its code
// or its exact name; the page lists the assigned projects by name.
func TestAssignByCodeOrName(t *testing.T) {
	s := demoStore(t)
	srv := newServer(t, s)
	addUser(t, s, "builder", models.RoleManager, "")
	var p struct {
		ID         int64
		Code, Name string
	}
	s.DB().Raw(`SELECT id, code, name FROM projects WHERE code IS NOT NULL ORDER BY id LIMIT 1 OFFSET 5`).Scan(&p)
	var other struct {
		ID   int64
		Name string
	}
	s.DB().Raw(`SELECT id, name FROM projects WHERE name IN (SELECT name FROM projects GROUP BY name HAVING COUNT(*) = 1) AND id <> ? ORDER BY id LIMIT 1`, p.ID).Scan(&other)
	for _, key := range []string{strings.ToLower(p.Code), other.Name} {
		res, err := srv.Client().PostForm(srv.URL+"/admin/users/assign", url.Values{"username": {"builder"}, "project": {" " + key + " "}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), "已将项目“") {
			t.Fatalf("assign %q: %d", key, res.StatusCode)
		}
	}
	u, _ := s.UserByName(t.Context(), "builder")
	for _, id := range []int64{p.ID, other.ID} {
		if ok, _ := s.Assigned(t.Context(), u.ID, id); !ok {
			t.Fatalf("project %d not assigned", id)
		}
	}
	_, html := get(t, srv, srv.URL+"/admin/users")
	for _, want := range []string{`<a href="/projects/` + strconv.FormatInt(p.ID, 10) + `">` + p.Name + `</a>`, p.Code, `list="project-suggest"`, `<script src="/static/admin.js?v=`} {
		if !strings.Contains(html, want) {
			t.Errorf("admin page lacks %q", want)
		}
	}
}

// TestProjectPageHistoryWordsAndFlash: monthly reports newest first, the
// history in words, the light reason in words, a confirmation after a save.
func TestProjectPageHistoryWordsAndFlash(t *testing.T) {
	s := seeded(t)
	srv := newServer(t, s)
	var rail int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '跨设区市'").Scan(&rail)
	id := strconv.FormatInt(rail, 10)
	addMonth(t, s, "昌九高铁", 7, 3_500_000_000)
	code, body := get(t, srv, srv.URL+"/api/v1/projects/"+id+"?year=2024&month=6")
	var d struct {
		History      models.ProjectHistory `json:"history"`
		LightReasons []string              `json:"light_reasons"`
		Changes      []report.Change       `json:"changes"`
	}
	if err := json.Unmarshal([]byte(body), &d); err != nil || code != 200 || len(d.History.Reports) != 2 || d.History.Reports[0].Month != 7 {
		t.Fatalf("%d: reports %+v", code, d.History.Reports)
	}
	if want := "完成率 37.5%，落后时序进度 12.5 个百分点，超过 10 个百分点为红灯"; len(d.LightReasons) == 0 || d.LightReasons[0] != want {
		t.Fatalf("light reasons %q, want %q first", d.LightReasons, want)
	}
	if _, html := get(t, srv, srv.URL+"/projects/"+id+"?year=2024&month=6"); !strings.Contains(html, "<li>完成率 37.5%，落后时序进度 12.5 个百分点，超过 10 个百分点为红灯</li>") {
		t.Error("the page's light reason is not in words")
	}
	res, err := noRedirect(srv).PostForm(srv.URL+"/projects/"+id+"/plan", url.Values{"year": {"2024"}, "version": {strconv.Itoa(d.History.Plans[0].Version)},
		"owner": {"江西铁投"}, "stage": {"continuing"}, "total_wan": {"0"}, "before_wan": {"0"}, "plan_wan": {"900000"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "saved=plan") {
		t.Fatalf("plan save: %d to %q", res.StatusCode, loc)
	}
	code, html := get(t, srv, srv.URL+loc)
	for _, want := range []string{`<p class="notice" id="saved" role="status">已保存年度计划</p>`,
		"<strong>2024年计划</strong> 年度计划投资 800,000.00 万元 → 900,000.00 万元；建设单位 （空） → 江西铁投",
		"<strong>2024年7月月报</strong> 完成投资 50,000.00 万元",
		"<strong>2024年6月月报</strong> 完成投资 300,000.00 万元"} {
		if code != 200 || !strings.Contains(html, want) {
			t.Errorf("project page %d lacks %q", code, want)
		}
	}
	if strings.Index(html, "<td>2024年7月</td>") > strings.Index(html, "<td>2024年6月</td>") {
		t.Error("July's report should come before June's")
	}
	if _, html := get(t, srv, srv.URL+"/projects/"+id+"?saved=%3Cscript%3E"); strings.Contains(html, `id="saved"`) {
		t.Error("an unknown saved= shows a message")
	}
	res, err = noRedirect(srv).PostForm(srv.URL+"/projects/"+id+"/milestones", url.Values{"kind": {"开工"}, "planned_on": {"2024-03-01"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "saved=milestone") {
		t.Fatalf("milestone save: %d to %q", res.StatusCode, loc)
	}
	if _, html := get(t, srv, srv.URL+"/projects/"+id+"?saved=milestone"); !strings.Contains(html, "已保存里程碑") || !strings.Contains(html, "<strong>里程碑“开工”</strong> 计划日期 2024-03-01") {
		t.Error("milestone flash or history words missing")
	}
}
