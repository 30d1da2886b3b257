package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// notDataEntities are the audited tables no report reads: writes to them
// leave the data version alone. Anything else audited (projects,
// plan_entries, monthly_reports, milestones, annual_targets, whatever a
// later table is) counts as data, so a new table errs on the side of a
// cache flush, never a stale figure.
func notDataEntities() map[string]bool {
	return map[string]bool{"users": true, "user_projects": true, "api_tokens": true, "sessions": true, "route": true,
		"webhooks": true, "notifications": true}
}

// touchesData tells whether any entry records a change of report data.
func touchesData(entries []AuditEntry) bool {
	skip := notDataEntities()
	for _, e := range entries {
		if !skip[e.Entity] {
			return true
		}
	}
	return false
}

// bumpDataVersion moves the data version inside tx. On PostgreSQL the
// row lock it takes orders the writers' commits, so versions are
// committed in order and a reader never misses one that commits late.
func bumpDataVersion(tx *gorm.DB) error {
	if err := tx.Exec(`UPDATE data_version SET version = version + 1 WHERE id = 1`).Error; err != nil {
		return fmt.Errorf("models: bump data version: %w", err)
	}
	return nil
}

// DataVersion is the committed data version: it changes with every
// committed write of report data and with nothing else.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.read.WithContext(ctx).Raw(`SELECT version FROM data_version WHERE id = 1`).Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("models: data version: %w", err)
	}
	return v, nil
}
