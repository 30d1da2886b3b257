package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Target scopes.
const (
	ScopeProvince = "province"
	ScopeSector   = "sector"
	ScopeCity     = "city"
)

// AnnualTarget is the investment to complete in a year: the province's
// total, or one sector's or city's share.
type AnnualTarget struct {
	ID         int64  `gorm:"column:id;primaryKey" json:"id"`
	Year       int    `gorm:"column:year" json:"year"`
	Scope      string `gorm:"column:scope" json:"scope"`
	ScopeKey   string `gorm:"column:scope_key" json:"scope_key"`
	AmountYuan int64  `gorm:"column:amount_yuan" json:"amount_yuan"`
}

// TableName fixes the table name.
func (AnnualTarget) TableName() string { return "annual_targets" }

// Target returns the year's target for a scope and key, and false when none is set.
func (s *Store) Target(ctx context.Context, year int, scope, key string) (int64, bool, error) {
	var t AnnualTarget
	err := s.read.WithContext(ctx).Where("year = ? AND scope = ? AND scope_key = ?", year, scope, key).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return t.AmountYuan, true, nil
}

// SetTarget sets (or replaces) a year's target for a scope and key, with
// an audit entry in the same transaction like every other change of the
// figures (report.Cache relies on it to see the change).
func (s *Store) SetTarget(ctx context.Context, t AnnualTarget) error {
	if err := CheckAmount("amount", "年度目标", t.AmountYuan); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "year"}, {Name: "scope"}, {Name: "scope_key"}},
			DoUpdates: clause.AssignmentColumns([]string{"amount_yuan"}),
		}).Create(&t).Error
		if err != nil {
			return err
		}
		return WriteAudit(tx, []AuditEntry{{At: time.Now().UTC(), Source: SourceCLI, Action: ActionUpdate, Entity: "annual_targets",
			EntityID: t.ID, AfterJSON: AuditJSON(t)}})
	})
}
