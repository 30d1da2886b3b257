package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestRollupAndExportAtTheBound: over 1,000 projects whose every amount
// is the largest allowed, `rollup --json` gives the exact sums and
// `export` writes every format, on SQLite and on PostgreSQL. On the old
// main one 2^63−1 report made both exit 3.
func TestRollupAndExportAtTheBound(t *testing.T) {
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "bound.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresDSN(t) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.dsn(t)
			s, err := models.Open(dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
			storetest.MaxAmounts(t, s, 1000, 2024)
			s.Close()
			r := rollupJSON(t, dsn)
			var completed, plan int64
			if err := json.Unmarshal(r["completed_yuan"], &completed); err != nil {
				t.Fatal(err)
			}
			_ = json.Unmarshal(r["plan_yuan"], &plan)
			if completed != 12*1000*models.MaxAmountYuan || plan != 1000*models.MaxAmountYuan {
				t.Fatalf("rollup completed %d plan %d", completed, plan)
			}
			for _, format := range []string{"xlsx", "csv", "oc4ids"} {
				out := filepath.Join(t.TempDir(), "export."+format)
				if code, _, stderr := cli(t, "export", "--db", dsn, "--year", "2024", "--format", format, "--out", out); code != exitOK {
					t.Fatalf("export %s: exit %d: %s", format, code, stderr)
				}
				if fi, err := os.Stat(out); err != nil || fi.Size() < 1000 {
					t.Fatalf("export %s: %v %v", format, fi, err)
				}
			}
			if code, out, stderr := cli(t, "rollup", "--db", dsn, "--year", "2023", "--month", "6"); code != exitOK || len(out) == 0 {
				t.Fatalf("rollup 2023 as a table: exit %d %s", code, stderr)
			}
		})
	}
}
