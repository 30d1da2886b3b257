package importer_test

import (
	"context"
	"path/filepath"
	"testing"

	"portfolio/demo"
	"portfolio/importer"
	"portfolio/models/storetest"
)

// demoFiles writes the demo workbooks once per benchmark.
func demoFiles(b *testing.B) []demo.File {
	b.Helper()
	files, err := demo.Write(filepath.Join(b.TempDir(), "demo.xlsx"), demo.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return files
}

// BenchmarkParsePlanList parses the 3,670-project demo list.
func BenchmarkParsePlanList(b *testing.B) {
	path := demoList(b)
	b.ResetTimer()
	for b.Loop() {
		p, err := importer.ParseFile(path, importer.ParseOptions{})
		if err != nil || len(p.Plans) != 3670 {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportDemo imports the whole demo (2 lists, 21 monthly sheets)
// into a fresh SQLite file: what `serve --demo` does on first start.
func BenchmarkImportDemo(b *testing.B) {
	files := demoFiles(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		im := &importer.Importer{Store: s}
		b.StartTimer()
		for _, f := range files {
			if _, err := im.ImportFile(context.Background(), f.Path, importer.Options{}); err != nil {
				b.Fatal(f.Path, err)
			}
		}
	}
}

// BenchmarkApplyPlanList writes the 3,670-project 2024 list, parsed
// once, into a fresh SQLite file: the comparison and the writes alone.
func BenchmarkApplyPlanList(b *testing.B) {
	p, err := importer.ParseFile(demoList(b), importer.ParseOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		im := &importer.Importer{Store: s}
		b.StartTimer()
		res, err := im.Apply(context.Background(), p, "bench", importer.Options{}, nil)
		if err != nil || res.Created != 3670 {
			b.Fatal(err)
		}
	}
}

// demoList writes the demo and returns its 2024 list.
func demoList(b *testing.B) string {
	for _, f := range demoFiles(b) {
		if f.Kind == demo.KindPlan && f.Year == 2024 {
			return f.Path
		}
	}
	b.Fatal("no 2024 list in the demo")
	return ""
}

// BenchmarkImportPlanList imports the 3,670-project 2024 list into a
// fresh SQLite file: parse, validate, diff and write, as `portfolio
// import` does (and bench/import.sh times against pandas).
func BenchmarkImportPlanList(b *testing.B) {
	path := demoList(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		im := &importer.Importer{Store: s}
		b.StartTimer()
		res, err := im.ImportFile(context.Background(), path, importer.Options{})
		if err != nil || res.Created != 3670 {
			b.Fatal(err)
		}
	}
}
