package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"portfolio/province"
)

// ProblemFilter selects problems; zero fields do not filter.
type ProblemFilter struct {
	Status, Level, Category string
	City                    string // the project's owner city
	Overdue                 bool   // due before Today and still open
	Today                   string // YYYY-MM-DD: what overdue is measured against
	ProjectID               int64
	ID                      int64 // one problem (within the scope)
	// Scope: a city official's city, a manager's id (its assigned
	// projects); the roles' existing rules, applied by the caller.
	ScopeCity string
	ManagerID int64
	Page      int // from 1
	PerPage   int // 0 means 100; at most 1,000 (an export reads pages)
}

// ProblemRow is a problem with its project's name and owner city, and
// whether it is overdue.
type ProblemRow struct {
	Problem
	ProjectName string `gorm:"column:project_name" json:"project_name"`
	City        string `gorm:"column:city" json:"city"`
	Overdue     bool   `gorm:"-" json:"overdue"`
}

// problemRows is every problem with its project's name and owner city
// (the city of the project's newest list entry, as OwnerCities).
func (s *Store) problemRows(ctx context.Context) *gorm.DB {
	db := s.read.WithContext(ctx)
	sub := db.Table("problems p").Select(`p.*, pr.name AS project_name, COALESCE((SELECT pe.city FROM plan_entries pe
		WHERE pe.project_id = p.project_id ORDER BY pe.year DESC LIMIT 1), '') AS city`).Joins("JOIN projects pr ON pr.id = p.project_id")
	return db.Table("(?) AS q", sub)
}

// openStatuses are the statuses still to be worked (province.ProblemIsOpen).
func openStatuses() []string { return []string{province.ProblemOpen, province.ProblemInProgress} }

func (f ProblemFilter) apply(q *gorm.DB) *gorm.DB {
	for col, v := range map[string]string{"status": f.Status, "level": f.Level, "category": f.Category, "city": f.City} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.ScopeCity != "" {
		q = q.Where("city = ?", f.ScopeCity)
	}
	if f.ManagerID != 0 {
		q = q.Where("project_id IN (SELECT project_id FROM user_projects WHERE user_id = ?)", f.ManagerID)
	}
	if f.ProjectID != 0 {
		q = q.Where("project_id = ?", f.ProjectID)
	}
	if f.ID != 0 {
		q = q.Where("id = ?", f.ID)
	}
	if f.Overdue {
		q = overdue(q, f.Today)
	}
	return q
}

// overdue narrows q to the problems due before today and still open.
func overdue(q *gorm.DB, today string) *gorm.DB {
	return q.Where("due_on <> '' AND due_on < ? AND status IN ?", today, openStatuses())
}

// Problems returns one page of the problems f selects, the newest first,
// and how many it selects in all.
func (s *Store) Problems(ctx context.Context, f ProblemFilter) ([]ProblemRow, int64, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage <= 0 || f.PerPage > 1000 {
		f.PerPage = 100
	}
	var total int64
	if err := f.apply(s.problemRows(ctx)).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count problems: %w", err)
	}
	var rows []ProblemRow
	err := f.apply(s.problemRows(ctx)).Order("id DESC").Limit(f.PerPage).Offset((f.Page - 1) * f.PerPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("models: problems: %w", err)
	}
	for i := range rows {
		rows[i].Overdue = rows[i].DueOn != "" && rows[i].DueOn < f.Today && province.ProblemIsOpen(rows[i].Status)
	}
	return rows, total, nil
}

// ProblemCount is how many open problems share a key (a category, a city).
type ProblemCount struct {
	Key   string `gorm:"column:k" json:"key"`
	Count int64  `gorm:"column:n" json:"count"`
}

// ProblemSummary is the dashboard's view of the ledger: the open problems
// by category and by city, how many are overdue, and the oldest open ones.
type ProblemSummary struct {
	Open       int64          `json:"open"`
	Overdue    int64          `json:"overdue"`
	ByCategory []ProblemCount `json:"by_category"`
	ByCity     []ProblemCount `json:"by_city"`
	Oldest     []ProblemRow   `json:"oldest"`
}

// ProblemSummary summarises the open problems as of today (YYYY-MM-DD),
// of one city's projects or, city empty, the whole ledger; oldest is how
// many of the oldest to list.
func (s *Store) ProblemSummary(ctx context.Context, today, city string, oldest int) (*ProblemSummary, error) {
	out := &ProblemSummary{ByCategory: []ProblemCount{}, ByCity: []ProblemCount{}}
	rows := func() *gorm.DB {
		if city != "" {
			return s.problemRows(ctx).Where("city = ?", city)
		}
		return s.problemRows(ctx)
	}
	open := func() *gorm.DB { return rows().Where("status IN ?", openStatuses()) }
	if err := open().Count(&out.Open).Error; err != nil {
		return nil, fmt.Errorf("models: problem summary: %w", err)
	}
	if err := overdue(rows(), today).Count(&out.Overdue).Error; err != nil {
		return nil, fmt.Errorf("models: problem summary: %w", err)
	}
	for col, dst := range map[string]*[]ProblemCount{"category": &out.ByCategory, "city": &out.ByCity} {
		if err := open().Select(col + " AS k, COUNT(*) AS n").Group(col).Order("n DESC, k").Scan(dst).Error; err != nil {
			return nil, fmt.Errorf("models: problem summary by %s: %w", col, err)
		}
	}
	if err := open().Order("created_at, id").Limit(oldest).Scan(&out.Oldest).Error; err != nil {
		return nil, fmt.Errorf("models: oldest problems: %w", err)
	}
	for i := range out.Oldest {
		p := &out.Oldest[i]
		p.Overdue = p.DueOn != "" && p.DueOn < today
	}
	return out, nil
}
