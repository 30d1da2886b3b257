package api_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestReopenApprovedReport: an approved figure that is wrong can be taken
// back by its city (not another city), with a reason that is audited; the
// totals drop it, and the manager can report again. On the old main an
// approved report was locked for good (return answered 409).
func TestReopenApprovedReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv, school, _ := amountsServer(t, s)
		m, nc, jj := clientFor(t, srv, "builder"), clientFor(t, srv, "nanchang"), clientFor(t, srv, "jiujiang")
		reports := srv.URL + "/api/v1/projects/" + strconv.FormatInt(school, 10) + "/reports"
		before := planCompleted(t, srv)
		code, body := sendJSON(t, m, reports, map[string]any{"year": 2024, "month": 6, "completed_yuan": 900_000_000})
		if code != 201 {
			t.Fatalf("submit: %d %v", code, body)
		}
		id := strconv.FormatInt(int64(body["id"].(float64)), 10)
		if code, body := sendJSON(t, nc, srv.URL+"/api/v1/reports/"+id+"/reopen", map[string]any{"version": 1, "reason": "还没审核"}); code != 409 {
			t.Fatalf("reopening a submitted report: %d %v", code, body)
		}
		if code, _ := sendJSON(t, nc, srv.URL+"/api/v1/reports/"+id+"/approve", map[string]any{"version": 1}); code != 200 {
			t.Fatalf("approve: %d", code)
		}
		if got := planCompleted(t, srv); got != before+900_000_000 {
			t.Fatalf("approved: completed %d, want %d", got, before+900_000_000)
		}
		reopen := srv.URL + "/api/v1/reports/" + id + "/reopen"
		if code, _ := sendJSON(t, jj, reopen, map[string]any{"version": 2, "reason": "别的市"}); code != 403 {
			t.Fatalf("another city reopening: %d", code)
		}
		if code, _ := sendJSON(t, m, reopen, map[string]any{"version": 2, "reason": "项目单位"}); code != 403 {
			t.Fatalf("the manager reopening: %d", code)
		}
		code, body = sendJSON(t, nc, reopen, map[string]any{"version": 2, "reason": "  "})
		if msg, field := errorOf(body); code != 422 || field != "reason" || msg != "请填写重新打开的原因" {
			t.Fatalf("no reason: %d %v", code, body)
		}
		code, body = sendJSON(t, nc, reopen, map[string]any{"version": 2, "reason": strings.Repeat("因", models.MaxReason+1)})
		if msg, _ := errorOf(body); code != 422 || !strings.Contains(msg, "500") {
			t.Fatalf("a reason of 501 characters: %d %v", code, body)
		}
		if code, _ := sendJSON(t, nc, reopen, map[string]any{"version": 1, "reason": "填报有误"}); code != 409 {
			t.Fatalf("a stale version: %d", code)
		}
		code, body = sendJSON(t, nc, reopen, map[string]any{"version": 2, "reason": "本月完成投资多填了一位"})
		if code != 200 || body["status"] != models.ReportReturned || body["version"] != float64(3) {
			t.Fatalf("reopen: %d %v", code, body)
		}
		if got := planCompleted(t, srv); got != before {
			t.Fatalf("reopened: completed %d, want it back at %d", got, before)
		}
		var audited []models.AuditEntry
		s.DB().Where("action = ? AND entity = 'monthly_reports'", models.ActionReopen).Find(&audited)
		if len(audited) != 1 || audited[0].Actor != "nanchang" || !strings.Contains(audited[0].AfterJSON, "本月完成投资多填了一位") {
			t.Fatalf("audit of the reopen: %+v", audited)
		}
		code, body = sendJSON(t, m, reports, map[string]any{"year": 2024, "month": 6, "completed_yuan": 90_000_000, "version": 3})
		if code != 201 || body["status"] != models.ReportSubmitted {
			t.Fatalf("the manager's correction: %d %v", code, body)
		}
		if code, _ := sendJSON(t, nc, srv.URL+"/api/v1/reports/"+id+"/approve", map[string]any{"version": 4}); code != 200 {
			t.Fatalf("approving the correction: %d", code)
		}
		if got := planCompleted(t, srv); got != before+90_000_000 {
			t.Fatalf("corrected: completed %d, want %d", got, before+90_000_000)
		}
		// The project page offers the button for the approved report, and its form works.
		if _, page := status(t, nc, "GET", srv.URL+"/projects/"+strconv.FormatInt(school, 10)+"?year=2024"); !strings.Contains(page, "/reports/"+id+"/reopen") || !strings.Contains(page, "重新打开") {
			t.Fatalf("no 重新打开 on the project page")
		}
		code, page := postForm(t, nc, srv.URL+"/reports/"+id+"/reopen", url.Values{"version": {"5"}, "reason": {"再核一次"}})
		if code != 303 {
			t.Fatalf("the page's reopen: %d %.300s", code, page)
		}
		if got := planCompleted(t, srv); got != before {
			t.Fatalf("reopened from the page: completed %d, want %d", got, before)
		}
	})
}
