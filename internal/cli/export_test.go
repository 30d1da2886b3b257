package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/importer"
	"portfolio/models/storetest"
	"portfolio/report"
)

// demoWorkbooks writes a small demo and returns the 2024 plan list and
// the 2024 monthly sheets, in order.
func demoWorkbooks(t *testing.T, projects string) (plan string, monthly []string) {
	t.Helper()
	code, out, stderr := cli(t, "demo", "--out", filepath.Join(t.TempDir(), "demo.xlsx"), "--projects", projects, "--seed", "11")
	if code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) == 4 && parts[2] == "2024" {
			if parts[1] == "plan" {
				plan = parts[0]
			} else {
				monthly = append(monthly, parts[0])
			}
		}
	}
	return plan, monthly
}

// rollupJSON is `rollup --json` of a database, as generic JSON.
func rollupJSON(t *testing.T, db string) map[string]json.RawMessage {
	t.Helper()
	code, out, stderr := cli(t, "rollup", "--db", db, "--json")
	if code != exitOK {
		t.Fatalf("rollup: exit %d: %s", code, stderr)
	}
	var r map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestScheduleRoundTrip exports the month's 调度表 and reads it back in
// one import, with no --kind: into a fresh database (SQLite and
// PostgreSQL) it gives the same projects, plan and totals, and over the
// database it came from, or over itself, it changes nothing. Into a
// database that has the year's plan already it brings only the months.
func TestScheduleRoundTrip(t *testing.T) {
	dir := t.TempDir()
	plan, monthly := demoWorkbooks(t, "150")
	orig := filepath.Join(dir, "orig.db")
	if code, _, stderr := cli(t, append([]string{"import", "--db", orig, plan}, monthly...)...); code != exitOK {
		t.Fatalf("import demo: exit %d: %s", code, stderr)
	}
	sched := filepath.Join(dir, "调度表.xlsx")
	if code, _, stderr := cli(t, "export", "--db", orig, "--format", "xlsx", "--out", sched); code != exitOK {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	x, err := excelize.OpenFile(sched)
	if err != nil {
		t.Fatal(err)
	}
	title, _ := x.GetCellValue(report.ScheduleSheet, "A1")
	x.Close()
	if title != "2024年1-9月省大中型项目调度表" {
		t.Fatalf("title %q", title)
	}
	csvOf := func(db string) string {
		code, out, stderr := cli(t, "export", "--db", db, "--format", "csv")
		if code != exitOK {
			t.Fatalf("csv: exit %d: %s", code, stderr)
		}
		return out
	}
	same := func(t *testing.T, db string) {
		t.Helper()
		a, b := rollupJSON(t, orig), rollupJSON(t, db)
		for _, k := range []string{"year", "month", "projects", "plan_yuan", "completed_yuan", "by_sector", "by_city", "by_stage", "lights"} {
			if string(a[k]) != string(b[k]) {
				t.Errorf("%s differs after the round trip:\n%s\n%s", k, a[k], b[k])
			}
		}
		if csvOf(orig) != csvOf(db) {
			t.Errorf("the project lists differ after the round trip")
		}
	}
	unchanged := func(t *testing.T, db string) {
		t.Helper()
		code, r := importJSON(t, "--db", db, sched)
		if code != exitOK || r.Kind != importer.KindSchedule || r.Created != 0 || r.Updated != 0 || r.BatchID != 0 ||
			r.Parts.Plan.Unchanged != 150 || r.Parts.Monthly.Created+r.Parts.Monthly.Updated != 0 {
			t.Fatalf("the 调度表 over the database it describes: exit %d %+v", code, r)
		}
		// Its 汇总 sheet of sums is read and passed over without a word.
		for _, w := range r.Warnings {
			if w.Sheet == report.ScheduleSummarySheet {
				t.Fatalf("the 调度表's sums warn: %+v", w)
			}
		}
	}

	var months int // the month's reports the 调度表 brings into an empty database
	backends := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "fresh.db") },
		"postgres": func(t *testing.T) string { return storetest.PostgresDSN(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			fresh := backends[name](t)
			code, r := importJSON(t, "--db", fresh, sched)
			p, m := r.Parts.Plan, r.Parts.Monthly
			if code != exitOK || r.Kind != importer.KindSchedule || r.Month != 9 || r.Rejected != 0 || r.BatchID == 0 ||
				p.Created != 150 || m.Created == 0 || p.Updated+m.Updated != 0 || r.Created != p.Created+m.Created {
				t.Fatalf("the 调度表 into an empty database: exit %d %+v", code, r)
			}
			months = m.Created
			same(t, fresh)
			unchanged(t, fresh)
		})
	}
	unchanged(t, orig)

	// A database with the year's plan: the 调度表 brings the months only.
	planned := filepath.Join(dir, "planned.db")
	if code, _, stderr := cli(t, "import", "--db", planned, plan); code != exitOK {
		t.Fatalf("import the plan: exit %d: %s", code, stderr)
	}
	code, r := importJSON(t, "--db", planned, sched)
	if code != exitOK || r.Parts.Plan.Created+r.Parts.Plan.Updated != 0 || r.Parts.Plan.Unchanged != 150 ||
		r.Parts.Monthly.Created != months || r.Created != months {
		t.Fatalf("the 调度表 over its plan: exit %d %+v", code, r)
	}
	same(t, planned)

	// The kinds named still read one part each.
	if code, r = importJSON(t, "--db", planned, "--kind", "plan", sched); code != exitOK || r.Kind != importer.KindPlan || r.Unchanged != 150 {
		t.Fatalf("--kind plan: exit %d %+v", code, r)
	}
	if code, r = importJSON(t, "--db", planned, "--kind", "monthly", sched); code != exitOK || r.Kind != importer.KindMonthly || r.Parts.Plan != (importer.PartCounts{}) {
		t.Fatalf("--kind monthly: exit %d %+v", code, r)
	}
}

func TestExportFiltersAndUsage(t *testing.T) {
	dir := t.TempDir()
	plan, monthly := demoWorkbooks(t, "60")
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := cli(t, "import", "--db", db, plan, monthly[0], monthly[1]); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	// CSV of one city for February: a BOM, a header, only that city.
	code, out, stderr := cli(t, "export", "--db", db, "--format", "csv", "--city", "南昌市", "--month", "2")
	if code != exitOK || !strings.HasPrefix(out, "\xEF\xBB\xBF") {
		t.Fatalf("csv: exit %d %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out[3:])).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("csv: %v, %d records", err, len(recs))
	}
	city := -1
	for i, h := range recs[0] {
		if h == "设区市" {
			city = i
		}
	}
	for _, r := range recs[1:] {
		if r[city] != "南昌市" {
			t.Fatalf("a row of %s in the 南昌市 export", r[city])
		}
	}
	// The 调度表 of that view has the same projects under its 合计.
	out2 := filepath.Join(dir, "nc.xlsx")
	if code, _, stderr := cli(t, "export", "--db", db, "--city", "南昌市", "--month", "2", "--out", out2); code != exitOK {
		t.Fatalf("xlsx: exit %d %s", code, stderr)
	}
	x, err := excelize.OpenFile(out2)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(report.ScheduleSheet)
	n := 0
	for _, r := range rows[5:] {
		if len(r) > 5 && r[5] == "南昌市" {
			n++
		}
	}
	if n != len(recs)-1 {
		t.Errorf("调度表 has %d 南昌市 projects, the CSV %d", n, len(recs)-1)
	}
	if v, _ := x.GetCellValue(report.ScheduleSheet, "A1"); v != "2024年1-2月省大中型项目调度表（南昌市）" {
		t.Errorf("title %q", v)
	}

	// The OC4IDS package holds the whole year's list.
	code, out, stderr = cli(t, "export", "--db", db, "--format", "oc4ids", "--month", "2")
	var pkg struct {
		Version  string            `json:"version"`
		Projects []json.RawMessage `json:"projects"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &pkg) != nil || pkg.Version != "0.9" || len(pkg.Projects) != 60 {
		t.Fatalf("oc4ids: exit %d, version %q, %d projects: %s", code, pkg.Version, len(pkg.Projects), stderr)
	}

	// Usage mistakes exit 2 and write nothing.
	bad := filepath.Join(dir, "bad.xlsx")
	for _, args := range [][]string{{"--format", "pdf"}, {"--month", "13"}, {"--light", "blue"}} {
		code, _, stderr := cli(t, append([]string{"export", "--db", db, "--out", bad}, args...)...)
		if code != exitUsage || stderr == "" {
			t.Errorf("export %v: exit %d %q", args, code, stderr)
		}
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a refused export left %s", bad)
	}
	// Nothing half-written next to the file either.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temp file left: %s", e.Name())
		}
	}
}
