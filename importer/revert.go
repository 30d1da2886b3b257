package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"gorm.io/gorm"

	"portfolio/models"
)

// ErrAlreadyReverted means the batch was reverted before.
var ErrAlreadyReverted = errors.New("importer: batch already reverted")

// RevertConflictError says which row of a batch was changed after it, so
// the revert would overwrite someone's later work; nothing was reverted.
type RevertConflictError struct {
	Entity   string
	EntityID int64
	Message  string
}

func (e *RevertConflictError) Error() string {
	return fmt.Sprintf("importer: cannot revert: %s %d: %s", e.Entity, e.EntityID, e.Message)
}

// Unwrap lets callers treat it as models.ErrConflict.
func (e *RevertConflictError) Unwrap() error { return models.ErrConflict }

// Revert undoes an applied batch in one transaction: rows it created are
// deleted, rows it updated get their earlier values back. A row changed
// since (by a later import or an edit) stops the revert with a conflict,
// and nothing is written.
func (im *Importer) Revert(ctx context.Context, batchID int64, who models.Who) (*models.ImportBatch, error) {
	var batch models.ImportBatch
	err := im.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&batch, batchID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		if batch.Status == models.BatchReverted {
			return ErrAlreadyReverted
		}
		var entries []models.AuditEntry
		err := tx.Where("batch_id = ? AND action IN ?", batchID, []string{models.ActionCreate, models.ActionUpdate}).
			Order("id DESC").Find(&entries).Error
		if err != nil {
			return fmt.Errorf("importer: load batch %d: %w", batchID, err)
		}
		now := im.now()
		if who.Source == "" {
			who.Source = models.SourceImport
		}
		var audit []models.AuditEntry
		for _, e := range entries {
			if err := undo(tx, e); err != nil {
				return err
			}
			audit = append(audit, models.AuditEntry{At: now, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
				Action: models.ActionRevert, Entity: e.Entity, EntityID: e.EntityID, ProjectID: e.ProjectID, BatchID: &batchID,
				BeforeJSON: e.AfterJSON, AfterJSON: e.BeforeJSON})
		}
		batch.Status, batch.RevertedAt = models.BatchReverted, &now
		if err := tx.Model(&batch).Updates(map[string]any{"status": batch.Status, "reverted_at": now}).Error; err != nil {
			return err
		}
		return models.WriteAudit(tx, audit)
	})
	if err != nil {
		return nil, err
	}
	return &batch, nil
}

// undo reverses one audit entry of a batch.
func undo(tx *gorm.DB, e models.AuditEntry) error {
	switch e.Entity {
	case "projects":
		return undoRow[models.Project](tx, e, func(p *models.Project) int { return 0 })
	case "plan_entries":
		return undoRow[models.PlanEntry](tx, e, func(p *models.PlanEntry) int { return p.Version })
	case "monthly_reports":
		return undoRow[models.MonthlyReport](tx, e, func(r *models.MonthlyReport) int { return r.Version })
	}
	return fmt.Errorf("importer: batch entry %d: unknown entity %q", e.ID, e.Entity)
}

// undoRow restores one row to its state before the batch. The row must
// still hold what the batch wrote (a later change, even one since undone,
// only bumps the version); version reads a row's optimistic-locking
// version (0 for tables without one).
func undoRow[T any](tx *gorm.DB, e models.AuditEntry, version func(*T) int) error {
	var after T
	if err := json.Unmarshal([]byte(e.AfterJSON), &after); err != nil {
		return fmt.Errorf("importer: batch entry %d: %w", e.ID, err)
	}
	var cur T
	err := tx.Take(&cur, e.EntityID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &RevertConflictError{Entity: e.Entity, EntityID: e.EntityID, Message: "该记录已被删除"}
	}
	if err != nil {
		return err
	}
	if !sameContent(&cur, &after) {
		return &RevertConflictError{Entity: e.Entity, EntityID: e.EntityID, Message: "该记录在本批次导入之后又被修改过"}
	}
	if e.Action == models.ActionCreate {
		if err := tx.Delete(&cur).Error; err != nil {
			if errors.Is(err, gorm.ErrForeignKeyViolated) {
				return &RevertConflictError{Entity: e.Entity, EntityID: e.EntityID, Message: "后续导入或填报的数据引用了该项目"}
			}
			return fmt.Errorf("importer: revert %s %d: %w", e.Entity, e.EntityID, err)
		}
		return nil
	}
	var before T
	if err := json.Unmarshal([]byte(e.BeforeJSON), &before); err != nil {
		return fmt.Errorf("importer: batch entry %d: %w", e.ID, err)
	}
	// The earlier values come back with a new version, so an editor who
	// still holds the batch's version is refused rather than overwritten.
	switch b := any(&before).(type) {
	case *models.PlanEntry:
		b.Version = version(&cur) + 1
	case *models.MonthlyReport:
		b.Version = version(&cur) + 1
	}
	if err := tx.Select("*").Save(&before).Error; err != nil {
		return fmt.Errorf("importer: revert %s %d: %w", e.Entity, e.EntityID, err)
	}
	return nil
}

// sameContent compares two rows as JSON, leaving out the bookkeeping
// columns that change without changing what the row says.
func sameContent(a, b any) bool {
	strip := func(v any) map[string]any {
		var m map[string]any
		raw, err := json.Marshal(v)
		if err != nil || json.Unmarshal(raw, &m) != nil {
			return nil
		}
		for _, k := range []string{"version", "created_at", "updated_at", "batch_id"} {
			delete(m, k)
		}
		return m
	}
	return reflect.DeepEqual(strip(a), strip(b))
}
