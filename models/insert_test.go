package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestInsertErrorsAreGORMsAndKeepTheirText: the bulk INSERTs bypass GORM,
// yet a unique violation is still gorm.ErrDuplicatedKey to errors.Is, and
// the message still names the column the database refused.
func TestInsertErrorsAreGORMsAndKeepTheirText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		code := "2024-360100-48-01-000001"
		now := time.Now()
		err := s.Tx(context.Background(), func(tx *gorm.DB) error {
			return models.InsertProjects(tx, []*models.Project{
				{Code: &code, Name: "甲", NormName: "甲", CreatedAt: now, UpdatedAt: now},
				{Code: &code, Name: "乙", NormName: "乙", CreatedAt: now, UpdatedAt: now},
			})
		})
		if !errors.Is(err, gorm.ErrDuplicatedKey) || !strings.Contains(err.Error(), "code") {
			t.Fatalf("got %v", err)
		}
		var n int64
		if err := s.DB().Model(&models.Project{}).Count(&n).Error; err != nil || n != 0 {
			t.Fatalf("%d projects after a failed insert, %v", n, err)
		}
	})
}
