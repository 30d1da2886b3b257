package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"portfolio/province"
)

// PlanEdit is an edit of one year's plan entry from a form or the API:
// the fields an official may correct by hand. Version is the version the
// editor read.
type PlanEdit struct {
	Owner               string
	Stage               string
	TotalInvestmentYuan int64
	CompletedBeforeYuan int64
	AnnualPlanYuan      int64
	Note                string
	Version             int
}

// PlanConflict says the plan entry changed since the editor read it.
type PlanConflict struct {
	Current PlanEntry
}

func (e *PlanConflict) Error() string { return "models: plan entry changed by someone else" }

// Unwrap makes it an ErrConflict.
func (e *PlanConflict) Unwrap() error { return ErrConflict }

// check bounds every amount and text of a plan edit; the amounts are
// bounded first, so their sum cannot wrap.
func (ed PlanEdit) check() error {
	for _, a := range []struct {
		field, label string
		yuan         int64
	}{{"total_investment", "总投资", ed.TotalInvestmentYuan}, {"completed_before", "截至上年底累计完成", ed.CompletedBeforeYuan},
		{"annual_plan", "年度计划投资", ed.AnnualPlanYuan}} {
		if err := CheckAmount(a.field, a.label, a.yuan); err != nil {
			return err
		}
	}
	if ed.TotalInvestmentYuan > 0 && ed.CompletedBeforeYuan+ed.AnnualPlanYuan > ed.TotalInvestmentYuan {
		return &FieldError{"annual_plan", "截至上年底累计完成与年度计划之和不能超过总投资"}
	}
	if err := CheckText("owner", "建设单位", strings.TrimSpace(ed.Owner), MaxShortText); err != nil {
		return err
	}
	return CheckText("note", "备注", strings.TrimSpace(ed.Note), MaxLongText)
}

// EditPlanEntry saves a hand edit of a plan entry: optimistic locking (a
// stale version is a PlanConflict carrying what is there now) and an audit
// entry with before and after.
func (s *Store) EditPlanEntry(ctx context.Context, projectID int64, year int, ed PlanEdit, now time.Time, who Who) (*PlanEntry, error) {
	if !province.IsStage(ed.Stage) {
		return nil, &FieldError{"stage", "建设性质应为 " + province.StageWords()}
	}
	if err := ed.check(); err != nil {
		return nil, err
	}
	var out PlanEntry
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var cur PlanEntry
		if err := tx.Where("project_id = ? AND year = ?", projectID, year).Take(&cur).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if cur.Version != ed.Version {
			return &PlanConflict{Current: cur}
		}
		out = cur
		out.Owner, out.Stage, out.Note = strings.TrimSpace(ed.Owner), ed.Stage, strings.TrimSpace(ed.Note)
		out.TotalInvestmentYuan, out.CompletedBeforeYuan, out.AnnualPlanYuan = ed.TotalInvestmentYuan, ed.CompletedBeforeYuan, ed.AnnualPlanYuan
		out.Version, out.UpdatedAt = cur.Version+1, now.UTC()
		res := tx.Model(&PlanEntry{}).Where("id = ? AND version = ?", cur.ID, cur.Version).Select("*").Omit("id", "created_at").Updates(&out)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			// Someone saved between our read and our write: show theirs.
			var now PlanEntry
			if err := tx.Take(&now, cur.ID).Error; err != nil {
				return err
			}
			return &PlanConflict{Current: now}
		}
		pid := projectID
		return WriteAudit(tx, []AuditEntry{{At: out.UpdatedAt, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionUpdate, Entity: "plan_entries", EntityID: cur.ID, ProjectID: &pid, BeforeJSON: AuditJSON(cur), AfterJSON: AuditJSON(out)}})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
