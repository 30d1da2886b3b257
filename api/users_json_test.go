package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// jsonCall sends body (nil: none) as JSON and decodes the answer's object.
func jsonCall(t *testing.T, c *http.Client, method, u string, body any) (int, map[string]any) {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	code, raw := send(t, c, method, u, string(b))
	var out map[string]any
	_ = json.Unmarshal([]byte(raw), &out)
	return code, out
}

// signedIn is a new client signed in as name with password, or nil when
// the sign-in is refused.
func signedIn(t *testing.T, srv *httptest.Server, name, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: srv.Client().Transport}
	res, err := c.PostForm(srv.URL+"/login", url.Values{"username": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/login" {
		return nil
	}
	return c
}

// bearer is a client that sends token and no cookie.
func bearer(srv *httptest.Server, token string) *http.Client {
	return &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+token)
		return srv.Client().Transport.RoundTrip(r)
	})}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestUsersAPICycle: the admin creates a manager and a viewer, gives the
// manager a project and a token, lists them, revokes the token, resets
// the password and disables the account, all through /api/v1; each step
// does what the page's does (sessions end, the token stops working) and
// is audited as the admin's from the API.
func TestUsersAPICycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		srv := newServer(t, s)
		admin, base := srv.Client(), srv.URL+"/api/v1"

		code, u := jsonCall(t, admin, "POST", base+"/users", map[string]any{"username": "xinyu", "display_name": "新余项目单位",
			"password": "builder-2024", "role": "manager"})
		if code != http.StatusCreated || u["username"] != "xinyu" || u["role"] != "manager" || u["disabled"] != false {
			t.Fatalf("create: %d %v", code, u)
		}
		if _, leak := u["password_hash"]; leak {
			t.Fatalf("the hash is in the answer: %v", u)
		}
		if code, u = jsonCall(t, admin, "POST", base+"/users", map[string]any{"username": "leader2", "password": "leader-2024", "role": "viewer"}); code != 201 {
			t.Fatalf("create a viewer: %d %v", code, u)
		}
		code, body := jsonCall(t, admin, "POST", base+"/users", map[string]any{"username": "xinyu", "password": "builder-2024", "role": "viewer"})
		if msg, field := errorOf(body); code != http.StatusConflict || field != "username" || !strings.Contains(msg, "用户名已存在") {
			t.Fatalf("a duplicate: %d %v", code, body)
		}
		code, body = jsonCall(t, admin, "POST", base+"/users", map[string]any{"username": "ganzhou", "password": "ganzhou-2024", "role": "city"})
		if msg, field := errorOf(body); code != 422 || field != "city" || !strings.Contains(msg, "所属设区市") {
			t.Fatalf("a city account without a city: %d %v", code, body)
		}
		for _, c := range []struct{ role, city, says string }{
			{"city", "长沙市", "设区市应为以下之一"}, {"manager", "南昌市", "只有设区市账号"},
		} {
			code, body = jsonCall(t, admin, "POST", base+"/users", map[string]any{"username": "x" + c.role, "password": "password-2024", "role": c.role, "city": c.city})
			if msg, field := errorOf(body); code != 422 || field != "city" || !strings.Contains(msg, c.says) {
				t.Fatalf("a %s account in %s: %d %v", c.role, c.city, code, body)
			}
		}

		usersCycleProjects(t, srv)
		token := usersCycleTokens(t, srv, s)
		usersCycleSignIn(t, srv)

		// The list: every user, the manager's project and revoked token,
		// no hash of anything, not the token.
		code, raw := send(t, admin, "GET", base+"/users", "")
		if code != 200 || strings.Contains(raw, "argon2") || strings.Contains(raw, "hash") || strings.Contains(raw, token) {
			t.Fatalf("list: %d %.300s", code, raw)
		}
		var list struct {
			Users []struct {
				Username, Role string
				Disabled       bool
				Projects       []struct {
					ID   int64
					Name string
				}
				Tokens []struct {
					ID        int64
					Name      string
					RevokedAt *string `json:"revoked_at"`
				}
			}
		}
		if err := json.Unmarshal([]byte(raw), &list); err != nil || len(list.Users) != 3 {
			t.Fatalf("list: %v %.300s", err, raw)
		}
		x := list.Users[2] // admin, leader2, xinyu
		if x.Username != "xinyu" || !x.Disabled || len(x.Projects) != 1 || x.Projects[0].Name != "昌九高铁" ||
			len(x.Tokens) != 1 || x.Tokens[0].Name != "导入脚本" || x.Tokens[0].RevokedAt == nil {
			t.Fatalf("xinyu listed as %+v", x)
		}
		usersCycleAudit(t, s)
	})
}

// usersCycleProjects assigns 昌九高铁 to the manager by name, and is
// refused a viewer, an unknown project and an unknown user, as the page is.
func usersCycleProjects(t *testing.T, srv *httptest.Server) {
	t.Helper()
	admin, base := srv.Client(), srv.URL+"/api/v1/users/"
	code, p := jsonCall(t, admin, "POST", base+"xinyu/projects", map[string]any{"project": " 昌九高铁 "})
	if code != 200 || p["name"] != "昌九高铁" || p["id"] == nil {
		t.Fatalf("assign: %d %v", code, p)
	}
	for _, bad := range []struct {
		user, project string
		status        int
		field, says   string
	}{
		{"leader2", "昌九高铁", 422, "username", "只能给项目单位账号分配项目"},
		{"xinyu", "不存在的项目", 422, "project", "没有代码或名称为“不存在的项目”的项目"},
		{"xinyu", "", 422, "project", "请填写项目代码或项目名称"},
		{"nobody", "昌九高铁", 404, "", "没有这个用户"},
	} {
		code, body := jsonCall(t, admin, "POST", base+bad.user+"/projects", map[string]any{"project": bad.project})
		if msg, field := errorOf(body); code != bad.status || field != bad.field || !strings.Contains(msg, bad.says) {
			t.Errorf("assign %q to %s: %d %v", bad.project, bad.user, code, body)
		}
	}
	// The page refuses a viewer the same way (one step for both).
	if code, html := postForm(t, admin, srv.URL+"/admin/users/assign", url.Values{"username": {"leader2"}, "project": {"昌九高铁"}}); code != 422 ||
		!strings.Contains(html, "只能给项目单位账号分配项目") {
		t.Errorf("the page assigning to a viewer: %d", code)
	}
}

// usersCycleTokens makes a token for the manager, uses it, revokes it
// and returns it.
func usersCycleTokens(t *testing.T, srv *httptest.Server, s *models.Store) string {
	t.Helper()
	admin, base := srv.Client(), srv.URL+"/api/v1"
	code, tok := jsonCall(t, admin, "POST", base+"/users/xinyu/tokens", map[string]any{"name": "导入脚本"})
	token, _ := tok["token"].(string)
	if code != http.StatusCreated || !strings.HasPrefix(token, "pft_") || tok["name"] != "导入脚本" || tok["id"] == nil {
		t.Fatalf("token: %d %v", code, tok)
	}
	if code, _ := status(t, bearer(srv, token), "GET", base+"/projects"); code != 200 {
		t.Fatalf("the new token: %d", code)
	}
	if code, body := jsonCall(t, admin, "POST", base+"/users/nobody/tokens", map[string]any{"name": "x"}); code != 404 {
		t.Errorf("a token for nobody: %d %v", code, body)
	}
	id, _ := tok["id"].(float64)
	tid := strconv.FormatInt(int64(id), 10)
	if code, body := status(t, admin, "DELETE", base+"/tokens/"+tid); code != http.StatusNoContent || body != "" {
		t.Fatalf("revoke: %d %s", code, body)
	}
	if code, _ := status(t, bearer(srv, token), "GET", base+"/projects"); code != 401 {
		t.Fatalf("a revoked token: %d", code)
	}
	if code, body := jsonCall(t, admin, "DELETE", base+"/tokens/"+tid, nil); code != 404 {
		t.Errorf("revoked twice: %d %v", code, body)
	}
	if code, _ := jsonCall(t, admin, "DELETE", base+"/tokens/abc", nil); code != 400 {
		t.Errorf("a token id that is no number: %d", code)
	}
	return token
}

// usersCycleSignIn: a new password ends the manager's sessions and
// replaces the old one; disabling ends them and stops sign-in.
func usersCycleSignIn(t *testing.T, srv *httptest.Server) {
	t.Helper()
	admin, base := srv.Client(), srv.URL+"/api/v1/users/xinyu"
	mgr := signedIn(t, srv, "xinyu", "builder-2024")
	if mgr == nil {
		t.Fatal("the new manager cannot sign in")
	}
	if code, body := jsonCall(t, admin, "PUT", base+"/password", map[string]any{"password": "new-password-1"}); code != http.StatusNoContent {
		t.Fatalf("password: %d %v", code, body)
	}
	if code, _ := status(t, mgr, "GET", srv.URL+"/api/v1/projects"); code != 401 {
		t.Errorf("a session after the new password: %d", code)
	}
	if signedIn(t, srv, "xinyu", "builder-2024") != nil {
		t.Error("the old password still signs in")
	}
	if mgr = signedIn(t, srv, "xinyu", "new-password-1"); mgr == nil {
		t.Fatal("the new password does not sign in")
	}
	if code, body := jsonCall(t, admin, "PUT", srv.URL+"/api/v1/users/nobody/password", map[string]any{"password": "new-password-1"}); code != 404 {
		t.Errorf("nobody's password: %d %v", code, body)
	}
	code, u := jsonCall(t, admin, "POST", base+"/disable", nil)
	if code != 200 || u["disabled"] != true || u["username"] != "xinyu" {
		t.Fatalf("disable: %d %v", code, u)
	}
	if code, _ := status(t, mgr, "GET", srv.URL+"/api/v1/projects"); code != 401 {
		t.Errorf("a session after disabling: %d", code)
	}
	if signedIn(t, srv, "xinyu", "new-password-1") != nil {
		t.Error("a disabled user signs in")
	}
	if code, _ := jsonCall(t, admin, "POST", srv.URL+"/api/v1/users/nobody/disable", nil); code != 404 {
		t.Errorf("disabling nobody: %d", code)
	}
}

// usersCycleAudit: every change of the cycle is in the audit trail as
// the admin's, from the API, in order.
func usersCycleAudit(t *testing.T, s *models.Store) {
	t.Helper()
	var got []models.AuditEntry
	if err := s.DB().Where("source = ?", models.SourceAPI).Order("id").Find(&got).Error; err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range got {
		if e.Actor != "admin" {
			t.Errorf("audited as %q: %+v", e.Actor, e)
		}
		seen = append(seen, e.Entity+" "+e.Action)
	}
	want := []string{"users create", "users create", "user_projects create", "api_tokens create", "api_tokens revoke",
		"users update", "users update"}
	if strings.Join(seen, ", ") != strings.Join(want, ", ") {
		t.Fatalf("audited %v, want %v", seen, want)
	}
	if !strings.Contains(got[5].AfterJSON, `"username":"xinyu"`) || !strings.Contains(got[6].AfterJSON, `"disabled":true`) {
		t.Errorf("the updates audited as %s / %s", got[5].AfterJSON, got[6].AfterJSON)
	}
	if strings.Contains(got[5].AfterJSON, "argon2") || strings.Contains(got[5].BeforeJSON, "argon2") {
		t.Error("the audit holds a password hash")
	}
}

// usersRoutes is every /api/v1 user route with a body it would take.
var usersRoutes = []struct {
	method, path string
	body         any
}{
	{"GET", "/api/v1/users", nil},
	{"POST", "/api/v1/users", map[string]any{"username": "intruder", "password": "intruder-1", "role": "admin"}},
	{"POST", "/api/v1/users/admin/disable", nil},
	{"PUT", "/api/v1/users/admin/password", map[string]any{"password": "taken-over-1"}},
	{"POST", "/api/v1/users/builder/projects", map[string]any{"project": "昌九高铁"}},
	{"POST", "/api/v1/users/admin/tokens", map[string]any{"name": "mine now"}},
	{"DELETE", "/api/v1/tokens/1", nil},
}

// TestUsersAPIAdminsOnly: a city official, a manager and a viewer are
// refused (403) on every user route, and an anonymous caller asked to
// sign in (401); nothing changes.
func TestUsersAPIAdminsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		srv := newServer(t, s)
		addUser(t, s, "nanchang", models.RoleCity, "南昌市")
		addUser(t, s, "leader", models.RoleViewer, "")
		addUser(t, s, "builder", models.RoleManager, "")
		jar, _ := cookiejar.New(nil)
		clients := map[string]*http.Client{"city": clientFor(t, srv, "nanchang"), "manager": clientFor(t, srv, "builder"),
			"viewer": clientFor(t, srv, "leader"), "anon": {Jar: jar, Transport: srv.Client().Transport}}
		if code, tok := jsonCall(t, srv.Client(), "POST", srv.URL+"/api/v1/users/admin/tokens", map[string]any{"name": "admin's"}); code != 201 {
			t.Fatalf("the admin's token: %d %v", code, tok)
		}
		for role, c := range clients {
			want := http.StatusForbidden
			if role == "anon" {
				want = http.StatusUnauthorized
			}
			for _, r := range usersRoutes {
				if code, body := jsonCall(t, c, r.method, srv.URL+r.path, r.body); code != want {
					t.Errorf("%s %s as %s: %d, want %d (%v)", r.method, r.path, role, code, want, body)
				}
			}
		}
		var n int64
		s.DB().Model(&models.APIToken{}).Where("revoked_at IS NOT NULL").Count(&n)
		if _, err := s.UserByName(t.Context(), "intruder"); err == nil || n != 0 || signedIn(t, srv, "admin", "adminadmin") == nil {
			t.Fatalf("a refused call changed something (intruder: %v, revoked tokens %d)", err, n)
		}
	})
}

// TestUsersAPIBounds: a body over the limit is 413; a username, password
// or role out of bounds is 422 naming the field, in Chinese.
func TestUsersAPIBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		addUser(t, s, "builder", models.RoleManager, "")
		admin, base := srv.Client(), srv.URL+"/api/v1/users"
		huge := map[string]any{"username": "big", "password": "password-1", "role": "viewer", "display_name": strings.Repeat("大", 700_000)}
		if code, body := jsonCall(t, admin, "POST", base, huge); code != http.StatusRequestEntityTooLarge {
			t.Errorf("a 2 MB body: %d %v", code, body)
		}
		ok := map[string]any{"username": "someone", "password": "password-1", "role": "viewer"}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for a, b := range ok {
				m[a] = b
			}
			m[k] = v
			return m
		}
		for _, bad := range []struct {
			method, path string
			body         any
			status       int
			field, says  string
		}{
			{"POST", base, with("username", strings.Repeat("u", 300)), 422, "username", "用户名最长 64 个字符"},
			{"POST", base, with("username", "two words"), 422, "username", "用户名应为一个词"},
			{"POST", base, with("username", "CLI"), 422, "username", "保留给系统"},
			{"POST", base, with("password", "1234567"), 422, "password", "密码应为 8 到 256 个字符"},
			{"POST", base, with("role", "root"), 422, "role", "角色应为"},
			{"POST", base, with("display_name", strings.Repeat("名", 101)), 422, "display_name", "显示名称最长 100 个字符"},
			{"POST", base, with("role", 7), 400, "", "请求体应为 JSON"},
			{"PUT", base + "/builder/password", map[string]any{"password": "1234567"}, 422, "password", "密码应为 8 到 256 个字符"},
			{"POST", base + "/builder/tokens", map[string]any{"name": strings.Repeat("签", 101)}, 422, "name", "令牌说明最长 100 个字符"},
			{"POST", base + "/builder/projects", map[string]any{"project": strings.Repeat("项", 201)}, 422, "project", "不能超过 200 个字"},
		} {
			code, body := jsonCall(t, admin, bad.method, bad.path, bad.body)
			if msg, field := errorOf(body); code != bad.status || field != bad.field || !strings.Contains(msg, bad.says) {
				t.Errorf("%s %s: %d %v, want %d %s %q", bad.method, bad.path, code, body, bad.status, bad.field, bad.says)
			}
		}
		if _, err := s.UserByName(t.Context(), "someone"); err == nil {
			t.Error("a refused user was created")
		}
	})
}

// TestUsersAPIConcurrentCreate: twenty scripts creating the same account
// at once get one 201 and nineteen 409, and one user exists.
func TestUsersAPIConcurrentCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		codes := make(chan int, 20)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				b, _ := json.Marshal(map[string]any{"username": "pingxiang", "password": "pingxiang-1", "role": "city", "city": "萍乡市"})
				res, err := srv.Client().Post(srv.URL+"/api/v1/users", "application/json", strings.NewReader(string(b)))
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				codes <- res.StatusCode
			})
		}
		wg.Wait()
		close(codes)
		count := map[int]int{}
		for c := range codes {
			count[c]++
		}
		var n int64
		s.DB().Model(&models.User{}).Where("username = ?", "pingxiang").Count(&n)
		if count[201] != 1 || count[409] != 19 || n != 1 {
			t.Fatalf("answers %v, %d users", count, n)
		}
	})
}
