package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// sheetSpec is a sheet a test writes: rows of cell values from A1, and
// merged ranges such as "A1:N1".
type sheetSpec struct {
	name   string
	rows   [][]any
	merges [][2]string
}

// writeBook writes a real .xlsx with excelize and returns its path.
func writeBook(t *testing.T, sheets ...sheetSpec) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range sh.merges {
			if err := f.MergeCell(sh.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// parseRows writes the sheets and parses them, failing on a file error.
func parseRows(t *testing.T, opt ParseOptions, sheets ...sheetSpec) *Parsed {
	t.Helper()
	p, err := ParseFile(writeBook(t, sheets...), opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// messages lists issues as "row|column|value|message" for comparisons.
func messages(is []Issue) []string {
	var out []string
	for _, i := range is {
		out = append(out, strconv.Itoa(i.Row)+"|"+i.Column+"|"+i.Value+"|"+i.Message)
	}
	return out
}

// provinceList is a messy but valid province list: title rows, a units
// line in 亿元, a two-row header with merged parents, 合计 at the top,
// sections and subsections with their sums, 小计, amounts as numbers,
// text with separators, full-width digits and floats, notes at the
// bottom, and a second sheet without a project header.
func provinceList() []sheetSpec {
	header1 := []any{"序号", "项目名称", "项目代码", "建设单位", "建设地点", "建设性质", "建设年限", "总投资", "截至2023年底累计完成投资", "2024年计划", "", "示范引领性", "项目类别", "备注"}
	header2 := []any{"", "", "", "", "", "", "", "", "", "计划投资", "形象进度目标", "", "", ""}
	rows := [][]any{
		{"2024年江西省省大中型项目投资计划表"},
		{"", "", "", "", "", "", "", "", "", "", "", "", "单位：亿元"},
		header1, header2,
		{"", "合计", "", "", "", "", "", 166.35, 21.5, "41.3000"},
		{"一、综合交通（3个）", "", "", "", "", "", "", 151.35, 21.5, 36.3},
		{"（一）铁路", "", "", "", "", "", "", 120, 20, 30},
		{1, "昌九高铁", "2020-360000-53-01-000123", "江西省铁路投资集团有限公司", "跨设区市", "续建", "2020-2026", 120, 20, 30, "完成桥梁主体", "是", "省重点、专项债", ""},
		{"", "小计", "", "", "", "", "", 120, 20, 30},
		{"（二）公路", "", "", "", "", "", "", 31.35, 1.5, 6.3},
		{2, "南昌西二绕城高速", "2022-360100-48-01-000456", "南昌市交通投资集团", "南昌市新建区", "竣工投产", "2022—2024年", "29.87", "1.5", 5.0, "", "", "", ""},
		{3, "瑞金机场连接线", "2024-360781-48-01-00078X", "瑞金市城投", "瑞金市", "新开工", "2024～2026", "１.４８", "", 1.3, "", "", "", ""},
		{"二、公共服务", "", "", "", "", "", "", "15", "0", "5"},
		{4, "广东省人民医院赣州医院", "", "赣州市卫健委", "赣州市章贡区", "建成", "2021-2024", "15", "", "5", "", "", "", ""},
		{},
		{"注：1.本表金额单位为亿元；", "", "", "", "", "", "", "", "", "", "", "", "", ""},
		{"2.项目排名不分先后。"},
	}
	return []sheetSpec{
		{name: "2024年计划", rows: rows, merges: [][2]string{
			{"A1", "N1"}, {"J3", "K3"},
			{"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "D4"}, {"E3", "E4"}, {"F3", "F4"}, {"G3", "G4"},
			{"H3", "H4"}, {"I3", "I4"}, {"L3", "L4"}, {"M3", "M4"}, {"N3", "N4"},
		}},
		{name: "填表说明", rows: [][]any{{"请按以下要求填报"}, {"1. 金额单位为万元"}}},
	}
}

func TestParseProvinceList(t *testing.T) {
	p, err := ParseFile(writeBook(t, provinceList()...), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 {
		t.Fatalf("errors: %+v", p.Errors)
	}
	if p.Kind != KindPlan || p.Year != 2024 || len(p.Plans) != 4 {
		t.Fatalf("kind %s year %d plans %d", p.Kind, p.Year, len(p.Plans))
	}
	var total, before, plan int64
	for _, r := range p.Plans {
		total += r.TotalYuan
		before += r.BeforeYuan
		plan += r.PlanYuan
	}
	if total != 16_635_000_000 || before != 2_150_000_000 || plan != 4_130_000_000 {
		t.Fatalf("totals %d %d %d", total, before, plan)
	}
	// No warning: the sums all agree, and the 填表说明 sheet is instructions,
	// passed over without a word.
	if len(p.Warnings) != 0 {
		t.Fatalf("warnings: %+v", p.Warnings)
	}
	r := p.Plans[1]
	want := PlanRow{Sheet: "2024年计划", Row: 11, Code: "2022-360100-48-01-000456", Name: "南昌西二绕城高速", Owner: "南昌市交通投资集团",
		Sector: "综合交通", Subsector: "公路", City: "南昌市", County: "新建区", StartYear: 2022, EndYear: 2024,
		Stage: StageCompleting, TotalYuan: 2_987_000_000, BeforeYuan: 150_000_000, PlanYuan: 500_000_000, Tags: []string{"省大中型"}}
	if r.Content != "" || r.Flagship || !samePlan(r, want) {
		t.Fatalf("row 11:\n got %+v\nwant %+v", r, want)
	}
	first := p.Plans[0]
	if !first.Flagship || strings.Join(first.Tags, ",") != "省重点,专项债" || first.City != CityCross || first.Subsector != "铁路" {
		t.Fatalf("row 8: %+v", first)
	}
	if p.Plans[2].City != "赣州市" || p.Plans[2].County != "瑞金市" || p.Plans[2].TotalYuan != 148_000_000 || p.Plans[2].StartYear != 2024 {
		t.Fatalf("row 12: %+v", p.Plans[2])
	}
	if p.Plans[3].Sector != "公共服务" || p.Plans[3].Subsector != "" || p.Plans[3].Stage != StageCompleting {
		t.Fatalf("row 14: %+v", p.Plans[3])
	}
}

func samePlan(a, b PlanRow) bool {
	return a.Sheet == b.Sheet && a.Row == b.Row && a.Code == b.Code && a.Name == b.Name && a.Owner == b.Owner &&
		a.Sector == b.Sector && a.Subsector == b.Subsector && a.City == b.City && a.County == b.County &&
		a.StartYear == b.StartYear && a.EndYear == b.EndYear && a.Stage == b.Stage && a.TotalYuan == b.TotalYuan &&
		a.BeforeYuan == b.BeforeYuan && a.PlanYuan == b.PlanYuan && strings.Join(a.Tags, ",") == strings.Join(b.Tags, ",")
}

func TestSubtotalMismatchIsAWarningNotAProject(t *testing.T) {
	sheets := provinceList()
	sheets[0].rows[8][7] = 121 // 小计 of 铁路 says 121 亿元, the rows say 120
	sheets[0].rows[4][9] = 41  // 合计 plan says 41, the rows say 41.3
	p, err := ParseFile(writeBook(t, sheets...), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Plans) != 4 || len(p.Errors) != 0 {
		t.Fatalf("plans %d errors %+v", len(p.Plans), p.Errors)
	}
	var got []string
	for _, w := range p.Warnings {
		if w.Row > 0 {
			got = append(got, w.Column+"@"+strconv.Itoa(w.Row)+":"+w.Message)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "总投资@9") || !strings.Contains(got[0], "1200000万元") ||
		!strings.Contains(got[1], "2024年计划/计划投资@5") || !strings.Contains(got[1], "413000万元") {
		t.Fatalf("warnings: %q", got)
	}
}

func TestBadRowsAreNamedAndRejected(t *testing.T) {
	sheets := provinceList()
	rows := sheets[0].rows
	rows[10][7] = "二十九亿"   // not an amount
	rows[11][5] = "暂停"     // not a stage
	rows[13][1] = ""       // figures without a name
	rows[13][4] = "北京市朝阳区" // and a place outside the province
	p, err := ParseFile(writeBook(t, sheets...), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Rejected != 3 || len(p.Plans) != 1 {
		t.Fatalf("rejected %d plans %d: %+v", p.Rejected, len(p.Plans), p.Errors)
	}
	want := map[int]string{11: "总投资", 12: "建设性质", 14: "项目名称"}
	for _, e := range p.Errors {
		if want[e.Row] != e.Column || e.Sheet != "2024年计划" || e.Message == "" {
			t.Errorf("error %+v", e)
		}
	}
	if p.Errors[0].Value != "二十九亿" || p.Errors[0].Message != "不是有效的金额" {
		t.Errorf("first error %+v", p.Errors[0])
	}
}

func TestDuplicateCodeInOneFileIsAnError(t *testing.T) {
	sheets := provinceList()
	sheets[0].rows[11][2] = "2022-360100-48-01-000456"
	p, err := ParseFile(writeBook(t, sheets...), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Rejected != 1 || p.Errors[0].Row != 12 || !strings.Contains(p.Errors[0].Message, "第11行") {
		t.Fatalf("%+v", p.Errors)
	}
}

func TestSectorColumnAndWanUnitsInHeaderAndSynonyms(t *testing.T) {
	// One-row header with synonyms, full-width brackets, spaces and line
	// breaks, a sector column instead of section rows, units in headers.
	rows := [][]any{
		{"抚州市2024年省大中型项目清单"},
		{"序 号", "名  称", "项目法人", "所属领域", "设区市", "县（市、区）", "项目性质", "起止年限", "总投资\n（亿元）", "至上年底累计完成投资（万元）", "年度计划投资（万元）"},
		{"1", "抚州高新区电子信息产业园", "抚州高新投", "制造业", "抚州", "临川区", "新开工", "2024-2025", "3.2", "0", "18000.5"},
		{"2", "临川区城区防洪工程", "临川区水利局", "水利", "抚州市", "临川区", "前期", "2025-2027", "2", "", ""},
		{"3", "广昌县中学", "广昌县教体局", "社会事业", "抚州市", "广昌县", "续建", "2023-2025", "0.8", "3,000", "2000"},
	}
	p, err := ParseFile(writeBook(t, sheetSpec{name: "Sheet1", rows: rows}), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 || len(p.Plans) != 3 || p.Year != 2024 {
		t.Fatalf("%+v", p)
	}
	a, b, c := p.Plans[0], p.Plans[1], p.Plans[2]
	if a.TotalYuan != 320_000_000 || a.PlanYuan != 180_005_000 || a.City != "抚州市" || a.County != "临川区" || a.Sector != "制造业" || a.Owner != "抚州高新投" {
		t.Fatalf("row 3: %+v", a)
	}
	if b.Stage != StagePreparatory || b.PlanYuan != 0 {
		t.Fatalf("row 4: %+v", b)
	}
	if c.Sector != "公共服务" || c.BeforeYuan != 30_000_000 {
		t.Fatalf("row 5: %+v", c)
	}
}

func TestMonthlySheet(t *testing.T) {
	rows := [][]any{
		{"2024年1-6月省大中型项目调度表"},
		{"单位：万元"},
		{"序号", "项目代码", "项目名称", "设区市", "2024年计划投资", "1-6月完成投资", "6月完成投资", "形象进度", "存在问题"},
		{"", "", "合计", "", 350000, 160000.5, 30000},
		{"一、综合交通", "", "", "", 300000, 150000, 30000},
		{1, "2020-360000-53-01-000123", "昌九高铁", "跨设区市", 300000, 150000, 30000, "桥梁施工", ""},
		{"二、公共服务", "", "", "", 50000, 10000.5, 0.5},
		{2, "", "广东省人民医院赣州医院", "赣州市", 50000, "10,000.5", "", "装修", "资金不足"},
	}
	p, err := ParseFile(writeBook(t, sheetSpec{name: "调度表", rows: rows}), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != KindMonthly || p.Year != 2024 || p.Month != 6 || len(p.Monthly) != 2 || len(p.Errors) != 0 {
		t.Fatalf("%+v", p)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Row != 7 || p.Warnings[0].Column != "6月完成投资" {
		t.Fatalf("the 二、公共服务 row states 0.5 for June but its project is blank: %+v", p.Warnings)
	}
	a, b := p.Monthly[0], p.Monthly[1]
	if *a.YTDYuan != 1_500_000_000 || *a.MonthYuan != 300_000_000 || a.Progress != "桥梁施工" || a.Code != "2020-360000-53-01-000123" {
		t.Fatalf("row 6: %+v", a)
	}
	if *b.YTDYuan != 100_005_000 || b.MonthYuan != nil || b.Problems != "资金不足" {
		t.Fatalf("row 8: %+v", b)
	}
	// --month wins over the title.
	p, err = ParseFile(writeBook(t, sheetSpec{name: "调度表", rows: rows}), ParseOptions{Month: 5})
	if err != nil || p.Month != 5 {
		t.Fatalf("month %d %v", p.Month, err)
	}
}

// TestReportMonth reads the month of a monthly sheet from the options,
// the title or the header, in that order, and warns when they disagree.
func TestReportMonth(t *testing.T) {
	for _, c := range []struct {
		title, month, ytd string
		opt               ParseOptions
		want              int
		warn              string
	}{
		{"2024年1-10月重大项目进展", "本月完成", "", ParseOptions{}, 10, ""},
		{"2024年1—3月", "本月完成", "", ParseOptions{}, 3, ""},
		{"2024年6月调度", "本月完成", "", ParseOptions{}, 6, ""},
		{"２０２４年１～９月", "本月完成", "", ParseOptions{}, 9, ""},
		{"2024年1至11月", "本月完成", "", ParseOptions{}, 11, ""},
		{"2024年重大项目调度", "本月完成", "1-6月完成投资", ParseOptions{}, 6, ""},
		{"2024年重大项目调度", "5月完成投资", "累计完成", ParseOptions{}, 5, ""},
		{"2024年1-6月", "本月完成", "1-5月完成投资", ParseOptions{}, 6, "表头的月份（5月）与标题的月份（6月）不一致，按6月导入"},
		{"2024年1-6月", "本月完成", "", ParseOptions{Month: 5}, 5, "标明的月份（6月）与导入月份（5月）不一致"},
		{"重大项目调度", "本月完成", "", ParseOptions{Year: 2024, Month: 7}, 7, ""},
	} {
		t.Run(c.title+"/"+c.month+"/"+c.ytd, func(t *testing.T) {
			head, row := []any{"项目名称", c.month}, []any{"昌九高铁", 1}
			if c.ytd != "" {
				head, row = append(head, c.ytd), append(row, 2)
			}
			p := parseRows(t, c.opt, sheetSpec{name: "S", rows: [][]any{{c.title}, head, row}})
			w := strings.Join(messages(p.Warnings), "|")
			if p.Kind != KindMonthly || p.Month != c.want || p.Year != 2024 || (c.warn == "") != (w == "") || !strings.Contains(w, c.warn) {
				t.Fatalf("kind %s month %d year %d warnings %q", p.Kind, p.Month, p.Year, w)
			}
		})
	}
	for title, want := range map[string]string{"重大项目进展": "--month", "2024年13月": "不在 1 至 12 之间"} {
		rows := [][]any{{title}, {"项目名称", "本月完成"}, {"昌九高铁", 1}}
		if _, err := ParseFile(writeBook(t, sheetSpec{name: "S", rows: rows}), ParseOptions{Year: 2024}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", title, err)
		}
	}
}

// TestKindDetection: month or year-to-date columns make a monthly sheet,
// plan or total columns a plan list; the caller's kind wins, and a sheet
// that cannot be that kind is skipped.
func TestKindDetection(t *testing.T) {
	plan := sheetSpec{name: "计划", rows: [][]any{{"2024年1-6月"}, {"项目名称", "年度计划投资"}, {"甲", 1}}}
	month := sheetSpec{name: "调度", rows: [][]any{{"2024年1-6月"}, {"项目名称", "年度计划投资", "1-6月完成投资"}, {"甲", 1, 1}}}
	for _, c := range []struct {
		name   string
		sheets []sheetSpec
		opt    ParseOptions
		kind   Kind
		err    string
	}{
		{"plan", []sheetSpec{plan}, ParseOptions{}, KindPlan, ""},
		{"monthly", []sheetSpec{month}, ParseOptions{}, KindMonthly, ""},
		{"forced plan on a monthly sheet", []sheetSpec{month}, ParseOptions{Kind: KindPlan}, KindPlan, ""},
		{"forced monthly on a plan sheet", []sheetSpec{plan}, ParseOptions{Kind: KindMonthly}, "", "不能作为月度调度表导入"},
		{"first sheet sets the kind", []sheetSpec{plan, month}, ParseOptions{}, KindPlan, ""},
		{"no amount column", []sheetSpec{{name: "名单", rows: [][]any{{"2024年"}, {"项目名称", "建设单位"}, {"甲", "乙"}}}}, ParseOptions{}, "", "金额列"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParseFile(writeBook(t, c.sheets...), c.opt)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || p.Kind != c.kind || len(p.Plans)+len(p.Monthly) != 1 {
				t.Fatalf("%+v %v", p, err)
			}
		})
	}
}

func TestCSVInTheSameLayout(t *testing.T) {
	csv := "2024年1-6月调度表\n单位：万元\n项目名称,1-6月完成投资,形象进度\n昌九高铁,\"1,500.25\",施工\n"
	for name, body := range map[string][]byte{
		"utf8.csv":    []byte(csv),
		"bom.csv":     append([]byte("\xEF\xBB\xBF"), csv...),
		"gb18030.csv": must(simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(csv))),
	} {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, body, 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := ParseFile(path, ParseOptions{})
		if err != nil || p.Month != 6 || len(p.Monthly) != 1 || *p.Monthly[0].YTDYuan != 15_002_500 || p.Monthly[0].Name != "昌九高铁" {
			t.Errorf("%s: %+v %v", name, p, err)
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestCSVTwoRowHeaderAndSections reads a CSV (no merges) with a two-row
// header told by its words, section rows, a 小计 and a note.
func TestCSVTwoRowHeaderAndSections(t *testing.T) {
	csv := "2024年江西省省大中型项目计划表\n单位：亿元\n" +
		"序号,项目名称,建设地点,建设性质,总投资,2024年计划,\n" +
		",,,,,计划投资,形象进度目标\n" +
		"一、综合交通（2个）,,,,5.5,1.5,\n" +
		"1,甲铁路,跨设区市,续建,3,1,铺轨\n" +
		"2,乙公路,南昌市,新开工,2.5,0.5,开工\n" +
		",小计,,,5.5,1.6,\n" +
		"注：金额单位为亿元\n"
	path := filepath.Join(t.TempDir(), "江西省2024.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := ParseFile(path, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 || len(p.Plans) != 2 || p.Plans[1].PlanYuan != 50_000_000 || p.Plans[0].Sector != "综合交通" || p.Plans[0].Sheet != "江西省2024" {
		t.Fatalf("errors %+v plans %+v", p.Errors, p.Plans)
	}
	if got := messages(p.Warnings); len(got) != 1 || got[0] != "8|2024年计划/计划投资|1.6|“小计”行的“2024年计划/计划投资”为16000万元，与其所含项目之和15000万元不一致" {
		t.Fatalf("warnings %q", got)
	}
}

func TestUnreadableFilesGetAClearMessage(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct{ path, want string }{
		{write("old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 OLE")), "另存为” .xlsx"},
		{write("named.xls", []byte("not even OLE")), "另存为” .xlsx"},
		{write("ole.xlsx", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 OLE")), "另存为” .xlsx"},
		{write("renamed.xlsx", []byte("a,b\n1,2\n")), "内容是文本（CSV）"},
		{write("broken.xlsx", []byte("PK\x03\x04 broken zip")), "xlsx"},
		{write("empty.xlsx", nil), "不是有效的 xlsx"},
		{write("empty.csv", nil), "文件是空的"},
		{writeBook(t, sheetSpec{name: "S", rows: [][]any{{"hello"}}}), "没有在任何工作表中找到项目表头"},
		{filepath.Join(dir, "missing.xlsx"), "无法打开文件"},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			_, err := ParseFile(c.path, ParseOptions{Year: 2024})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%v, want a message with %q", err, c.want)
			}
		})
	}
}

// TestParseOverAReader: Parse takes the extension from the name.
func TestParseOverAReader(t *testing.T) {
	b, err := os.ReadFile(writeBook(t, sheetSpec{name: "S", rows: [][]any{{"2024年"}, {"项目名称", "总投资"}, {"甲", 1}}}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(bytes.NewReader(b), "upload.xlsx", ParseOptions{})
	if err != nil || len(p.Plans) != 1 || p.File != "upload.xlsx" {
		t.Fatalf("%+v %v", p, err)
	}
	p, err = Parse(strings.NewReader("2024年\n项目名称,总投资\n甲,1\n"), "upload.CSV", ParseOptions{})
	if err != nil || len(p.Plans) != 1 || p.Plans[0].TotalYuan != 10_000 {
		t.Fatalf("%+v %v", p, err)
	}
}

// FuzzParseCSV feeds arbitrary text to the whole pipeline as a CSV: no
// panic, and every issue says where and why.
func FuzzParseCSV(f *testing.F) {
	f.Add("2024年1-6月\n项目名称,1-6月完成投资\n甲,1\n")
	f.Add("2024年项目表\n单位：亿元\n序号,项目名称,2024年计划,\n,,计划投资,形象进度目标\n一、能源,,1,\n1,甲,1,开工\n,小计,2,\n注：x\n")
	f.Add("项目名称,建设地点,建设性质,建设年限,总投资\n甲,南昌,续建,2022-2026,1e3\n甲,x,y,z,-1\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(strings.NewReader(s), "f.csv", ParseOptions{Year: 2024, Month: 6})
		if err != nil {
			return
		}
		for _, is := range append(p.Errors, p.Warnings...) {
			if is.Message == "" || is.Sheet == "" {
				t.Fatalf("issue without a message or sheet: %+v", is)
			}
		}
		if p.Rejected > len(p.Errors) {
			t.Fatalf("rejected %d with %d errors", p.Rejected, len(p.Errors))
		}
	})
}

func TestMergedSectionRowsAndStageInTypeColumn(t *testing.T) {
	// Section rows merged across the table (text in 序号), 设区市 merged
	// down over its projects, and the stage in a 项目类型 column.
	rows := [][]any{
		{"2024年省重点项目表"},
		{"序号", "项目代码", "项目名称", "设区市", "项目类型", "总投资（万元）", "2024年计划投资（万元）"},
		{"一、能源（2个）"},
		{1, "2024-360900-44-02-000001", "靖安洪屏抽水蓄能电站二期", "宜春市", "新开工", 800000, 100000},
		{2, "2023-360900-44-02-000002", "宜春电网改造", "", "续建", 50000, 20000},
		{"二、水利"},
		{3, "", "峡江灌区", "吉安市", "新开工", 300000, 50000},
	}
	path := writeBook(t, sheetSpec{name: "S", rows: rows, merges: [][2]string{{"A3", "G3"}, {"A6", "G6"}, {"D4", "D5"}}})
	p, err := ParseFile(path, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 || len(p.Plans) != 3 {
		t.Fatalf("%+v", p)
	}
	b := p.Plans[1]
	if b.Sector != "能源" || b.City != "宜春市" || b.Stage != StageContinuing || strings.Join(b.Tags, ",") != "省大中型" {
		t.Fatalf("row 5: %+v", b)
	}
	if c := p.Plans[2]; c.Sector != "水利" || c.Stage != StageNewStart || c.PlanYuan != 500_000_000 {
		t.Fatalf("row 7: %+v", c)
	}
}

func TestBareSectorHeadingsAndBreakdownLines(t *testing.T) {
	rows := [][]any{
		{"2024年项目表"},
		{"项目名称", "建设性质", "建设地点", "2024年计划投资"},
		{"综合交通（2个）", "", "", 300},
		{"昌九高铁", "续建", "跨设区市", 200},
		{"其中：中央预算内", "", "", 50},
		{"遂大高速", "续建", "跨设区市", 100},
		{"公共服务", "", "", 10},
		{"瑞金市人民医院", "新开工", "瑞金市", 10},
	}
	p, err := ParseFile(writeBook(t, sheetSpec{name: "S", rows: rows}), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 || len(p.Plans) != 3 || len(p.Warnings) != 0 {
		t.Fatalf("%+v", p)
	}
	if p.Plans[1].Sector != "综合交通" || p.Plans[2].Sector != "公共服务" || p.Plans[2].City != "赣州市" {
		t.Fatalf("%+v", p.Plans)
	}
}
