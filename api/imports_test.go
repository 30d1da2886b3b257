package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// planBook is a small province list as an official would upload it.
func planBook(t *testing.T, planWan float64) []byte {
	t.Helper()
	return sheetBytes(t, [][]any{
		{"2024年省大中型项目计划表"},
		{"单位：万元"},
		{"序号", "项目名称", "建设地点", "建设性质", "总投资", "2024年计划投资"},
		{"一、综合交通"},
		{1, "长赣高铁", "跨设区市", "新开工", 5000000, planWan},
		{2, "昌江航道提升", "景德镇市", "新开工", 200000, 30000},
	})
}

// sheetBytes writes rows from A1 into a workbook and returns its bytes.
func sheetBytes(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func upload(t *testing.T, srv *httptest.Server, url, name string, body []byte, fields map[string]string) *http.Response {
	t.Helper()
	return uploadAs(t, srv.Client(), url, name, body, fields)
}

func uploadAs(t *testing.T, c *http.Client, url, name string, body []byte, fields map[string]string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, url, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func decode(t *testing.T, res *http.Response, v any) {
	t.Helper()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%d %s: %v", res.StatusCode, b, err)
	}
}

func planTotal(t *testing.T, srv *httptest.Server) int64 {
	t.Helper()
	_, body := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=12")
	var r report.Rollup
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	return r.PlanYuan
}

func post(t *testing.T, srv *httptest.Server, url string) *http.Response {
	t.Helper()
	res, err := srv.Client().Post(url, "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestImportPreviewApplyRevertCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		res := upload(t, srv, srv.URL+"/api/v1/imports", "2024年计划.xlsx", planBook(t, 600000), nil)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("upload: %d", res.StatusCode)
		}
		var p struct {
			ID    string
			Files []struct {
				Created, Updated int
				Errors           []any
			}
			Applicable bool
		}
		decode(t, res, &p)
		if len(p.Files) != 1 || p.Files[0].Created != 2 || !p.Applicable {
			t.Fatalf("preview %+v", p)
		}
		if got := planTotal(t, srv); got != 0 {
			t.Fatalf("a preview wrote %d", got)
		}
		code, _ := get(t, srv, srv.URL+"/imports/preview/"+p.ID)
		if code != 200 {
			t.Fatalf("preview page %d", code)
		}
		res = post(t, srv, srv.URL+"/api/v1/imports/previews/"+p.ID+"/apply")
		var applied struct {
			Files []struct {
				BatchID int64 `json:"batch_id"`
			}
		}
		decode(t, res, &applied)
		if res.StatusCode != 200 || applied.Files[0].BatchID == 0 {
			t.Fatalf("apply %d %+v", res.StatusCode, applied)
		}
		if got := planTotal(t, srv); got != 6_300_000_000 {
			t.Fatalf("plan after apply %d", got)
		}
		if res := post(t, srv, srv.URL+"/api/v1/imports/previews/"+p.ID+"/apply"); res.StatusCode != 404 {
			t.Fatalf("second apply of the same upload: %d", res.StatusCode)
		}
		// An updated list, previewed with its field-by-field change.
		res = upload(t, srv, srv.URL+"/api/v1/imports", "2024年计划（调整）.xlsx", planBook(t, 650000), nil)
		var p2 struct {
			ID    string
			Files []struct {
				Updated int
				Changes []struct {
					Action  string
					Changes []struct {
						Field         string
						Before, After any
					}
				}
			}
		}
		decode(t, res, &p2)
		if p2.Files[0].Updated != 1 {
			t.Fatalf("update preview %+v", p2)
		}
		found := false
		for _, rc := range p2.Files[0].Changes {
			for _, ch := range rc.Changes {
				found = found || (ch.Field == "annual_plan_yuan" && ch.Before == float64(6_000_000_000) && ch.After == float64(6_500_000_000))
			}
		}
		if !found {
			t.Fatalf("no annual_plan_yuan change in %+v", p2.Files[0].Changes)
		}
		res = post(t, srv, srv.URL+"/api/v1/imports/previews/"+p2.ID+"/apply")
		decode(t, res, &applied)
		if got := planTotal(t, srv); got != 6_800_000_000 {
			t.Fatalf("plan after update %d", got)
		}
		// Reverting the first batch is refused while the second stands on it.
		if res := post(t, srv, srv.URL+"/api/v1/imports/batches/1/revert"); res.StatusCode != http.StatusConflict {
			t.Fatalf("revert under a later batch: %d", res.StatusCode)
		}
		res = post(t, srv, srv.URL+"/api/v1/imports/batches/"+jsonID(applied.Files[0].BatchID)+"/revert")
		if res.StatusCode != 200 || planTotal(t, srv) != 6_300_000_000 {
			t.Fatalf("revert %d, plan %d", res.StatusCode, planTotal(t, srv))
		}
		if res := post(t, srv, srv.URL+"/api/v1/imports/batches/1/revert"); res.StatusCode != 200 || planTotal(t, srv) != 0 {
			t.Fatalf("revert of the first batch %d", res.StatusCode)
		}
		var list struct{ Batches []models.ImportBatch }
		res, _ = srv.Client().Get(srv.URL + "/api/v1/imports")
		decode(t, res, &list)
		if len(list.Batches) != 2 || list.Batches[0].Status != models.BatchReverted {
			t.Fatalf("batches %+v", list.Batches)
		}
	})
}

func jsonID(id int64) string { b, _ := json.Marshal(id); return string(b) }

func TestDiscardedPreviewWritesNothing(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	res := upload(t, srv, srv.URL+"/api/v1/imports", "list.xlsx", planBook(t, 1), nil)
	var p struct{ ID string }
	decode(t, res, &p)
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/v1/imports/previews/"+p.ID, nil)
	dres, err := srv.Client().Do(req)
	if err != nil || dres.StatusCode != http.StatusNoContent {
		t.Fatalf("discard %v %d", err, dres.StatusCode)
	}
	for _, table := range []string{"projects", "plan_entries", "import_batches", "audit_entries"} {
		var n int64
		// The sign-in of the test's admin is audited too; nothing else may be.
		s.DB().Table(table).Where("1 = 1 AND " + map[bool]string{true: "entity <> 'users'", false: "1 = 1"}[table == "audit_entries"]).Count(&n)
		if n != 0 {
			t.Fatalf("%s has %d rows after a discarded preview", table, n)
		}
	}
	if code, _ := get(t, srv, srv.URL+"/api/v1/imports/previews/"+p.ID); code != 404 {
		t.Fatalf("discarded preview still there: %d", code)
	}
}

func TestUploadRefusals(t *testing.T) {
	srv := newServer(t, storetest.SQLite(t))
	for _, c := range []struct {
		name string
		body []byte
		code int
		want string
	}{
		{"big.xlsx", bytes.Repeat([]byte("x"), 2<<20), 413, "上限"},
		{"notes.txt", []byte("hello"), 400, "不是 .xlsx"},
		{"old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 OLE"), 422, "另存为"},
		{"random.xlsx", []byte("PK\x03\x04 not really a zip at all"), 422, "unreadable"},
		{"renamed.xlsx", []byte("项目名称,总投资\n昌九高铁,100\n"), 422, ".csv"},
		// A look-alike reaches the reader, which names it and says how to save it.
		{"list.ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), 422, "OpenDocument"},
	} {
		res := upload(t, srv, srv.URL+"/api/v1/imports", c.name, c.body, nil)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.code || !strings.Contains(string(b), c.want) {
			t.Errorf("%s: %d %s", c.name, res.StatusCode, b)
		}
	}
	// A form posted from another site is refused.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/imports/batches/1/revert", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := srv.Client().Do(req)
	if err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %v %d", err, res.StatusCode)
	}
}

// TestEveryPageRouteAnswers walks the page flow of an import the way a
// browser without JavaScript would: upload → preview → apply, then the
// history, the revert confirmation and the revert, and a discard.
func TestEveryPageRouteAnswers(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	noFollow := &http.Client{Jar: srv.Client().Jar, Transport: srv.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, url string, body io.Reader, ctype string) (int, string) {
		req, _ := http.NewRequest(method, url, body)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		return res.StatusCode, res.Header.Get("Location")
	}
	form := func() (io.Reader, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "list.xlsx")
		fw.Write(planBook(t, 1000))
		w.WriteField("kind", "plan")
		w.Close()
		return &buf, w.FormDataContentType()
	}
	body, ctype := form()
	code, loc := send("POST", srv.URL+"/imports", body, ctype)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/imports/preview/") {
		t.Fatalf("upload page: %d %q", code, loc)
	}
	if code, _ := send("GET", srv.URL+loc, nil, ""); code != 200 {
		t.Fatalf("preview page %d", code)
	}
	if code, loc2 := send("POST", srv.URL+loc+"/apply", nil, ""); code != http.StatusSeeOther || loc2 != "/imports?done=applied" {
		t.Fatalf("apply page %d %q", code, loc2)
	}
	for _, p := range []string{"/imports", "/imports?done=applied", "/imports/batches/1/revert", "/api/v1/imports/batches/1"} {
		if code, _ := send("GET", srv.URL+p, nil, ""); code != 200 {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	if code, loc := send("POST", srv.URL+"/imports/batches/1/revert", nil, ""); code != http.StatusSeeOther || loc != "/imports?done=reverted" {
		t.Fatalf("revert page %d %q", code, loc)
	}
	if code, _ := send("POST", srv.URL+"/imports/batches/1/revert", nil, ""); code != http.StatusConflict {
		t.Fatalf("second revert %d", code)
	}
	body, ctype = form()
	_, loc = send("POST", srv.URL+"/imports", body, ctype)
	if code, loc2 := send("POST", srv.URL+loc+"/discard", nil, ""); code != http.StatusSeeOther || loc2 != "/imports?done=discarded" {
		t.Fatalf("discard page %d %q", code, loc2)
	}
	for _, p := range []string{loc, "/imports/preview/../../etc", "/imports/batches/99/revert", "/api/v1/imports/batches/x"} {
		if code, _ := send("GET", srv.URL+p, nil, ""); code != 404 {
			t.Errorf("GET %s: %d, want 404", p, code)
		}
	}
	if code, _ := send("POST", srv.URL+"/imports", strings.NewReader("x"), "text/plain"); code != 400 {
		t.Errorf("upload without a file: %d", code)
	}
}

// zipOf is a zip archive of the named entries, stored in name order.
func zipOf(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, entries[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
