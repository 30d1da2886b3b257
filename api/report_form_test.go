package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestReportFormPeriodAndRefusals: the manager's form opens on the data's
// period (2024, the month after the province's closed June), not the
// clock's; a refused submit answers the form again with what was typed
// and the reason beside the field; a submitted month is read-only and
// says who submitted it; a month past the open ones falls back to the
// default; the error page sends a manager somewhere it may go.
func TestReportFormPeriodAndRefusals(t *testing.T) {
	_, srv, school := schoolWithManager(t)
	cl := clientFor(t, srv, "builder")
	form := srv.URL + "/projects/" + strconv.FormatInt(school, 10) + "/report"
	get := func(u string) (int, string) {
		res, err := cl.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	post := func(v url.Values) (int, string) {
		res, err := cl.PostForm(form, v)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, u := range []string{form, form + "?year=2026&month=12", form + "?year=2024&month=13"} {
		code, page := get(u)
		if code != http.StatusOK || !strings.Contains(page, `name="year" value="2024"`) || !strings.Contains(page, `name="month" value="7"`) {
			t.Errorf("%s: %d; want the form on 2024-07:\n%.2000s", u, code, page)
		}
	}
	code, page := post(url.Values{"year": {"2024"}, "month": {"6"}, "completed_wan": {"2000000000"}, "progress": {"主体结构<施工>"}, "version": {"0"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="completed-error"`) || !strings.Contains(page, "1,000,000,000.00 万元") ||
		!strings.Contains(page, "主体结构&lt;施工&gt;") || !strings.Contains(page, `value="2000000000"`) || !strings.Contains(page, "<title>月度填报") {
		t.Fatalf("refused amount: %d\n%.3000s", code, page)
	}
	if code, page = post(url.Values{"year": {"2024"}, "month": {"6"}, "completed_wan": {"12.5"}, "progress": {"主体"}, "version": {"0"}}); code != http.StatusOK ||
		!strings.Contains(page, `id="report-saved"`) || !strings.Contains(page, "12.50 万元") {
		t.Fatalf("submit: %d\n%.3000s", code, page)
	}
	if code, page = get(form + "?year=2024&month=6"); code != http.StatusOK || !strings.Contains(page, `id="report-locked"`) ||
		strings.Contains(page, `id="report-form"`) || !strings.Contains(page, "builder 于") || !strings.Contains(page, "6月 · 待审核") {
		t.Fatalf("submitted month: %d\n%.3000s", code, page)
	}
	// Submitting the locked month again: the form says so, in Chinese.
	if code, page = post(url.Values{"year": {"2024"}, "month": {"6"}, "completed_wan": {"13"}, "version": {"1"}}); code != http.StatusConflict ||
		!strings.Contains(page, "不能修改") {
		t.Fatalf("locked month: %d\n%.2000s", code, page)
	}
	if code, page = get(srv.URL + "/"); code != http.StatusForbidden || !strings.Contains(page, `href="/projects"`) || strings.Contains(page, `href="/">返回首页`) {
		t.Fatalf("a manager's error page: %d\n%.2000s", code, page)
	}
}

// schoolWithManager seeds the two projects and assigns 南昌市's school
// to the manager "builder".
func schoolWithManager(t *testing.T) (*models.Store, *httptest.Server, int64) {
	t.Helper()
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	var school int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	if err := s.Assign(context.Background(), mgr.ID, school, models.Who{}); err != nil {
		t.Fatal(err)
	}
	return s, srv, school
}
