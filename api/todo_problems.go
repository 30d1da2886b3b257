package api

import (
	"context"
	"fmt"
	"net/url"

	"portfolio/models"
	"portfolio/province"
)

// todoProblemSoon is how many days ahead a problem's due date puts it on
// the to-do of whoever works it.
const todoProblemSoon = 7

// todoProblems: the open problems the user must work: a manager's on its
// projects and a city's at county or city level that are due within a
// week or overdue; the province's escalated ones (province level), due
// or not.
func (s *server) todoProblems(ctx context.Context, t *todoCtx) ([]todoItem, error) {
	today, soon := province.Today(t.now), province.Today(t.now.AddDate(0, 0, todoProblemSoon))
	f := models.ProblemFilter{Today: today, ScopeCity: t.scope.City, ManagerID: t.scope.ManagerID, PerPage: maxTodo}
	if t.user.Role == models.RoleAdmin {
		f.Level = province.LevelProvince
	}
	var items []todoItem
	for _, status := range []string{province.ProblemOpen, province.ProblemInProgress} {
		f.Status = status
		rows, _, err := s.cfg.Store.Problems(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, p := range rows {
			escalated := p.Level == province.LevelProvince
			if escalated != (t.user.Role == models.RoleAdmin) || (!escalated && (p.DueOn == "" || p.DueOn > soon)) {
				continue
			}
			items = append(items, todoItem{Kind: todoProblem, DueOn: p.DueOn, Late: p.Overdue,
				Link:  "/problems?project=" + url.QueryEscape(fmt.Sprint(p.ProjectID)),
				Title: fmt.Sprintf("%s：%s问题（%s，%s）%s", p.ProjectName, p.Category, province.LevelLabel(p.Level), province.ProblemStatusLabel(p.Status), dueWords(p))})
		}
	}
	return items, nil
}

// dueWords says when a problem is due: 已逾期 or 限 2024-07-01 前解决.
func dueWords(p models.ProblemRow) string {
	switch {
	case p.Overdue:
		return "，已逾期（限 " + p.DueOn + "）"
	case p.DueOn != "":
		return "，限 " + p.DueOn + " 前解决"
	}
	return ""
}
