package report_test

import (
	"context"
	"io"
	"testing"

	"portfolio/bench/rollupdb"
	"portfolio/models"
	"portfolio/report"
)

// benchStore opens a synthetic portfolio of bench/rollupdb, built once
// and cached under os.TempDir().
func benchStore(b *testing.B, z rollupdb.Size) *models.Store {
	b.Helper()
	path, err := rollupdb.Ensure(context.Background(), z)
	if err != nil {
		b.Fatal(err)
	}
	s, err := models.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchRealSize is the real size: 3,670 projects, a year of monthly reports.
func benchRealSize(b *testing.B) (*models.Store, int, int) {
	z := rollupdb.Size{Projects: 3670, Months: 12}
	year, month := z.Period()
	return benchStore(b, z), year, month
}

// BenchmarkWriteSchedule writes the 调度表 workbook of 3,670 projects.
func BenchmarkWriteSchedule(b *testing.B) {
	s, year, month := benchRealSize(b)
	rep := &report.Reporter{Store: s}
	for b.Loop() {
		if err := rep.WriteSchedule(context.Background(), io.Discard, report.ProjectFilter{Year: year, Month: month}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOC4IDS builds and writes the OC4IDS package of 3,670 projects.
func BenchmarkOC4IDS(b *testing.B) {
	s, year, month := benchRealSize(b)
	for b.Loop() {
		pkg, err := report.OC4IDS(context.Background(), s, report.OC4IDSOptions{Year: year, Month: month})
		if err != nil {
			b.Fatal(err)
		}
		if err := report.WriteOC4IDS(io.Discard, pkg); err != nil {
			b.Fatal(err)
		}
	}
}
