package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
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

// hostile is text an attacker would put in a workbook or a form.
const (
	hostileName    = `<script>alert(1)</script>学校`
	hostileOwner   = `<img src=x onerror=alert(2)>建设单位`
	hostileFormula = `=HYPERLINK("http://evil.example","点我")`
)

// attackStore is a list whose texts are hostile, with a report and a
// milestone so every page has something of it to show.
func attackStore(t *testing.T) (*models.Store, int64) {
	t.Helper()
	s := storetest.SQLite(t)
	im := &importer.Importer{Store: s}
	p := &importer.Parsed{Kind: importer.KindPlan, Year: 2024, Plans: []importer.PlanRow{
		{Sheet: "S", Row: 5, Name: hostileName, Owner: hostileOwner, Sector: "公共服务", City: "南昌市", Stage: importer.StageNewStart, PlanYuan: 1_000_000_000, Note: hostileFormula},
		{Sheet: "S", Row: 6, Name: hostileFormula, Owner: "@SUM(A1:A9)", Sector: "综合交通", City: "九江市", Stage: importer.StageContinuing, PlanYuan: 2_000_000_000},
	}}
	if _, err := im.Apply(context.Background(), p, "x", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	done := int64(300_000_000)
	m := &importer.Parsed{Kind: importer.KindMonthly, Year: 2024, Month: 6, Monthly: []importer.MonthlyRow{
		{Sheet: "S", Row: 4, Name: hostileName, YTDYuan: &done, Progress: `<b onmouseover=alert(3)>进展</b>`, Problems: hostileFormula}}}
	if _, err := im.Apply(context.Background(), m, "y", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := s.DB().Raw(`SELECT project_id FROM plan_entries WHERE name = ?`, hostileName).Scan(&id).Error; err != nil || id == 0 {
		t.Fatalf("project id %d %v", id, err)
	}
	return s, id
}

// getRoutes lists the router's GET routes with their parameters filled in.
func getRoutes(t *testing.T, s *models.Store, id int64) []string {
	t.Helper()
	routes, err := api.RouteTable(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
		Staging: &importer.Staging{Dir: t.TempDir()}, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer(":id", strconv.FormatInt(id, 10), ":rid", "1", ":batch", "1", "*file", "style.css")
	var out []string
	for _, r := range routes {
		if r.Method == http.MethodGet {
			out = append(out, fill.Replace(r.Path))
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d GET routes: %v", len(out), out)
	}
	return out
}

// TestHostileTextIsTextEverywhere renders every page and every export of
// a list whose names, owners and reports carry markup and formulas: no
// page carries it as markup, no export as a formula.
func TestHostileTextIsTextEverywhere(t *testing.T) {
	s, id := attackStore(t)
	srv := newServer(t, s)
	pages := 0
	for _, path := range getRoutes(t, s, id) {
		if strings.HasPrefix(path, "/imports/preview/") {
			path = strings.Replace(path, ":id", "0123456789abcdef0123456789abcdef", 1)
		}
		res, err := srv.Client().Get(srv.URL + path + "?year=2024&month=6")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		ctype := res.Header.Get("Content-Type")
		if !strings.HasPrefix(ctype, "text/html") && !strings.HasPrefix(ctype, "application/json") {
			continue // a download (csv, xlsx) is not rendered; its guard is checked below
		}
		for _, raw := range []string{"<script>alert", "<img src=x", "<b onmouseover"} {
			if bytes.Contains(body, []byte(raw)) {
				t.Errorf("%s (%s) carries %q as markup", path, ctype, raw)
			}
		}
		if strings.HasPrefix(ctype, "text/html") {
			pages++
		}
	}
	if pages < 10 {
		t.Fatalf("only %d HTML pages rendered", pages)
	}
	// The project page shows the text, escaped.
	_, html := get(t, srv, srv.URL+"/projects/"+strconv.FormatInt(id, 10)+"?year=2024&month=6")
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;学校") || !strings.Contains(html, "&lt;img src=x onerror=alert(2)&gt;") {
		t.Error("the project page does not show the hostile text as text")
	}
	// CSV: formulas guarded with a leading quote.
	_, csv := get(t, srv, srv.URL+"/projects/export.csv?year=2024&month=6")
	if !strings.Contains(csv, `"'=HYPERLINK(""http://evil.example"",""点我"")"`) || !strings.Contains(csv, "'@SUM(A1:A9)") {
		t.Errorf("csv does not guard formulas:\n%s", csv)
	}
	// xlsx: every cell holding user text is a string cell, never a formula.
	res, err := srv.Client().Get(srv.URL + "/projects/export.xlsx?year=2024&month=6")
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(report.ScheduleSheet)
	seen := 0
	for r, row := range rows {
		for c, v := range row {
			if v != hostileFormula && v != "@SUM(A1:A9)" {
				continue
			}
			seen++
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if f, _ := x.GetCellFormula(report.ScheduleSheet, cell); f != "" {
				t.Errorf("%s holds user text as the formula %q", cell, f)
			}
		}
	}
	if seen < 3 {
		t.Errorf("the hostile texts are not in the 调度表 (%d found)", seen)
	}
}

// TestCrossSitePostsRefused sends every state-changing route a request
// from another site with a signed-in cookie: each is refused and nothing
// is written.
func TestCrossSitePostsRefused(t *testing.T) {
	s, id := attackStore(t)
	srv := newServer(t, s)
	routes, err := api.RouteTable(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
		Staging: &importer.Staging{Dir: t.TempDir()}, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var audit0 int64
	s.DB().Model(&models.AuditEntry{}).Count(&audit0)
	fill := strings.NewReplacer(":id", strconv.FormatInt(id, 10), ":rid", "1", ":batch", "1", ":action", "add")
	tried := 0
	for _, r := range routes {
		if r.Method == http.MethodGet || r.Path == "/login" {
			continue
		}
		body := url.Values{"username": {"mallory"}, "password": {"mallory-password"}, "role": {"admin"}, "year": {"2024"},
			"month": {"6"}, "completed": {"1"}, "kind": {"开工"}, "planned_on": {"2024-07-01"}}.Encode()
		req, _ := http.NewRequest(r.Method, srv.URL+fill.Replace(r.Path), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site %s %s: %d, want 403", r.Method, r.Path, res.StatusCode)
		}
		tried++
	}
	if tried < 15 {
		t.Fatalf("only %d state-changing routes tried", tried)
	}
	var audit1, users int64
	s.DB().Model(&models.AuditEntry{}).Count(&audit1)
	s.DB().Model(&models.User{}).Where("username = 'mallory'").Count(&users)
	if audit1 != audit0 || users != 0 {
		t.Fatalf("cross-site requests wrote: %d audit entries, %d users", audit1-audit0, users)
	}
}

// TestSQLInParametersIsHarmless puts SQL into every filter, the sort and
// the search: each is answered as data (no rows, or 400 for an unknown
// sort), and the tables are untouched.
func TestSQLInParametersIsHarmless(t *testing.T) {
	s, _ := attackStore(t)
	srv := newServer(t, s)
	inject := []string{`' OR '1'='1`, `'; DROP TABLE projects; --`, `1) UNION SELECT username, password_hash FROM users --`, `%`, `_`}
	for _, param := range []string{"sector", "subsector", "city", "stage", "tag", "q"} {
		for _, v := range inject {
			for _, base := range []string{"/api/v1/projects", "/projects", "/api/v1/export.csv"} {
				code, body := get(t, srv, srv.URL+base+"?year=2024&month=6&"+param+"="+url.QueryEscape(v))
				if code != http.StatusOK {
					t.Errorf("%s %s=%q: %d", base, param, v, code)
				}
				if strings.Contains(body, "$argon2id$") {
					t.Fatalf("%s %s=%q leaked users", base, param, v)
				}
				if base == "/api/v1/projects" && !strings.Contains(body, `"total":0`) {
					t.Errorf("%s %s=%q matched rows: %.200s", base, param, v, body)
				}
			}
		}
	}
	for _, v := range []string{"name; DROP TABLE projects", "(SELECT 1)", "plan desc, 1"} {
		if code, _ := get(t, srv, srv.URL+"/api/v1/projects?sort="+url.QueryEscape(v)); code != http.StatusBadRequest {
			t.Errorf("sort=%q: %d, want 400", v, code)
		}
	}
	for _, v := range []string{"red' OR '1'='1", "1 OR 1=1"} {
		if code, _ := get(t, srv, srv.URL+"/api/v1/projects?light="+url.QueryEscape(v)); code != http.StatusBadRequest {
			t.Errorf("light=%q: %d, want 400", v, code)
		}
	}
	var n int64
	if err := s.DB().Model(&models.Project{}).Count(&n).Error; err != nil || n != 2 {
		t.Fatalf("projects after the attempts: %d %v", n, err)
	}
}

// TestProxyHeadersBelievedOnlyFromTrustedProxies: by default a client
// cannot choose the address logged and rate-limited by, nor claim TLS;
// behind a configured proxy both come from its headers.
func TestProxyHeadersBelievedOnlyFromTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proxies []string
		addr    string
		cookie  string
	}{
		{"no proxy trusted", nil, "127.0.0.1", "portfolio_session"},
		{"loopback proxy trusted", []string{"127.0.0.1"}, "203.0.113.9", "__Host-portfolio"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storetest.SQLite(t)
			h, err := api.New(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
				Staging: &importer.Staging{Dir: filepath.Join(t.TempDir(), "u")}, Log: slog.New(slog.DiscardHandler), TrustedProxies: tc.proxies})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			addUser(t, s, "opsuser", models.RoleAdmin, "")
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader("username=opsuser&password=opsuseropsuser"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
			req.Header.Set("X-Forwarded-Proto", "https")
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in: %d", res.StatusCode)
			}
			var got *http.Cookie
			for _, c := range res.Cookies() {
				got = c
			}
			if got == nil || got.Name != tc.cookie || got.Secure != (tc.cookie == "__Host-portfolio") {
				t.Errorf("cookie %+v, want %s", got, tc.cookie)
			}
			var e models.AuditEntry
			if err := s.DB().Where("action = 'login'").First(&e).Error; err != nil || e.RemoteAddr != tc.addr {
				t.Errorf("audit address %q, want %q (%v)", e.RemoteAddr, tc.addr, err)
			}
		})
	}
	s := storetest.SQLite(t)
	if _, err := api.New(api.Config{Store: s, Staging: &importer.Staging{Dir: t.TempDir()}, TrustedProxies: []string{"not-an-ip"}}); err == nil {
		t.Error("a bad trusted proxy was accepted")
	}
}

// TestSecurityHeadersOnEveryRoute checks the headers on every GET route
// the router has, signed in and not.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	s, id := attackStore(t)
	srv := newServer(t, s)
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range getRoutes(t, s, id) {
		for who, c := range map[string]*http.Client{"admin": srv.Client(), "anonymous": anon} {
			res, err := c.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			h := res.Header
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline' 'unsafe-eval") ||
				strings.Contains(strings.SplitN(csp, "script-src", 2)[1], "unsafe-inline;") ||
				!strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
				t.Errorf("%s as %s (%d): headers %v", path, who, res.StatusCode, fmt.Sprint(h))
			}
		}
	}
}
