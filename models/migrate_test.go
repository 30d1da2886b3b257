package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

func TestMigrateIsIdempotentAndSeedsTarget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		applied, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v, want nothing", applied)
		}
		v, err := s.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v != models.SchemaVersion() {
			t.Fatalf("version %d, want %d", v, models.SchemaVersion())
		}
		amount, ok, err := s.Target(ctx, 2024, models.ScopeProvince, "")
		if err != nil || !ok || amount != 1_000_000_000_000 {
			t.Fatalf("2024 target = %d, %v, %v; want 1e12 yuan", amount, ok, err)
		}
		if _, err := s.SetTarget(ctx, models.AnnualTarget{Year: 2024, Scope: models.ScopeProvince, AmountYuan: 1_020_000_000_000}, models.Who{Actor: models.ActorCLI, Source: models.SourceCLI}); err != nil {
			t.Fatal(err)
		}
		amount, _, _ = s.Target(ctx, 2024, models.ScopeProvince, "")
		if amount != 1_020_000_000_000 {
			t.Fatalf("target after SetTarget = %d", amount)
		}
	})
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		err := s.DB().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 'x')`, models.SchemaVersion()+1).Error
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Migrate(context.Background())
		if err == nil || !strings.Contains(err.Error(), "newer") {
			t.Fatalf("migrate on a newer schema: %v, want refusal", err)
		}
	})
}

func TestForeignKeysEnforced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		err := s.DB().Create(&models.PlanEntry{ProjectID: 999999, Year: 2024, Name: "x", Stage: "continuing"}).Error
		if err == nil {
			t.Fatal("plan entry for a missing project was accepted: foreign keys are off")
		}
	})
}

func TestSQLitePragmas(t *testing.T) {
	s := storetest.SQLite(t)
	var mode string
	if err := s.DB().Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var timeout int
	if err := s.Read().Raw("PRAGMA busy_timeout").Scan(&timeout).Error; err != nil || timeout < 5000 {
		t.Fatalf("reader busy_timeout = %d, %v", timeout, err)
	}
}

func TestMigrateUpgradesAnOlderSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		// Make the database look as the first release left it: no batch
		// owner (0004), and batches of a user and of the CLI.
		for _, q := range []string{"DROP INDEX monthly_reports_rollup", "DROP INDEX import_batches_user", "ALTER TABLE import_batches DROP COLUMN user_id",
			"DROP INDEX milestones_project_first", "ALTER TABLE milestones DROP COLUMN first_planned_on"} {
			if err := s.DB().Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		alice, err := s.AddUser(ctx, models.NewUser{Username: "alice", Password: "alicealice", Role: models.RoleCity, City: "南昌市"}, models.Who{})
		if err != nil {
			t.Fatal(err)
		}
		for _, actor := range []string{"alice", models.ActorCLI} {
			if err := s.DB().Exec("INSERT INTO import_batches (kind, year, file_name, sha256, status, actor, created_at) VALUES ('plan', 2024, 'f', 'x', 'applied', ?, ?)", actor, time.Now().UTC()).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DB().Exec("DROP TABLE data_version").Error; err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Exec("DELETE FROM schema_migrations WHERE version > 1").Error; err != nil {
			t.Fatal(err)
		}
		applied, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) == 0 || applied[0] != 2 {
			t.Fatalf("applied %v, want 2 onwards", applied)
		}
		if v, _ := s.Version(ctx); v != models.SchemaVersion() {
			t.Fatalf("version %d", v)
		}
		// 0004 gave the user's old batch its owner, and the CLI's none.
		mine, err := s.Batches(ctx, alice.ID, 10)
		if err != nil || len(mine) != 1 || mine[0].Actor != "alice" || !mine[0].OwnedBy(alice.ID) {
			t.Fatalf("alice's batches after 0004: %+v, %v", mine, err)
		}
		all, err := s.Batches(ctx, 0, 10)
		if err != nil || len(all) != 2 || all[0].UserID != nil {
			t.Fatalf("the CLI's batch after 0004: %+v, %v", all, err)
		}
		if v, err := s.DataVersion(ctx); err != nil || v != 0 {
			t.Fatalf("data version after the upgrade: %d, %v", v, err)
		}
	})
}
