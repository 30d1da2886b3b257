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

// TestScheduleRoundTrip exports the month's 调度表 and reads it back:
// into a fresh database it gives the same projects and totals, and over
// the database it came from it changes nothing.
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

	// A fresh database: the list, then the month's figures, from the one file.
	fresh := filepath.Join(dir, "fresh.db")
	code, r := importJSON(t, "--db", fresh, "--kind", "plan", sched)
	if code != exitOK || r.Created != 150 || r.Rejected != 0 {
		t.Fatalf("plan from the export: exit %d %+v", code, r)
	}
	if code, r = importJSON(t, "--db", fresh, sched); code != exitOK || r.Kind != "monthly" || r.Month != 9 || r.Rejected != 0 {
		t.Fatalf("monthly from the export: exit %d %+v", code, r)
	}
	a, b := rollupJSON(t, orig), rollupJSON(t, fresh)
	for _, k := range []string{"year", "month", "projects", "plan_yuan", "completed_yuan", "by_sector", "by_city", "by_stage", "lights"} {
		if string(a[k]) != string(b[k]) {
			t.Errorf("%s differs after the round trip:\n%s\n%s", k, a[k], b[k])
		}
	}
	csvOf := func(db string) string {
		code, out, stderr := cli(t, "export", "--db", db, "--format", "csv")
		if code != exitOK {
			t.Fatalf("csv: exit %d: %s", code, stderr)
		}
		return out
	}
	if ca, cb := csvOf(orig), csvOf(fresh); ca != cb {
		t.Errorf("the project lists differ after the round trip")
	}

	// Over the original: nothing to change, no batch written.
	if code, r = importJSON(t, "--db", orig, "--kind", "plan", sched); code != exitOK || r.Unchanged != 150 || r.BatchID != 0 {
		t.Fatalf("plan over the original: exit %d %+v", code, r)
	}
	if code, r = importJSON(t, "--db", orig, sched); code != exitOK || r.Created != 0 || r.Updated != 0 || r.BatchID != 0 {
		t.Fatalf("monthly over the original: exit %d %+v", code, r)
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
