package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"portfolio/province"
)

// Target scopes.
const (
	ScopeProvince = "province"
	ScopeSector   = "sector"
	ScopeCity     = "city"
)

// The years a target may be set for.
const (
	MinTargetYear = 2000
	MaxTargetYear = 2100
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

// CheckTargetYear refuses a year outside MinTargetYear..MaxTargetYear.
func CheckTargetYear(year int) error {
	if year < MinTargetYear || year > MaxTargetYear {
		return &FieldError{"year", fmt.Sprintf("年份应为 %d 到 %d 之间", MinTargetYear, MaxTargetYear)}
	}
	return nil
}

// CheckTargetScope refuses a scope other than the province, one of the
// province's sectors or one of its places (cities, 赣江新区, 跨设区市).
func CheckTargetScope(scope, key string) error {
	switch scope {
	case ScopeProvince:
		if key != "" {
			return &FieldError{"scope_key", "全省目标不带领域或设区市"}
		}
	case ScopeSector:
		if !slices.Contains(province.Sectors(), key) {
			return &FieldError{"sector", "领域应为以下之一：" + strings.Join(province.Sectors(), "、")}
		}
	case ScopeCity:
		if !slices.Contains(province.Places(), key) {
			return &FieldError{"city", "设区市应为以下之一：" + strings.Join(province.Places(), "、")}
		}
	default:
		return &FieldError{"scope", "目标范围应为 province、sector 或 city"}
	}
	return nil
}

// CheckTarget checks a target's year, scope and amount.
func CheckTarget(t AnnualTarget) error {
	if err := CheckTargetYear(t.Year); err != nil {
		return err
	}
	if err := CheckTargetScope(t.Scope, t.ScopeKey); err != nil {
		return err
	}
	return CheckAmount("amount", "年度目标", t.AmountYuan)
}

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

// Targets lists a year's targets: the province's first, then the
// sectors' and the cities' by name.
func (s *Store) Targets(ctx context.Context, year int) ([]AnnualTarget, error) {
	out := []AnnualTarget{}
	err := s.read.WithContext(ctx).Where("year = ?", year).
		Order("CASE scope WHEN 'province' THEN 0 WHEN 'sector' THEN 1 ELSE 2 END, scope_key").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: targets of %d: %w", year, err)
	}
	return out, nil
}

// SetTarget sets (or replaces) a year's target for a scope and key, with
// an audit entry naming who and the target before and after, in the same
// transaction like every other change of the figures (report.Cache relies
// on it to see the change). It returns the target as stored.
func (s *Store) SetTarget(ctx context.Context, t AnnualTarget, who Who) (AnnualTarget, error) {
	if err := CheckTarget(t); err != nil {
		return t, err
	}
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		before, err := targetIn(tx, t.Year, t.Scope, t.ScopeKey)
		if err != nil {
			return err
		}
		t.ID = 0
		err = tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "year"}, {Name: "scope"}, {Name: "scope_key"}},
			DoUpdates: clause.AssignmentColumns([]string{"amount_yuan"}),
		}).Create(&t).Error
		if err != nil {
			return err
		}
		after, err := targetIn(tx, t.Year, t.Scope, t.ScopeKey)
		if err != nil || after == nil {
			return errors.Join(err, errors.New("models: target not stored"))
		}
		t = *after
		action, beforeJSON := ActionCreate, ""
		if before != nil {
			action, beforeJSON = ActionUpdate, AuditJSON(before)
		}
		return WriteAudit(tx, []AuditEntry{targetAudit(who, action, t.ID, beforeJSON, AuditJSON(t))})
	})
	return t, err
}

// DeleteTarget clears a year's target for a scope and key (audited); a
// target that is not set is ErrNotFound.
func (s *Store) DeleteTarget(ctx context.Context, year int, scope, key string, who Who) error {
	if err := CheckTargetYear(year); err != nil {
		return err
	}
	if err := CheckTargetScope(scope, key); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *gorm.DB) error {
		before, err := targetIn(tx, year, scope, key)
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if err := tx.Delete(&AnnualTarget{}, before.ID).Error; err != nil {
			return err
		}
		return WriteAudit(tx, []AuditEntry{targetAudit(who, ActionDelete, before.ID, AuditJSON(before), "")})
	})
}

// targetIn reads a target inside tx; nil when it is not set.
func targetIn(tx *gorm.DB, year int, scope, key string) (*AnnualTarget, error) {
	var t AnnualTarget
	err := tx.Where("year = ? AND scope = ? AND scope_key = ?", year, scope, key).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("models: read target: %w", err)
	}
	return &t, nil
}

func targetAudit(who Who, action string, id int64, before, after string) AuditEntry {
	return AuditEntry{At: time.Now().UTC(), Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
		Action: action, Entity: "annual_targets", EntityID: id, BeforeJSON: before, AfterJSON: after}
}
