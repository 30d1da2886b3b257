package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

func status(t *testing.T, c *http.Client, method, u string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestRolesAgainstRoutes tries every role, and no sign-in, on each route
// and method, including a manager changing the id in the URL.
func TestRolesAgainstRoutes(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	addUser(t, s, "leader", models.RoleViewer, "")
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	var ids []int64
	s.DB().Raw("SELECT project_id FROM plan_entries ORDER BY project_id").Scan(&ids)
	if err := s.Assign(t.Context(), mgr.ID, ids[0], models.Who{}); err != nil {
		t.Fatal(err)
	}
	noRedirect := func(c *http.Client) *http.Client {
		return &http.Client{Jar: c.Jar, Transport: srv.Client().Transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	anonJar, _ := cookiejar.New(nil)
	clients := map[string]*http.Client{
		"admin":   noRedirect(srv.Client()),
		"city":    noRedirect(clientFor(t, srv, "nanchang")),
		"viewer":  noRedirect(clientFor(t, srv, "leader")),
		"manager": noRedirect(clientFor(t, srv, "builder")),
		"anon":    noRedirect(&http.Client{Jar: anonJar}),
	}
	own, other := strconv.FormatInt(ids[0], 10), strconv.FormatInt(ids[1], 10)
	for _, c := range []struct {
		method, path                       string
		admin, city, viewer, manager, anon int
	}{
		{"GET", "/", 200, 200, 200, 403, 303},
		{"GET", "/api/v1/rollup", 200, 200, 200, 403, 401},
		{"GET", "/projects", 200, 200, 200, 200, 303},
		{"GET", "/api/v1/projects", 200, 200, 200, 200, 401},
		{"GET", "/api/v1/projects/" + own, 200, 200, 200, 200, 401},
		{"GET", "/api/v1/projects/" + other, 200, 200, 200, 403, 401},
		{"GET", "/projects/" + other, 200, 200, 200, 403, 303},
		{"GET", "/projects/export.xlsx", 200, 200, 200, 200, 303},
		{"GET", "/api/v1/export.xlsx", 200, 200, 200, 200, 401},
		{"GET", "/api/v1/export.csv?light=red", 200, 200, 200, 200, 401},
		{"GET", "/api/v1/oc4ids", 200, 200, 200, 403, 401},
		{"GET", "/imports", 200, 200, 403, 403, 303},
		{"GET", "/api/v1/imports", 200, 200, 403, 403, 401},
		{"POST", "/api/v1/imports", 400, 400, 403, 403, 401},
		// Another user's batch is 404 for a city official, as on every batch route.
		{"POST", "/api/v1/imports/batches/1/revert", 409, 404, 403, 403, 401},
		{"GET", "/approvals", 200, 200, 403, 403, 303},
		{"GET", "/audit", 200, 200, 403, 403, 303},
		{"GET", "/api/v1/audit?batch=1", 200, 200, 403, 403, 401},
		{"GET", "/api/v1/reports/pending", 200, 200, 403, 403, 401},
		{"GET", "/projects/" + own + "/report?year=2024&month=6", 200, 403, 403, 200, 303},
		{"GET", "/projects/" + other + "/report?year=2024&month=6", 200, 200, 403, 403, 303},
		{"GET", "/admin/users", 200, 403, 403, 403, 303},
		{"POST", "/admin/users/add", 422, 403, 403, 403, 303},
		{"GET", "/admin/targets", 200, 403, 403, 403, 303},
		{"POST", "/admin/targets", 400, 403, 403, 403, 303},
		{"GET", "/api/v1/targets/2024", 200, 200, 200, 403, 401},
		{"PUT", "/api/v1/targets/2024", 400, 403, 403, 403, 401},
		{"DELETE", "/api/v1/targets/2030", 404, 403, 403, 403, 401},
		{"POST", "/api/v1/projects/" + own + "/reports", 400, 400, 403, 400, 401},
		{"POST", "/api/v1/projects/" + own + "/milestones", 400, 400, 403, 400, 401},
		{"POST", "/api/v1/reports/1/approve", 400, 400, 403, 403, 401},
		{"PUT", "/api/v1/projects/" + other + "/plan", 400, 400, 403, 403, 401},
		{"POST", "/projects/" + other + "/milestones", 422, 422, 403, 403, 303},
		{"GET", "/healthz", 200, 200, 200, 200, 200},
		{"GET", "/login", 200, 200, 200, 200, 200},
	} {
		for role, want := range map[string]int{"admin": c.admin, "city": c.city, "viewer": c.viewer, "manager": c.manager, "anon": c.anon} {
			if got, body := status(t, clients[role], c.method, srv.URL+c.path); got != want {
				t.Errorf("%s %s as %s: %d, want %d (%.120s)", c.method, c.path, role, got, want, body)
			}
		}
	}
	// The manager's list holds its own project only.
	_, body := status(t, clients["manager"], "GET", srv.URL+"/api/v1/projects")
	var page report.ProjectPage
	if err := json.Unmarshal([]byte(body), &page); err != nil || page.Total != 1 || page.Rows[0].ID != ids[0] {
		t.Fatalf("manager's list: %s", body)
	}
	// Refusals are in the audit trail.
	var n int64
	s.DB().Model(&models.AuditEntry{}).Where("action = 'refused' AND actor = 'builder'").Count(&n)
	if n == 0 {
		t.Fatal("the manager's refused attempts were not audited")
	}
}

func TestCityImportsItsOwnCityOnly(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	addUser(t, s, "jingdezhen", models.RoleCity, "景德镇市")
	// planBook holds a 跨设区市 railway and a 景德镇市 waterway.
	res := uploadAs(t, clientFor(t, srv, "jingdezhen"), srv.URL+"/api/v1/imports", "list.xlsx", planBook(t, 1000), nil)
	// The railway is another city's row: skipped and counted, not an error.
	var p struct {
		Applicable bool
		Files      []struct {
			Created          int
			SkippedOtherCity int `json:"skipped_other_city"`
			Errors           []struct{ Row int }
		}
	}
	decode(t, res, &p)
	if !p.Applicable || p.Files[0].Created != 1 || p.Files[0].SkippedOtherCity != 1 || len(p.Files[0].Errors) != 0 {
		t.Fatalf("%+v", p)
	}
}

func TestSignInSessionsAndLockout(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	addUser(t, s, "leader", models.RoleViewer, "")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: srv.Client().Transport}
	// A cookie planted before sign-in is not the session after it.
	u, _ := url.Parse(srv.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "portfolio_session", Value: "planted-by-attacker", Path: "/"}})
	signIn(t, srv, c, "leader")
	for _, ck := range jar.Cookies(u) {
		if ck.Value == "planted-by-attacker" {
			t.Fatal("session fixation: the planted cookie survived sign-in")
		}
	}
	cookie := jar.Cookies(u)[0]
	// Sign-out ends the session on the server: the old cookie is dead.
	res, err := c.Post(srv.URL+"/logout", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	stale, _ := cookiejar.New(nil)
	stale.SetCookies(u, []*http.Cookie{cookie})
	sc := &http.Client{Jar: stale, Transport: srv.Client().Transport}
	if code, _ := status(t, sc, "GET", srv.URL+"/api/v1/rollup"); code != 401 {
		t.Fatalf("a signed-out cookie still works: %d", code)
	}
	// Five wrong passwords lock the account, even for the right one.
	for i := 0; i < 5; i++ {
		res, _ := c.PostForm(srv.URL+"/login", url.Values{"username": {"leader"}, "password": {"wrong-password"}})
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Fatalf("wrong password %d: %d", i, res.StatusCode)
		}
	}
	res, _ = c.PostForm(srv.URL+"/login", url.Values{"username": {"leader"}, "password": {"leaderleader"}})
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("locked account: %d", res.StatusCode)
	}
	var n int64
	s.DB().Model(&models.AuditEntry{}).Where("action = 'login_failed'").Count(&n)
	if n != 5 {
		t.Fatalf("%d failed sign-ins audited, want 5", n)
	}
	// A redirect after sign-in stays on this site.
	res, _ = srv.Client().PostForm(srv.URL+"/login", url.Values{"username": {"admin"}, "password": {"adminadmin"}, "next": {"//evil.example/"}})
	res.Body.Close()
	if res.Request.URL.Host != u.Host {
		t.Fatalf("open redirect to %s", res.Request.URL)
	}
}

func TestPersonalAccessTokens(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	u := addUser(t, s, "robot", models.RoleViewer, "")
	token, tok, err := s.CreateToken(t.Context(), u.ID, "报表系统", models.Who{})
	if err != nil {
		t.Fatal(err)
	}
	bare := &http.Client{Transport: srv.Client().Transport}
	call := func(auth string) int {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/rollup", nil)
		req.Header.Set("Authorization", auth)
		res, err := bare.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := call("Bearer " + token); code != 200 {
		t.Fatalf("valid token: %d", code)
	}
	for _, bad := range []string{"Bearer pft_forged", "Basic cm9ib3Q6eA==", "Bearer "} {
		if code := call(bad); code != 401 {
			t.Errorf("%q: %d", bad, code)
		}
	}
	if err := s.RevokeToken(t.Context(), tok.ID, models.Who{}); err != nil {
		t.Fatal(err)
	}
	if code := call("Bearer " + token); code != 401 {
		t.Fatalf("revoked token: %d", code)
	}
	var stored string
	s.DB().Raw("SELECT token_hash FROM api_tokens").Scan(&stored)
	if strings.Contains(stored, strings.TrimPrefix(token, "pft_")) {
		t.Fatal("the token is stored in clear")
	}
}
