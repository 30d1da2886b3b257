package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/api"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// newServer serves the real router on a loopback port, with an admin
// signed in on srv.Client().
func newServer(t *testing.T, s *models.Store) *httptest.Server {
	t.Helper()
	h, err := api.New(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
		Staging: &importer.Staging{Dir: filepath.Join(t.TempDir(), "uploads")}, Log: slog.New(slog.DiscardHandler), MaxUploadBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	addUser(t, s, "admin", models.RoleAdmin, "")
	signIn(t, srv, srv.Client(), "admin")
	return srv
}

// addUser adds a user whose password is its name twice.
func addUser(t *testing.T, s *models.Store, name, role, city string) *models.User {
	t.Helper()
	u, err := s.AddUser(context.Background(), models.NewUser{Username: name, Password: name + name, Role: role, City: city}, models.Who{})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn signs a client in through the form; the client keeps the cookie.
func signIn(t *testing.T, srv *httptest.Server, c *http.Client, name string) {
	t.Helper()
	if c.Jar == nil {
		jar, _ := cookiejar.New(nil)
		c.Jar = jar
	}
	res, err := c.PostForm(srv.URL+"/login", url.Values{"username": {name}, "password": {name + name}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/login" {
		t.Fatalf("sign-in of %s: %d at %s", name, res.StatusCode, res.Request.URL)
	}
}

// clientFor is a new client signed in as name.
func clientFor(t *testing.T, srv *httptest.Server, name string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: srv.Client().Transport}
	signIn(t, srv, c, name)
	return c
}

func get(t *testing.T, srv *httptest.Server, url string) (int, string) {
	t.Helper()
	res, err := srv.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func seed(t *testing.T, s *models.Store) {
	t.Helper()
	im := &importer.Importer{Store: s}
	p := &importer.Parsed{Kind: importer.KindPlan, Year: 2024, Plans: []importer.PlanRow{
		{Sheet: "S", Row: 5, Name: "昌九高铁", Sector: "综合交通", City: "跨设区市", Stage: importer.StageContinuing, PlanYuan: 8_000_000_000},
		{Sheet: "S", Row: 6, Name: "<script>alert(1)</script>学校", Sector: "公共服务", City: "南昌市", Stage: importer.StageNewStart, PlanYuan: 1_000_000_000},
	}}
	if _, err := im.Apply(context.Background(), p, "x", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	done := int64(3_000_000_000)
	m := &importer.Parsed{Kind: importer.KindMonthly, Year: 2024, Month: 6, Monthly: []importer.MonthlyRow{{Sheet: "S", Row: 4, Name: "昌九高铁", YTDYuan: &done}}}
	if _, err := im.Apply(context.Background(), m, "y", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRollupJSONAndDashboardAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		srv := newServer(t, s)
		code, body := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=6")
		if code != http.StatusOK {
			t.Fatalf("rollup: %d %s", code, body)
		}
		var r report.Rollup
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		if r.PlanYuan != 9_000_000_000 || r.CompletedYuan != 3_000_000_000 || r.Projects != 2 || r.Month != 6 {
			t.Fatalf("rollup %+v", r)
		}
		code, page := get(t, srv, srv.URL+"/?year=2024&month=6")
		if code != http.StatusOK || !strings.Contains(page, "90.00") || !strings.Contains(page, "30.00") {
			t.Fatalf("dashboard %d: plan 90.00 亿元 and completed 30.00 亿元 missing\n%s", code, page)
		}
		// Defaults: the newest year and the newest month reported.
		_, body = get(t, srv, srv.URL+"/api/v1/rollup")
		if err := json.Unmarshal([]byte(body), &r); err != nil || r.Year != 2024 || r.Month != 6 {
			t.Fatalf("default period %d-%d %v", r.Year, r.Month, err)
		}
	})
}

func TestBadParametersAndUnknownPaths(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	for _, c := range []struct {
		path string
		code int
		json bool
	}{
		{"/api/v1/rollup?month=13", 400, true},
		{"/api/v1/rollup?year=abc", 400, true},
		{"/api/v1/nothing", 404, true},
		{"/nothing", 404, false},
		{"/?month=0", 400, false},
	} {
		code, body := get(t, srv, srv.URL+c.path)
		if code != c.code {
			t.Errorf("%s: %d, want %d", c.path, code, c.code)
		}
		if c.json {
			var e struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Errorf("%s: error body %q", c.path, body)
			}
		} else if !strings.Contains(body, "<html") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: page %q", c.path, body)
		}
	}
}

func TestEmptyDatabaseShowsHowToImport(t *testing.T) {
	srv := newServer(t, storetest.SQLite(t))
	code, page := get(t, srv, srv.URL+"/")
	if code != http.StatusOK || !strings.Contains(page, "还没有项目数据") || !strings.Contains(page, `href="/imports"`) || strings.Contains(page, "portfolio import") {
		t.Fatalf("%d %s", code, page)
	}
	code, body := get(t, srv, srv.URL+"/healthz")
	if code != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz %d %s", code, body)
	}
}

func TestProjectsRoutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		srv := newServer(t, s)
		code, body := get(t, srv, srv.URL+"/api/v1/projects?year=2024&month=6&sort=plan&desc=1")
		var page report.ProjectPage
		if err := json.Unmarshal([]byte(body), &page); err != nil || code != 200 || page.Total != 2 || page.Rows[0].Name != "昌九高铁" {
			t.Fatalf("%d %s", code, body)
		}
		code, body = get(t, srv, srv.URL+"/api/v1/projects?sector=公共服务")
		if err := json.Unmarshal([]byte(body), &page); err != nil || code != 200 || page.Total != 1 {
			t.Fatalf("sector filter: %d %s", code, body)
		}
		for _, bad := range []string{"sort=name%3B+DROP+TABLE+projects", "light=blue", "page=0", "flagship=maybe"} {
			if code, _ := get(t, srv, srv.URL+"/api/v1/projects?"+bad); code != 400 {
				t.Errorf("%s: %d, want 400", bad, code)
			}
		}
		code, html := get(t, srv, srv.URL+"/projects?year=2024&month=6")
		if code != 200 || !strings.Contains(html, "昌九高铁") || strings.Contains(html, "<script>alert(1)") || !strings.Contains(html, "&lt;script&gt;") {
			t.Fatalf("projects page %d (a name with markup must be escaped)", code)
		}
		id := page.Rows[0].ID
		code, body = get(t, srv, srv.URL+"/api/v1/projects/"+strconv.FormatInt(id, 10))
		if code != 200 || !strings.Contains(body, `"plan_entries"`) || !strings.Contains(body, `"audit"`) {
			t.Fatalf("project json %d %s", code, body)
		}
		if code, _ := get(t, srv, srv.URL+"/projects/"+strconv.FormatInt(id, 10)); code != 200 {
			t.Fatalf("project page %d", code)
		}
		for _, p := range []string{"/projects/999999", "/projects/abc", "/api/v1/projects/999999"} {
			if code, _ := get(t, srv, srv.URL+p); code != 404 {
				t.Errorf("%s: %d", p, code)
			}
		}
		res, err := srv.Client().Get(srv.URL + "/projects/export.xlsx?year=2024&month=6&sort=plan")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		f, err := excelize.OpenReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		code, csvBody := get(t, srv, srv.URL+"/projects/export.csv?year=2024&month=6&sort=plan")
		if code != 200 || !strings.HasPrefix(csvBody, "\uFEFF") || !strings.Contains(csvBody, "昌九高铁") {
			t.Fatalf("csv export %d", code)
		}
		// The workbook is the 调度表: markup in a name stays plain text.
		rows, _ := f.GetRows("调度表")
		names := map[string]bool{}
		for _, r := range rows[4:] {
			if len(r) > 1 {
				names[r[1]] = true
			}
		}
		if !names["<script>alert(1)</script>学校"] || !names["昌九高铁"] || !names["合计"] {
			t.Fatalf("export rows %q", rows)
		}
		// The same views under /api/v1, and a bad filter answered 400 in JSON.
		if code, body := get(t, srv, srv.URL+"/api/v1/export.csv?year=2024&month=6&city=%E5%8D%97%E6%98%8C%E5%B8%82"); code != 200 || !strings.HasPrefix(body, "\uFEFF") {
			t.Fatalf("api csv %d", code)
		}
		if code, body := get(t, srv, srv.URL+"/api/v1/export.xlsx?year=2024&month=6&light=blue"); code != 400 || !strings.Contains(body, `"bad_request"`) {
			t.Fatalf("api xlsx with a bad light: %d %s", code, body)
		}
		// The open-data package: the year's projects, names as plain strings.
		code, body = get(t, srv, srv.URL+"/api/v1/oc4ids?year=2024&month=6")
		if code != 200 || !strings.Contains(body, `"projects"`) || !strings.Contains(body, "昌九高铁") || strings.Contains(body, "<script>") {
			t.Fatalf("oc4ids %d %.300s", code, body)
		}
		if code, body := get(t, srv, srv.URL+"/api/v1/oc4ids?year=2031"); code != 404 || !strings.Contains(body, "2031年还没有项目清单") {
			t.Fatalf("oc4ids of a year without a list: %d %s", code, body)
		}
	})
}

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	srv := newServer(t, storetest.SQLite(t))
	for _, p := range []string{"/", "/projects", "/login", "/nothing", "/api/v1/rollup", "/static/style.css"} {
		res, err := srv.Client().Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self';") ||
			!strings.Contains(csp, "frame-ancestors 'none'") || res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, res.Header)
		}
	}
}

// TestFavicon: browsers asking for /favicon.ico are sent to the embedded
// icon, which every page names.
func TestFavicon(t *testing.T) {
	srv := newServer(t, storetest.SQLite(t))
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cl.Get(srv.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/static/favicon.svg" {
		t.Fatalf("/favicon.ico: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, err = http.Get(srv.URL + "/static/favicon.svg")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") || !bytes.Contains(body, []byte("<svg")) {
		t.Fatalf("favicon.svg: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	res, err = http.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(body, []byte(`<link rel="icon" href="/static/favicon.svg?v=`)) {
		t.Fatal("the login page names no icon")
	}
}
