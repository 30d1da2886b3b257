package models

import (
	"context"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"

	"portfolio/province"
)

// settingDueDay is the settings row of the reporting due day.
const settingDueDay = "reporting_due_day"

// setting is one row of the settings table.
type setting struct {
	Name      string    `gorm:"column:name;primaryKey" json:"name"`
	Value     string    `gorm:"column:value" json:"value"`
	UpdatedAt time.Time `gorm:"column:updated_at" json:"updated_at"`
	UpdatedBy string    `gorm:"column:updated_by" json:"updated_by"`
}

func (setting) TableName() string { return "settings" }

// DueDay is the day of the next month a month's reports are due by: the
// admin's setting, else province.DefaultDueDay.
func (s *Store) DueDay(ctx context.Context) (int, error) {
	var row setting
	err := s.read.WithContext(ctx).Where("name = ?", settingDueDay).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return province.DefaultDueDay, nil
	}
	if err != nil {
		return 0, err
	}
	d, err := strconv.Atoi(row.Value)
	if err != nil || province.CheckDueDay(d) != nil {
		return province.DefaultDueDay, nil
	}
	return d, nil
}

// SetDueDay sets the reporting due day (1..28), with its audit entry.
func (s *Store) SetDueDay(ctx context.Context, day int, now time.Time, who Who) error {
	if err := province.CheckDueDay(day); err != nil {
		return &FieldError{"due_day", err.Error()}
	}
	now = now.UTC()
	return s.Tx(ctx, func(tx *gorm.DB) error {
		var before setting
		err := tx.Where("name = ?", settingDueDay).Take(&before).Error
		row := setting{Name: settingDueDay, Value: strconv.Itoa(day), UpdatedAt: now, UpdatedBy: who.Actor}
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			err = tx.Create(&row).Error
		case err == nil:
			err = tx.Model(&setting{}).Where("name = ?", settingDueDay).
				Updates(map[string]any{"value": row.Value, "updated_at": now, "updated_by": who.Actor}).Error
		}
		if err != nil {
			return err
		}
		b := ""
		if before.Name != "" {
			b = AuditJSON(before)
		}
		return WriteAudit(tx, []AuditEntry{{At: now, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionUpdate, Entity: "settings", BeforeJSON: b, AfterJSON: AuditJSON(row)}})
	})
}

// ClaimEvent records that the event named key is being sent, and tells
// whether this caller is the first: the key is the table's primary key,
// so of several servers checking at once exactly one claims it.
func (s *Store) ClaimEvent(ctx context.Context, key string, now time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Exec(`INSERT INTO notifications_sent (event_key, sent_at) VALUES (?, ?)
		ON CONFLICT (event_key) DO NOTHING`, key, now.UTC())
	return res.RowsAffected == 1, res.Error
}
