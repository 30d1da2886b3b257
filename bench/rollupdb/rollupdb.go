// Package rollupdb builds the synthetic SQLite databases the rollup
// benchmarks read: n projects with a plan entry for every year and one
// monthly report for every month of the history, milestones, and a
// province target per year. The files are built once and kept under
// os.TempDir(), keyed by size and a generator version, so every benchmark
// run and bench/rollup.sh read the very same file.
//
// Rows are generated inside SQLite (recursive CTEs, INSERT … SELECT), with
// the secondary indexes of monthly_reports dropped during the load and
// rebuilt after: 100,000 projects × 60 months (6 million reports) take
// about a minute once.
package rollupdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"portfolio/models"
)

// version changes whenever the generated data changes, so a stale cached
// file is never read; the schema version is part of the name too.
const version = 1

// LastYear is the newest year of every generated history.
const LastYear = 2024

// Size is a benchmark database: Projects projects with Months months of
// history ending in December of LastYear (Months a multiple of 12).
type Size struct {
	Projects int
	Months   int
}

func (z Size) String() string { return fmt.Sprintf("%dx%d", z.Projects, z.Months) }

// Years is how many years the history spans.
func (z Size) Years() int { return (z.Months + 11) / 12 }

// Period is the year and month the benchmarks roll up: the newest
// December, which reads that year's twelve months and, when there is one,
// the year before for last year's curve.
func (z Size) Period() (year, month int) { return LastYear, 12 }

// Path is where the database of this size is kept.
func (z Size) Path() string {
	return filepath.Join(os.TempDir(), "portfolio-rollup-bench", fmt.Sprintf("v%d-schema%d-%s.db", version, models.SchemaVersion(), z))
}

// Ensure returns the path of the database of this size, building it first
// when it is not there yet. The file is written under a temporary name and
// renamed, so a concurrent or interrupted build never leaves half a file.
func Ensure(ctx context.Context, z Size) (string, error) {
	if z.Projects < 1 || z.Months < 1 || z.Months%12 != 0 {
		return "", fmt.Errorf("rollupdb: size %s: need projects ≥ 1 and a whole number of years", z)
	}
	path := z.Path()
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	defer func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(tmp + suffix)
		}
	}()
	if err := build(ctx, tmp, z); err != nil {
		return "", fmt.Errorf("rollupdb: build %s: %w", z, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	return path, nil
}

// sectors and cities are the real portfolio's groups, so the rollup folds
// as many cells as it does in production.
var (
	sectors = []string{"综合交通", "能源", "水利", "新型基础设施", "城市基础设施", "制造业", "现代服务业", "现代农业", "生态环保", "公共服务"}
	cities  = []string{"南昌市", "景德镇市", "萍乡市", "九江市", "新余市", "鹰潭市", "赣州市", "吉安市", "宜春市", "抚州市", "上饶市", "赣江新区", "跨设区市"}
	stages  = []string{"new_start", "continuing", "completing", "preparatory"}
)

// caseOf is a CASE expression picking names[expr % len(names)].
func caseOf(expr string, names []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CASE (%s) %% %d", expr, len(names))
	for i, n := range names {
		fmt.Fprintf(&b, " WHEN %d THEN '%s'", i, n)
	}
	b.WriteString(" END")
	return b.String()
}

// build makes the database of size z at path.
func build(ctx context.Context, path string, z Size) error {
	if err := migrate(ctx, path); err != nil {
		return err
	}
	// Then one plain connection for the load: no journal, no fsync (a
	// throwaway file), WAL again at the end as the application has it.
	g, err := gorm.Open(sqlite.Open(path), &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true})
	if err != nil {
		return err
	}
	sqlDB, err := g.DB()
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	sqlDB.SetMaxOpenConns(1)
	db := g.WithContext(ctx)
	for _, p := range []string{"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"} {
		if err := db.Exec(p).Error; err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	if err := load(db, statements(z)); err != nil {
		return err
	}
	return db.Exec("PRAGMA journal_mode = WAL").Error
}

// migrate gives the file the application's schema, through its own
// migrations.
func migrate(ctx context.Context, path string) error {
	s, err := models.Open(path)
	if err != nil {
		return err
	}
	if _, err := s.Migrate(ctx); err != nil {
		_ = s.Close()
		return err
	}
	return s.Close()
}

// dialect holds the few expressions SQLite and PostgreSQL write
// differently; every other column of the generated rows is one string
// both run, so the two databases hold the same data.
type dialect struct {
	code func(id string) string // the project code of id: 2024-360000-00000042
	date func(day int) string   // LastYear-(1 + id % 12)-day as YYYY-MM-DD
	tags string                 // the plan entry's list tags, of p.id
}

var sqliteDialect = dialect{
	code: func(id string) string { return "printf('2024-360000-%08d', " + id + ")" },
	date: func(day int) string { return fmt.Sprintf("printf('%%d-%%02d-%02d', %d, 1 + id %% 12)", day, LastYear) },
	tags: keyTag,
}

// keyTag is the 省重点 tag of one project in seven.
const keyTag = "CASE WHEN p.id % 7 = 0 THEN '省重点' ELSE '' END"

// ts is every generated row's created_at and updated_at.
const ts = "'2024-01-01 00:00:00+00:00'"

// projectsInsert fills projects with ids 1..n from a relation k(i).
func (d dialect) projectsInsert(from string) string {
	return `INSERT INTO projects (id, code, name, norm_name, created_at, updated_at)
` + from + `
SELECT i, ` + d.code("i") + `, '项目' || i, '项目' || i, ` + ts + `, ` + ts + ` FROM k`
}

// planInsert gives every project a plan entry for each year of the
// relation y(y), in list order.
func (d dialect) planInsert(years string) string {
	return `INSERT INTO plan_entries (project_id, year, seq, name, norm_name, owner, sector, city, county, stage,
  total_investment_yuan, completed_before_yuan, annual_plan_yuan, flagship, tags, version, created_at, updated_at)
SELECT p.id, y.y, p.id, p.name, p.norm_name, '建设单位' || (p.id % 997), ` + caseOf("p.id", sectors) + `, ` + caseOf("p.id / 10", cities) + `,
  '', ` + caseOf("p.id + y.y", stages) + `, 50000000 + (p.id % 1000) * 1000000, 10000000 + (p.id % 300) * 100000,
  12000000 + (p.id % 500) * 100000, p.id % 50 = 0, ` + d.tags + `, 1, ` + ts + `, ` + ts + `
FROM ` + years + ` y CROSS JOIN projects p ORDER BY y.y, p.id`
}

// reportsInsert gives every project one report a month of the relations
// y(y) and m(m); one in forty is still waiting for approval, and amounts
// vary so lights and ranks differ.
func reportsInsert(years, months string) string {
	return `INSERT INTO monthly_reports (project_id, year, month, completed_yuan, progress, status, version, created_at, updated_at)
SELECT p.id, y.y, m.m, ((p.id * 7919 + m.m * 104729 + y.y * 31) % 1000) * 2000,
  '', CASE WHEN (p.id + m.m) % 40 = 0 THEN 'submitted' ELSE 'approved' END, 1, ` + ts + `, ` + ts + `
FROM ` + years + ` y CROSS JOIN ` + months + ` m CROSS JOIN projects p ORDER BY y.y, m.m, p.id`
}

// tail is what follows the reports: milestones (every project has a 开工,
// reached for most; one in five a 竣工 planned in the last year, reached
// for half of them) and a province target of 90 % of each year's plan.
func (d dialect) tail() []string {
	return []string{
		`INSERT INTO milestones (project_id, kind, planned_on, reached_on, version, created_at, updated_at)
SELECT id, '开工', ` + d.date(15) + `, CASE WHEN id % 6 = 0 THEN '' ELSE ` + d.date(20) + ` END, 1, ` + ts + `, ` + ts + `
FROM projects`,
		`INSERT INTO milestones (project_id, kind, planned_on, reached_on, version, created_at, updated_at)
SELECT id, '竣工', ` + d.date(28) + `, CASE WHEN id % 10 = 0 THEN ` + d.date(28) + ` ELSE '' END, 1, ` + ts + `, ` + ts + `
FROM projects WHERE id % 5 = 0`,
		`INSERT INTO annual_targets (year, scope, scope_key, amount_yuan)
SELECT year, 'province', '', SUM(annual_plan_yuan) * 9 / 10 FROM plan_entries GROUP BY year`,
	}
}

// statements are the SQL that fills a migrated SQLite database of size z.
func statements(z Size) []string {
	first := LastYear - z.Years() + 1
	d := sqliteDialect
	out := []string{
		`DELETE FROM annual_targets`,
		d.projectsInsert(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ` + strconv.Itoa(z.Projects) + `)`),
		`CREATE TEMP TABLE years (y INTEGER PRIMARY KEY)`,
		fmt.Sprintf(`INSERT INTO temp.years WITH RECURSIVE k(y) AS (SELECT %d UNION ALL SELECT y + 1 FROM k WHERE y < %d) SELECT y FROM k`, first, LastYear),
		`CREATE TEMP TABLE months (m INTEGER PRIMARY KEY)`,
		`INSERT INTO temp.months WITH RECURSIVE k(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM k WHERE m < 12) SELECT m FROM k`,
		d.planInsert("temp.years"),
		reportsInsert("temp.years", "temp.months"),
	}
	return append(out, d.tail()...)
}

// load runs stmts in one transaction, the secondary indexes of
// monthly_reports dropped before and made again after.
func load(db *gorm.DB, stmts []string) error {
	var idx []struct{ Name, SQL string }
	if err := db.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'monthly_reports' AND sql IS NOT NULL`).Scan(&idx).Error; err != nil {
		return err
	}
	// No ANALYZE: the application's databases carry no statistics either,
	// so the planner chooses here as it does there.
	return db.Transaction(func(tx *gorm.DB) error {
		for _, ix := range idx {
			if err := tx.Exec(`DROP INDEX ` + ix.Name).Error; err != nil {
				return fmt.Errorf("drop index: %w", err)
			}
		}
		for _, q := range stmts {
			if err := tx.Exec(q).Error; err != nil {
				return fmt.Errorf("%w in %.80s", err, q)
			}
		}
		for _, ix := range idx {
			if err := tx.Exec(ix.SQL).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
