package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"

	"portfolio/bench/rollupdb"
	"portfolio/models"
	"portfolio/report"
)

// pageOpts say whether to time the pages too, and explain them.
type pageOpts struct{ pages, explain bool }

// pageCase is one view of the projects page, timed at its first page and
// at a far one (page 500, or the view's last when it has fewer).
type pageCase struct {
	name string
	f    report.ProjectFilter
}

// pageCases are the projects page's views the national figures time:
// filtered by a city, a sector and a province (its list tag), and the
// whole list sorted by completion rate and by total investment.
func pageCases() []pageCase {
	return []pageCase{
		{"city 南昌市", report.ProjectFilter{City: "南昌市"}},
		{"sector 能源", report.ProjectFilter{Sector: "能源"}},
		{"province " + rollupdb.ProvinceTag(7), report.ProjectFilter{Tag: rollupdb.ProvinceTag(7)}},
		{"sort rate desc", report.ProjectFilter{Sort: "rate", Desc: true}},
		{"sort total desc", report.ProjectFilter{Sort: "total", Desc: true}},
	}
}

// farPage is the page the far timing reads.
const farPage = 500

// benchPages times the dashboard rollup through report.Cache (a hit: one
// fingerprint read and a map lookup) and the projects page's views, runs
// times each, and prints medians. With explain it writes each view's
// page statement's EXPLAIN (ANALYZE, BUFFERS) to a file in the temp
// directory.
func benchPages(ctx context.Context, z rollupdb.Size, s *models.Store, runs int, explain bool) error {
	rep := &report.Reporter{Store: s}
	year, month := z.Period()
	cache := report.NewCache(rep, 16)
	warm := func() error {
		fp, err := cache.Fingerprint(ctx)
		if err != nil {
			return err
		}
		_, err = cache.Rollup(ctx, fp, year, month)
		return err
	}
	first, err := timeOnce(warm)
	if err != nil {
		return err
	}
	d, err := medianOf(runs*20, warm)
	if err != nil {
		return err
	}
	fmt.Printf("%s: rollup through report.Cache: first (a miss) %s, then hits %.3f ms (median of %d)\n", z, ms(first), float64(d)/float64(time.Millisecond), runs*20)
	var rec *recorder
	if explain {
		rec = record(s.Read())
	}
	for _, c := range pageCases() {
		c.f.Year, c.f.Month, c.f.PerPage = year, month, 50
		for _, page := range []int{1, farPage} {
			f := c.f
			f.Page = page
			var pr *report.PageRangeError
			if _, err := rep.Projects(ctx, f); errors.As(err, &pr) {
				f.Page = pr.Pages // fewer pages than farPage: its last
			} else if err != nil {
				return err
			}
			d, err := medianOf(runs, func() error { _, err := rep.Projects(ctx, f); return err })
			if err != nil {
				return err
			}
			fmt.Printf("%s: projects %s, page %d: %s (median of %d)\n", z, c.name, f.Page, ms(d), runs)
			if rec != nil {
				if err := rec.explain(ctx, s, z, c.name, f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func timeOnce(fn func() error) (time.Duration, error) {
	t := time.Now()
	err := fn()
	return time.Since(t), err
}

// medianOf runs fn n times and returns the median duration.
func medianOf(n int, fn func() error) (time.Duration, error) {
	ds := make([]time.Duration, 0, n)
	for range n {
		d, err := timeOnce(fn)
		if err != nil {
			return 0, err
		}
		ds = append(ds, d)
	}
	return median(ds), nil
}

// recorder keeps the last statement a read handle sent, for EXPLAIN.
type recorder struct {
	sql  string
	vars []any
}

func record(db *gorm.DB) *recorder {
	r := &recorder{}
	_ = db.Callback().Row().After("gorm:row").Register("rollupbench:record", func(tx *gorm.DB) {
		r.sql, r.vars = tx.Statement.SQL.String(), append([]any(nil), tx.Statement.Vars...)
	})
	return r
}

// explain runs the view's page once more and writes the EXPLAIN (ANALYZE,
// BUFFERS) of its page statement (the last one it sends) to a file.
func (r *recorder) explain(ctx context.Context, s *models.Store, z rollupdb.Size, name string, f report.ProjectFilter) error {
	rep := &report.Reporter{Store: s}
	if _, err := rep.Projects(ctx, f); err != nil {
		return err
	}
	q, vars := r.sql, r.vars
	rows, err := s.Read().WithContext(ctx).Raw("EXPLAIN (ANALYZE, BUFFERS) "+q, vars...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		b.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		return err
	}
	file := fmt.Sprintf("%s/%s.explain.%s.p%d.txt", os.TempDir(), z.DatabaseName(), strings.ReplaceAll(name, " ", "_"), f.Page)
	return os.WriteFile(file, []byte(b.String()), 0o600)
}
