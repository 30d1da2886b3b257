package importer_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
)

// longPlanCSV is a list of n projects whose row bad (1-based among the
// projects, 0 for none) has an amount that is not one.
func longPlanCSV(n, bad int) string {
	var b strings.Builder
	b.WriteString("2024年项目表\n项目名称,领域,建设地点,建设性质,2024年计划投资\n")
	for i := 1; i <= n; i++ {
		amount := fmt.Sprint(100 + i)
		if i == bad {
			amount = "一百万"
		}
		fmt.Fprintf(&b, "分段项目%d,综合交通,南昌市,续建,%s\n", i, amount)
	}
	return b.String()
}

// An import is written a part at a time, but a file with an error found
// after earlier parts were written still writes nothing: the parts are
// in the one transaction, rolled back.
func TestErrorLateInALongFileWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		im := &importer.Importer{Store: s}
		const n = 1300 // three parts
		path := writeFile(t, t.TempDir(), "long.csv", longPlanCSV(n, n-10))
		res, err := im.ImportFile(context.Background(), path, importer.Options{})
		if !errors.Is(err, importer.ErrRejected) || res.BatchID != 0 {
			t.Fatalf("%v %+v", err, res)
		}
		if len(res.Errors) != 1 || res.Errors[0].Row != n-10+2 || res.Rejected != 1 {
			t.Fatalf("errors %+v rejected %d", res.Errors, res.Rejected)
		}
		for _, table := range []string{"projects", "plan_entries", "audit_entries", "import_batches"} {
			if got := count(t, s, table); got != 0 {
				t.Fatalf("%s has %d rows after a rejected import", table, got)
			}
		}
		// With --skip-invalid the other rows are written, as one batch.
		res, err = im.ImportFile(context.Background(), path, importer.Options{SkipInvalid: true})
		if err != nil || res.Created != n-1 || res.Rejected != 1 || res.BatchID == 0 {
			t.Fatalf("%v %+v", err, res)
		}
		if got := count(t, s, "plan_entries"); got != n-1 {
			t.Fatalf("%d plan entries, want %d", got, n-1)
		}
		var b models.ImportBatch
		if err := s.DB().First(&b, res.BatchID).Error; err != nil || b.Created != n-1 || b.Rejected != 1 {
			t.Fatalf("batch %+v %v", b, err)
		}
	})
}

// Two rows of one list that find the same entry (by code and by name)
// are an error even when they fall in different parts.
func TestTwoRowsMatchingOneEntryAcrossParts(t *testing.T) {
	s := storetest.SQLite(t)
	im := &importer.Importer{Store: s}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("2024年项目表\n项目名称,项目代码,领域,建设地点,建设性质,2024年计划投资\n")
	b.WriteString("昌九高铁,2024-360000-48-01-000001,综合交通,南昌市,续建,100\n")
	if _, err := im.ImportFile(context.Background(), writeFile(t, dir, "first.csv", b.String()), importer.Options{}); err != nil {
		t.Fatal(err)
	}
	// The same project by its code in the first row, and by its name in
	// a row 700 rows further down, in the next part.
	b.Reset()
	b.WriteString("2024年项目表\n项目名称,项目代码,领域,建设地点,建设性质,2024年计划投资\n")
	b.WriteString("昌九高铁（改名）,2024-360000-48-01-000001,综合交通,南昌市,续建,120\n")
	for i := range 700 {
		fmt.Fprintf(&b, "填充项目%d,,综合交通,南昌市,续建,1\n", i)
	}
	b.WriteString("昌九高铁,,综合交通,南昌市,续建,130\n")
	res, err := im.ImportFile(context.Background(), writeFile(t, dir, "second.csv", b.String()), importer.Options{DryRun: true})
	if !errors.Is(err, importer.ErrRejected) || len(res.Errors) != 1 {
		t.Fatalf("%v %+v", err, res.Errors)
	}
	if e := res.Errors[0]; e.Row != 704 || !strings.Contains(e.Message, "第3行") {
		t.Fatalf("error %+v", e)
	}
}

// A later part is compared with the store as it was before the import,
// not with what earlier parts wrote: the preview (a dry run, which
// writes nothing) and the import give the same answer. Here the first
// row renames a project by its code, and a row 700 rows on names it
// again without a code, by its old name or its new one.
func TestPreviewAndImportAgreeAcrossParts(t *testing.T) {
	for _, later := range []string{"甲项目", "乙项目"} {
		t.Run(later, func(t *testing.T) {
			s := storetest.SQLite(t)
			im := &importer.Importer{Store: s}
			dir := t.TempDir()
			head := "2024年项目表\n项目名称,项目代码,领域,建设地点,建设性质,2024年计划投资\n"
			first := head + "甲项目,2024-360000-48-01-000001,综合交通,南昌市,续建,100\n"
			if _, err := im.ImportFile(context.Background(), writeFile(t, dir, "first.csv", first), importer.Options{}); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString(head + "乙项目,2024-360000-48-01-000001,综合交通,南昌市,续建,120\n")
			for i := range 700 {
				fmt.Fprintf(&b, "填充项目%d,,综合交通,南昌市,续建,1\n", i)
			}
			b.WriteString(later + ",,综合交通,南昌市,续建,130\n")
			path := writeFile(t, dir, "second.csv", b.String())
			dry, dryErr := im.ImportFile(context.Background(), path, importer.Options{DryRun: true})
			real, realErr := im.ImportFile(context.Background(), path, importer.Options{})
			if (dryErr == nil) != (realErr == nil) || dry.Created != real.Created || dry.Updated != real.Updated || len(dry.Errors) != len(real.Errors) {
				t.Fatalf("preview %v %d created %d updated %+v; import %v %d created %d updated %+v",
					dryErr, dry.Created, dry.Updated, dry.Errors, realErr, real.Created, real.Updated, real.Errors)
			}
			if later == "甲项目" && (len(real.Errors) != 1 || !strings.Contains(real.Errors[0].Message, "第3行")) {
				t.Fatalf("the old name again should be the same project twice: %+v", real.Errors)
			}
		})
	}
}
