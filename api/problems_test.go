package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"portfolio/models"
	"portfolio/models/storetest"
)

// readAll reads and closes a response's body.
func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestProblemRulesThroughTheAPI(t *testing.T) {
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
		addUser(t, s, "ganzhou", models.RoleCity, "赣州市")
		addUser(t, s, "leader", models.RoleViewer, "")
		builder, nanchang, ganzhou, leader, admin := clientFor(t, srv, "builder"), clientFor(t, srv, "nanchang"), clientFor(t, srv, "ganzhou"), clientFor(t, srv, "leader"), srv.Client()
		raiseURL := func(id int64) string { return fmt.Sprintf("%s/api/v1/projects/%d/problems", srv.URL, id) }
		due := time.Now().AddDate(0, 0, -3).Format("2006-01-02") // already overdue
		land := map[string]any{"category": "用地", "description": "用地预审未批", "department": "自然资源部门", "due_on": due}

		// Who may raise where.
		for _, c := range []struct {
			who    *http.Client
			name   string
			id     int64
			level  string
			status int
		}{
			{builder, "manager, another project", rail, "", http.StatusForbidden},
			{builder, "manager, city level", school, "city", http.StatusForbidden},
			{leader, "viewer", school, "", http.StatusForbidden},
			{ganzhou, "another city", school, "", http.StatusForbidden},
			{nanchang, "city, province level", school, "province", http.StatusForbidden},
		} {
			body := map[string]any{"category": "资金", "description": "x", "level": c.level}
			if code, out := sendJSON(t, c.who, raiseURL(c.id), body); code != c.status {
				t.Errorf("%s: %d %v; want %d", c.name, code, out, c.status)
			}
		}
		code, out := sendJSON(t, builder, raiseURL(school), land)
		if code != http.StatusCreated || out["status"] != "open" || out["level"] != "county" || out["version"] != float64(1) {
			t.Fatalf("manager raises: %d %v", code, out)
		}
		pid := int64(out["id"].(float64))
		move := func(c *http.Client, action string, version int) (int, map[string]any) {
			return sendJSON(t, c, fmt.Sprintf("%s/api/v1/problems/%d/%s", srv.URL, pid, action), map[string]any{"version": version, "note": action + "：已协调"})
		}
		steps := []struct {
			who            *http.Client
			name, action   string
			version        int
			status         int
			wantSt, wantLv string
		}{
			{builder, "manager escalates", "escalate", 1, http.StatusForbidden, "", ""},
			{ganzhou, "another city starts", "start", 1, http.StatusForbidden, "", ""},
			{leader, "viewer starts", "start", 1, http.StatusForbidden, "", ""},
			{nanchang, "city starts", "start", 1, http.StatusOK, "in_progress", "county"},
			{nanchang, "stale escalate", "escalate", 1, http.StatusConflict, "", ""},
			{nanchang, "city escalates to city", "escalate", 2, http.StatusOK, "open", "city"},
			{builder, "manager resolves a city-level one", "resolve", 3, http.StatusForbidden, "", ""},
			{nanchang, "city escalates to province", "escalate", 3, http.StatusOK, "open", "province"},
			// A second click on a stale page (version 3, now at the
			// province's level) is a conflict, not a refusal; another
			// city's stale click is still refused.
			{nanchang, "stale escalate, now the province's", "escalate", 3, http.StatusConflict, "", ""},
			{ganzhou, "another city, stale", "escalate", 3, http.StatusForbidden, "", ""},
			{nanchang, "city resolves the province's", "resolve", 4, http.StatusForbidden, "", ""},
			{admin, "escalate past the province", "escalate", 4, http.StatusConflict, "", ""},
			{admin, "province resolves", "resolve", 4, http.StatusOK, "resolved", "province"},
			{admin, "province reopens", "reopen", 5, http.StatusOK, "open", "province"},
			{admin, "province closes", "close", 6, http.StatusOK, "closed", "province"},
		}
		for _, st := range steps {
			code, out := move(st.who, st.action, st.version)
			if code != st.status || (code == http.StatusOK && (out["status"] != st.wantSt || out["level"] != st.wantLv)) {
				t.Fatalf("%s: %d %v; want %d %s/%s", st.name, code, out, st.status, st.wantSt, st.wantLv)
			}
			if code == http.StatusConflict {
				msg, _ := out["error"].(map[string]any)["message"].(string)
				if !strings.Contains(msg, "这个问题") {
					t.Errorf("%s: message %q", st.name, msg)
				}
			}
		}
		// The history: raise and six changes, with who and the notes.
		res, err := admin.Get(fmt.Sprintf("%s/api/v1/problems/%d", srv.URL, pid))
		if err != nil {
			t.Fatal(err)
		}
		var detail struct {
			Events []models.ProblemEvent
		}
		decode(t, res, &detail)
		if len(detail.Events) != 7 || detail.Events[0].Actor != "builder" || detail.Events[2].Actor != "nanchang" || detail.Events[2].Note != "escalate：已协调" {
			t.Fatalf("history %+v", detail.Events)
		}
		// A manager resolves and reopens its own county-level problem.
		_, out = sendJSON(t, builder, raiseURL(school), map[string]any{"category": "资金", "description": "资本金未到位", "due_on": due})
		pid = int64(out["id"].(float64))
		if code, out := move(builder, "resolve", 1); code != http.StatusOK || out["status"] != "resolved" {
			t.Fatalf("manager resolves its own: %d %v", code, out)
		}
		if code, _ := move(builder, "reopen", 2); code != http.StatusOK {
			t.Fatalf("manager reopens its own: %d", code)
		}
		if code, _ := move(builder, "start", 3); code != http.StatusForbidden {
			t.Fatalf("manager starts: %d", code)
		}
		// Scoping and filters: the admin sees both, 赣州市 none, the
		// manager its project's, and overdue counts the open one only.
		for _, c := range []struct {
			who   *http.Client
			query string
			total float64
		}{
			{admin, "", 2}, {leader, "", 2}, {ganzhou, "", 0}, {nanchang, "", 2}, {builder, "", 2},
			{admin, "?overdue=1", 1}, {admin, "?status=closed", 1}, {admin, "?level=province", 1}, {admin, "?category=资金", 1},
			{admin, "?city=" + url.QueryEscape("南昌市"), 2}, {admin, "?city=" + url.QueryEscape("赣州市"), 0}, {admin, fmt.Sprintf("?project=%d", rail), 0},
		} {
			res, err := c.who.Get(srv.URL + "/api/v1/problems" + c.query)
			if err != nil {
				t.Fatal(err)
			}
			var list struct {
				Total float64
				Rows  []map[string]any
			}
			decode(t, res, &list)
			if list.Total != c.total || len(list.Rows) != int(c.total) {
				t.Errorf("problems%s: %v of %v; want %v", c.query, len(list.Rows), list.Total, c.total)
			}
		}
		for _, q := range []string{"?status=done", "?level=nation", "?category=天气", "?overdue=yes", "?city=北京市", "?page=0", "?per_page=5000", "?project=x"} {
			if code, body := get(t, srv, srv.URL+"/api/v1/problems"+q); code != http.StatusBadRequest {
				t.Errorf("problems%s: %d %.200s", q, code, body)
			}
		}
		if code, _ := get(t, srv, fmt.Sprintf("%s/api/v1/problems/%d", srv.URL, 999)); code != http.StatusNotFound {
			t.Errorf("a missing problem: %d", code)
		}
		res, err = ganzhou.Get(fmt.Sprintf("%s/api/v1/problems/%d", srv.URL, pid))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("another city's problem: %d", res.StatusCode)
		}
	})
}

func TestProblemRefusalsNameTheBound(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	var school int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
	u := fmt.Sprintf("%s/api/v1/projects/%d/problems", srv.URL, school)
	far := time.Now().AddDate(6, 0, 0).Format("2006-01-02")
	for _, c := range []struct {
		body        map[string]any
		field, want string
	}{
		{map[string]any{"category": "天气", "description": "x"}, "category", "问题类别应为"},
		{map[string]any{"category": "用地"}, "description", "请填写问题描述"},
		{map[string]any{"category": "用地", "description": strings.Repeat("问", 2001)}, "description", "2,000"},
		{map[string]any{"category": "用地", "description": "x", "department": strings.Repeat("部", 101)}, "department", "100"},
		{map[string]any{"category": "用地", "description": "x", "due_on": "2024-13-01"}, "due_on", "真实日期"},
		{map[string]any{"category": "用地", "description": "x", "due_on": far}, "due_on", "5 年"},
		{map[string]any{"category": "用地", "description": "x", "level": "nation"}, "level", "层级应为"},
	} {
		code, out := sendJSON(t, srv.Client(), u, c.body)
		e, _ := out["error"].(map[string]any)
		msg, _ := e["message"].(string)
		d, _ := e["details"].(map[string]any)
		if code != http.StatusUnprocessableEntity || d["field"] != c.field || !strings.Contains(msg, c.want) {
			t.Errorf("%v: %d %v; want 422 on %s saying %q", c.body, code, out, c.field, c.want)
		}
	}
	_, out := sendJSON(t, srv.Client(), u, map[string]any{"category": "用地", "description": "x"})
	pid := int64(out["id"].(float64))
	code, out := sendJSON(t, srv.Client(), fmt.Sprintf("%s/api/v1/problems/%d/start", srv.URL, pid), map[string]any{"version": 1, "note": strings.Repeat("注", 501)})
	if msg := fmt.Sprint(out["error"]); code != http.StatusUnprocessableEntity || !strings.Contains(msg, "500") {
		t.Errorf("a long note: %d %v", code, out)
	}
	if code := postJSON(t, srv.Client(), fmt.Sprintf("%s/api/v1/problems/%d/start", srv.URL, pid), "{"); code != http.StatusBadRequest {
		t.Errorf("a broken body: %d", code)
	}
	if code := postJSON(t, srv.Client(), fmt.Sprintf("%s/api/v1/projects/%d/problems", srv.URL, 9999), `{"category":"用地","description":"x"}`); code != http.StatusNotFound {
		t.Errorf("an unknown project: %d", code)
	}
}

// TestProblemPagesAndExport: the ledger page lists with its filters and
// the user's buttons, the export holds the same rows, the project page
// shows its problems, a form post moves one, and the dashboard counts them.
func TestProblemPagesAndExport(t *testing.T) {
	s, srv, school := schoolWithManager(t)
	builder := clientFor(t, srv, "builder")
	due := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	code, out := sendJSON(t, builder, fmt.Sprintf("%s/api/v1/projects/%d/problems", srv.URL, school), map[string]any{"category": "征迁", "description": "征迁<b>补偿</b>未落实", "due_on": due})
	if code != http.StatusCreated {
		t.Fatalf("raise: %d %v", code, out)
	}
	pid := int64(out["id"].(float64))
	code, page := get(t, srv, srv.URL+"/problems?overdue=1")
	if code != http.StatusOK || !strings.Contains(page, "征迁&lt;b&gt;补偿&lt;/b&gt;未落实") || !strings.Contains(page, `class="act-escalate"`) || !strings.Contains(page, "逾期") {
		t.Fatalf("problems page %d:\n%s", code, page)
	}
	// The viewer reads without buttons; the manager sees resolve only.
	addUser(t, s, "leader", models.RoleViewer, "")
	res, _ := clientFor(t, srv, "leader").Get(srv.URL + "/problems")
	body := readAll(t, res)
	if !strings.Contains(body, "征迁") || strings.Contains(body, "problem-action") {
		t.Errorf("viewer's page shows actions or misses the problem")
	}
	res, _ = builder.Get(fmt.Sprintf("%s/projects/%d", srv.URL, school))
	body = readAll(t, res)
	if !strings.Contains(body, `id="problems"`) || !strings.Contains(body, `class="act-resolve"`) || strings.Contains(body, `class="act-escalate"`) || !strings.Contains(body, `id="raise-problem"`) {
		t.Errorf("the manager's project page: section, resolve only, raise form\n%s", body)
	}
	// The dashboard's panel counts it.
	code, dash := get(t, srv, srv.URL+"/")
	if code != http.StatusOK || !strings.Contains(dash, `<strong id="problems-open">1</strong>`) || !strings.Contains(dash, `<strong id="problems-overdue">1</strong>`) {
		t.Fatalf("dashboard panel %d:\n%s", code, dash)
	}
	// A form post escalates it and goes back where it came from.
	res, err := srv.Client().PostForm(fmt.Sprintf("%s/problems/%d/escalate", srv.URL, pid), url.Values{"version": {"1"}, "note": {"请市里协调"}, "next": {"/problems?status=open"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.RequestURI() != "/problems?status=open" {
		t.Errorf("after the form: %s", res.Request.URL)
	}
	// The export: title, header, the row; the 级 moved to 市级.
	res, err = srv.Client().Get(srv.URL + "/problems/export.xlsx?category=" + url.QueryEscape("征迁"))
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte(readAll(t, res))
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("问题清单（征迁）")) {
		t.Errorf("export named %q", cd)
	}
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("问题清单")
	if err != nil || len(rows) != 3 || rows[0][0] != "问题清单（征迁）" || rows[1][4] != "问题描述" || rows[2][4] != "征迁<b>补偿</b>未落实" || rows[2][6] != "市级" || rows[2][7] != "待处理" || rows[2][9] != "逾期" {
		t.Fatalf("export rows %q %v", rows, err)
	}
	// Resolving it leaves the dashboard with none open.
	if code, out := sendJSON(t, srv.Client(), fmt.Sprintf("%s/api/v1/problems/%d/resolve", srv.URL, pid), map[string]any{"version": 2}); code != http.StatusOK {
		t.Fatalf("resolve: %d %v", code, out)
	}
	if _, dash = get(t, srv, srv.URL+"/"); !strings.Contains(dash, `<strong id="problems-open">0</strong>`) {
		t.Errorf("after resolving, the dashboard still counts it")
	}
}

// TestReportFormRaisesAProblem: 列入问题台账 on the report form makes the
// month's 存在问题 a problem tied to the report; a refused due date
// submits nothing and keeps what was typed.
func TestReportFormRaisesAProblem(t *testing.T) {
	s, srv, school := schoolWithManager(t)
	builder := clientFor(t, srv, "builder")
	form := fmt.Sprintf("%s/projects/%d/report", srv.URL, school)
	v := url.Values{"year": {"2024"}, "month": {"6"}, "version": {"0"}, "completed_wan": {"100"}, "progress": {"主体施工"},
		"problems": {"林地报批滞后"}, "ledger": {"1"}, "problem_category": {"用林"}, "problem_due_on": {"2024-02-30"}}
	res, err := builder.PostForm(form, v)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="ledger-error"`) || !strings.Contains(body, "林地报批滞后") {
		t.Fatalf("a bad due date: %d\n%s", res.StatusCode, body)
	}
	if rs, _, _ := s.Problems(t.Context(), models.ProblemFilter{}); len(rs) != 0 {
		t.Fatalf("a refused form raised %d problems", len(rs))
	}
	var reports int64
	s.DB().Raw("SELECT COUNT(*) FROM monthly_reports WHERE project_id = ? AND month = 6", school).Scan(&reports)
	if reports != 0 {
		t.Fatalf("a refused ledger part still submitted the report")
	}
	v.Set("problem_due_on", "2024-08-31")
	res, err = builder.PostForm(form, v)
	if err != nil {
		t.Fatal(err)
	}
	body = readAll(t, res)
	if !strings.Contains(body, `id="report-raised"`) {
		t.Fatalf("after submitting:\n%s", body)
	}
	rs, _, err := s.Problems(t.Context(), models.ProblemFilter{ProjectID: school})
	if err != nil || len(rs) != 1 || rs[0].Description != "林地报批滞后" || rs[0].Category != "用林" || rs[0].ReportID == nil || rs[0].Level != "county" {
		t.Fatalf("problems %+v %v", rs, err)
	}
}
