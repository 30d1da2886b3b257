package api_test

import (
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
)

// TestTodoProblems: a problem due within a week (or overdue) is on the
// to-do of the manager of its project and of its city; one due later is
// not; an escalated (province-level) one is on the province's only.
func TestTodoProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv, c, school := calendarWithManager(t, s)
		for _, p := range []struct{ level, due, text string }{
			{province.LevelCounty, "2024-08-01", "征迁未完成"},
			{province.LevelCity, "2024-08-12", "林地报批"},
			{province.LevelCounty, "2024-12-01", "资金缺口"},
			{province.LevelProvince, "", "能耗指标"},
		} {
			in := models.ProblemInput{ProjectID: school, Category: "其他", Description: p.text, Level: p.level, DueOn: p.due}
			if _, err := s.RaiseProblem(t.Context(), in, c.t, models.Who{Actor: "builder"}); err != nil {
				t.Fatal(err)
			}
		}
		problems := func(name string) []string {
			var td todoAnswer
			cl := srv.Client()
			if name != "admin" {
				cl = clientFor(t, srv, name)
			}
			getJSON(t, cl, srv.URL+"/api/v1/todo", &td)
			var out []string
			for _, it := range td.Items {
				if it.Kind == "problem" {
					out = append(out, it.Title)
					if !strings.HasPrefix(it.Link, "/problems?project=") {
						t.Errorf("%s: problem item links to %q", name, it.Link)
					}
				}
			}
			return out
		}
		for _, name := range []string{"builder", "nanchang"} {
			got := strings.Join(problems(name), "\n")
			if strings.Count(got, "\n") != 1 || !strings.Contains(got, "已逾期（限 2024-08-01）") || !strings.Contains(got, "限 2024-08-12 前解决") {
				t.Errorf("%s's problems to do:\n%s", name, got)
			}
		}
		if got := problems("admin"); len(got) != 1 || !strings.Contains(got[0], "省级") {
			t.Errorf("the province's problems to do: %q", got)
		}
	})
}
