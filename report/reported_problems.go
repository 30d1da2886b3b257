package report

import (
	"context"
	"fmt"
)

// ReportedProblem is a project's 存在问题 as its report of the month says.
type ReportedProblem struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	City     string `json:"city"`
	Light    string `json:"light"`
	Problems string `json:"problems"`
}

// MonthProblems are the problems the approved reports of report month
// month name (of one city's projects when city is not ""), red projects
// first, then the largest plans, at most limit of them.
func (r *Reporter) MonthProblems(ctx context.Context, year, month int, city string, limit int) ([]ReportedProblem, error) {
	with, args := r.perProject(year, month, cityOnly(city))
	args = append(args, year, month)
	where := ""
	if city != "" {
		where, args = " AND pl.city = ?", append(args, city)
	}
	q := with + `SELECT pl.project_id AS id, pl.name, pl.city, pl.light, mr.problems
FROM pl JOIN monthly_reports mr ON mr.project_id = pl.project_id AND mr.year = ? AND mr.month = ? AND mr.status = 'approved'
WHERE TRIM(mr.problems) <> ''` + where + `
ORDER BY pl.light DESC, pl.plan_yuan DESC, pl.project_id
LIMIT ?`
	var rows []struct {
		ID       int64
		Name     string
		City     string
		Light    int
		Problems string
	}
	if err := r.Store.Read().WithContext(ctx).Raw(q, append(args, limit)...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("report: problems of %d-%02d: %w", year, month, err)
	}
	out := make([]ReportedProblem, len(rows))
	for i, p := range rows {
		out[i] = ReportedProblem{ID: p.ID, Name: p.Name, City: p.City, Light: lightOf(p.Light), Problems: p.Problems}
	}
	return out, nil
}
