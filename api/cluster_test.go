package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"portfolio/importer"
	"portfolio/internal/clustertest"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// TestTwoServersBehindABalancer is README's deployment of several app
// servers: PostgreSQL, two `portfolio serve` processes with their own
// temp directories, Debian's nginx in front, round robin with no sticky
// sessions. Driven through the balancer: the 50 writers with one server
// restarted in their middle (no acknowledged write lost), then sign-in,
// an upload staged on one server and applied on the other, five wrong
// passwords over both servers and the sixth attempt refused, and a report
// approved through one server in the other's figures at once.
func TestTwoServersBehindABalancer(t *testing.T) {
	clustertest.Nginx(t)
	dsn := storetest.PostgresDSN(t)
	s := storetest.Open(t, dsn)
	// The cluster's own accounts, made before the servers start (a server
	// on a database without users would make its first admin).
	for _, nu := range []models.NewUser{
		{Username: "hq", Password: "hq-password", Role: models.RoleAdmin},
		{Username: "nc-builder", Password: "nc-builder-pw", Role: models.RoleManager},
	} {
		if _, err := s.AddUser(t.Context(), nu, models.Who{}); err != nil {
			t.Fatal(err)
		}
	}
	c := clustertest.Start(t, dsn, 2)
	logs := func() string { return c.Servers[0].Log() + c.Servers[1].Log() }

	t.Run("50 writers, one server restarted midway", func(t *testing.T) {
		ccLoad(t, s, ccTarget{base: c.URL, tr: http.DefaultTransport.(*http.Transport).Clone(), logs: logs, balanced: true,
			midway: func() { c.Restart(0) }})
		for i, s := range c.Servers {
			t.Logf("server %d took %d writes", i, strings.Count(s.Log(), "msg=request method=POST"))
		}
		_, again, restarted := strings.Cut(c.Servers[0].Log(), "msg=stopped")
		if !restarted || !strings.Contains(again, "msg=serving") || !strings.Contains(again, "msg=request method=POST") {
			t.Errorf("server 0 was not restarted, or took no writes after its restart")
		}
	})
	c.Balanced()
	hq := clusterClient(t, c.URL, "hq", "hq-password")
	t.Run("upload on one, apply on the other", func(t *testing.T) { clusterUpload(t, c, hq) })
	t.Run("sign-in limit over both servers", func(t *testing.T) { clusterLockout(t, c) })
	t.Run("an approval is in both servers' figures at once", func(t *testing.T) { clusterApproval(t, c, s, hq) })
}

// clusterClient signs in through the balancer.
func clusterClient(t *testing.T, base, name, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar}
	res, err := cl.PostForm(base+"/login", url.Values{"username": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/login" {
		t.Fatalf("sign-in of %s through the balancer: %d at %s", name, res.StatusCode, res.Request.URL)
	}
	return cl
}

// call makes one request and returns the status and body.
func call(t *testing.T, cl *http.Client, method, u, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, raw
}

// servedBy is the index of the server whose log has the line, or -1.
// A line reaches the log through a pipe: it may come a moment after the
// answer, so it is waited for.
func servedBy(c *clustertest.Cluster, line string) int {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for i, s := range c.Servers {
			if strings.Contains(s.Log(), line) {
				return i
			}
		}
	}
	return -1
}

// clusterUpload stages a workbook through the balancer, finds it on both
// servers, applies it through the balancer on the server that did not
// stage it, and then finds it on neither.
func clusterUpload(t *testing.T, c *clustertest.Cluster, hq *http.Client) {
	book := sheetBytes(t, [][]any{{"2023年全省重大项目计划表"}, {"单位：万元"},
		{"序号", "项目名称", "建设性质", "领域", "所在地", "总投资", "2023年计划投资"},
		{1, "集群导入项目", "续建", "综合交通", "南昌市", 500000, 20000}})
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "2023年计划.xlsx")
	fw.Write(book)
	w.WriteField("kind", "plan")
	w.WriteField("year", "2023")
	w.Close()
	c.Balanced()
	code, raw := call(t, hq, http.MethodPost, c.URL+"/api/v1/imports", w.FormDataContentType(), buf.Bytes())
	var p struct {
		ID         string
		Applicable bool
	}
	if code != http.StatusCreated || json.Unmarshal(raw, &p) != nil || !p.Applicable {
		t.Fatalf("upload: %d %.500s", code, raw)
	}
	staged := servedBy(c, `msg="upload staged" id=`+p.ID)
	if staged < 0 {
		t.Fatalf("no server logged staging %s", p.ID)
	}
	for i, s := range c.Servers { // straight to each, past the balancer
		if code, raw := call(t, hq, http.MethodGet, s.URL+"/api/v1/imports/previews/"+p.ID, "", nil); code != http.StatusOK {
			t.Fatalf("preview on server %d (staged on %d): %d %.300s", i, staged, code, raw)
		}
	}
	apply := "/api/v1/imports/previews/" + p.ID + "/apply"
	code, raw = call(t, hq, http.MethodPost, c.URL+apply, "application/json", nil)
	if code != http.StatusOK || !strings.Contains(string(raw), `"batch_id"`) {
		t.Fatalf("apply through the balancer: %d %.500s", code, raw)
	}
	if applied := servedBy(c, "path="+apply); applied == staged || applied < 0 {
		t.Fatalf("staged on server %d, applied on %d: round robin should have sent apply to the other", staged, applied)
	}
	for i, s := range c.Servers {
		if code, _ := call(t, hq, http.MethodGet, s.URL+"/api/v1/imports/previews/"+p.ID, "", nil); code != http.StatusNotFound {
			t.Fatalf("server %d still has the applied upload: %d", i, code)
		}
	}
}

// clusterLockout sends five wrong passwords through the balancer (they
// reach both servers) and then the right one, which is refused.
func clusterLockout(t *testing.T, c *clustertest.Cluster) {
	c.Balanced()
	cl := &http.Client{}
	try := func(password string) int {
		res, err := cl.PostForm(c.URL+"/login", url.Values{"username": {"nc-builder"}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for i := range 5 {
		if code := try(fmt.Sprintf("wrong-%d", i)); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d, want 401", i, code)
		}
	}
	const failed = `msg="sign-in failed" user=nc-builder`
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Count(c.Servers[0].Log()+c.Servers[1].Log(), failed) == 5 {
			break // every one logged
		}
	}
	for i, s := range c.Servers {
		if n := strings.Count(s.Log(), failed); n == 0 || n == 5 {
			t.Fatalf("server %d saw %d of the 5 wrong passwords: they should be spread over both", i, n)
		}
	}
	for range 2 { // the sixth, on either server
		if code := try("nc-builder-pw"); code != http.StatusTooManyRequests {
			t.Fatalf("the right password after 5 wrong ones: %d, want 429", code)
		}
	}
}

// clusterApproval warms both servers' rollup and dashboard caches,
// approves a report through the balancer, and reads both servers'
// figures and dashboards straight away.
func clusterApproval(t *testing.T, c *clustertest.Cluster, s *models.Store, hq *http.Client) {
	ctx := t.Context()
	im := &importer.Importer{Store: s}
	plan := []importer.PlanRow{{Sheet: "S", Row: 5, Name: "集群月报项目", Sector: "综合交通", City: "南昌市",
		Stage: importer.StageContinuing, TotalYuan: 9_000_000_000, PlanYuan: 900_000_000}}
	if _, err := im.Apply(ctx, &importer.Parsed{Kind: importer.KindPlan, Year: 2023, Plans: plan}, "plan", importer.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	var pid int64
	if err := s.DB().Raw(`SELECT project_id FROM plan_entries WHERE year = 2023 AND name = '集群月报项目'`).Scan(&pid).Error; err != nil || pid == 0 {
		t.Fatalf("project: %d %v", pid, err)
	}
	rollup := func(base string) int64 {
		code, raw := call(t, hq, http.MethodGet, base+"/api/v1/rollup?year=2023&month=6", "", nil)
		var ro report.Rollup
		if code != http.StatusOK || json.Unmarshal(raw, &ro) != nil {
			t.Fatalf("rollup on %s: %d %.300s", base, code, raw)
		}
		return ro.CompletedYuan
	}
	dashboard := func(base string) string {
		code, raw := call(t, hq, http.MethodGet, base+"/?year=2023&month=6", "", nil)
		if code != http.StatusOK {
			t.Fatalf("dashboard on %s: %d", base, code)
		}
		return string(raw)
	}
	before := []int64{rollup(c.Servers[0].URL), rollup(c.Servers[1].URL)}
	pages := []string{dashboard(c.Servers[0].URL), dashboard(c.Servers[1].URL)} // cached now
	for i, s := range c.Servers {
		if dashboard(s.URL) != pages[i] {
			t.Fatalf("server %d's dashboard changed with no write: it cannot show one", i)
		}
	}
	code, raw := call(t, hq, http.MethodPost, c.URL+fmt.Sprintf("/api/v1/projects/%d/reports", pid), "application/json",
		[]byte(`{"year": 2023, "month": 6, "completed_yuan": 123450000, "progress": "主体完工"}`))
	var rep models.MonthlyReport
	if code != http.StatusCreated || json.Unmarshal(raw, &rep) != nil {
		t.Fatalf("report: %d %.300s", code, raw)
	}
	code, raw = call(t, hq, http.MethodPost, c.URL+fmt.Sprintf("/api/v1/reports/%d/approve", rep.ID), "application/json",
		[]byte(fmt.Sprintf(`{"version": %d}`, rep.Version)))
	if code != http.StatusOK {
		t.Fatalf("approve: %d %.300s", code, raw)
	}
	for i, s := range c.Servers {
		if got := rollup(s.URL); got != before[i]+123_450_000 {
			t.Errorf("server %d's figures right after the approval: %d, want %d", i, got, before[i]+123_450_000)
		}
		if dashboard(s.URL) == pages[i] {
			t.Errorf("server %d's dashboard is the same page as before the approval", i)
		}
	}
}
