package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"
)

// StagedChunkBytes is the most one row of staged_chunks holds: an upload
// is written and read a chunk at a time, so no side holds a whole file.
const StagedChunkBytes = 1 << 20

// StagedUpload is an upload waiting in the database between its preview
// and apply: who made it, the caller's description of it (Meta, opaque
// here) and its total size. Its files' bytes are in staged_chunks.
type StagedUpload struct {
	ID        string
	Actor     string
	Meta      string
	Bytes     int64
	CreatedAt time.Time
}

// SaveStagedUpload writes an upload and its files in one transaction, so
// another server sees all of it or nothing. files[i] is the i-th file's
// content; meta is asked for the upload's Meta once every file has been
// read (so it may describe them); up.Bytes is set to the total written.
func (s *Store) SaveStagedUpload(ctx context.Context, up *StagedUpload, files []io.Reader, meta func() (string, error)) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO staged_uploads (id, actor, meta, bytes, created_at) VALUES (?, ?, ?, 0, ?)`,
			up.ID, up.Actor, up.Meta, up.CreatedAt.UTC()).Error; err != nil {
			return fmt.Errorf("models: save staged upload: %w", err)
		}
		up.Bytes = 0
		buf := make([]byte, StagedChunkBytes)
		for i, r := range files {
			for seq := 0; ; seq++ {
				n, err := io.ReadFull(r, buf)
				if n > 0 {
					if err := tx.Exec(`INSERT INTO staged_chunks (upload_id, file_idx, seq, data) VALUES (?, ?, ?, ?)`,
						up.ID, i, seq, buf[:n]).Error; err != nil {
						return fmt.Errorf("models: save staged chunk: %w", err)
					}
					up.Bytes += int64(n)
				}
				if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
					break
				}
				if err != nil {
					return err
				}
			}
		}
		m, err := meta()
		if err != nil {
			return err
		}
		up.Meta = m
		return tx.Exec(`UPDATE staged_uploads SET bytes = ?, meta = ? WHERE id = ?`, up.Bytes, up.Meta, up.ID).Error
	})
}

// StagedUploadByID reads an upload's row (not its bytes); ErrNotFound when
// it was applied, discarded or swept.
func (s *Store) StagedUploadByID(ctx context.Context, id string) (*StagedUpload, error) {
	var ups []StagedUpload
	if err := s.db.WithContext(ctx).Raw(`SELECT id, actor, meta, bytes, created_at FROM staged_uploads WHERE id = ?`, id).
		Scan(&ups).Error; err != nil {
		return nil, fmt.Errorf("models: staged upload: %w", err)
	}
	if len(ups) == 0 {
		return nil, ErrNotFound
	}
	return &ups[0], nil
}

// CopyStagedFile writes the i-th file of an upload to w, a chunk at a
// time, and returns how many bytes it wrote.
func (s *Store) CopyStagedFile(ctx context.Context, id string, i int, w io.Writer) (int64, error) {
	var total int64
	for seq := 0; ; seq++ {
		var data []byte
		err := s.db.WithContext(ctx).Raw(`SELECT data FROM staged_chunks WHERE upload_id = ? AND file_idx = ? AND seq = ?`,
			id, i, seq).Row().Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return total, nil
		}
		if err != nil {
			return total, fmt.Errorf("models: read staged chunk: %w", err)
		}
		n, err := w.Write(data)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
}

// DeleteStagedUpload removes an upload and its bytes; removing one that
// is gone already is no error.
func (s *Store) DeleteStagedUpload(ctx context.Context, id string) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM staged_chunks WHERE upload_id = ?`, id).Error; err != nil {
			return fmt.Errorf("models: delete staged upload: %w", err)
		}
		return tx.Exec(`DELETE FROM staged_uploads WHERE id = ?`, id).Error
	})
}

// DeleteStagedUploadsBefore removes the uploads made before t and returns
// how many.
func (s *Store) DeleteStagedUploadsBefore(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM staged_chunks WHERE upload_id IN (SELECT id FROM staged_uploads WHERE created_at < ?)`, t.UTC()).Error; err != nil {
			return err
		}
		res := tx.Exec(`DELETE FROM staged_uploads WHERE created_at < ?`, t.UTC())
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("models: sweep staged uploads: %w", err)
	}
	return n, nil
}
