package demo

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/province"
)

// The default portfolio is generated once; tests only read it.
var defaultPortfolio = Generate(Options{})

func TestDeterministic(t *testing.T) {
	again := Generate(Options{Projects: DefaultProjects, Seed: DefaultSeed})
	if !reflect.DeepEqual(defaultPortfolio, again) {
		t.Fatal("two Generate calls with the same options differ")
	}
	other := Generate(Options{Seed: 7})
	if reflect.DeepEqual(defaultPortfolio.Years[1].Projects[:50], other.Years[1].Projects[:50]) {
		t.Fatal("another seed gives the same portfolio")
	}
}

func TestShape2024(t *testing.T) {
	y := defaultPortfolio.Year(2024)
	if y == nil || y.Months != 9 {
		t.Fatalf("2024 list missing or months wrong: %+v", y)
	}
	if len(y.Projects) != 3670 {
		t.Errorf("projects = %d, want 3670", len(y.Projects))
	}
	total, before, plan := y.Totals()
	t.Logf("2024: %d projects, total ¥%.4f trillion, before ¥%.4f trillion, plan ¥%.4f trillion",
		len(y.Projects), float64(total)/1e12, float64(before)/1e12, float64(plan)/1e12)
	if total < 3_200_000_000_000 || total > 3_400_000_000_000 {
		t.Errorf("total investment ¥%d outside 3.2–3.4 trillion", total)
	}
	if plan < 1_000_000_000_000 || plan > 1_040_000_000_000 {
		t.Errorf("annual plan ¥%d outside 1.00–1.04 trillion", plan)
	}
	big, flag := 0, 0
	sectorSeen, citySeen := map[string]int64{}, map[string]bool{}
	for _, p := range y.Projects {
		if p.TotalYuan >= 1_000_000_000 {
			big++
		}
		if p.Flagship {
			flag++
			if p.TotalYuan < 2_000_000_000 {
				t.Errorf("flagship %s has total ¥%d < ¥2 billion", p.Name, p.TotalYuan)
			}
		}
		sectorSeen[p.Sector] += p.TotalYuan
		citySeen[p.City] = true
	}
	t.Logf("2024: %d projects ≥ ¥1 billion, %d flagship", big, flag)
	if big < 900 || big > 1100 {
		t.Errorf("%d projects ≥ ¥1 billion, want 900–1100", big)
	}
	if flag < 120 || flag > 140 {
		t.Errorf("%d flagship projects, want 120–140", flag)
	}
	for _, s := range Sectors() {
		if sectorSeen[s] == 0 {
			t.Errorf("sector %s missing", s)
		}
	}
	if len(sectorSeen) != 10 {
		t.Errorf("sectors = %d, want 10", len(sectorSeen))
	}
	// Transport and manufacturing are the two largest by total investment.
	for _, s := range Sectors() {
		if s != "综合交通" && s != "制造业" && (sectorSeen[s] > sectorSeen["综合交通"] || sectorSeen[s] > sectorSeen["制造业"]) {
			t.Errorf("sector %s (¥%d) outweighs transport or manufacturing", s, sectorSeen[s])
		}
	}
	for _, c := range Cities() {
		if !citySeen[c] {
			t.Errorf("city %s missing", c)
		}
	}
	if len(citySeen) != 13 {
		t.Errorf("cities = %d, want 13", len(citySeen))
	}
}

func TestShape2023(t *testing.T) {
	y := defaultPortfolio.Year(2023)
	if y == nil || y.Months != 12 {
		t.Fatalf("2023 list missing or months wrong")
	}
	if n := len(y.Projects); n < 3400 || n > 3600 {
		t.Errorf("2023 projects = %d, want about 3,500", n)
	}
	y24 := defaultPortfolio.Year(2024)
	codes23 := map[string]bool{}
	for _, p := range y.Projects {
		codes23[p.Code] = true
	}
	carried, runningOn := 0, 0
	for _, p := range y24.Projects {
		if p.Stage == province.StageContinuing || p.Stage == province.StageCompleting {
			runningOn++
			if codes23[p.Code] {
				carried++
			}
		}
	}
	if carried*10 < runningOn*8 {
		t.Errorf("only %d of %d continuing/completing 2024 projects are in the 2023 list", carried, runningOn)
	}
}

func TestNamedProjects(t *testing.T) {
	f, err := os.Open("testdata/named-projects-2024.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	rows := 0
	for sc.Scan() {
		col := strings.Split(sc.Text(), "\t")
		if len(col) != 7 {
			t.Fatalf("bad tsv line %q", sc.Text())
		}
		rows++
		name, stage, sector, sub, city := col[0], col[3], col[4], col[5], col[6]
		year, _ := strconv.Atoi(col[1])
		y := defaultPortfolio.Year(year)
		var found *Project
		for i := range y.Projects {
			if y.Projects[i].Name == name {
				found = &y.Projects[i]
			}
		}
		if found == nil {
			t.Errorf("%d list lacks named project %s", year, name)
			continue
		}
		got := [4]string{province.StageLabel(found.Stage), found.Sector, found.Subsector, found.City}
		if want := [4]string{stage, sector, sub, city}; got != want {
			t.Errorf("%s: stage/sector/subsector/city = %v, want %v", name, got, want)
		}
		if year == 2024 && found.TotalYuan >= 2_000_000_000 && !found.Flagship {
			t.Errorf("%s (¥%d) is not flagship", name, found.TotalYuan)
		}
	}
	if rows < 30 {
		t.Errorf("only %d named rows read", rows)
	}
	for _, p := range defaultPortfolio.Year(2024).Projects {
		if p.Name == "长赣高铁" && p.TotalYuan < 300*yi {
			t.Errorf("长赣高铁 total ¥%d, want hundreds of 亿元", p.TotalYuan)
		}
	}
}

var codePattern = regexp.MustCompile(`^(20\d\d)-36\d{4}-\d\d-0[123]-\d{5}[0-9X]$`)

// checkInvariants checks what must hold of any generated portfolio.
func checkInvariants(t *testing.T, p *Portfolio) {
	t.Helper()
	nameOf := map[string]string{} // code → name across both years
	type yearAmounts struct{ before, completed int64 }
	by23 := map[string]yearAmounts{}
	for _, y := range p.Years {
		names, codes := map[string]bool{}, map[string]bool{}
		for _, pr := range y.Projects {
			where := fmt.Sprintf("%d %s", y.Year, pr.Name)
			if n := normName(pr.Name); names[n] {
				t.Errorf("%s: name used twice", where)
			} else {
				names[n] = true
			}
			if codes[pr.Code] {
				t.Errorf("%s: code %s used twice", where, pr.Code)
			}
			codes[pr.Code] = true
			m := codePattern.FindStringSubmatch(pr.Code)
			if m == nil {
				t.Errorf("%s: code %q malformed", where, pr.Code)
			} else if cy, _ := strconv.Atoi(m[1]); cy > y.Year {
				t.Errorf("%s: code year %d after the list's year", where, cy)
			}
			if old, ok := nameOf[pr.Code]; ok && old != pr.Name {
				t.Errorf("%s: code %s named %s in another year", where, pr.Code, old)
			}
			nameOf[pr.Code] = pr.Name
			if pr.TotalYuan%wan != 0 || pr.PlanYuan%wan != 0 || pr.BeforeYuan%cent != 0 {
				t.Errorf("%s: amounts not whole 万元 / 0.01 万元: %d %d %d", where, pr.TotalYuan, pr.BeforeYuan, pr.PlanYuan)
			}
			if pr.TotalYuan <= 0 || pr.BeforeYuan < 0 || pr.PlanYuan < 0 || pr.PlanYuan > pr.TotalYuan-pr.BeforeYuan {
				t.Errorf("%s: total %d before %d plan %d inconsistent", where, pr.TotalYuan, pr.BeforeYuan, pr.PlanYuan)
			}
			if (pr.Stage == province.StageNewStart || pr.Stage == province.StagePreparatory) && pr.BeforeYuan != 0 {
				t.Errorf("%s: %s with before %d", where, pr.Stage, pr.BeforeYuan)
			}
			if pr.Stage == province.StagePreparatory && pr.PlanYuan > pr.TotalYuan/20 {
				t.Errorf("%s: 前期 plan %d is not small", where, pr.PlanYuan)
			}
			if pr.StartYear > pr.EndYear || pr.EndYear < y.Year && pr.Stage != province.StageCompleting {
				t.Errorf("%s: period %d-%d", where, pr.StartYear, pr.EndYear)
			}
			if cityIndex(pr.City) < 0 || sectorIndex(pr.Sector) < 0 || subIndex(sectorIndex(pr.Sector), pr.Subsector) < 0 {
				t.Errorf("%s: unknown city/sector/subsector %s/%s/%s", where, pr.City, pr.Sector, pr.Subsector)
			}
			if len(pr.Tags) == 0 || pr.Tags[0] != "省大中型" {
				t.Errorf("%s: tags %v", where, pr.Tags)
			}
			if pr.PlanYuan > 0 && len(pr.Reports) != y.Months || pr.PlanYuan == 0 && pr.Reports != nil {
				t.Errorf("%s: %d reports with plan %d", where, len(pr.Reports), pr.PlanYuan)
			}
			var cum int64
			for i, r := range pr.Reports {
				if r.Month != i+1 || r.CompletedYuan < 0 || r.CompletedYuan%cent != 0 || r.Progress == "" {
					t.Errorf("%s: bad report %+v", where, r)
				}
				cum += r.CompletedYuan
			}
			if cum > pr.TotalYuan-pr.BeforeYuan {
				t.Errorf("%s: completed %d exceeds remaining %d", where, cum, pr.TotalYuan-pr.BeforeYuan)
			}
			if y.Year == 2023 && pr.Stage != province.StagePreparatory {
				by23[pr.Code] = yearAmounts{pr.BeforeYuan, cum}
			}
			if y.Year == 2024 {
				if a, ok := by23[pr.Code]; ok && pr.BeforeYuan != a.before+a.completed {
					t.Errorf("%s: before %d, want 2023 before %d + completed %d", where, pr.BeforeYuan, a.before, a.completed)
				}
			}
		}
	}
}

func TestInvariants(t *testing.T) {
	checkInvariants(t, defaultPortfolio)
	for _, opt := range []Options{{Projects: 31, Seed: 1}, {Projects: 200, Seed: 5}, {Projects: 1000, Seed: 99}} {
		t.Run(fmt.Sprintf("n%d", opt.Projects), func(t *testing.T) {
			p := Generate(opt)
			if n := len(p.Year(2024).Projects); n != opt.Projects {
				t.Errorf("projects = %d, want %d", n, opt.Projects)
			}
			checkInvariants(t, p)
		})
	}
}

func TestReports(t *testing.T) {
	y24, y23 := defaultPortfolio.Year(2024), defaultPortfolio.Year(2023)
	_, _, plan24 := y24.Totals()
	_, _, plan23 := y23.Totals()
	rate24 := float64(y24.Completed(9)) / float64(plan24)
	rate23 := float64(y23.Completed(12)) / float64(plan23)
	t.Logf("2024 Jan–Sep completed %.2f%% of plan; 2023 full year %.2f%%", 100*rate24, 100*rate23)
	if rate24 < 0.78 || rate24 > 0.82 {
		t.Errorf("2024 Jan–Sep completion %.3f, want 0.78–0.82", rate24)
	}
	if rate23 < 1.03 || rate23 > 1.07 {
		t.Errorf("2023 completion %.3f, want 1.03–1.07", rate23)
	}
	// Back-loaded: quiet Spring Festival, June and September peaks.
	var month [10]int64
	for _, p := range y24.Projects {
		for _, r := range p.Reports {
			month[r.Month] += r.CompletedYuan
		}
	}
	if !(month[1] < month[3] && month[2] < month[3] && month[6] > month[5] && month[6] > month[7] && month[9] > month[8]) {
		t.Errorf("monthly shape not seasonal: %v", month[1:])
	}
	// Lights at September (time progress 75 %) are mixed.
	lights := map[string]int{}
	problems := 0
	for _, p := range y24.Projects {
		if p.PlanYuan == 0 {
			continue
		}
		rate := float64(p.Completed(9)) / float64(p.PlanYuan)
		switch {
		case rate >= 0.75:
			lights["green"]++
		case rate >= 0.65:
			lights["yellow"]++
		default:
			lights["red"]++
		}
		for _, r := range p.Reports {
			if r.Problems != "" {
				problems++
			}
		}
	}
	t.Logf("lights at September: %v; %d reports name problems", lights, problems)
	for _, c := range []string{"green", "yellow", "red"} {
		if lights[c] < 200 {
			t.Errorf("only %d %s projects", lights[c], c)
		}
	}
	if problems == 0 {
		t.Error("no report names a problem")
	}
}

// parseWan turns a 万元 number written as decimal text into yuan without
// float arithmetic; it fails on more than 4 decimals.
func parseWan(s string) (int64, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 4 {
		return 0, fmt.Errorf("%q has more than 4 decimals", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, err
	}
	f := int64(0)
	if frac != "" {
		if f, err = strconv.ParseInt(frac+strings.Repeat("0", 4-len(frac)), 10, 64); err != nil {
			return 0, err
		}
	}
	v := w*wan + f
	if neg {
		v = -v
	}
	return v, nil
}

func readRows(t *testing.T, path string) (string, [][]string, []excelize.MergeCell) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("%s: sheets %v", path, sheets)
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	merges, err := f.GetMergeCells(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	return sheets[0], rows, merges
}

func at(row []string, col int) string {
	if col-1 < len(row) {
		return row[col-1]
	}
	return ""
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo.xlsx")
	files := Files(out, defaultPortfolio)
	if len(files) != 1+12+1+9 {
		t.Fatalf("%d files", len(files))
	}
	if files[0] != (File{filepath.Join(dir, "demo-2023.xlsx"), KindPlan, 2023, 0}) ||
		files[1] != (File{filepath.Join(dir, "demo-2023-01.xlsx"), KindMonthly, 2023, 1}) ||
		files[12] != (File{filepath.Join(dir, "demo-2023-12.xlsx"), KindMonthly, 2023, 12}) ||
		files[13] != (File{out, KindPlan, 2024, 0}) ||
		files[14] != (File{filepath.Join(dir, "demo-2024-01.xlsx"), KindMonthly, 2024, 1}) ||
		files[22] != (File{filepath.Join(dir, "demo-2024-09.xlsx"), KindMonthly, 2024, 9}) {
		t.Fatalf("files not as expected: %v", files)
	}
}

// TestWriteReadBack writes the default 2024 plan list and September sheet
// (as Write does) and reads them back with excelize.
func TestWriteReadBack(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo.xlsx")
	sept := filepath.Join(dir, "demo-2024-09.xlsx")
	y := defaultPortfolio.Year(2024)
	if err := writePlan(out, y); err != nil {
		t.Fatal(err)
	}
	if err := writeMonthly(sept, y, 9); err != nil {
		t.Fatal(err)
	}
	var err error
	byCode := map[string]*Project{}
	for i := range y.Projects {
		byCode[y.Projects[i].Code] = &y.Projects[i]
	}
	sheet, rows, merges := readRows(t, out)
	if sheet != "2024年省大中型项目" || at(rows[0], 1) != "2024年江西省省大中型项目投资计划表" {
		t.Fatalf("sheet %q title %q", sheet, at(rows[0], 1))
	}
	if at(rows[2], 11) != "2024年计划" || at(rows[3], 11) != "计划投资" || at(rows[3], 12) != "形象进度目标" || at(rows[2], 10) != "截至2023年底累计完成投资" {
		t.Errorf("header rows: %q / %q", rows[2], rows[3])
	}
	mergeSet := map[string]bool{}
	for _, m := range merges {
		mergeSet[m.GetStartAxis()+":"+m.GetEndAxis()] = true
	}
	for _, want := range []string{"A1:O1", "K3:L3", "A3:A4", "B3:B4", "J3:J4", "O3:O4"} {
		if !mergeSet[want] {
			t.Errorf("merge %s missing", want)
		}
	}
	if at(rows[4], 2) != "合计" {
		t.Fatalf("row 5 is %q, want 合计", rows[4])
	}
	var want, sum [3]int64
	for i := range 3 {
		if want[i], err = parseWan(at(rows[4], 9+i)); err != nil {
			t.Fatal(err)
		}
	}
	seen, sections := 0, 0
	sectionRe := regexp.MustCompile(`^[一二三四五六七八九十]+、(.+)（(\d+)个）$`)
	for _, row := range rows[5:] {
		code := at(row, 3)
		if code == "" {
			if sectionRe.MatchString(at(row, 2)) {
				sections++
			}
			continue
		}
		p := byCode[code]
		if p == nil {
			t.Errorf("row %q: unknown code", row)
			continue
		}
		seen++
		if at(row, 2) != p.Name || at(row, 4) != p.Owner || at(row, 5) != p.Location() || at(row, 6) != province.StageLabel(p.Stage) {
			t.Errorf("row %q does not match %+v", row, *p)
		}
		for i, yuan := range []int64{p.TotalYuan, p.BeforeYuan, p.PlanYuan} {
			got, err := parseWan(at(row, 9+i))
			if err != nil || got != yuan {
				t.Errorf("%s column %d: %q → %d, want %d (%v)", p.Name, 9+i, at(row, 9+i), got, yuan, err)
			}
			sum[i] += got
		}
		if (at(row, 13) == "是") != p.Flagship {
			t.Errorf("%s flagship cell %q", p.Name, at(row, 13))
		}
	}
	if seen != len(y.Projects) || sections != 10 {
		t.Errorf("read %d projects and %d sections, want %d and 10", seen, sections, len(y.Projects))
	}
	if sum != want {
		t.Errorf("合计 row %v, sum of projects %v", want, sum)
	}
	if last := rows[len(rows)-1]; !strings.HasPrefix(at(last, 1), "注：1. 本表金额单位为万元") {
		t.Errorf("last row %q is not the note", last)
	}

	// The September sheet: cumulative and month figures per project.
	sheet, rows, _ = readRows(t, sept)
	if sheet != "调度表" || at(rows[0], 1) != "2024年1-9月省大中型项目调度表" || at(rows[2], 6) != "1-9月完成投资" || at(rows[2], 7) != "9月完成投资" {
		t.Fatalf("monthly sheet %q: %q %q", sheet, rows[0], rows[2])
	}
	var total [3]int64
	for i := range 3 {
		total[i], _ = parseWan(at(rows[3], 5+i))
	}
	var got [3]int64
	for _, row := range rows[4:] {
		p := byCode[at(row, 2)]
		if p == nil {
			continue
		}
		vals := [3]int64{p.PlanYuan, p.Completed(9), p.Completed(9) - p.Completed(8)}
		for i := range 3 {
			v, err := parseWan(at(row, 5+i))
			if err != nil || v != vals[i] {
				t.Errorf("%s monthly column %d: %q, want %d", p.Name, 5+i, at(row, 5+i), vals[i])
			}
			got[i] += v
		}
	}
	if got != total || total[1] != y.Completed(9) {
		t.Errorf("monthly 合计 %v, sum of rows %v, generated completed %d", total, got, y.Completed(9))
	}
}

func TestWriteRepeatable(t *testing.T) {
	opt := Options{Projects: 300, Seed: 11}
	dirs := []string{t.TempDir(), t.TempDir()}
	var lists [2][]File
	for i, d := range dirs {
		var err error
		if lists[i], err = Write(filepath.Join(d, "demo.xlsx"), opt); err != nil {
			t.Fatal(err)
		}
	}
	if len(lists[0]) != 23 {
		t.Fatalf("%d files written", len(lists[0]))
	}
	for i := range lists[0] {
		_, a, _ := readRows(t, lists[0][i].Path)
		_, b, _ := readRows(t, lists[1][i].Path)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s differs between two writes", filepath.Base(lists[0][i].Path))
		}
	}
}

func TestParseWan(t *testing.T) {
	for s, want := range map[string]int64{"0": 0, "1": 10000, "12345.67": 123456700, "0.01": 100, "-2.5": -25000, "3.1416": 31416} {
		if got, err := parseWan(s); err != nil || got != want {
			t.Errorf("parseWan(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	// Every amount survives the float64 cell round trip as decimal text.
	for yuan := int64(0); yuan < 5_000_000; yuan += 100 {
		s := strconv.FormatFloat(wanValue(yuan), 'f', -1, 64)
		if got, err := parseWan(s); err != nil || got != yuan {
			t.Fatalf("%d yuan → %q → %d", yuan, s, got)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(Options{})
	}
}

func BenchmarkWrite(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Write(filepath.Join(dir, "demo.xlsx"), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSubsectorsAreTheProvinces: the demo draws its subsectors from the
// province's table, so a template's dropdowns offer every one it writes.
func TestSubsectorsAreTheProvinces(t *testing.T) {
	want := province.SectorSubsectors()
	if got := Sectors(); len(got) != len(want) {
		t.Fatalf("demo has %d sectors, the province %d", len(got), len(want))
	}
	for _, row := range want {
		if got := Subsectors(row[0]); !slices.Equal(got, row[1:]) {
			t.Errorf("%s: demo %v, province %v", row[0], got, row[1:])
		}
	}
}

// TestRevisions: some projects of both lists have a larger total or a
// later end year in 2024 than in 2023, so the demo shows overruns and
// delays; none has a smaller total or an earlier end.
func TestRevisions(t *testing.T) {
	first := map[string]Project{}
	for _, p := range defaultPortfolio.Year(2023).Projects {
		first[p.Code] = p
	}
	over, late := 0, 0
	for _, p := range defaultPortfolio.Year(2024).Projects {
		o, ok := first[p.Code]
		if !ok {
			continue
		}
		if p.TotalYuan > o.TotalYuan {
			over++
		}
		if p.EndYear > o.EndYear {
			late++
		}
		if p.TotalYuan < o.TotalYuan || p.EndYear < o.EndYear || p.StartYear != o.StartYear {
			t.Errorf("%s: 2023 %d (%d-%d), 2024 %d (%d-%d)", p.Name, o.TotalYuan, o.StartYear, o.EndYear, p.TotalYuan, p.StartYear, p.EndYear)
		}
	}
	t.Logf("%d overruns, %d delays", over, late)
	if over < 50 || over > 200 || late < 30 || late > 200 {
		t.Errorf("%d overruns and %d delays: want a few percent of the 2024 list", over, late)
	}
}
