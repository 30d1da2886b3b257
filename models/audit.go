package models

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Audit sources: where a change came from.
const (
	SourceCLI    = "cli"
	SourceWeb    = "web"
	SourceAPI    = "api"
	SourceImport = "import"
)

// Audit actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionRevert = "revert"
)

// AuditEntry records one change: who, when, from where, which row, and
// the row as JSON before and after ("" for none).
type AuditEntry struct {
	ID         int64     `gorm:"column:id;primaryKey" json:"id"`
	At         time.Time `gorm:"column:at" json:"at"`
	Actor      string    `gorm:"column:actor" json:"actor"`
	Source     string    `gorm:"column:source" json:"source"`
	RemoteAddr string    `gorm:"column:remote_addr" json:"remote_addr"`
	Action     string    `gorm:"column:action" json:"action"`
	Entity     string    `gorm:"column:entity" json:"entity"`
	EntityID   int64     `gorm:"column:entity_id" json:"entity_id"`
	ProjectID  *int64    `gorm:"column:project_id" json:"project_id"`
	BatchID    *int64    `gorm:"column:batch_id" json:"batch_id"`
	BeforeJSON string    `gorm:"column:before_json" json:"before"`
	AfterJSON  string    `gorm:"column:after_json" json:"after"`
}

// TableName fixes the table name.
func (AuditEntry) TableName() string { return "audit_entries" }

// Who says who made a change and from where, for the audit trail.
type Who struct {
	Actor string
	// UserID is the signed-in user behind a web or API request; 0 for the
	// system actors (the CLI, the demo), whose batches have no owner.
	UserID     int64
	Source     string
	RemoteAddr string
}

// AuditJSON renders a row for an audit entry; nil gives "".
func AuditJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// WriteAudit adds audit entries inside the caller's transaction, a part
// of rows per statement (their ids are not read back). Entries that record
// a change of report data also move the data version in that transaction
// (see DataVersion): every data write is audited, so none is missed.
func WriteAudit(tx *gorm.DB, entries []AuditEntry) error {
	if touchesData(entries) {
		if err := bumpDataVersion(tx); err != nil {
			return err
		}
	}
	return insertRows(tx, "audit_entries", "at, actor, source, remote_addr, action, entity, entity_id, project_id, batch_id, before_json, after_json", entries,
		func(a []any, e AuditEntry) []any {
			return append(a, e.At, e.Actor, e.Source, e.RemoteAddr, e.Action, e.Entity, e.EntityID, e.ProjectID, e.BatchID, e.BeforeJSON, e.AfterJSON)
		}, nil)
}

// AuditFilter selects audit entries; zero fields do not filter.
type AuditFilter struct {
	Actor     string
	ProjectID int64
	BatchID   int64
	From, To  time.Time // To is exclusive
	City      string    // only entries of projects listed in this city
	Page      int       // from 1
	PerPage   int       // 0 means 100
}

// Audit returns one page of audit entries, newest first, and the total.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, int64, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage <= 0 || f.PerPage > 500 {
		f.PerPage = 100
	}
	q := s.read.WithContext(ctx).Model(&AuditEntry{})
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.ProjectID != 0 {
		q = q.Where("project_id = ?", f.ProjectID)
	}
	if f.BatchID != 0 {
		q = q.Where("batch_id = ?", f.BatchID)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To)
	}
	if f.City != "" {
		q = q.Where("project_id IN (SELECT project_id FROM plan_entries WHERE city = ?)", f.City)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []AuditEntry
	err := q.Order("id DESC").Limit(f.PerPage).Offset((f.Page - 1) * f.PerPage).Find(&out).Error
	return out, total, err
}

// RecordAudit writes entries on their own (a sign-in, a refusal): the entries
// of a change are written in the change's transaction with WriteAudit.
func (s *Store) RecordAudit(ctx context.Context, entries ...AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return WriteAudit(s.db.WithContext(ctx), entries)
}

// LastChange is the newest audit entry of one row of a project (entity
// and id): who last moved a monthly report, and when. ErrNotFound when it
// has none. The project narrows it to that project's entries (indexed).
func (s *Store) LastChange(ctx context.Context, projectID int64, entity string, id int64) (*AuditEntry, error) {
	var e AuditEntry
	err := s.read.WithContext(ctx).Where("project_id = ? AND entity = ? AND entity_id = ?", projectID, entity, id).
		Order("id DESC").Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &e, err
}
