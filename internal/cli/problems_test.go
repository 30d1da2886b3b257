package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"portfolio/demo"
	"portfolio/models"
	"portfolio/province"
)

// TestDemoProblemsAndTheCLI: the demo's ledger, seeded through the store,
// holds every status and level and an overdue problem, each with its
// history; `problems list` filters it and `problems export` writes it.
func TestDemoProblemsAndTheCLI(t *testing.T) {
	ctx := context.Background()
	db := importedDemo(t, 1)
	s, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	n, err := seedDemoProblems(ctx, s, time.Now())
	if err != nil || n != len(demoProblems()) {
		t.Fatalf("seeded %d of %d: %v", n, len(demoProblems()), err)
	}
	rows, total, err := s.Problems(ctx, models.ProblemFilter{Today: time.Now().Format("2006-01-02")})
	s.Close()
	if err != nil || int(total) != n {
		t.Fatal(total, err)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.Status], seen[r.Level] = true, true
		if r.Overdue {
			seen["overdue"] = true
		}
	}
	for _, want := range append(append(province.ProblemStatuses(), province.ProblemLevels()...), "overdue") {
		if !seen[want] {
			t.Errorf("the demo ledger has no %s problem", want)
		}
	}

	code, out, errs := cli(t, "problems", "list", "--db", db, "--json", "--overdue")
	var list struct {
		Rows  []models.ProblemRow
		Total int
	}
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || list.Total == 0 || list.Total != len(list.Rows) {
		t.Fatalf("list --overdue --json: %d %s %s", code, out, errs)
	}
	for _, r := range list.Rows {
		if !r.Overdue || !province.ProblemIsOpen(r.Status) {
			t.Errorf("not overdue: %+v", r)
		}
	}
	city := province.Cities()[0]
	code, out, _ = cli(t, "problems", "list", "--db", db, "--city", city, "--status", "open")
	if code != 0 || !strings.Contains(out, "共 1 个问题") || !strings.Contains(out, "用地预审") {
		t.Errorf("list --city --status: %d\n%s", code, out)
	}
	if code, _, errs := cli(t, "problems", "list", "--db", db, "--status", "done"); code != exitUsage || !strings.Contains(errs, "--status") {
		t.Errorf("a bad status: %d %s", code, errs)
	}
	if code, _, _ := cli(t, "problems", "export", "--db", db); code != exitUsage {
		t.Errorf("export without --out: %d", code)
	}
	if code, _, _ := cli(t, "problems"); code != exitUsage {
		t.Errorf("problems alone: %d", code)
	}
	xf := filepath.Join(t.TempDir(), "问题清单.xlsx")
	if code, _, errs := cli(t, "problems", "export", "--db", db, "--out", xf); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	x, err := excelize.OpenFile(xf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	xr, err := x.GetRows("问题清单")
	if err != nil || len(xr) != n+2 || xr[0][0] != "问题清单" || xr[1][1] != "项目名称" {
		t.Fatalf("export: %d rows %v", len(xr), err)
	}
}

// importedDemo writes the 300-project demo (seed 3) and imports its
// first n workbooks (every one when n is 0) through the CLI into a new
// database, whose path it returns.
func importedDemo(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	files, err := demo.Write(filepath.Join(dir, "demo.xlsx"), demo.Options{Projects: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		n = len(files)
	}
	args := []string{"import", "--db", db}
	for _, f := range files[:n] {
		args = append(args, f.Path)
	}
	if code, _, errs := cli(t, args...); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	return db
}
