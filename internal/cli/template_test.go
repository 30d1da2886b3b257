package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/province"
	"portfolio/report"
)

// fill writes rows into a template's table from its first data row.
func fill(t *testing.T, path string, rows [][]any) {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 4+i)
		if err := x.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestPlanTemplateImportsClean: a blank plan template carries the header
// the importer reads, the dropdowns and its notes; filled with the
// dropdowns' words it imports into an empty database with no warning.
func TestPlanTemplateImportsClean(t *testing.T) {
	dir := t.TempDir()
	db, book := filepath.Join(dir, "p.db"), filepath.Join(dir, "plan.xlsx")
	if code, _, stderr := cli(t, "template", "--db", db, "--kind", "plan", "--year", "2025", "--out", book); code != exitOK {
		t.Fatalf("template: exit %d: %s", code, stderr)
	}
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheets := x.GetSheetList()
	dvs, _ := x.GetDataValidations(sheets[0])
	visible, _ := x.GetSheetVisible(report.TemplateChoicesSheet)
	x.Close()
	if len(sheets) != 3 || sheets[1] != report.TemplateChoicesSheet || sheets[2] != report.TemplateNotesSheet || visible {
		t.Fatalf("sheets %v (choices visible %v)", sheets, visible)
	}
	// 领域, 子领域, 设区市, 县, 建设性质, 示范引领性 and the three amounts.
	if len(dvs) != 9 {
		t.Fatalf("%d data validations, want 9", len(dvs))
	}
	fill(t, book, [][]any{
		{1, "昌北机场三期扩建工程", "2025-360000-56-01-000001", "江西省机场集团有限公司", province.SectorTransport, "机场", "南昌市", "新建区",
			"续建", "2023-2027", "新建航站楼", 2_000_000, 800_000, 300_000.5, "主体结构完工", "是", "省重点", ""},
		{2, "九江港红光作业区码头", "", "九江港口集团有限公司", province.SectorTransport, "港航", "九江市", "湖口县",
			"新开工", "2025-2026", "建设泊位4个", 120_000, 0, 40_000, "开工建设", "否", "", ""},
	})
	if code, res := importJSON(t, "--db", db, book); code != exitOK || res.Created != 2 || len(res.Warnings) != 0 || res.Kind != "plan" || res.Year != 2025 {
		t.Fatalf("filled plan template: exit %d, %+v", code, res)
	}
	var total struct {
		N    int
		Plan int64
	}
	s, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.DB().Raw("SELECT COUNT(*) AS n, SUM(annual_plan_yuan) AS plan FROM plan_entries WHERE year = 2025").Scan(&total)
	if total.N != 2 || total.Plan != 3_400_005_000 {
		t.Fatalf("imported %d entries, plan %d yuan; want 2 and 3,400,005,000", total.N, total.Plan)
	}
}

// TestMonthlyTemplateForACity: a city's monthly template lists exactly its
// projects of the year with their plan; filled, it imports with no
// warning and moves the city's completions by what was filled.
func TestMonthlyTemplateForACity(t *testing.T) {
	dir := t.TempDir()
	plan, _ := demoWorkbooks(t, "150")
	db, book := filepath.Join(dir, "m.db"), filepath.Join(dir, "monthly.xlsx")
	if code, res := importJSON(t, "--db", db, plan); code != exitOK {
		t.Fatalf("import the plan: exit %d, %+v", code, res)
	}
	if code, _, stderr := cli(t, "template", "--db", db, "--kind", "monthly", "--month", "3", "--city", "南昌市", "--out", book); code != exitOK {
		t.Fatalf("template: exit %d: %s", code, stderr)
	}
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(report.ScheduleSheet)
	x.Close()
	s, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	s.DB().Raw("SELECT p.code FROM plan_entries e JOIN projects p ON p.id = e.project_id WHERE e.year = 2024 AND e.city = '南昌市' ORDER BY p.code").Scan(&want)
	s.Close()
	var got []string
	fills := [][]any{}
	for _, r := range rows[3:] {
		got = append(got, r[1])
		fills = append(fills, []any{r[0], r[1], r[2], r[3], r[4], 10.25, "按计划推进"})
	}
	if strings.Join(slices.Sorted(slices.Values(got)), ",") != strings.Join(want, ",") || len(want) == 0 || !strings.Contains(rows[0][0], "2024年3月") {
		t.Fatalf("template rows %v, want the city's %v (title %q)", got, want, rows[0][0])
	}
	fill(t, book, fills)
	if code, res := importJSON(t, "--db", db, book); code != exitOK || res.Kind != "monthly" || res.Month != 3 || len(res.Warnings) != 0 || res.Created != len(want) {
		t.Fatalf("filled monthly template: exit %d, %+v", code, res)
	}
	if s, err = openStore(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	var done int64
	s.DB().Raw("SELECT SUM(completed_yuan) FROM monthly_reports WHERE year = 2024 AND month = 3").Scan(&done)
	s.Close()
	if done != int64(len(want))*102_500 {
		t.Fatalf("March completed %d yuan; want 10.25 万元 for each of %d projects", done, len(want))
	}
	if code, _, stderr := cli(t, "template", "--db", db, "--kind", "monthly", "--city", "北京市"); code != exitUsage || !strings.Contains(stderr, "不是江西省的设区市") {
		t.Fatalf("a city of another province: exit %d: %s", code, stderr)
	}
	if code, _, _ := cli(t, "template", "--db", db, "--kind", "yearly"); code != exitUsage {
		t.Fatalf("an unknown kind: exit %d", code)
	}
}
