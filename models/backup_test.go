package models_test

import (
	"context"
	"path/filepath"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

func TestSQLiteBackupIsAConsistentDatabase(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	p := models.Project{Name: "测试项目", NormName: "测试项目"}
	if err := s.DB().Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, out); err == nil {
		t.Fatal("backup over an existing file was allowed")
	}
	b, err := models.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var n int64
	if err := b.Read().Model(&models.Project{}).Count(&n).Error; err != nil || n != 1 {
		t.Fatalf("backup holds %d projects (%v), want 1", n, err)
	}
	var check string
	if err := b.Read().Raw("PRAGMA integrity_check").Scan(&check).Error; err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
}
