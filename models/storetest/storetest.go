// Package storetest opens real databases for tests: a fresh SQLite file in
// the test's temp dir, and a fresh schema on the PostgreSQL named by
// PORTFOLIO_TEST_POSTGRES. PostgreSQL is skipped with a message when that
// variable is unset, unless PORTFOLIO_REQUIRE_POSTGRES=1 (CI sets it),
// where a missing or unreachable server fails the test.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"portfolio/models"
)

// SQLite returns a migrated store on a new SQLite file.
func SQLite(t testing.TB) *models.Store {
	t.Helper()
	s, err := models.Open(filepath.Join(t.TempDir(), "portfolio.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// PostgresDSN returns a DSN for a new, empty schema of the test server,
// dropped when the test ends; it skips (or fails in CI) without a server.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("PORTFOLIO_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("PORTFOLIO_REQUIRE_POSTGRES") == "1" {
			t.Fatal("PORTFOLIO_REQUIRE_POSTGRES=1 but PORTFOLIO_TEST_POSTGRES is not set")
		}
		t.Skip("PostgreSQL not configured: set PORTFOLIO_TEST_POSTGRES=postgres://… to run this test on it")
	}
	admin, err := models.Open(base)
	if err != nil {
		t.Fatalf("PostgreSQL at PORTFOLIO_TEST_POSTGRES: %v", err)
	}
	defer admin.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if err := admin.DB().Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := models.Open(base)
		if err != nil {
			return
		}
		defer a.Close()
		_ = a.DB().Exec("DROP SCHEMA " + schema + " CASCADE").Error
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres returns a migrated store on a new schema of the test server.
func Postgres(t testing.TB) *models.Store {
	t.Helper()
	return Open(t, PostgresDSN(t))
}

// Open opens and migrates the database of dsn, closed when the test ends.
func Open(t testing.TB, dsn string) *models.Store {
	t.Helper()
	s, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// Each runs fn as a subtest on SQLite and on PostgreSQL.
func Each(t *testing.T, fn func(t *testing.T, s *models.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// PostgresServers returns n stores on one new, migrated schema of the
// test server, as n app servers sharing one PostgreSQL would have.
func PostgresServers(t testing.TB, n int) []*models.Store {
	t.Helper()
	dsn := PostgresDSN(t)
	out := make([]*models.Store, n)
	for i := range out {
		out[i] = Open(t, dsn)
	}
	return out
}
