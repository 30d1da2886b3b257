package api_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestLargestAmountsReadEverywhere stores the largest allowed amount in
// every amount column of 1,000 projects (two years' lists, twelve approved
// reports a year, the targets) and walks every GET route of the router as
// admin, bare and with the period given: none answers 500, and the totals
// are the exact sums, neither wrapped nor clamped. On the old main one
// report of 2^63−1 made these pages 500; this holds the bound's promise
// that no sum of bounded figures overflows.
func TestLargestAmountsReadEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ids := storetest.MaxAmounts(t, s, 1000, 2024)
		srv := newServer(t, s)
		queries := []string{"", "?year=2024&month=6", "?year=2023&month=12&sort=completed&order=desc&lagging=1"}
		n := 0
		for _, path := range getRoutes(t, s, ids[0]) {
			for _, q := range queries {
				start := time.Now()
				code, body := get(t, srv, srv.URL+path+q)
				if d := time.Since(start); d > time.Second {
					t.Logf("GET %s%s took %v", path, q, d)
				}
				if code >= 500 {
					t.Errorf("GET %s%s → %d: %.300s", path, q, code, body)
				}
				n++
			}
		}
		if n < 60 {
			t.Fatalf("only %d requests", n)
		}
		if got, want := planCompleted(t, srv), int64(1000*6)*models.MaxAmountYuan; got != want {
			t.Fatalf("rollup 1–6月 completed %d, want %d", got, want)
		}
		if code, body := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=12"); code != 200 || !strings.Contains(body, `"completed_yuan":120000000000000000`) {
			t.Fatalf("rollup 1–12月: %d %.300s", code, body)
		}
	})
}

// TestOldOverflowingFiguresClampedAtMigrate: a database written before the
// bound, holding the 2^63−1 report and plan edit of issue 13, made the
// totals fail (on PostgreSQL the dashboard answered 500 for every user,
// SQLite's SUM raises "integer overflow" once two such rows meet);
// migration 0005 brings such figures
// into the range, after which every GET route answers and the totals are
// the bound's.
func TestOldOverflowingFiguresClampedAtMigrate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s)
		var school int64
		s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
		now := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
		err := s.Tx(t.Context(), func(tx *gorm.DB) error {
			if err := models.InsertMonthlyReports(tx, []*models.MonthlyReport{{ProjectID: school, Year: 2024, Month: 5,
				CompletedYuan: math.MaxInt64, Status: models.ReportApproved, Version: 1, CreatedAt: now, UpdatedAt: now}}); err != nil {
				return err
			}
			return tx.Exec("UPDATE plan_entries SET completed_before_yuan = ? WHERE project_id = ?", int64(math.MaxInt64), school).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Exec("DELETE FROM schema_migrations WHERE version = 5").Error; err != nil {
			t.Fatal(err)
		}
		if applied, err := s.Migrate(t.Context()); err != nil || len(applied) != 1 {
			t.Fatalf("migrate: %v %v", applied, err)
		}
		srv := newServer(t, s)
		for _, path := range getRoutes(t, s, school) {
			if code, body := get(t, srv, srv.URL+path+"?year=2024&month=6"); code >= 500 {
				t.Errorf("GET %s → %d: %.300s", path, code, body)
			}
		}
		if got, want := planCompleted(t, srv), int64(3_000_000_000)+models.MaxAmountYuan; got != want {
			t.Fatalf("completed after the clamp %d, want %d", got, want)
		}
	})
}
