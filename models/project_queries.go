package models

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// ProjectHistory is everything the store holds about one project.
type ProjectHistory struct {
	Project    Project         `json:"project"`
	Plans      []PlanEntry     `json:"plan_entries"`
	Reports    []MonthlyReport `json:"reports"`
	Milestones []Milestone     `json:"milestones"`
	Audit      []AuditEntry    `json:"audit"`
}

// ProjectHistory loads a project with its plan entries (newest year
// first), monthly reports (newest month first), milestones and its latest
// audit entries.
func (s *Store) ProjectHistory(ctx context.Context, id int64, auditLimit int) (*ProjectHistory, error) {
	db := s.read.WithContext(ctx)
	h := &ProjectHistory{Plans: []PlanEntry{}, Reports: []MonthlyReport{}, Milestones: []Milestone{}, Audit: []AuditEntry{}}
	if err := db.Take(&h.Project, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if err := db.Where("project_id = ?", id).Order("year DESC").Find(&h.Plans).Error; err != nil {
		return nil, err
	}
	if err := db.Where("project_id = ?", id).Order("year DESC, month DESC").Find(&h.Reports).Error; err != nil {
		return nil, err
	}
	if err := db.Where("project_id = ?", id).Order("planned_on, id").Find(&h.Milestones).Error; err != nil {
		return nil, err
	}
	if err := db.Where("project_id = ?", id).Order("id DESC").Limit(auditLimit).Find(&h.Audit).Error; err != nil {
		return nil, err
	}
	return h, nil
}

// CityProjects gives the ids of the first n projects of a city in the
// latest year's list, in the list's order (the demo's manager gets them).
func (s *Store) CityProjects(ctx context.Context, city string, n int) ([]int64, error) {
	var ids []int64
	err := s.read.WithContext(ctx).Raw(`SELECT project_id FROM plan_entries WHERE city = ?
		AND year = (SELECT MAX(year) FROM plan_entries) ORDER BY seq, id LIMIT ?`, city, n).Scan(&ids).Error
	return ids, err
}

// OwnerCities is province.OwnerCity in SQL for many projects at once, on
// tx (inside an import's transaction): the city of each project's newest
// list entry. Projects in no list are absent.
func OwnerCities(tx *gorm.DB, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	for part := range slices.Chunk(ids, 500) {
		var rows []struct {
			ProjectID int64
			City      string
		}
		err := tx.Raw(`SELECT pe.project_id, pe.city FROM plan_entries pe
			WHERE pe.project_id IN ? AND pe.year = (SELECT MAX(p2.year) FROM plan_entries p2 WHERE p2.project_id = pe.project_id)`, part).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("models: owner cities: %w", err)
		}
		for _, r := range rows {
			out[r.ProjectID] = r.City
		}
	}
	return out, nil
}

// OwnerCity is the city that owns a project (province.OwnerCity), "" when
// it is in no list.
func (s *Store) OwnerCity(ctx context.Context, id int64) (string, error) {
	m, err := OwnerCities(s.read.WithContext(ctx), []int64{id})
	return m[id], err
}

// CountProjects is how many projects the database holds, and in how many
// plan entries (one a project a year listed).
func (s *Store) CountProjects(ctx context.Context) (projects, entries int64, err error) {
	db := s.read.WithContext(ctx)
	if err = db.Model(&Project{}).Count(&projects).Error; err != nil {
		return 0, 0, err
	}
	err = db.Model(&PlanEntry{}).Count(&entries).Error
	return projects, entries, err
}
