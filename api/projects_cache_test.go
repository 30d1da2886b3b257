package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
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
	})
}
