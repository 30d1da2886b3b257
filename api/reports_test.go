package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

func sendJSON(t *testing.T, c *http.Client, url string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := c.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out
}

// TestManagerReportsCityApproves: a manager reports a month for its own
// project, a city officer of another city may not approve it, its own
// city's officer does, and only then the dashboard counts it.
func TestManagerReportsCityApproves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		srv := newServer(t, s)
		var school, rail int64
		s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
		s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '跨设区市'").Scan(&rail)
		mgr := addUser(t, s, "builder", models.RoleManager, "")
		if err := s.Assign(t.Context(), mgr.ID, school, models.Who{}); err != nil {
			t.Fatal(err)
		}
		addUser(t, s, "nanchang", models.RoleCity, "南昌市")
		addUser(t, s, "jiujiang", models.RoleCity, "九江市")
		m, nc, jj := clientFor(t, srv, "builder"), clientFor(t, srv, "nanchang"), clientFor(t, srv, "jiujiang")
		reports := func(id int64) string { return srv.URL + "/api/v1/projects/" + strconv.FormatInt(id, 10) + "/reports" }

		if code, _ := sendJSON(t, m, reports(rail), map[string]any{"year": 2024, "month": 6, "completed_yuan": 1}); code != 403 {
			t.Fatalf("manager on another project: %d", code)
		}
		if code, body := sendJSON(t, m, reports(school), map[string]any{"year": 2024, "month": 6, "completed_yuan": -5}); code != 422 || body["error"] == nil {
			t.Fatalf("negative amount: %d %v", code, body)
		}
		code, body := sendJSON(t, m, reports(school), map[string]any{"year": 2024, "month": 6, "completed_yuan": 200_000_000, "progress": "主体施工"})
		if code != 201 || body["status"] != models.ReportSubmitted {
			t.Fatalf("submit: %d %v", code, body)
		}
		id := strconv.FormatInt(int64(body["id"].(float64)), 10)
		before := planCompleted(t, srv)
		if code, _ := sendJSON(t, m, reports(school), map[string]any{"year": 2024, "month": 6, "completed_yuan": 1, "version": 1}); code != 409 {
			t.Fatalf("editing a submitted report: %d", code)
		}
		if code, _ := sendJSON(t, jj, srv.URL+"/api/v1/reports/"+id+"/approve", map[string]any{"version": 1}); code != 403 {
			t.Fatalf("another city approving: %d", code)
		}
		if code, _ := sendJSON(t, nc, srv.URL+"/api/v1/reports/"+id+"/approve", map[string]any{"version": 7}); code != 409 {
			t.Fatalf("approving a stale version: %d", code)
		}
		if code, body := sendJSON(t, nc, srv.URL+"/api/v1/reports/"+id+"/approve", map[string]any{"version": 1}); code != 200 || body["status"] != models.ReportApproved {
			t.Fatalf("approve: %d %v", code, body)
		}
		if after := planCompleted(t, srv); after != before+200_000_000 {
			t.Fatalf("dashboard completed %d → %d, want +200,000,000", before, after)
		}
	})
}

// planCompleted is the 2024 January–June completion the rollup API shows.
func planCompleted(t *testing.T, srv *httptest.Server) int64 {
	t.Helper()
	_, body := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=6")
	var r report.Rollup
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	return r.CompletedYuan
}

func TestMilestoneAPI(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	var school, rail int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '跨设区市'").Scan(&rail)
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	if err := s.Assign(t.Context(), mgr.ID, school, models.Who{}); err != nil {
		t.Fatal(err)
	}
	m := clientFor(t, srv, "builder")
	url := func(id int64) string {
		return srv.URL + "/api/v1/projects/" + strconv.FormatInt(id, 10) + "/milestones"
	}
	if code, _ := sendJSON(t, m, url(rail), map[string]any{"kind": "开工", "planned_on": "2024-03-01"}); code != 403 {
		t.Fatalf("another project: %d", code)
	}
	code, body := sendJSON(t, m, url(school), map[string]any{"kind": "开工", "planned_on": "2024-03-01"})
	if code != 200 || body["version"] != float64(1) {
		t.Fatalf("add: %d %v", code, body)
	}
	id := body["id"]
	if code, _ := sendJSON(t, m, url(school), map[string]any{"id": id, "kind": "开工", "planned_on": "2024-03-01", "reached_on": "2024-03-05", "version": 1}); code != 200 {
		t.Fatalf("reach: %d", code)
	}
	if code, body := sendJSON(t, m, url(school), map[string]any{"id": id, "kind": "开工", "planned_on": "2024-04-01", "version": 1}); code != 409 || body["error"] == nil {
		t.Fatalf("stale edit: %d %v", code, body)
	}
	if code, _ := sendJSON(t, m, url(school), map[string]any{"kind": "开工", "planned_on": "next week"}); code != 422 {
		t.Fatalf("bad date: %d", code)
	}
	if code, page := get(t, srv, srv.URL+"/projects/"+strconv.FormatInt(school, 10)); code != 200 || !bytes.Contains([]byte(page), []byte("2024-03-05")) {
		t.Fatalf("project page %d", code)
	}
}

func TestAuditFilters(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s) // batch 1: two projects (跨设区市, 南昌市); batch 2: a report of the railway
	srv := newServer(t, s)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	var all struct {
		Total   int64
		Entries []models.AuditEntry
	}
	_, body := get(t, srv, srv.URL+"/api/v1/audit?batch=1")
	if err := json.Unmarshal([]byte(body), &all); err != nil || all.Total != 4 {
		t.Fatalf("batch 1 as admin: %s", body)
	}
	res, err := clientFor(t, srv, "nanchang").Get(srv.URL + "/api/v1/audit")
	if err != nil {
		t.Fatal(err)
	}
	var city struct{ Total int64 }
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if err := json.Unmarshal(raw, &city); err != nil || city.Total != 2 {
		t.Fatalf("the 南昌市 official sees %s; want its one project's 2 entries", raw)
	}
	for _, bad := range []string{"project=x", "from=2024/1/1"} {
		if code, _ := get(t, srv, srv.URL+"/api/v1/audit?"+bad); code != 400 {
			t.Errorf("%s: %d", bad, code)
		}
	}
	if code, page := get(t, srv, srv.URL+"/audit?user=&batch=2"); code != 200 || !bytes.Contains([]byte(page), []byte("月度填报")) {
		t.Fatalf("audit page %d", code)
	}
}

func TestAdminUsersPage(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	post := func(action string, form url.Values) (int, string) {
		res, err := srv.Client().PostForm(srv.URL+"/admin/users/"+action, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := post("add", url.Values{"username": {"builder"}, "password": {"builder-2024"}, "role": {"manager"}}); code != 200 {
		t.Fatalf("add: %d", code)
	}
	if code, body := post("add", url.Values{"username": {"builder"}, "password": {"builder-2024"}, "role": {"manager"}}); code != 409 || !strings.Contains(body, "用户名已存在") {
		t.Fatalf("duplicate: %d", code)
	}
	if code, body := post("add", url.Values{"username": {"x"}, "password": {"short"}, "role": {"viewer"}}); code != 422 || !strings.Contains(body, "8") {
		t.Fatalf("short password: %d", code)
	}
	for _, bad := range []struct {
		action string
		form   url.Values
		code   int
		says   string
	}{
		{"add", url.Values{"username": {"two words"}, "password": {"builder-2024"}, "role": {"manager"}}, 422, "用户名应为一个词"},
		{"add", url.Values{"username": {strings.Repeat("长", models.MaxUsername+1)}, "password": {"builder-2024"}, "role": {"manager"}}, 422, "用户名最长 64 个字符"},
		{"add", url.Values{"username": {"someone"}, "password": {"builder-2024"}, "role": {"root"}}, 422, "角色应为"},
		{"add", url.Values{"username": {"someone"}, "password": {"builder-2024"}, "role": {"city"}}, 422, "所属设区市"},
		{"add", url.Values{"username": {"someone"}, "password": {strings.Repeat("p", models.MaxPassword+1)}, "role": {"viewer"}}, 422, "密码应为 8 到 256 个字符"},
		{"assign", url.Values{"username": {"builder"}, "project": {"999999"}}, 422, "没有代码或名称为“999999”的项目"},
		{"assign", url.Values{"username": {"builder"}, "project": {""}}, 422, "请填写项目代码或项目名称"},
		{"assign", url.Values{"username": {"builder"}, "project": {strings.Repeat("项", models.MaxProjectKey+1)}}, 422, "项目代码或名称不能超过 200 个字"},
		{"assign", url.Values{"username": {"nobody"}, "project": {"昌九高铁"}}, 404, "没有这个用户或令牌"},
		{"token", url.Values{"username": {"builder"}, "label": {strings.Repeat("签", models.MaxTokenLabel+1)}}, 422, "令牌说明最长 100 个字符"},
		{"revoke", url.Values{"token_id": {"424242"}}, 404, "没有这个用户或令牌"},
	} {
		if code, body := post(bad.action, bad.form); code != bad.code || !strings.Contains(body, bad.says) {
			t.Errorf("%s %v: %d, want %d saying %q", bad.action, bad.form, code, bad.code, bad.says)
		}
	}
	if code, body := post("assign", url.Values{"username": {"builder"}, "project": {"<script>alert(1)</script>学校"}}); code != 200 || !strings.Contains(body, "已将项目") {
		t.Fatalf("assign by name: %d", code)
	}
	code, body := post("token", url.Values{"username": {"builder"}, "label": {"接口"}})
	if code != 200 || !strings.Contains(body, "pft_") {
		t.Fatalf("token: %d", code)
	}
	if ok, _ := s.Assigned(t.Context(), 2, 2); !ok {
		t.Fatal("project 2 not assigned to builder")
	}
	if code, _ := post("disable", url.Values{"username": {"builder"}, "confirm": {"1"}}); code != 200 {
		t.Fatalf("disable: %d", code)
	}
	if code, _ := post("nothing", nil); code != 404 {
		t.Fatalf("unknown action: %d", code)
	}
	addUser(t, s, "leader", models.RoleViewer, "")
	res, _ := clientFor(t, srv, "leader").PostForm(srv.URL+"/admin/users/add", url.Values{"username": {"evil"}, "password": {"evil-evil"}, "role": {"admin"}})
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("a viewer adding an admin: %d", res.StatusCode)
	}
}

func TestPlanEditAPI(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	var school, rail int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '跨设区市'").Scan(&rail)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	nc := clientFor(t, srv, "nanchang")
	put := func(c *http.Client, id int64, body map[string]any) (int, map[string]any) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPut, srv.URL+"/api/v1/projects/"+strconv.FormatInt(id, 10)+"/plan", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	edit := map[string]any{"year": 2024, "stage": "new_start", "total_investment_yuan": 2_000_000_000, "completed_before_yuan": 0, "annual_plan_yuan": 1_100_000_000, "version": 1}
	if code, _ := put(nc, rail, edit); code != 403 {
		t.Fatalf("another city's project: %d", code)
	}
	if code, body := put(nc, school, edit); code != 200 || body["version"] != float64(2) {
		t.Fatalf("edit: %d %v", code, body)
	}
	if code, body := put(nc, school, edit); code != 409 || body["error"] == nil {
		t.Fatalf("stale edit: %d %v", code, body)
	}
	edit["version"], edit["annual_plan_yuan"] = 2, 3_000_000_000
	if code, _ := put(nc, school, edit); code != 422 {
		t.Fatalf("plan above total: %d", code)
	}
	if got := planTotal(t, srv); got != 9_100_000_000 {
		t.Fatalf("plan total after the edit %d", got)
	}
}
