package api

import (
	"context"
	"fmt"

	"portfolio/models"
	"portfolio/province"
)

// reportLink is a project's report form at a month.
func reportLink(p models.ProjectMonth) string {
	return fmt.Sprintf("/projects/%d/report?year=%d&month=%d", p.ProjectID, p.Year, p.Month)
}

// todoReturned: a manager's reports returned by the city, to correct.
func (s *server) todoReturned(ctx context.Context, t *todoCtx) ([]todoItem, error) {
	rs, err := s.cfg.Store.ReportsOfStatus(ctx, models.ReportReturned, t.scope, maxTodo)
	items := make([]todoItem, 0, len(rs))
	for _, r := range rs {
		due := province.DueOn(r.Year, r.Month, t.dueDay)
		items = append(items, todoItem{Kind: todoReportReturned, Link: reportLink(r), DueOn: due,
			Late:  province.PastDue(r.Year, r.Month, t.dueDay, t.now),
			Title: fmt.Sprintf("%s：%d年%d月月报被退回，请修改后重新报送", r.Name, r.Year, r.Month)})
	}
	return items, err
}

// todoOwed: the months up to the one chased that a manager's projects
// have not reported (returned ones are listed by todoReturned).
func (s *server) todoOwed(ctx context.Context, t *todoCtx) ([]todoItem, error) {
	owed, err := s.cfg.Store.OwedMonths(ctx, t.year, t.chase, t.scope, maxTodo)
	items := make([]todoItem, 0, len(owed))
	for _, p := range owed {
		if p.Status == models.ReportReturned {
			continue
		}
		due := province.DueOn(p.Year, p.Month, t.dueDay)
		late := province.Overdue(p.Status, p.Year, p.Month, t.dueDay, t.now)
		what := "待报送"
		if late {
			what = "已逾期，请尽快报送"
		}
		items = append(items, todoItem{Kind: todoReportOwed, Link: reportLink(p), DueOn: due, Late: late,
			Title: fmt.Sprintf("%s：%d年%d月月报%s", p.Name, p.Year, p.Month, what)})
	}
	return items, err
}

// todoApprove: the submitted reports a city (or the province) reviews.
func (s *server) todoApprove(ctx context.Context, t *todoCtx) ([]todoItem, error) {
	ps, err := s.cfg.Store.PendingReports(ctx, t.scope.City)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return []todoItem{{Kind: todoReportApprove, Link: "/approvals",
		Title: fmt.Sprintf("%d 份月报待审核", len(ps))}}, nil
}

// todoOverdue: how many projects of the city (of every city, for the
// province) are overdue with the chased month's report.
func (s *server) todoOverdue(ctx context.Context, t *todoCtx) ([]todoItem, error) {
	if !t.chasePastDue {
		return nil, nil
	}
	rows, err := s.cfg.Store.ReportingByCity(ctx, t.year, t.chase, t.scope)
	var n, cities int64
	for _, r := range rows {
		if late := r.Projects - r.Reported; late > 0 {
			n += late
			cities++
		}
	}
	if err != nil || n == 0 {
		return nil, err
	}
	title := fmt.Sprintf("%s月报逾期未报送：%s 个项目，请催报", t.chaseMonthTag, province.Thousands(n))
	if t.scope.City == "" {
		title = fmt.Sprintf("%s月报逾期未报送：%d 个地区的 %s 个项目", t.chaseMonthTag, cities, province.Thousands(n))
	}
	return []todoItem{{Kind: todoReportsOverdue, Link: fmt.Sprintf("/reporting?year=%d&month=%d", t.year, t.chase),
		DueOn: t.dueOn, Late: true, Title: title}}, nil
}

// todoWarnings: the warnings on the user's projects, one item per rule
// that raised any (one per project for a manager, who has few).
func (s *server) todoWarnings(ctx context.Context, t *todoCtx) ([]todoItem, error) {
	month := t.closed
	if month == 0 {
		return nil, nil // nothing reported yet: no lag, no month to read milestones at
	}
	w, err := s.cfg.Reporter.Warnings(ctx, t.year, month, t.dueDay, t.scope, t.now, maxTodo)
	if err != nil {
		return nil, err
	}
	var items []todoItem
	if t.user.Role == models.RoleManager {
		for _, it := range w.Items {
			if it.Rule == province.WarnOverdue {
				continue // the owed months say it already
			}
			items = append(items, todoItem{Kind: todoWarning, Link: fmt.Sprintf("/projects/%d", it.ProjectID),
				Title: fmt.Sprintf("预警（%s）：%s，%s", it.RuleLabel, it.Name, it.Detail)})
		}
		return items, nil
	}
	for _, r := range w.Rules {
		if r.Count == 0 || r.Rule == province.WarnOverdue {
			continue
		}
		items = append(items, todoItem{Kind: todoWarning, Link: fmt.Sprintf("/reporting?year=%d#warnings", t.year),
			Title: fmt.Sprintf("预警（%s）：%s 个项目。规则：%s", r.Label, province.Thousands(int64(r.Count)), r.Text)})
	}
	return items, nil
}
