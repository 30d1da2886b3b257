package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
	"portfolio/reminders"
)

// TestProblemNotifications: a local receiver gets a problem escalated
// by the city, and each overdue problem once however often checked.
func TestProblemNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		var mu sync.Mutex
		var got []map[string]any
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			mu.Lock()
			got = append(got, body)
			mu.Unlock()
		}))
		defer rcv.Close()
		hook, err := models.ParseWebhook("json+"+rcv.URL+"/hook", "")
		if err != nil {
			t.Fatal(err)
		}
		n := runNotifier(t, s, hook)

		c := &clock{t: cst(2024, 8, 6, 9)}
		srv := calendarServer(t, s, c, n)
		addUser(t, s, "nanchang", models.RoleCity, "南昌市")
		var school int64
		s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
		for _, due := range []string{"2024-08-01", "2024-09-30"} {
			in := models.ProblemInput{ProjectID: school, Category: "用地", Description: "用地报批 " + due, Level: province.LevelCounty, DueOn: due}
			if _, err := s.RaiseProblem(t.Context(), in, c.t, models.Who{Actor: "builder"}); err != nil {
				t.Fatal(err)
			}
		}
		var first int64
		s.DB().Raw("SELECT MIN(id) FROM problems").Scan(&first)
		if code, body := sendJSON(t, clientFor(t, srv, "nanchang"), srv.URL+"/api/v1/problems/"+itoa(first)+"/escalate", map[string]any{"version": 1, "note": "县里协调不了"}); code != 200 {
			t.Fatalf("escalate: %d %v", code, body)
		}
		for i, want := range []int{1, 0} {
			if sent, err := reminders.CheckOverdueProblems(t.Context(), s, n, c.now()); err != nil || sent != want {
				t.Fatalf("check %d: sent %d (%v), want %d", i+1, sent, err, want)
			}
		}
		waitAudit(t, s, 2)
		mu.Lock()
		defer mu.Unlock()
		events := map[string]string{}
		for _, b := range got {
			events[b["event"].(string)] = b["text"].(string)
		}
		if len(got) != 2 || !strings.Contains(events["problem_escalated"], "提请市级协调解决。说明：县里协调不了") ||
			!strings.Contains(events["problem_overdue"], "限 2024-08-01 前解决，现已逾期") {
			t.Errorf("received %+v", got)
		}
	})
}
