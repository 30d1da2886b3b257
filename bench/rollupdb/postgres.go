package rollupdb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
)

// Provinces is how many provinces the PostgreSQL portfolios are spread
// over: project id % Provinces, carried as a list tag (ProvinceTag), since
// the schema has no province column. 300,000 projects give ~9,700 each.
const Provinces = 31

// ProvinceTag is the list tag of province i (0 ≤ i < Provinces) in the
// PostgreSQL portfolios: 省份00 … 省份30, fixed width so that no tag is a
// part of another. ProjectFilter.Tag and `portfolio export --tag` select
// one province's projects by it.
func ProvinceTag(i int) string { return fmt.Sprintf("省份%02d", i) }

// postgresDialect writes the same rows as SQLite's, with the province's
// tag after the 省重点 one (tags are joined with 、).
var postgresDialect = dialect{
	code: func(id string) string { return "'2024-360000-' || lpad(" + id + "::text, 8, '0')" },
	date: func(day int) string {
		return fmt.Sprintf("to_char(make_date(%d, (1 + id %% 12)::int, %d), 'YYYY-MM-DD')", LastYear, day)
	},
	tags: fmt.Sprintf(`CASE WHEN p.id %% 7 = 0 THEN '省重点、' ELSE '' END || '省份' || lpad((p.id %% %d)::text, 2, '0')`, Provinces),
}

// DatabaseName is the PostgreSQL database of this size, keyed like the
// SQLite file by generator and schema version.
func (z Size) DatabaseName() string {
	return fmt.Sprintf("bench_rollup_%d_%d_v%d_s%d", z.Projects, z.Months, version, models.SchemaVersion())
}

// EnsurePostgres returns the DSN of the database of size z on the server
// of admin (a postgres:// DSN of any database there whose role may create
// databases), building it first when it is not there. It is built under a
// temporary name and renamed when complete, so an interrupted build is
// never read; a leftover temporary database of the same size is dropped.
func EnsurePostgres(ctx context.Context, admin string, z Size) (string, error) {
	if z.Projects < 1 || z.Months < 1 || z.Months%12 != 0 {
		return "", fmt.Errorf("rollupdb: size %s: need projects ≥ 1 and a whole number of years", z)
	}
	a, err := models.Open(admin)
	if err != nil {
		return "", err
	}
	defer a.Close()
	db := a.DB().WithContext(ctx)
	name, tmp := z.DatabaseName(), z.DatabaseName()+"_tmp"
	var n int64
	if err := db.Raw(`SELECT COUNT(*) FROM pg_database WHERE datname = ?`, name).Scan(&n).Error; err != nil {
		return "", err
	}
	if n == 1 {
		return databaseDSN(admin, name)
	}
	for _, q := range []string{`DROP DATABASE IF EXISTS ` + tmp, `CREATE DATABASE ` + tmp} {
		if err := db.Exec(q).Error; err != nil {
			return "", fmt.Errorf("rollupdb: %s: %w", q, err)
		}
	}
	dsn, err := databaseDSN(admin, tmp)
	if err != nil {
		return "", err
	}
	if err := FillPostgres(ctx, dsn, z); err != nil {
		return "", fmt.Errorf("rollupdb: build %s: %w", name, err)
	}
	if err := db.Exec(`ALTER DATABASE ` + tmp + ` RENAME TO ` + name).Error; err != nil {
		return "", err
	}
	return databaseDSN(admin, name)
}

// databaseDSN is admin's DSN naming database name instead.
func databaseDSN(admin, name string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// FillPostgres migrates the empty database (or schema, by search_path)
// of dsn with the application's own migrations and fills it with the
// portfolio of size z. EnsurePostgres builds its databases with it; a
// test fills a schema of its own.
func FillPostgres(ctx context.Context, dsn string, z Size) error {
	s, err := models.Open(dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	// One connection, so the session settings hold for every statement.
	return s.DB().WithContext(ctx).Connection(func(c *gorm.DB) error {
		for _, q := range []string{`SET maintenance_work_mem = '1GB'`, `SET work_mem = '256MB'`} {
			if err := c.Exec(q).Error; err != nil {
				return err
			}
		}
		if err := loadPostgres(c, z); err != nil {
			return err
		}
		// Statistics and the visibility map, as autovacuum would give a
		// database that has lived a while: without the map PostgreSQL
		// cannot answer from an index alone.
		return timed(c, `VACUUM (ANALYZE) `+strings.Join(loadTables, ", "))
	})
}

// loadTables are the tables the load fills: their secondary indexes and
// their unique and foreign-key constraints are dropped before and made
// again after, each in one pass instead of row by row.
var loadTables = []string{"projects", "plan_entries", "monthly_reports", "milestones"}

// loadPostgres fills the database: one INSERT … SELECT per month of
// reports, in (year, month, project) order as the SQLite file has them,
// without a sort of the whole table.
func loadPostgres(c *gorm.DB, z Size) error {
	drop, remake, err := looseIndexes(c)
	if err != nil {
		return err
	}
	d := postgresDialect
	first := LastYear - z.Years() + 1
	stmts := append(drop, `DELETE FROM annual_targets`,
		d.projectsInsert(fmt.Sprintf(`WITH k(i) AS (SELECT generate_series(1, %d))`, z.Projects)),
		d.planInsert(fmt.Sprintf(`generate_series(%d, %d)`, first, LastYear)))
	for y := first; y <= LastYear; y++ {
		for m := 1; m <= 12; m++ {
			stmts = append(stmts, reportsInsert(fmt.Sprintf("(SELECT %d AS y)", y), fmt.Sprintf("(SELECT %d AS m)", m)))
		}
	}
	stmts = append(stmts, d.tail()...)
	stmts = append(stmts, `SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT MAX(id) FROM projects))`)
	stmts = append(stmts, remake...)
	for _, q := range stmts {
		if err := timed(c, q); err != nil {
			return err
		}
	}
	return nil
}

// looseIndexes returns the statements that drop the load tables' unique
// and foreign-key constraints and secondary indexes, and those that make
// them again (primary keys stay).
func looseIndexes(c *gorm.DB) (drop, remake []string, err error) {
	var cons []struct{ Tbl, Name, Def string }
	err = c.Raw(`SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
FROM pg_constraint WHERE contype IN ('u', 'f') AND conrelid::regclass::text IN ?
ORDER BY contype DESC`, loadTables).Scan(&cons).Error // unique before foreign keys
	if err != nil {
		return nil, nil, err
	}
	var idx []struct{ Name, Def string }
	err = c.Raw(`SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i WHERE i.indrelid::regclass::text IN ? AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, loadTables).Scan(&idx).Error
	if err != nil {
		return nil, nil, err
	}
	if len(idx) == 0 || len(cons) == 0 {
		return nil, nil, errors.New("no indexes or constraints found on the load tables")
	}
	// Foreign keys first, so a unique constraint they lean on can go.
	for i := len(cons) - 1; i >= 0; i-- {
		drop = append(drop, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, cons[i].Tbl, cons[i].Name))
	}
	for _, ix := range idx {
		drop = append(drop, `DROP INDEX `+ix.Name)
		remake = append(remake, ix.Def)
	}
	for _, c := range cons {
		remake = append(remake, fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, c.Tbl, c.Name, c.Def))
	}
	return drop, remake, nil
}

// timed runs q and prints how long it took when that was long, so a build
// of several minutes shows where it is.
func timed(c *gorm.DB, q string) error {
	t := time.Now()
	if err := c.Exec(q).Error; err != nil {
		return fmt.Errorf("%w in %.80s", err, q)
	}
	if d := time.Since(t); d > 10*time.Second {
		fmt.Printf("rollupdb: %s in %.60s\n", d.Round(time.Second), strings.Join(strings.Fields(q), " "))
	}
	return nil
}
