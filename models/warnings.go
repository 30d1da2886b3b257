package models

import (
	"context"

	"portfolio/province"
)

// ProjectProgress is a project's annual plan and its approved completed
// investment year to date at a report month and at the month before.
type ProjectProgress struct {
	ProjectID    int64  `json:"project_id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	City         string `json:"city"`
	PlanYuan     int64  `json:"plan_yuan"`
	DonePrevYuan int64  `json:"done_prev_yuan"`
	DoneYuan     int64  `json:"done_yuan"`
}

// YearToDate gives the scope's projects of the year's list with a plan,
// with their approved completed investment to month and to month − 1.
func (s *Store) YearToDate(ctx context.Context, year, month int, scope ProjectScope) ([]ProjectProgress, error) {
	var out []ProjectProgress
	q := s.read.WithContext(ctx).Table("plan_entries e").
		Select(`e.project_id AS project_id, COALESCE(p.code, '') AS code, e.name AS name, e.city AS city,
			e.annual_plan_yuan AS plan_yuan,
			COALESCE(CAST(SUM(CASE WHEN r.month < ? THEN r.completed_yuan ELSE 0 END) AS BIGINT), 0) AS done_prev_yuan,
			COALESCE(CAST(SUM(r.completed_yuan) AS BIGINT), 0) AS done_yuan`, month).
		Joins("JOIN projects p ON p.id = e.project_id").
		Joins("LEFT JOIN monthly_reports r ON r.project_id = e.project_id AND r.year = e.year AND r.status = ? AND r.month <= ?", ReportApproved, month).
		Where("e.year = ? AND e.annual_plan_yuan > 0", year).
		Group("e.project_id, p.code, e.name, e.city, e.annual_plan_yuan, e.seq, e.id").Order("e.seq, e.id")
	err := scope.where(q).Scan(&out).Error
	return out, err
}

// OpenMilestone is a milestone not reached by a report month's end, with
// its project's stage in the year's list.
type OpenMilestone struct {
	ProjectID int64  `json:"project_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	City      string `json:"city"`
	Stage     string `json:"stage"`
	Kind      string `json:"kind"`
	PlannedOn string `json:"planned_on"`
	ReachedOn string `json:"reached_on"`
}

// OpenMilestones gives the scope's milestones that can be late in the
// report month (province.OpenMilestoneSQL); the caller applies the rule.
func (s *Store) OpenMilestones(ctx context.Context, year, month int, scope ProjectScope) ([]OpenMilestone, error) {
	var out []OpenMilestone
	open, args := province.OpenMilestoneSQL("m", year, month)
	q := s.read.WithContext(ctx).Table("milestones m").
		Select(`m.project_id AS project_id, COALESCE(p.code, '') AS code, e.name AS name, e.city AS city, e.stage AS stage,
			m.kind AS kind, m.planned_on AS planned_on, m.reached_on AS reached_on`).
		Joins("JOIN plan_entries e ON e.project_id = m.project_id AND e.year = ?", year).
		Joins("JOIN projects p ON p.id = m.project_id").
		Where(open, args...).Order("m.planned_on, e.seq, m.id")
	err := scope.where(q).Scan(&out).Error
	return out, err
}
