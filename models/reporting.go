package models

import (
	"cmp"
	"context"
	"slices"

	"gorm.io/gorm"

	"portfolio/province"
)

// ProjectScope narrows the calendar, the to-do and the warnings to the
// projects a user acts on: a city's, a manager's assigned ones, or all.
type ProjectScope struct {
	City      string
	ManagerID int64
}

// where keeps the plan entries (aliased e) of the scope.
func (p ProjectScope) where(q *gorm.DB) *gorm.DB {
	if p.City != "" {
		q = q.Where("e.city = ?", p.City)
	}
	if p.ManagerID != 0 {
		q = q.Where("e.project_id IN (SELECT project_id FROM user_projects WHERE user_id = ?)", p.ManagerID)
	}
	return q
}

// CityReporting counts a city's projects in a year's list and how many
// have reported (province.Reported) and had approved a month's report.
type CityReporting struct {
	City     string `json:"city"`
	Projects int64  `json:"projects"`
	Reported int64  `json:"reported"`
	Approved int64  `json:"approved"`
}

// ReportingByCity counts, per city of the year's list, the projects and
// their reports of month, in the list's city order (province.Places).
func (s *Store) ReportingByCity(ctx context.Context, year, month int, scope ProjectScope) ([]CityReporting, error) {
	var rows []CityReporting
	q := s.read.WithContext(ctx).Table("plan_entries e").
		Select(`e.city AS city, COUNT(*) AS projects,
			SUM(CASE WHEN r.status IN ? THEN 1 ELSE 0 END) AS reported,
			SUM(CASE WHEN r.status = ? THEN 1 ELSE 0 END) AS approved`, province.ReportedStatuses(), ReportApproved).
		Joins("LEFT JOIN monthly_reports r ON r.project_id = e.project_id AND r.year = e.year AND r.month = ?", month).
		Where("e.year = ?", year).Group("e.city")
	if err := scope.where(q).Scan(&rows).Error; err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, c := range province.Places() {
		order[c] = i + 1
	}
	rank := func(c string) int {
		if o := order[c]; o > 0 {
			return o
		}
		return len(order) + 1
	}
	slices.SortStableFunc(rows, func(a, b CityReporting) int { return cmp.Compare(rank(a.City), rank(b.City)) })
	return rows, nil
}

// ProjectMonth is a project's report of one month, or its absence
// (ReportID 0, Status "").
type ProjectMonth struct {
	ProjectID int64  `json:"project_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	City      string `json:"city"`
	Year      int    `json:"year"`
	Month     int    `json:"month"`
	Status    string `json:"status"`
	ReportID  int64  `json:"report_id"`
}

// projectMonths selects plan entries e of year with projects p and their
// report r of month (or none).
func (s *Store) projectMonths(ctx context.Context, year, month int, scope ProjectScope) *gorm.DB {
	q := s.read.WithContext(ctx).Table("plan_entries e").
		Select(`e.project_id AS project_id, COALESCE(p.code, '') AS code, e.name AS name, e.city AS city,
			e.year AS year, CAST(? AS INTEGER) AS month, COALESCE(r.status, '') AS status, COALESCE(r.id, 0) AS report_id`, month).
		Joins("JOIN projects p ON p.id = e.project_id").
		Joins("LEFT JOIN monthly_reports r ON r.project_id = e.project_id AND r.year = e.year AND r.month = ?", month).
		Where("e.year = ?", year)
	return scope.where(q)
}

// Unreported lists the projects of the year's list (in the scope) that
// have not reported month (no report, a draft or a returned one), in
// the list's order, at most limit of them, and how many there are.
func (s *Store) Unreported(ctx context.Context, year, month int, scope ProjectScope, limit int) ([]ProjectMonth, int64, error) {
	notReported := "(r.status IS NULL OR r.status NOT IN ?)"
	var total int64
	if err := s.projectMonths(ctx, year, month, scope).Where(notReported, province.ReportedStatuses()).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []ProjectMonth{}
	err := s.projectMonths(ctx, year, month, scope).Where(notReported, province.ReportedStatuses()).
		Order("e.seq, e.id").Limit(limit).Scan(&out).Error
	return out, total, err
}

// ReportsOfStatus lists the reports of status of the scope's projects
// (their entry in the report's year), oldest month first, at most limit.
func (s *Store) ReportsOfStatus(ctx context.Context, status string, scope ProjectScope, limit int) ([]ProjectMonth, error) {
	out := []ProjectMonth{}
	q := s.read.WithContext(ctx).Table("monthly_reports r").
		Select(`r.project_id AS project_id, COALESCE(p.code, '') AS code, e.name AS name, e.city AS city,
			r.year AS year, r.month AS month, r.status AS status, r.id AS report_id`).
		Joins("JOIN plan_entries e ON e.project_id = r.project_id AND e.year = r.year").
		Joins("JOIN projects p ON p.id = r.project_id").
		Where("r.status = ?", status)
	err := scope.where(q).Order("r.year, r.month, e.seq, e.id").Limit(limit).Scan(&out).Error
	return out, err
}

// OwedMonths lists, for the scope's projects in the year's list, the
// months 1..upTo they have not reported, project by project, at most
// limit rows.
func (s *Store) OwedMonths(ctx context.Context, year, upTo int, scope ProjectScope, limit int) ([]ProjectMonth, error) {
	var entries []ProjectMonth
	if err := s.projectMonths(ctx, year, 0, scope).Order("e.seq, e.id").Limit(limit).Scan(&entries).Error; err != nil {
		return nil, err
	}
	if len(entries) == 0 || upTo < 1 {
		return []ProjectMonth{}, nil
	}
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ProjectID
	}
	var reports []MonthlyReport
	if err := s.read.WithContext(ctx).Select("project_id, month, status, id").
		Where("year = ? AND month <= ? AND project_id IN ?", year, upTo, ids).Find(&reports).Error; err != nil {
		return nil, err
	}
	type key struct {
		id    int64
		month int
	}
	have := map[key]MonthlyReport{}
	for _, r := range reports {
		have[key{r.ProjectID, r.Month}] = r
	}
	out := []ProjectMonth{}
	for _, e := range entries {
		for m := 1; m <= upTo && len(out) < limit; m++ {
			r := have[key{e.ProjectID, m}]
			if !province.Reported(r.Status) {
				pm := e
				pm.Month, pm.Status, pm.ReportID = m, r.Status, r.ID
				out = append(out, pm)
			}
		}
	}
	return out, nil
}
