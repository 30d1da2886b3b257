package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Batch statuses.
const (
	BatchApplied  = "applied"
	BatchReverted = "reverted"
)

// ImportBatch is one applied import: the file, what it did, and (through
// its audit entries) the before and after of every row it wrote, which is
// what a revert restores.
type ImportBatch struct {
	ID        int64  `gorm:"column:id;primaryKey" json:"id"`
	Kind      string `gorm:"column:kind" json:"kind"`
	Year      int    `gorm:"column:year" json:"year"`
	Month     int    `gorm:"column:month" json:"month"`
	FileName  string `gorm:"column:file_name" json:"file_name"`
	SHA256    string `gorm:"column:sha256" json:"sha256"`
	Created   int    `gorm:"column:created" json:"created"`
	Updated   int    `gorm:"column:updated" json:"updated"`
	Unchanged int    `gorm:"column:unchanged" json:"unchanged"`
	Rejected  int    `gorm:"column:rejected" json:"rejected"`
	Status    string `gorm:"column:status" json:"status"`
	Actor     string `gorm:"column:actor" json:"actor"`
	// UserID is the user who made the batch through the web or the API;
	// nil for the system actors (the CLI, the demo).
	UserID     *int64     `gorm:"column:user_id" json:"user_id,omitempty"`
	CreatedAt  time.Time  `gorm:"column:created_at" json:"created_at"`
	RevertedAt *time.Time `gorm:"column:reverted_at" json:"reverted_at"`
}

// TableName fixes the table name.
func (ImportBatch) TableName() string { return "import_batches" }

// Batches lists import batches, newest first; a non-zero userID lists
// only that user's.
func (s *Store) Batches(ctx context.Context, userID int64, limit int) ([]ImportBatch, error) {
	var bs []ImportBatch
	q := s.read.WithContext(ctx).Order("id DESC").Limit(limit)
	if userID != 0 {
		q = q.Where("user_id = ?", userID)
	}
	err := q.Find(&bs).Error
	return bs, err
}

// Batch loads one import batch.
func (s *Store) Batch(ctx context.Context, id int64) (*ImportBatch, error) {
	var b ImportBatch
	err := s.read.WithContext(ctx).Take(&b, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &b, err
}

// OwnedBy tells whether the user made the batch (by id, never by name).
func (b *ImportBatch) OwnedBy(userID int64) bool {
	return b.UserID != nil && userID != 0 && *b.UserID == userID
}
