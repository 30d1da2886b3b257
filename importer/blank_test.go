package importer_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"portfolio/importer"
	"portfolio/models/storetest"
)

// The blank sheets read back as the kind they are, their example row a
// project: a plan list creates it, and the month's sheet reports it.
func TestBlankSheetsReadBack(t *testing.T) {
	s := storetest.SQLite(t)
	im := &importer.Importer{Store: s}
	dir := t.TempDir()
	for _, k := range []struct {
		kind  importer.Kind
		month int
	}{{importer.KindPlan, 0}, {importer.KindMonthly, 3}} {
		path := filepath.Join(dir, string(k.kind)+".xlsx")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := importer.WriteBlank(f, k.kind, 2025, k.month); err != nil {
			t.Fatal(err)
		}
		f.Close()
		res, err := im.ImportFile(context.Background(), path, importer.Options{Who: who})
		if err != nil {
			t.Fatalf("%s: %v %+v", k.kind, err, res.Errors)
		}
		if res.Kind != k.kind || res.Year != 2025 || res.Month != k.month || res.Created != 1 || len(res.Errors) != 0 {
			t.Fatalf("%s: %+v", k.kind, res)
		}
	}
	if err := importer.WriteBlank(io.Discard, "other", 2025, 1); err == nil {
		t.Fatal("a blank sheet of no kind was written")
	}
}
