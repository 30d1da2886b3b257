package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"portfolio/demo"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// scheduleFixture is a list with two sectors (one with two subsectors,
// one without), a project without a sector, hostile names and three
// months of reports.
type scheduleFixture struct {
	fixture
	totals map[string]int64 // sector → total investment
	total  int64
}

func (f *scheduleFixture) entry(code, name, sector, sub, city string, total, before, plan int64, done ...int64) int64 {
	f.t.Helper()
	now := time.Now()
	p := models.Project{Name: name, NormName: name, CreatedAt: now, UpdatedAt: now}
	if code != "" {
		p.Code = &code
	}
	if err := f.s.DB().Create(&p).Error; err != nil {
		f.t.Fatal(err)
	}
	e := models.PlanEntry{ProjectID: p.ID, Year: 2024, Seq: int(p.ID), Name: name, NormName: name, Owner: "建设单位" + name,
		Sector: sector, Subsector: sub, City: city, County: "", Stage: "continuing", StartYear: 2022, EndYear: 2026,
		TotalInvestmentYuan: total, CompletedBeforeYuan: before, AnnualPlanYuan: plan, Flagship: total > 1e10, Tags: "省重点",
		Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := f.s.DB().Create(&e).Error; err != nil {
		f.t.Fatal(err)
	}
	for m, y := range done {
		f.report(p.ID, m+1, y, models.ReportApproved)
	}
	f.totals[sector] += total
	f.total += total
	return p.ID
}

func newScheduleFixture(t *testing.T, s *models.Store) *scheduleFixture {
	f := &scheduleFixture{fixture: fixture{t, s}, totals: map[string]int64{}}
	f.entry("2024-360100-48-01-000001", "昌九高铁", "综合交通", "铁路", "南昌市", 40_000_000_000, 10_000_000_000, 6_000_000_000, 500_000_000, 600_000_000, 700_000_001)
	f.entry("2024-360100-48-01-000002", "=HYPERLINK(\"http://x\",\"点我\")", "综合交通", "公路", "九江市", 1_234_567_891, 0, 300_000_000, 1, 2, 3)
	f.entry("", "<script>alert(1)</script>南昌绕城高速", "综合交通", "公路", "南昌市", 9_000_000_000, 100, 900_000_000, 100_000_000)
	f.entry("2024-360700-44-01-000004", "赣州抽水蓄能电站", "能源", "", "赣州市", 8_000_000_000, 0, 1_000_000_000, 0, 0, 50_000_000)
	f.entry("", "没有领域的项目", "", "", "跨设区市", 500_000_000, 0, 0)
	return f
}

// sheetRows reads a sheet's raw cell values (numbers as written).
func sheetRows(t *testing.T, x *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func at(row []string, col int) string {
	if col-1 < len(row) {
		return row[col-1]
	}
	return ""
}

// wanRat reads a 万元 cell exactly and returns yuan.
func wanRat(t *testing.T, s string) int64 {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("not a number: %q", s)
	}
	r.Mul(r, big.NewRat(10000, 1))
	if !r.IsInt() {
		t.Fatalf("%q is not whole yuan", s)
	}
	return r.Num().Int64()
}

func TestScheduleWorkbook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		f := newScheduleFixture(t, s)
		rep := &report.Reporter{Store: s}
		var buf bytes.Buffer
		if err := rep.WriteSchedule(context.Background(), &buf, report.ProjectFilter{Year: 2024, Month: 3}, nil); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "schedule.xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		const sh = report.ScheduleSheet
		rows := sheetRows(t, x, sh)
		if at(rows[0], 1) != "2024年1-3月省大中型项目调度表" || at(rows[1], 21) != "单位：万元" {
			t.Fatalf("title rows %q / %q", rows[0], rows[1])
		}
		if at(rows[2], 2) != "项目名称" || at(rows[2], 14) != "2024年完成投资" || at(rows[3], 14) != "1-3月累计完成" || at(rows[3], 15) != "3月当月完成" {
			t.Fatalf("header %q / %q", rows[2], rows[3])
		}
		// The layout: 合计, the project without a sector, then sections.
		var labels []string
		for _, r := range rows[4:] {
			labels = append(labels, at(r, 2))
		}
		want := []string{"合计", "没有领域的项目", "一、综合交通（3个）", "（一）铁路", "昌九高铁", "（二）公路",
			"=HYPERLINK(\"http://x\",\"点我\")", "<script>alert(1)</script>南昌绕城高速", "二、能源（1个）", "赣州抽水蓄能电站"}
		if len(labels) < len(want) || strings.Join(labels[:len(want)], "|") != strings.Join(want, "|") {
			t.Fatalf("rows:\n%s\nwant\n%s", strings.Join(labels, "\n"), strings.Join(want, "\n"))
		}
		checkScheduleSums(t, x, f)
		// The month and the year to date of the first project, exactly.
		if v := at(rows[8], 14); wanRat(t, v) != 1_800_000_001 {
			t.Errorf("YTD %q", v)
		}
		if v := at(rows[8], 15); wanRat(t, v) != 700_000_001 {
			t.Errorf("month %q", v)
		}
		// Hostile text stays text.
		if typ, _ := x.GetCellType(sh, "B11"); typ == excelize.CellTypeFormula {
			t.Error("a project name became a formula")
		}
		checkScheduleLooks(t, x)
		checkScheduleSummary(t, x, f)
		checkWithOpenpyxl(t, path, f.total)
	})
}

// checkScheduleSums: every sum row of the 调度表 is a SUM of what is
// directly under it, its cached value the exact sum, and Excel's own
// evaluation agreeing.
func checkScheduleSums(t *testing.T, x *excelize.File, f *scheduleFixture) {
	t.Helper()
	const sh = report.ScheduleSheet
	sums := map[string]struct {
		row     int
		formula string
		total   int64
	}{
		"合计":         {5, "SUM(K6,K7,K13)", f.total},
		"一、综合交通（3个）": {7, "SUM(K8,K10)", f.totals["综合交通"]},
		"（二）公路":      {10, "SUM(K11:K12)", 1_234_567_891 + 9_000_000_000},
		"二、能源（1个）":   {13, "SUM(K14)", f.totals["能源"]},
	}
	for label, w := range sums {
		cell := "K" + itoa(w.row)
		formula, _ := x.GetCellFormula(sh, cell)
		if formula != w.formula {
			t.Errorf("%s %s formula %q", label, cell, formula)
		}
		v, _ := x.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if got := wanRat(t, v); got != w.total {
			t.Errorf("%s cached %s = %d yuan, want %d", label, cell, got, w.total)
		}
		calc, err := x.CalcCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("calc %s: %v", cell, err)
		}
		if got := wanRat(t, calc); got != w.total {
			t.Errorf("%s evaluated %s = %s, want %d yuan", label, cell, calc, w.total)
		}
	}
}

// checkScheduleLooks: the lights as fills, the print setup and the
// frozen header.
func checkScheduleLooks(t *testing.T, x *excelize.File) {
	t.Helper()
	const sh = report.ScheduleSheet
	// Lights as fills: 1-3月 is 25 % of the year; 18 of 60 is on time.
	for cell, fill := range map[string]string{"Q9": "C6EFCE", "Q14": "FFC7CE"} {
		id, _ := x.GetCellStyle(sh, cell)
		style, err := x.GetStyle(id)
		if err != nil || len(style.Fill.Color) == 0 || style.Fill.Color[0] != fill {
			v, _ := x.GetCellValue(sh, cell)
			t.Errorf("%s (%s) fill %+v, want %s", cell, v, style.Fill, fill)
		}
	}
	// Print setup and frozen header.
	pl, err := x.GetPageLayout(sh)
	if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 8 {
		t.Errorf("page layout %+v %v", pl, err)
	}
	titles := false
	for _, dn := range x.GetDefinedName() {
		titles = titles || dn.Name == "_xlnm.Print_Titles" && strings.HasSuffix(dn.RefersTo, "!$A:$B,'"+sh+"'!$3:$4")
	}
	if !titles {
		t.Errorf("no print titles: %+v", x.GetDefinedName())
	}
	if panes, _ := x.GetPanes(sh); !panes.Freeze || panes.TopLeftCell != "C5" {
		t.Errorf("panes %+v", panes)
	}
}

// checkScheduleSummary: the 汇总 sheet has the sectors in the report's
// order, then the cities, each block's 合计 a SUM of the rows above it
// in each column and its rate a formula of the row's own plan and
// completion.
func checkScheduleSummary(t *testing.T, x *excelize.File, f *scheduleFixture) {
	t.Helper()
	const sh = report.ScheduleSummarySheet
	sum := sheetRows(t, x, sh)
	found := map[string]string{}
	for _, r := range sum {
		found[at(r, 1)] = at(r, 3)
	}
	if wanRat(t, found["综合交通"]) != f.totals["综合交通"] || wanRat(t, found["南昌市"]) != 49_000_000_000 || found["未分领域"] == "" {
		t.Errorf("summary %q", sum)
	}
	// The sector block: header on row 3, 未分领域, 综合交通, 能源, 合计 on 7.
	for cell, want := range map[string]string{"A7": "", "B7": "SUM(B4:B6)", "C7": "SUM(C4:C6)", "D7": "SUM(D4:D6)",
		"E7": "SUM(E4:E6)", "F7": "SUM(F4:F6)", "G7": "IF(D7=0,0,E7/D7)", "G5": "IF(D5=0,0,E5/D5)"} {
		if got, _ := x.GetCellFormula(sh, cell); got != want {
			t.Errorf("汇总 %s formula %q, want %q", cell, got, want)
		}
	}
	if v, _ := x.GetCellValue(sh, "A7"); v != "合计" {
		t.Errorf("汇总 A7 %q", v)
	}
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

// checkWithOpenpyxl reads the workbook with Python's openpyxl, a reader
// independent of excelize. It runs where python3 with openpyxl is
// installed and is required when PORTFOLIO_REQUIRE_OPENPYXL=1 (CI).
func checkWithOpenpyxl(t *testing.T, path string, total int64) {
	t.Helper()
	python := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} { // Debian's python3-openpyxl lives with /usr/bin/python3
		if exec.Command(p, "-c", "import openpyxl").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		if os.Getenv("PORTFOLIO_REQUIRE_OPENPYXL") == "1" {
			t.Fatal("openpyxl is required (PORTFOLIO_REQUIRE_OPENPYXL=1) but no python3 can import it")
		}
		t.Skip("python3-openpyxl not installed: skipping the independent read (apt-get install python3-openpyxl)")
	}
	out, err := exec.Command(python, "testdata/read_schedule.py", path).Output()
	if err != nil {
		t.Fatalf("read_schedule.py: %v", err)
	}
	type cell struct {
		Value   any    `json:"value"`
		Format  string `json:"format"`
		Formula string `json:"formula"`
		Fill    string `json:"fill"`
	}
	type sheet struct {
		Cells       map[string]cell `json:"cells"`
		Freeze      string          `json:"freeze"`
		Orientation string          `json:"orientation"`
		Paper       any             `json:"paper"`
		PrintTitles string          `json:"print_titles"`
		PrintCols   string          `json:"print_title_cols"`
		Merged      []string        `json:"merged"`
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	var sh sheet
	if err := json.Unmarshal(got[report.ScheduleSheet], &sh); err != nil {
		t.Fatal(err)
	}
	k5 := sh.Cells["K5"]
	if k5.Formula != "=SUM(K6,K7,K13)" || k5.Format != "#,##0.00" {
		t.Errorf("openpyxl K5 %+v", k5)
	}
	if v, ok := k5.Value.(float64); !ok || int64(v*10000+0.5) != total {
		t.Errorf("openpyxl K5 cached %v, want %d yuan", k5.Value, total)
	}
	if p := sh.Cells["P5"]; p.Format != "0.00%" || !strings.HasPrefix(p.Formula, "=IF(M5=0") {
		t.Errorf("openpyxl P5 %+v", p)
	}
	if q := sh.Cells["Q9"]; q.Value != "绿" || q.Fill != "C6EFCE" {
		t.Errorf("openpyxl Q9 %+v", q)
	}
	if sh.Orientation != "landscape" || sh.Freeze != "C5" || strings.ReplaceAll(sh.PrintTitles, "$", "") != "3:4" ||
		strings.ReplaceAll(sh.PrintCols, "$", "") != "A:B" {
		t.Errorf("openpyxl page: %+v %+v rows %+v columns %+v", sh.Orientation, sh.Freeze, sh.PrintTitles, sh.PrintCols)
	}
	if p, _ := sh.Paper.(float64); p != 8 {
		if ps, _ := sh.Paper.(string); ps != "8" {
			t.Errorf("openpyxl paper size %v, want 8 (A3)", sh.Paper)
		}
	}
	if !contains(sh.Merged, "N3:O3") || !contains(sh.Merged, "A1:V1") {
		t.Errorf("openpyxl merged %v", sh.Merged)
	}
	var names []string
	if err := json.Unmarshal(got["sheets"], &names); err != nil || strings.Join(names, ",") != report.ScheduleSheet+","+report.ScheduleSummarySheet {
		t.Errorf("sheets %s", got["sheets"])
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// sectorSums is what a writer says of one sector: projects, total
// investment and the year to date, in yuan.
type sectorSums struct {
	Projects   int
	Total, YTD int64
}

// scheduleSectors reads the 汇总 sheet's sector block, in its order.
func scheduleSectors(t *testing.T, raw []byte) ([]string, map[string]sectorSums) {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var order []string
	sums := map[string]sectorSums{}
	rows := sheetRows(t, x, report.ScheduleSummarySheet)
	for _, r := range rows[3:] {
		name := at(r, 1)
		if name == "合计" || name == "" {
			break
		}
		var n int
		fmt.Sscan(at(r, 2), &n)
		order = append(order, name)
		sums[name] = sectorSums{Projects: n, Total: wanRat(t, at(r, 3)), YTD: wanRat(t, at(r, 5))}
	}
	return order, sums
}

// oc4idsSectorSums sums the package by the list's sector (its 领域
// classification), in the package's order.
func oc4idsSectorSums(pkg *report.OC4IDSPackage, ytd string) ([]string, map[string]sectorSums) {
	var order []string
	sums := map[string]sectorSums{}
	for _, p := range pkg.Projects {
		sector := "未分领域"
		for _, c := range p.AdditionalClassifications {
			if c.Scheme == "领域" {
				sector = c.ID
			}
		}
		if _, ok := sums[sector]; !ok {
			order = append(order, sector)
		}
		s := sums[sector]
		s.Projects++
		if p.Budget != nil && p.Budget.Amount != nil {
			s.Total += p.Budget.Amount.Amount
		}
		for _, o := range p.Metrics[0].Observations {
			if o.ID == ytd {
				s.YTD += o.Value.Amount
			}
		}
		sums[sector] = s
	}
	return order, sums
}

// TestWritersReadOneSource: the 调度表 and the OC4IDS package of the
// default period are of the same period and the same rows: the same
// projects, sector by sector in the same order, with the same totals and
// the same year to date.
func TestWritersReadOneSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		f := newScheduleFixture(t, s)
		pkg, oc := checkWritersAgree(t, s, 2024, 3)
		if len(pkg.Projects) != 5 {
			t.Errorf("%d projects", len(pkg.Projects))
		}
		if oc["综合交通"].Total != f.totals["综合交通"] || oc["综合交通"].YTD != 1_800_000_001+6+100_000_000 {
			t.Errorf("综合交通 %+v", oc["综合交通"])
		}
	})
}

// TestWritersReadOneSourceDemo is TestWritersReadOneSource on the demo
// portfolio's 2024 list and first six months.
func TestWritersReadOneSourceDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		_, imp := demoImporter(t, s)
		imp(demo.KindPlan, 0)
		for m := 1; m <= 6; m++ {
			imp(demo.KindMonthly, m)
		}
		pkg, oc := checkWritersAgree(t, s, 2024, 6)
		if len(pkg.Projects) < 40 || len(oc) < 5 {
			t.Errorf("%d projects in %d sectors", len(pkg.Projects), len(oc))
		}
	})
}

// checkWritersAgree writes the 调度表 of the default period, which must
// be year-month, and the OC4IDS package with no period given, and
// checks that they agree; it gives the package and its sums by sector.
func checkWritersAgree(t *testing.T, s *models.Store, year, month int) (*report.OC4IDSPackage, map[string]sectorSums) {
	t.Helper()
	ctx := context.Background()
	rep := &report.Reporter{Store: s}
	y, m, err := rep.DefaultPeriod(ctx, 0, 0)
	if err != nil || y != year || m != month {
		t.Fatalf("default period %d-%d, %v; want %d-%d", y, m, err, year, month)
	}
	var buf bytes.Buffer
	if err := rep.WriteSchedule(ctx, &buf, report.ProjectFilter{Year: year, Month: month}, nil); err != nil {
		t.Fatal(err)
	}
	pkg, err := report.OC4IDS(ctx, s, report.OC4IDSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("urn:oc4ids-jxfgw:%d-%02d", year, month); pkg.URI != want {
		t.Errorf("OC4IDS period %s, want %s", pkg.URI, want)
	}
	schedOrder, sched := scheduleSectors(t, buf.Bytes())
	ocOrder, oc := oc4idsSectorSums(pkg, fmt.Sprintf("%d-%02d", year, month))
	if fmt.Sprint(sched) != fmt.Sprint(oc) {
		t.Errorf("调度表 %v, OC4IDS %v", sched, oc)
	}
	// One order of sectors; the 调度表 puts the projects without a
	// sector first (under 合计), the package after the ten.
	named := slices.DeleteFunc(slices.Clone(schedOrder), func(s string) bool { return s == "未分领域" })
	if len(named) < len(schedOrder) {
		named = append(named, "未分领域")
		if schedOrder[0] != "未分领域" {
			t.Errorf("调度表 sectors %v: the projects without a sector are not first", schedOrder)
		}
	}
	if strings.Join(named, "|") != strings.Join(ocOrder, "|") {
		t.Errorf("sector order: 调度表 %v, OC4IDS %v", schedOrder, ocOrder)
	}
	checkUpdated(t, s, pkg)
	return pkg, oc
}

// checkUpdated: each project's updated is the latest of its plan
// entry, project and reports as the models read them.
func checkUpdated(t *testing.T, s *models.Store, pkg *report.OC4IDSPackage) {
	t.Helper()
	var entries []models.PlanEntry
	var projects []models.Project
	var reports []models.MonthlyReport
	if s.DB().Find(&entries).Error != nil || s.DB().Find(&projects).Error != nil || s.DB().Find(&reports).Error != nil {
		t.Fatal("read models")
	}
	latest := map[string]time.Time{}
	later := func(id int64, at time.Time) {
		k := fmt.Sprintf("oc4ids-jxfgw-%d", id)
		if at.After(latest[k]) {
			latest[k] = at
		}
	}
	for _, e := range entries {
		later(e.ProjectID, e.UpdatedAt)
	}
	for _, p := range projects {
		later(p.ID, p.UpdatedAt)
	}
	for _, r := range reports {
		later(r.ProjectID, r.UpdatedAt)
	}
	for _, p := range pkg.Projects {
		if want := latest[p.ID].Format(time.RFC3339); p.Updated == "" || !sameInstant(p.Updated, want) {
			t.Errorf("%s updated %s, want %s", p.ID, p.Updated, want)
		}
	}
}

func sameInstant(a, b string) bool {
	ta, ea := time.Parse(time.RFC3339, a)
	tb, eb := time.Parse(time.RFC3339, b)
	return ea == nil && eb == nil && ta.Equal(tb)
}
