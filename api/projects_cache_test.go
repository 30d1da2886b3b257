package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// TestProjectPagesCachedExactly: a page of the list is served from the
// cache until the data changes (an approved report is in the next page at
// once), and a manager's page is its own, never another user's.
func TestProjectPagesCachedExactly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		srv := newServer(t, s)
		var school int64
		s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
		mgr := addUser(t, s, "builder", models.RoleManager, "")
		if err := s.Assign(t.Context(), mgr.ID, school, models.Who{}); err != nil {
			t.Fatal(err)
		}
		list := func(c *http.Client) report.ProjectPage {
			t.Helper()
			res, err := c.Get(srv.URL + "/api/v1/projects?year=2024&month=7")
			if err != nil {
				t.Fatal(err)
			}
			var p report.ProjectPage
			if err := json.NewDecoder(res.Body).Decode(&p); err != nil || res.StatusCode != http.StatusOK {
				t.Fatalf("projects: %d %v", res.StatusCode, err)
			}
			res.Body.Close()
			return p
		}
		admin, builder := srv.Client(), clientFor(t, srv, "builder")
		if p := list(admin); p.Total != 2 || p.Sums.CompletedYuan != 3_000_000_000 {
			t.Fatalf("before: %+v", p.Sums)
		}
		if p := list(builder); p.Total != 1 || p.Rows[0].ID != school {
			t.Fatalf("the manager's page after the admin's: %d rows", p.Total)
		}
		code, body := sendJSON(t, builder, fmt.Sprintf("%s/api/v1/projects/%d/reports", srv.URL, school), map[string]any{"year": 2024, "month": 7, "completed_yuan": 100_000_000})
		if code != http.StatusCreated && code != http.StatusOK {
			t.Fatalf("report: %d %v", code, body)
		}
		rid := int64(body["id"].(float64))
		if code, body := sendJSON(t, admin, fmt.Sprintf("%s/api/v1/reports/%d/approve", srv.URL, rid), map[string]any{"version": body["version"]}); code != http.StatusOK {
			t.Fatalf("approve: %d %v", code, body)
		}
		if p := list(admin); p.Sums.CompletedYuan != 3_100_000_000 {
			t.Errorf("after the approval: completed %d, want 3,100,000,000", p.Sums.CompletedYuan)
		}
		if p := list(builder); p.Rows[0].CompletedYuan != 100_000_000 {
			t.Errorf("the manager's page after the approval: %d", p.Rows[0].CompletedYuan)
		}
		// A cached page without ?year=&month= reads the data version once
		// (for the default period and the page alike), and nothing else
		// of the data.
		plain := func() {
			res, err := admin.Get(srv.URL + "/api/v1/projects")
			if err != nil || res.StatusCode != http.StatusOK {
				t.Fatalf("projects: %v", err)
			}
			res.Body.Close()
		}
		plain() // computes the default period and the page
		rec := storetest.Record(t, s)
		qs := rec.During(plain)
		versions := 0
		for _, q := range qs {
			if strings.Contains(q.SQL, "data_version") {
				versions++
			} else if strings.Contains(q.SQL, "monthly_reports") || strings.Contains(q.SQL, "plan_entries") {
				t.Errorf("a cached page read the data: %s", q.Text())
			}
		}
		if versions != 1 {
			t.Errorf("%d reads of the data version for one page, want 1", versions)
		}
	})
}
