package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"portfolio/api"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/notify"
	"portfolio/reminders"
	"portfolio/report"
)

// clock is a test's settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func cst(y, m, d, h int) time.Time {
	return time.Date(y, time.Month(m), d, h, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// calendarServer is newServer with a clock and a notifier.
func calendarServer(t *testing.T, s *models.Store, c *clock, n notify.Sender) *httptest.Server {
	t.Helper()
	h, err := api.New(api.Config{Store: s, Reporter: &report.Reporter{Store: s}, Importer: &importer.Importer{Store: s},
		Staging: &importer.Staging{Dir: filepath.Join(t.TempDir(), "uploads")}, Log: slog.New(slog.DiscardHandler),
		Now: c.now, Notifier: n})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	addUser(t, s, "admin", models.RoleAdmin, "")
	signIn(t, srv, srv.Client(), "admin")
	return srv
}

// getJSON reads a JSON answer into out and returns the status.
func getJSON(t *testing.T, c *http.Client, url string, out any) int {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode == 200 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v: %s", url, err, b)
		}
	}
	return res.StatusCode
}

type calendarAnswer struct {
	Year, Month, DueDay int
	DueOn               string `json:"due_on"`
	PastDue             bool   `json:"past_due"`
	ByCity              []struct {
		City                                  string
		Projects, Reported, Approved, Overdue int64
	} `json:"by_city"`
	Missing []struct {
		Name, City string
	}
	MissingTotal int64 `json:"missing_total"`
}

// TestReportingCalendar: the seed's two projects (跨设区市 approved to
// June, 南昌市 none) make June the province's month, so July is chased,
// due on 5 August.
func TestReportingCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		c := &clock{t: cst(2024, 8, 5, 23)}
		srv := calendarServer(t, s, c, nil)
		var a calendarAnswer
		if code := getJSON(t, srv.Client(), srv.URL+"/api/v1/reporting", &a); code != 200 || a.Year != 2024 || a.Month != 7 || a.DueOn != "2024-08-05" || a.PastDue {
			t.Fatalf("%d %+v: want July, due 2024-08-05, not yet past", code, a)
		}
		if a.ByCity[0].Overdue != 0 || a.MissingTotal != 2 {
			t.Errorf("before the due day ends nothing is overdue: %+v", a)
		}
		c.set(cst(2024, 8, 6, 0))
		a = calendarAnswer{}
		getJSON(t, srv.Client(), srv.URL+"/api/v1/reporting", &a)
		if !a.PastDue || len(a.ByCity) != 2 || a.ByCity[0].City != "南昌市" || a.ByCity[0].Overdue != 1 || a.ByCity[1].Overdue != 1 {
			t.Fatalf("after the due day: %+v", a)
		}
		a = calendarAnswer{}
		getJSON(t, srv.Client(), srv.URL+"/api/v1/reporting?year=2024&month=6", &a)
		if r := a.ByCity[1]; r.City != "跨设区市" || r.Reported != 1 || r.Approved != 1 || r.Overdue != 0 || a.MissingTotal != 1 || a.Missing[0].City != "南昌市" {
			t.Fatalf("June: %+v", a)
		}
		// A city official sees their city; a manager has no calendar.
		addUser(t, s, "nanchang", models.RoleCity, "南昌市")
		addUser(t, s, "builder", models.RoleManager, "")
		a = calendarAnswer{}
		getJSON(t, clientFor(t, srv, "nanchang"), srv.URL+"/api/v1/reporting", &a)
		if len(a.ByCity) != 1 || a.ByCity[0].City != "南昌市" || a.MissingTotal != 1 {
			t.Errorf("the city's own calendar: %+v", a)
		}
		if code := getJSON(t, clientFor(t, srv, "builder"), srv.URL+"/api/v1/reporting", nil); code != 403 {
			t.Errorf("manager: %d", code)
		}
		for _, q := range []string{"month=13", "year=1999", "city=火星"} {
			if code := getJSON(t, srv.Client(), srv.URL+"/api/v1/reporting?"+q, nil); code != 400 {
				t.Errorf("?%s: %d, want 400", q, code)
			}
		}
		// The due day moves every date: set to the 10th, July is not overdue on 6 August.
		if code, body := send(t, srv.Client(), "PUT", srv.URL+"/api/v1/settings/reporting", `{"due_day": 29}`); code != 422 || !strings.Contains(body, "1 日到 28 日") {
			t.Errorf("due day 29: %d %s", code, body)
		}
		if code, body := send(t, clientFor(t, srv, "nanchang"), "PUT", srv.URL+"/api/v1/settings/reporting", `{"due_day": 10}`); code != 403 {
			t.Errorf("a city setting the due day: %d %s", code, body)
		}
		if code, body := send(t, srv.Client(), "PUT", srv.URL+"/api/v1/settings/reporting", `{"due_day": 10}`); code != 200 || !strings.Contains(body, `"due_day":10`) {
			t.Fatalf("due day 10: %d %s", code, body)
		}
		a = calendarAnswer{}
		getJSON(t, srv.Client(), srv.URL+"/api/v1/reporting", &a)
		if a.DueOn != "2024-08-10" || a.PastDue {
			t.Errorf("with the 10th: %+v", a)
		}
		code, page := get(t, srv, srv.URL+"/reporting?city=南昌市")
		if code != 200 || !strings.Contains(page, "2024-08-10") || !strings.Contains(page, "南昌市未报送的项目（1 个）") {
			t.Errorf("page: %d %.300s", code, page)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// send makes a request with a JSON body and returns status and body.
func send(t *testing.T, c *http.Client, method, url, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

type todoAnswer struct {
	Items []struct {
		Kind, Title, Link string
		DueOn             string `json:"due_on"`
		Late              bool
	}
}

func (a todoAnswer) kinds() string {
	var ks []string
	for _, it := range a.Items {
		ks = append(ks, it.Kind)
	}
	return strings.Join(ks, " ")
}

// calendarWithManager is the seeded portfolio on 6 August 2024 (China
// time), 南昌市's school assigned to the manager "builder", and the city
// official "nanchang".
func calendarWithManager(t *testing.T, s *models.Store) (*httptest.Server, *clock, int64) {
	t.Helper()
	seed(t, s)
	c := &clock{t: cst(2024, 8, 6, 9)}
	srv := calendarServer(t, s, c, nil)
	var school int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	if err := s.Assign(t.Context(), mgr.ID, school, models.Who{}); err != nil {
		t.Fatal(err)
	}
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	return srv, c, school
}

// TestTodoAndWarnings: each role's to-do from its sources, and the
// warnings with the rules that raised them.
func TestTodoAndWarnings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv, _, school := calendarWithManager(t, s)
		addUser(t, s, "leader", models.RoleViewer, "")
		if _, err := s.SaveMilestone(t.Context(), models.MilestoneInput{ProjectID: school, Kind: "开工", PlannedOn: "2024-03-01"}, time.Now(), models.Who{}); err != nil {
			t.Fatal(err)
		}
		m, nc := clientFor(t, srv, "builder"), clientFor(t, srv, "nanchang")
		var td todoAnswer
		getJSON(t, m, srv.URL+"/api/v1/todo", &td)
		// Months 1..7 owed (7 overdue), the milestone and the lag as warnings.
		if got := td.kinds(); got != "report_owed report_owed report_owed report_owed report_owed report_owed report_owed warning warning" {
			t.Fatalf("manager's to-do: %s\n%+v", got, td)
		}
		if it := td.Items[6]; !it.Late || it.DueOn != "2024-08-05" || !strings.Contains(it.Link, "month=7") {
			t.Errorf("July owed: %+v", it)
		}
		// The manager reports June; the city returns it: returned comes first.
		code, body := sendJSON(t, m, srv.URL+"/api/v1/projects/"+itoa(school)+"/reports", map[string]any{"year": 2024, "month": 6, "completed_yuan": 1000})
		if code != 201 {
			t.Fatalf("report: %d %v", code, body)
		}
		td = todoAnswer{}
		getJSON(t, nc, srv.URL+"/api/v1/todo", &td)
		if got := td.kinds(); !strings.HasPrefix(got, "report_to_approve reports_overdue warning") || !strings.Contains(td.Items[0].Title, "1 份月报待审核") {
			t.Errorf("city's to-do: %s %+v", got, td)
		}
		if code, _ := sendJSON(t, nc, srv.URL+"/api/v1/reports/"+itoa(int64(body["id"].(float64)))+"/return", map[string]any{"version": 1}); code != 200 {
			t.Fatalf("return: %d", code)
		}
		td = todoAnswer{}
		getJSON(t, m, srv.URL+"/api/v1/todo", &td)
		if len(td.Items) == 0 || td.Items[0].Kind != "report_returned" || !strings.Contains(td.Items[0].Title, "6月月报被退回") {
			t.Errorf("manager after the return: %+v", td)
		}
		td = todoAnswer{}
		getJSON(t, srv.Client(), srv.URL+"/api/v1/todo", &td)
		if got := td.kinds(); !strings.HasPrefix(got, "reports_overdue") || !strings.Contains(td.Items[0].Title, "2 个地区的 2 个项目") {
			t.Errorf("province's to-do: %s %+v", got, td)
		}
		td = todoAnswer{}
		if getJSON(t, clientFor(t, srv, "leader"), srv.URL+"/api/v1/todo", &td); len(td.Items) != 0 {
			t.Errorf("a viewer acts on nothing: %+v", td)
		}
		var w report.Warnings
		getJSON(t, srv.Client(), srv.URL+"/api/v1/warnings", &w)
		counts := map[string]int{}
		for _, r := range w.Rules {
			counts[r.Rule] = r.Count
		}
		if counts["milestone_late"] != 1 || counts["lagging_two_months"] != 2 || counts["report_overdue"] != 2 || w.Total != 5 || w.ChaseMonth != 7 {
			t.Errorf("warnings %+v", w)
		}
		code, page := get(t, srv, srv.URL+"/todo")
		if code != 200 || !strings.Contains(page, "2024年7月月报逾期未报送") {
			t.Errorf("todo page %d", code)
		}
	})
}

// TestNotificationsReachAReceiver: a local receiver that fails twice
// and then answers; a returned report and a missed deadline reach it,
// each delivery in the audit, the deadline once however often checked.
func TestNotificationsReachAReceiver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		var mu sync.Mutex
		var got []map[string]any
		calls := 0
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			if calls <= 2 {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			got = append(got, body)
		}))
		defer rcv.Close()
		hook, err := models.ParseWebhook("json+"+rcv.URL+"/hook?token=secret", "")
		if err != nil {
			t.Fatal(err)
		}
		n := runNotifier(t, s, hook)

		c := &clock{t: cst(2024, 8, 6, 9)}
		srv := calendarServer(t, s, c, n)
		var school int64
		s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
		_, body := sendJSON(t, srv.Client(), srv.URL+"/api/v1/projects/"+itoa(school)+"/reports", map[string]any{"year": 2024, "month": 7, "completed_yuan": 1000})
		if code, _ := sendJSON(t, srv.Client(), srv.URL+"/api/v1/reports/"+itoa(int64(body["id"].(float64)))+"/return", map[string]any{"version": 1}); code != 200 {
			t.Fatalf("return: %d", code)
		}
		deliveries := waitAudit(t, s, 1)
		if d := deliveries[0]; !strings.Contains(d, `"event":"report_returned"`) || !strings.Contains(d, `"attempts":3`) || !strings.Contains(d, `"delivered":true`) || strings.Contains(d, "secret") {
			t.Errorf("audit of the delivery: %s", d)
		}
		// July's deadline (5 August) has passed: 跨设区市 has not reported
		// July, nor 南昌市 (its report was returned). Twice: sent once.
		for i, want := range []int{2, 0} {
			sent, err := reminders.CheckDeadlines(t.Context(), s, n, c.now())
			if err != nil || sent != want {
				t.Fatalf("check %d: sent %d (%v), want %d", i+1, sent, err, want)
			}
		}
		waitAudit(t, s, 3)
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 3 || got[0]["event"] != "report_returned" || !strings.Contains(got[1]["text"].(string)+got[2]["text"].(string), "2024年7月的月报已于 2024-08-05 截止") {
			t.Errorf("received %+v", got)
		}
	})
}

// runNotifier runs a notifier posting to hook (retrying after 20 ms,
// doubling) until the test ends.
func runNotifier(t *testing.T, s *models.Store, hook models.Webhook) *notify.Notifier {
	t.Helper()
	opt := api.NotifierOptions(s, []models.Webhook{hook}, slog.New(slog.DiscardHandler))
	opt.Backoff = 20 * time.Millisecond
	n := notify.New(opt)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { n.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	return n
}

// waitAudit waits for n notification deliveries in the audit (0: reads
// them once) and returns their after_json, oldest first.
func waitAudit(t *testing.T, s *models.Store, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var rows []string
		s.DB().Raw("SELECT after_json FROM audit_entries WHERE entity = 'notifications' ORDER BY id").Scan(&rows)
		if len(rows) >= n || time.Now().After(deadline) {
			if len(rows) < n {
				t.Fatalf("%d deliveries in the audit, want %d", len(rows), n)
			}
			return rows
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSettingsPage: the admin's form sets the due day (a bad one
// re-renders with the bound named) and adds and removes a webhook, its
// key never shown; another role may not.
func TestSettingsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := calendarServer(t, s, &clock{t: cst(2024, 8, 6, 9)}, nil)
		post := func(c *http.Client, path string, form url.Values) (int, string) {
			res, err := c.PostForm(srv.URL+path, form)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		if code, page := post(srv.Client(), "/admin/settings/due-day", url.Values{"due_day": {"40"}}); code != 422 || !strings.Contains(page, "报送截止日应为每月 1 日到 28 日") {
			t.Errorf("due day 40: %d", code)
		}
		if code, page := post(srv.Client(), "/admin/settings/due-day", url.Values{"due_day": {"8"}}); code != 200 || !strings.Contains(page, `value="8"`) || !strings.Contains(page, "已保存") {
			t.Errorf("due day 8: %d", code)
		}
		code, page := post(srv.Client(), "/admin/settings/webhook-add", url.Values{"url": {"https://oapi.dingtalk.com/robot/send?access_token=SECRET"}, "format": {"auto"}})
		if code != 200 || !strings.Contains(page, "https://oapi.dingtalk.com/robot/send") || !strings.Contains(page, "钉钉机器人") || strings.Contains(page, "SECRET") {
			t.Errorf("webhook added: %d", code)
		}
		if code, page := post(srv.Client(), "/admin/settings/webhook-add", url.Values{"url": {"gopher://x"}}); code != 422 || !strings.Contains(page, "http:// 或 https://") {
			t.Errorf("a gopher webhook: %d", code)
		}
		ws, _ := s.Webhooks(t.Context())
		if code, _ := post(srv.Client(), "/admin/settings/webhook-delete", url.Values{"id": {itoa(ws[0].ID)}}); code != 200 {
			t.Errorf("delete: %d", code)
		}
		if ws, _ := s.Webhooks(t.Context()); len(ws) != 0 {
			t.Errorf("after delete: %+v", ws)
		}
		addUser(t, s, "nanchang", models.RoleCity, "南昌市")
		if code, _ := post(clientFor(t, srv, "nanchang"), "/admin/settings/due-day", url.Values{"due_day": {"3"}}); code != 403 {
			t.Errorf("a city's post: %d", code)
		}
		if d, _ := s.DueDay(t.Context()); d != 8 {
			t.Errorf("due day %d", d)
		}
	})
}
