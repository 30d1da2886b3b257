package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/importer"
)

// writeList writes a small province list; bad replaces cells ("H7" → value).
func writeList(t *testing.T, bad map[string]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"2024年省大中型项目计划表"},
		{"单位：万元"},
		{"序号", "项目名称", "建设地点", "建设性质", "建设年限", "总投资", "截至上年底累计完成", "2024年计划投资"},
		{"一、综合交通"},
		{1, "昌九高铁", "跨设区市", "续建", "2020-2026", 1200000, 200000, 300000},
		{2, "南昌西二绕城高速", "南昌市新建区", "竣工投产", "2022-2024", "298,700", 15000, 50000},
		{3, "上饶至浦城高速", "上饶市", "竣工投产", "2021-2024", 500000.25, 400000, 100000.25},
		{"二、公共服务"},
		{4, "广东省人民医院赣州医院", "赣州市章贡区", "续建", "2021-2025", 150000, 50000, 50000},
		{5, "南昌大学附属医院新院区", "南昌市红谷滩区", "新开工", "2024-2027", 300000, "", 30000},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for cell, v := range bad {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "list.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func importJSON(t *testing.T, args ...string) (int, importer.Result) {
	t.Helper()
	code, out, stderr := cli(t, append([]string{"import", "--json"}, args...)...)
	var r importer.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("import output %q (stderr %q): %v", out, stderr, err)
	}
	return code, r
}

func TestImportRefusesThreeBadRowsWhole(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	bad := writeList(t, map[string]any{"H5": "三十万", "D6": "暂缓", "B9": ""})
	code, r := importJSON(t, "--db", db, bad)
	if code != exitRejected || r.Rejected != 3 || r.BatchID != 0 || len(r.Errors) != 3 {
		t.Fatalf("exit %d: %+v", code, r)
	}
	named := map[int]string{}
	for _, e := range r.Errors {
		named[e.Row] = e.Column
		if e.Sheet != "Sheet1" || e.Message == "" {
			t.Errorf("error without sheet or message: %+v", e)
		}
	}
	if named[5] != "2024年计划投资" || named[6] != "建设性质" || named[9] != "项目名称" {
		t.Fatalf("errors name %v", named)
	}
	code, out, _ := cli(t, "rollup", "--db", db, "--year", "2024", "--json")
	if code != exitOK || !strings.Contains(out, `"projects": 0`) {
		t.Fatalf("a refused import wrote something: %s", out)
	}

	// --dry-run shows the counts and writes nothing.
	good := writeList(t, nil)
	code, r = importJSON(t, "--db", db, "--dry-run", good)
	if code != exitOK || r.Created != 5 || r.BatchID != 0 || !r.DryRun {
		t.Fatalf("dry run: exit %d %+v", code, r)
	}
	// --skip-invalid writes the valid rows and lists the rest.
	code, r = importJSON(t, "--db", db, "--skip-invalid", bad)
	if code != exitOK || r.Created != 2 || r.Rejected != 3 || r.BatchID == 0 {
		t.Fatalf("skip-invalid: exit %d %+v", code, r)
	}
	// The good file then fills in the rest; the same file again changes nothing.
	if code, r = importJSON(t, "--db", db, good); code != exitOK || r.Created != 3 || r.Unchanged != 2 {
		t.Fatalf("good file: exit %d %+v", code, r)
	}
	if code, r = importJSON(t, "--db", db, good); code != exitOK || r.Unchanged != 5 || r.BatchID != 0 {
		t.Fatalf("same file again: exit %d %+v", code, r)
	}
	code, out, _ = cli(t, "rollup", "--db", db, "--year", "2024", "--month", "6", "--json")
	if code != exitOK || !strings.Contains(out, `"plan_yuan": 5300002500`) {
		t.Fatalf("rollup after import: %s", out)
	}
}

// TestImportReaderFlag: the hidden --reader excelize reads a list as our
// reader does, a reader that does not exist is a usage error, and the
// flag stays out of the help text.
func TestImportReaderFlag(t *testing.T) {
	list := writeList(t, nil)
	var results []importer.Result
	for _, reader := range []string{"xlsx", "excelize"} {
		db := filepath.Join(t.TempDir(), "p.db")
		code, r := importJSON(t, "--db", db, "--reader", reader, list)
		if code != exitOK || r.Created != 5 || r.Rejected != 0 {
			t.Fatalf("--reader %s: exit %d: %+v", reader, code, r)
		}
		r.BatchID, r.File = 0, ""
		results = append(results, r)
	}
	a, _ := json.Marshal(results[0])
	b, _ := json.Marshal(results[1])
	if string(a) != string(b) {
		t.Fatalf("readers differ:\n%s\n%s", a, b)
	}
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, _ := cli(t, "import", "--db", db, "--reader", "openpyxl", list); code != exitUsage {
		t.Fatalf("--reader openpyxl: exit %d", code)
	}
	_, _, help := cli(t, "import", "-h")
	if !strings.Contains(help, "-dry-run") || strings.Contains(help, "reader") {
		t.Fatalf("help text: %s", help)
	}
}
