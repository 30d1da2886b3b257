package report

import (
	"context"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"portfolio/models"
)

// oc4idsData is what the export reads, in one snapshot: the period's
// rows from the row source, in the list's order (sector by sector as
// the report shows them, then the list's rows), and each project's
// milestones and approved reports up to the month.
type oc4idsData struct {
	Period
	rows       []plRow
	milestones map[int64][]models.Milestone
	reports    map[int64][]models.MonthlyReport
}

// loadOC4IDS reads the period's rows, milestones and approved reports
// up to the month in one snapshot, so the budget and the metrics
// describe the same state of the database.
func loadOC4IDS(ctx context.Context, st *models.Store, year, month int) (*oc4idsData, error) {
	d := &oc4idsData{milestones: map[int64][]models.Milestone{}, reports: map[int64][]models.MonthlyReport{}}
	err := st.Snapshot(ctx, func(tx *gorm.DB) error {
		p, err := resolvePeriod(tx, year, month)
		if err != nil {
			return err
		}
		if p.Year == 0 {
			return fmt.Errorf("no list imported yet: %w", models.ErrNotFound)
		}
		d.Period = p
		src := rowSource{r: &Reporter{Store: st}, db: tx, p: p}
		if err := src.each(nil, func(r plRow) error { d.rows = append(d.rows, r); return nil }); err != nil {
			return err
		}
		if len(d.rows) == 0 {
			return fmt.Errorf("no list for %d: %w", p.Year, models.ErrNotFound)
		}
		return d.loadHistory(tx)
	})
	if err != nil {
		return nil, fmt.Errorf("report: oc4ids: %w", err)
	}
	// The rows come in the list's order (seq, project); by sector, stably.
	sort.SliceStable(d.rows, func(i, j int) bool {
		return compareSectors(d.rows[i].Sector, d.rows[j].Sector, false) < 0
	})
	return d, nil
}

// loadHistory reads the milestones of the period's projects and their
// approved reports up to the month.
func (d *oc4idsData) loadHistory(tx *gorm.DB) error {
	inList := "project_id IN (SELECT project_id FROM plan_entries WHERE year = ?)"
	var ms []models.Milestone
	if err := tx.Where(inList, d.Year).Order("project_id, planned_on, id").Find(&ms).Error; err != nil {
		return err
	}
	for _, m := range ms {
		d.milestones[m.ProjectID] = append(d.milestones[m.ProjectID], m)
	}
	var rs []models.MonthlyReport
	if err := tx.Where("year = ? AND month <= ? AND status = ? AND "+inList, d.Year, d.Month, models.ReportApproved, d.Year).
		Order("project_id, month").Find(&rs).Error; err != nil {
		return err
	}
	for _, r := range rs {
		d.reports[r.ProjectID] = append(d.reports[r.ProjectID], r)
	}
	return nil
}
