package importer

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
)

// write applies a change set inside tx and returns the audit entries of
// every row it wrote, under the batch (those entries are what a revert
// undoes), still to be rendered and written: see auditing.
func (im *Importer) write(tx *gorm.DB, cs *changeSet, batchID int64, who models.Who, pr *tracker) (*auditPart, error) {
	now := im.now()
	if who.Source == "" {
		who.Source = models.SourceImport
	}
	w := &writer{tx: tx, now: now, batchID: batchID, pr: pr, audit: &auditPart{at: now, who: who, batchID: batchID}}
	if err := w.projects(cs.newProjects); err != nil {
		return nil, err
	}
	if err := w.plans(cs.plans); err != nil {
		return nil, err
	}
	if err := w.reports(cs.reports); err != nil {
		return nil, err
	}
	return w.audit, nil
}

// writer writes one change set: every row at the same time, under one
// batch, counted on pr, with an audit row each.
type writer struct {
	tx      *gorm.DB
	now     time.Time
	batchID int64
	pr      *tracker
	audit   *auditPart
}

// entry records a written row for the audit.
func (w *writer) entry(action, entity string, id, projectID int64, before, after any) {
	w.audit.rows = append(w.audit.rows, auditRow{action: action, entity: entity, id: id, projectID: projectID, before: before, after: after})
}

// projects creates the projects the change set's new entries point at.
func (w *writer) projects(ps []*models.Project) error {
	if len(ps) == 0 {
		return nil
	}
	for _, p := range ps {
		p.CreatedAt, p.UpdatedAt = w.now, w.now
	}
	if err := models.InsertProjects(w.tx, ps); err != nil {
		return fmt.Errorf("importer: create projects: %w", err)
	}
	w.pr.add(int64(len(ps)))
	for _, p := range ps {
		w.entry(models.ActionCreate, "projects", p.ID, p.ID, nil, p)
	}
	return nil
}

// plans updates the plan entries that changed, one by one, then creates
// the new ones together.
func (w *writer) plans(plans []planWrite) error {
	var created []*models.PlanEntry
	for i := range plans {
		p := &plans[i]
		if p.NewProject != nil {
			p.After.ProjectID = p.NewProject.ID
		}
		if p.SetCode != nil {
			if err := w.setCode(p.SetCode); err != nil {
				return err
			}
		}
		p.After.BatchID = &w.batchID
		if p.Before == nil {
			p.After.Version, p.After.CreatedAt, p.After.UpdatedAt = 1, w.now, w.now
			created = append(created, &p.After)
			continue
		}
		if err := updateVersioned(w.tx, &p.After, p.Before.Version, w.now); err != nil {
			return err
		}
		w.pr.add(1)
		w.entry(models.ActionUpdate, "plan_entries", p.After.ID, p.After.ProjectID, p.Before, p.After)
	}
	if len(created) == 0 {
		return nil
	}
	if err := models.InsertPlanEntries(w.tx, created); err != nil {
		return fmt.Errorf("importer: create plan entries: %w", err)
	}
	w.pr.add(int64(len(created)))
	for _, e := range created {
		w.entry(models.ActionCreate, "plan_entries", e.ID, e.ProjectID, nil, e)
	}
	return nil
}

// setCode gives an existing project without a code the code a row gave
// it (p carries the code).
func (w *writer) setCode(p *models.Project) error {
	before := *p
	before.Code = nil
	p.UpdatedAt = w.now
	if err := w.tx.Model(&models.Project{}).Where("id = ? AND code IS NULL", p.ID).
		Updates(map[string]any{"code": *p.Code, "updated_at": w.now}).Error; err != nil {
		return fmt.Errorf("importer: set code of project %d: %w", p.ID, err)
	}
	w.entry(models.ActionUpdate, "projects", p.ID, p.ID, before, p)
	return nil
}

// reports updates the monthly reports that changed, one by one, then
// creates the new ones together.
func (w *writer) reports(reports []reportWrite) error {
	var created []*models.MonthlyReport
	for i := range reports {
		r := &reports[i]
		if r.project != nil {
			r.After.ProjectID = r.project.ID
		}
		r.After.BatchID = &w.batchID
		if r.Before == nil {
			r.After.CreatedAt, r.After.UpdatedAt = w.now, w.now
			created = append(created, &r.After)
			continue
		}
		if err := updateVersioned(w.tx, &r.After, r.Before.Version, w.now); err != nil {
			return err
		}
		w.pr.add(1)
		w.entry(models.ActionUpdate, "monthly_reports", r.After.ID, r.After.ProjectID, r.Before, r.After)
	}
	if len(created) == 0 {
		return nil
	}
	if err := models.InsertMonthlyReports(w.tx, created); err != nil {
		return fmt.Errorf("importer: create monthly reports: %w", err)
	}
	w.pr.add(int64(len(created)))
	for _, r := range created {
		w.entry(models.ActionCreate, "monthly_reports", r.ID, r.ProjectID, nil, r)
	}
	return nil
}

// versioned is a row with an optimistic-locking version.
type versioned interface {
	*models.PlanEntry | *models.MonthlyReport
}

// updateVersioned saves row only if nobody changed it since it was read
// (its version is still was); the version goes up by one.
func updateVersioned[T versioned](tx *gorm.DB, row T, was int, now time.Time) error {
	var id int64
	switch r := any(row).(type) {
	case *models.PlanEntry:
		r.Version, r.UpdatedAt, id = was+1, now, r.ID
	case *models.MonthlyReport:
		r.Version, r.UpdatedAt, id = was+1, now, r.ID
	}
	res := tx.Model(row).Where("version = ?", was).Select("*").Omit("id", "created_at").Updates(row)
	if res.Error != nil {
		return fmt.Errorf("importer: update row %d: %w", id, res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("importer: row %d changed while importing: %w", id, models.ErrConflict)
	}
	return nil
}
