package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// MilestoneInput adds a milestone (ID 0) or changes one read at Version.
type MilestoneInput struct {
	ID        int64
	ProjectID int64
	Kind      string
	PlannedOn string // YYYY-MM-DD
	ReachedOn string // YYYY-MM-DD or ""
	Note      string
	Version   int
}

func checkDate(field, v string) error {
	if v == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		return &FieldError{field, "日期应写作 2024-06-30"}
	}
	return nil
}

// SaveMilestone adds or changes a milestone, refusing a change to a row
// someone else changed since it was read (a ConflictError).
func (s *Store) SaveMilestone(ctx context.Context, in MilestoneInput, now time.Time, who Who) (*Milestone, error) {
	in.Kind = strings.TrimSpace(in.Kind)
	if in.Kind == "" {
		return nil, &FieldError{"kind", "请填写里程碑名称（如 开工、竣工）"}
	}
	if err := CheckText("kind", "里程碑名称", in.Kind, MaxShortText); err != nil {
		return nil, err
	}
	if err := CheckText("note", "里程碑备注", strings.TrimSpace(in.Note), MaxLongText); err != nil {
		return nil, err
	}
	if err := checkDate("planned_on", in.PlannedOn); err != nil {
		return nil, err
	}
	if err := checkDate("reached_on", in.ReachedOn); err != nil {
		return nil, err
	}
	if in.ReachedOn > now.Format("2006-01-02") {
		return nil, &FieldError{"reached_on", "实际完成日期不能晚于今天"}
	}
	now = now.UTC()
	var out Milestone
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		pid := in.ProjectID
		row := Milestone{ProjectID: in.ProjectID, Kind: in.Kind, PlannedOn: in.PlannedOn, FirstPlannedOn: in.PlannedOn,
			ReachedOn: in.ReachedOn, Note: strings.TrimSpace(in.Note), UpdatedAt: now}
		if in.ID == 0 {
			row.Version, row.CreatedAt = 1, now
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
			out = row
			return WriteAudit(tx, []AuditEntry{{At: now, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
				Action: ActionCreate, Entity: "milestones", EntityID: row.ID, ProjectID: &pid, AfterJSON: AuditJSON(row)}})
		}
		var cur Milestone
		if err := tx.Where("id = ? AND project_id = ?", in.ID, in.ProjectID).Take(&cur).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if cur.Version != in.Version {
			return &MilestoneConflict{Current: cur}
		}
		row.ID, row.CreatedAt, row.Version = cur.ID, cur.CreatedAt, cur.Version+1
		if cur.FirstPlannedOn != "" {
			row.FirstPlannedOn = cur.FirstPlannedOn // the first plan stays
		}
		res := tx.Model(&Milestone{}).Where("id = ? AND version = ?", cur.ID, cur.Version).Select("*").Omit("id", "created_at").Updates(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return &MilestoneConflict{Current: cur}
		}
		out = row
		return WriteAudit(tx, []AuditEntry{{At: now, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionUpdate, Entity: "milestones", EntityID: row.ID, ProjectID: &pid, BeforeJSON: AuditJSON(cur), AfterJSON: AuditJSON(row)}})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// MilestoneConflict says a milestone changed since it was read.
type MilestoneConflict struct {
	Current Milestone
}

func (e *MilestoneConflict) Error() string { return "models: milestone changed by someone else" }

// Unwrap makes it an ErrConflict.
func (e *MilestoneConflict) Unwrap() error { return ErrConflict }
