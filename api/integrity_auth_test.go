package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"portfolio/api"
	"portfolio/importer"
	"portfolio/internal/clustertest"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// handlerFor is the real router in process, for tests that must see
// exactly how much of a body it reads.
func handlerFor(t *testing.T, s *models.Store, cfg api.Config) http.Handler {
	t.Helper()
	cfg.Store, cfg.Reporter, cfg.Importer = s, &report.Reporter{Store: s}, &importer.Importer{Store: s}
	cfg.Staging = &importer.Staging{Dir: filepath.Join(t.TempDir(), "uploads")}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	h, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestSignInBurstGetsAtMostFiveChecks: 40 wrong passwords at once from one
// address to one account. On the old main every one was checked (40 401s)
// and the right password right after signed in.
func TestSignInBurstGetsAtMostFiveChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		addUser(t, s, "leader", models.RoleViewer, "")
		var checked, locked, other atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				c := &http.Client{Transport: srv.Client().Transport}
				res, err := c.PostForm(srv.URL+"/login", url.Values{"username": {"leader"}, "password": {"wrong-password"}})
				if err != nil {
					other.Add(1)
					return
				}
				res.Body.Close()
				switch res.StatusCode {
				case http.StatusUnauthorized: // the password was checked
					checked.Add(1)
				case http.StatusTooManyRequests:
					locked.Add(1)
				default:
					other.Add(1)
				}
			}()
		}
		close(start)
		wg.Wait()
		if checked.Load() > 5 || checked.Load()+locked.Load() != 40 || other.Load() != 0 {
			t.Fatalf("burst of 40: %d passwords checked (401), %d locked (429), %d other; want at most 5 checked, the rest locked",
				checked.Load(), locked.Load(), other.Load())
		}
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Transport: srv.Client().Transport}
		res, err := c.PostForm(srv.URL+"/login", url.Values{"username": {"leader"}, "password": {"leaderleader"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("right password after the burst: %d at %s, want 429 while locked", res.StatusCode, res.Request.URL.Path)
		}
		t.Logf("burst of 40: %d checked, %d locked", checked.Load(), locked.Load())
	})
}

// countingReader is a body of n bytes that counts what the server reads.
type countingReader struct {
	left, read int64
	fill       byte
	prefix     []byte
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > r.left {
		n = r.left
	}
	for i := range p[:n] {
		if off := r.read + int64(i); off < int64(len(r.prefix)) {
			p[i] = r.prefix[off]
		} else {
			p[i] = r.fill
		}
	}
	r.left -= n
	r.read += n
	return int(n), nil
}

// signedInCookie signs admin in through the handler and returns its cookie.
func signedInCookie(t *testing.T, h http.Handler, name string) *http.Cookie {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"username": {name}, "password": {name + name}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || len(rec.Result().Cookies()) == 0 {
		t.Fatalf("sign-in of %s: %d", name, rec.Code)
	}
	return rec.Result().Cookies()[0]
}

// TestHugeBodiesRefusedUnread: a 30 MB JSON body to a JSON route is 413
// and the server reads under 2 MiB of it, with and without a declared
// length; a 30 MB multipart POST to /login is refused unread. The old main
// decoded the JSON body whole and spooled /login's multipart to disk.
func TestHugeBodiesRefusedUnread(t *testing.T) {
	s := storetest.SQLite(t)
	addUser(t, s, "admin", models.RoleAdmin, "")
	h := handlerFor(t, s, api.Config{})
	ck := signedInCookie(t, h, "admin")
	const size = 30 << 20
	for _, c := range []struct {
		name, method, path, ctype string
		declared                  bool
		cookie                    bool
		want                      []int
	}{
		{"json declared", http.MethodPost, "/api/v1/projects/1/reports", "application/json", true, true, []int{413}},
		{"json chunked", http.MethodPost, "/api/v1/projects/1/reports", "application/json", false, true, []int{413}},
		{"plan json chunked", http.MethodPut, "/api/v1/projects/1/plan", "application/json", false, true, []int{413}},
		{"login multipart declared", http.MethodPost, "/login", "multipart/form-data; boundary=x", true, false, []int{413, 415}},
		{"login multipart chunked", http.MethodPost, "/login", "multipart/form-data; boundary=x", false, false, []int{415}},
		{"login urlencoded chunked", http.MethodPost, "/login", "application/x-www-form-urlencoded", false, false, []int{413}},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := &countingReader{left: size, fill: 'a', prefix: []byte(`{"year":2024,"month":6,"progress":"`)}
			if strings.HasPrefix(c.ctype, "multipart") {
				body.prefix = []byte("--x\r\nContent-Disposition: form-data; name=\"password\"; filename=\"f\"\r\n\r\n")
			}
			req := httptest.NewRequest(c.method, c.path, body)
			req.ContentLength = -1
			if c.declared {
				req.ContentLength = size
			}
			req.Header.Set("Content-Type", c.ctype)
			if c.cookie {
				req.AddCookie(ck)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			ok := false
			for _, w := range c.want {
				ok = ok || rec.Code == w
			}
			if !ok {
				t.Fatalf("%s %s: %d (%.200s), want %v", c.method, c.path, rec.Code, rec.Body.String(), c.want)
			}
			if body.read >= 2<<20 {
				t.Fatalf("the server read %d bytes of a refused 30 MB body, want < 2 MiB", body.read)
			}
			if rec.Code == 413 && !strings.Contains(rec.Body.String(), "上限") {
				t.Fatalf("413 without the bound named: %s", rec.Body.String())
			}
		})
	}
}

// TestBatchesOwnedByUserID: a batch is its maker's by user id. Another
// city official gets 404 on its JSON, its revert page and its revert;
// a batch whose actor name equals a user's name but was made by the CLI
// is not that user's. On the old main the other city read the batch (200)
// and ownership followed the name.
func TestBatchesOwnedByUserID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		nc := addUser(t, s, "nanchang", models.RoleCity, "南昌市")
		addUser(t, s, "ganzhou", models.RoleCity, "赣州市")
		ncC, gzC := clientFor(t, srv, "nanchang"), clientFor(t, srv, "ganzhou")
		book := sheetBytes(t, [][]any{{"2024年计划"}, {"单位：万元"}, {"序号", "项目名称", "建设地点", "建设性质", "总投资", "2024年计划投资"},
			{"一、综合交通"}, {1, "南昌东站", "南昌市东湖区", "新开工", 50000, 10000}})
		var p api.Preview
		decode(t, uploadAs(t, ncC, srv.URL+"/api/v1/imports", "南昌.xlsx", book, nil), &p)
		res, err := ncC.Post(srv.URL+"/api/v1/imports/previews/"+p.ID+"/apply", "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		var applied struct{ Files []importer.Result }
		decode(t, res, &applied)
		if len(applied.Files) != 1 || applied.Files[0].BatchID == 0 {
			t.Fatalf("apply: %+v", applied)
		}
		id := applied.Files[0].BatchID
		b, err := s.Batch(context.Background(), id)
		if err != nil || !b.OwnedBy(nc.ID) {
			t.Fatalf("web batch %d: %+v, %v; want user_id %d", id, b, err, nc.ID)
		}
		// A CLI batch carrying the same actor name is nobody's.
		cli, err := (&importer.Importer{Store: s}).Apply(context.Background(), &importer.Parsed{Kind: importer.KindPlan, Year: 2024,
			Plans: []importer.PlanRow{{Sheet: "S", Row: 5, Name: "南昌西站", City: "南昌市", Sector: "综合交通", Stage: importer.StageNewStart, PlanYuan: 1}}},
			"cli.xlsx", importer.Options{Who: models.Who{Actor: "nanchang", Source: models.SourceCLI}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		own, cliPath := "/api/v1/imports/batches/"+strconv.FormatInt(id, 10), "/api/v1/imports/batches/"+strconv.FormatInt(cli.BatchID, 10)
		for _, c := range []struct {
			who          *http.Client
			name, method string
			path         string
			want         int
		}{
			{ncC, "owner", "GET", own, 200},
			{srv.Client(), "admin", "GET", own, 200},
			{gzC, "other city", "GET", own, 404},
			{gzC, "other city", "GET", "/imports/batches/" + strconv.FormatInt(id, 10) + "/revert", 404},
			{gzC, "other city", "POST", own + "/revert", 404},
			{ncC, "same name, CLI batch", "GET", cliPath, 404},
			{ncC, "same name, CLI batch", "POST", cliPath + "/revert", 404},
		} {
			if got, body := status(t, c.who, c.method, srv.URL+c.path); got != c.want {
				t.Errorf("%s %s as %s: %d, want %d (%.120s)", c.method, c.path, c.name, got, c.want, body)
			}
		}
		var list struct{ Batches []models.ImportBatch }
		res, _ = ncC.Get(srv.URL + "/api/v1/imports")
		decode(t, res, &list)
		if len(list.Batches) != 1 || list.Batches[0].ID != id {
			t.Fatalf("nanchang's batch list: %+v, want only batch %d", list.Batches, id)
		}
		if b, _ := s.Batch(context.Background(), id); b.Status != models.BatchApplied {
			t.Fatalf("another city reverted the batch: %s", b.Status)
		}
	})
}

// TestSystemActorNamesReserved: no user may be called cli, demo or serve
// (the CLI's, the demo's and the server's names in audit and batches).
func TestSystemActorNamesReserved(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	for _, name := range []string{models.ActorCLI, models.ActorDemo, models.ActorServe, "CLI"} {
		_, err := s.AddUser(context.Background(), models.NewUser{Username: name, Password: "password1", Role: models.RoleViewer}, models.Who{})
		if err == nil {
			t.Fatalf("user %q was added", name)
		}
		res, err := srv.Client().PostForm(srv.URL+"/admin/users/add", url.Values{"username": {name}, "password": {"password1"}, "role": {models.RoleViewer}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "保留给系统") {
			t.Fatalf("admin page adding %q: %d, want 422 with the reason (%.200s)", name, res.StatusCode, b)
		}
	}
}

// TestRepeatedRefusalsCoalesced: 3,000 refused requests write a handful
// of audit rows, not 3,000 (the old main wrote one per refusal).
func TestRepeatedRefusalsCoalesced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		addUser(t, s, "leader", models.RoleViewer, "")
		c := clientFor(t, srv, "leader")
		for i := 0; i < 3000; i++ {
			if code, _ := status(t, c, "GET", srv.URL+"/api/v1/imports"); code != http.StatusForbidden {
				t.Fatalf("refusal %d: %d", i, code)
			}
		}
		var n int64
		if err := s.DB().Model(&models.AuditEntry{}).Where("action = 'refused'").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n < 1 || n > 3 {
			t.Fatalf("3,000 refusals wrote %d audit rows, want 1 to 3", n)
		}
	})
}

// blockingBody signals its first read, then blocks until released: an
// upload held inside the handler, after the gate.
type blockingBody struct {
	started, release chan struct{}
	once             sync.Once
}

func (b *blockingBody) Read(p []byte) (int, error) {
	b.once.Do(func() { close(b.started) })
	<-b.release
	return 0, io.ErrUnexpectedEOF
}

// TestImportsGated: with one import running and no queue, the next is
// answered 503 with Retry-After before its body is read; once the first
// ends, imports run again. The old main parsed every upload at once.
func TestImportsGated(t *testing.T) {
	s := storetest.SQLite(t)
	addUser(t, s, "admin", models.RoleAdmin, "")
	h := handlerFor(t, s, api.Config{MaxImports: 1, ImportQueue: -1, MaxUploadBytes: 1 << 20})
	ck := signedInCookie(t, h, "admin")
	send := func(body io.Reader, ctype string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/imports", body)
		req.Header.Set("Content-Type", ctype)
		req.AddCookie(ck)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	book := func() (io.Reader, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "b.xlsx")
		fw.Write(planBook(t, 1))
		mw.Close()
		return &buf, mw.FormDataContentType()
	}
	held := &blockingBody{started: make(chan struct{}), release: make(chan struct{})}
	done := make(chan int, 1)
	go func() { done <- send(held, "multipart/form-data; boundary=x").Code }()
	<-held.started
	body, ctype := book()
	rec := send(body, ctype)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "导入繁忙") {
		t.Fatalf("second import while one runs: %d, Retry-After %q (%.200s); want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
	close(held.release)
	if code := <-done; code < 400 || code >= 500 {
		t.Fatalf("first (broken) upload: %d, want a 4xx", code)
	}
	body, ctype = book()
	if rec := send(body, ctype); rec.Code != http.StatusCreated {
		t.Fatalf("import after the slot freed: %d (%.200s)", rec.Code, rec.Body.String())
	}
}

// TestAuditAndSessionWriteFailuresSurface: an audit row that cannot be
// written is logged (the old main dropped the error), and a sign-in whose
// session cannot be written is 503, not 500 and not a session.
func TestAuditAndSessionWriteFailuresSurface(t *testing.T) {
	s := storetest.SQLite(t)
	addUser(t, s, "leader", models.RoleViewer, "")
	var logs clustertest.SyncBuffer
	h := handlerFor(t, s, api.Config{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	login := func(password string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"username": {"leader"}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if err := s.DB().Exec("ALTER TABLE audit_entries RENAME TO audit_gone").Error; err != nil {
		t.Fatal(err)
	}
	if rec := login("wrong-password"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("wrong password with no audit table: %d", rec.Code)
	}
	if !strings.Contains(logs.String(), "audit write failed") || !strings.Contains(logs.String(), "login_failed") {
		t.Fatalf("a failed audit write was not logged:\n%s", logs.String())
	}
	if err := s.DB().Exec("ALTER TABLE audit_gone RENAME TO audit_entries").Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Exec("ALTER TABLE sessions RENAME TO sessions_gone").Error; err != nil {
		t.Fatal(err)
	}
	rec := login("leaderleader")
	if rec.Code != http.StatusServiceUnavailable || len(rec.Result().Cookies()) != 0 {
		t.Fatalf("sign-in that cannot write its session: %d, cookies %v; want 503 and none", rec.Code, rec.Result().Cookies())
	}
	if !strings.Contains(logs.String(), "create session") {
		t.Fatalf("the session failure was not logged:\n%s", logs.String())
	}
	fmt.Fprint(io.Discard, rec.Body.String())
}
