package importer

import (
	"strings"
	"testing"
)

// planLine is what a test compares of a plan row.
func planLine(r PlanRow) string {
	return strings.Join([]string{r.Name, r.Stage, r.Sector, r.Subsector, r.City, r.County}, "|")
}

// checkPlans compares the plan rows with want (see planLine), and that
// each states the field given (none when "").
func checkPlans(t *testing.T, p *Parsed, want []string, given string) {
	t.Helper()
	if len(p.Plans) != len(want) {
		t.Fatalf("plans %d, want %d", len(p.Plans), len(want))
	}
	for i, r := range p.Plans {
		if planLine(r) != want[i] || (given != "" && !r.Given[given]) {
			t.Errorf("row %d: %s given %v, want %s", r.Row, planLine(r), r.Given, want[i])
		}
	}
}

// TestStageSectionsWithoutStageColumn: the case. A list whose
// stage is only in its section rows no longer puts every project in 续建,
// and says nothing of a missing 建设性质 column; the rows' Given has the
// stage, so an existing project's stage is replaced.
func TestStageSectionsWithoutStageColumn(t *testing.T) {
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: [][]any{
		{"2024年项目表"},
		{"序号", "项目名称", "建设地点", "领域", "总投资（万元）", "2024年计划投资（万元）"},
		{"", "合计", "", "", 600, 160},
		{"一、续建项目（1个）", "", "", "", 100, 50},
		{1, "甲", "南昌市", "水利", 100, 50},
		{"二、新开工项目（1个）", "", "", "", 200, 60},
		{2, "乙", "南昌市", "能源", 200, 60},
		{"三、竣工投产项目", "", "", "", 300, 50},
		{3, "丙", "南昌市", "能源", 300, 50},
		{"四、2024年预备项目", "", "", "", "", ""},
	}})
	if len(p.Errors) != 0 || len(p.Warnings) != 0 {
		t.Fatalf("errors %q warnings %q", messages(p.Errors), messages(p.Warnings))
	}
	want := []string{"甲|continuing|水利||南昌市|", "乙|new_start|能源||南昌市|", "丙|completing|能源||南昌市|"}
	checkPlans(t, p, want, "stage")
}

// TestPlaceSections: a list by city and county (一、九江市 / （一）湖口县)
// without a place column gives each row its city and county; a county
// column fills in under a city's section, names what is not a county
// (市本级) as written, and naming another city or county is an error.
func TestPlaceSections(t *testing.T) {
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: [][]any{
		{"2024年项目表"},
		{"序号", "项目名称", "县（市、区）", "建设性质", "年度计划投资"},
		{"一、九江市（5个）", "", "", "", 150},
		{"（一）湖口县", "", "", "", 30},
		{1, "甲", "", "续建", 10},
		{2, "乙", "湖口", "续建", 20},
		{"（二）彭泽县", "", "", "", 20},
		{3, "丙", "都昌县", "续建", 20}, // row 8: another county
		{"（三）市本级", "", "", "", 100},
		{4, "丁", "", "新开工", 50},
		{5, "戊", "瑞金市", "新开工", 50}, // row 11: another city
		{"二、赣州市", "", "", "", 80},
		{6, "己", "瑞金市", "续建", 40},
		{"（一）湖口县", "", "", "", ""}, // row 14: a county of another city
		{7, "庚", "", "续建", 40},
	}})
	wantErr := []string{
		"8|县（市、区）|都昌县|县（市、区）为“都昌县”，与所在分组“（二）彭泽县”的“彭泽县”不一致",
		"11|县（市、区）|瑞金市|县（市、区）为“瑞金市”，与所在分组“（三）市本级”的“九江市”不一致",
	}
	if got := messages(p.Errors); strings.Join(got, "\n") != strings.Join(wantErr, "\n") {
		t.Fatalf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantErr, "\n"))
	}
	// （三）市本级 under 九江市 is the city's own projects.
	want := []string{"甲|continuing|||九江市|湖口县", "乙|continuing|||九江市|湖口县", "丁|new_start|||九江市|市本级", "己|continuing|||赣州市|瑞金市", "庚|continuing|||九江市|湖口县"}
	checkPlans(t, p, want, "city")
	wantWarn := "14|序号|（一）湖口县|“（一）湖口县”属于九江市，与上级分组“二、赣州市”（赣州市）不一致，按九江市计"
	if got := messages(p.Warnings); len(got) != 1 || got[0] != wantWarn {
		t.Fatalf("warnings %q\nwant %q", got, wantWarn)
	}
}

// TestStageThenSectorSections: 一、续建项目 / （一）综合交通 gives the
// stage and the sector; a 领域 column naming another sector than its
// section is an error; a heading whose count is wrong, or whose stated
// sum is, is a warning, never a project.
func TestStageThenSectorSections(t *testing.T) {
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: [][]any{
		{"2024年项目表"},
		{"序号", "项目名称", "建设地点", "领域", "年度计划投资"},
		{"一、续建项目（3个）", "", "", "", 60},
		{"（一）综合交通（1个）", "", "", "", 10},
		{1, "甲", "南昌市", "", 10},
		{"（二）能源（1个）", "", "", "", 20},
		{2, "乙", "南昌市", "能源", 20},
		{3, "丙", "南昌市", "水利", 31}, // row 8: the column says 水利 under 能源
		{"二、新开工项目", "", "", "", ""},
		{"（一）交通", "", "", "", ""},
		{4, "丁", "九江市", "综合交通", 5},
	}})
	wantErr := "8|领域|水利|领域为“水利”，与所在分组“（二）能源（1个）”的“能源”不一致"
	if got := messages(p.Errors); len(got) != 1 || got[0] != wantErr || p.Rejected != 1 {
		t.Fatalf("errors %q", got)
	}
	wantWarn := []string{
		"6|序号|（二）能源（1个）|“（二）能源（1个）”行写明1个项目，其下有2个项目",
		"6|年度计划投资|20|“（二）能源（1个）”行的“年度计划投资”为20万元，与其所含项目之和51万元不一致",
		"3|年度计划投资|60|“一、续建项目（3个）”行的“年度计划投资”为60万元，与其所含项目之和61万元不一致",
	}
	if got := messages(p.Warnings); strings.Join(got, "\n") != strings.Join(wantWarn, "\n") {
		t.Fatalf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantWarn, "\n"))
	}
	want := []string{"甲|continuing|综合交通||南昌市|", "乙|continuing|能源||南昌市|", "丁|new_start|综合交通||九江市|"}
	checkPlans(t, p, want, "")
}

// TestGroupingSectionsBesideASectorColumn: a section naming no stage,
// place or sector (一、重大产业项目) in a list with a 领域 column only
// groups its rows: the column gives the sector, without a warning; and
// headings written without numbering (续建项目（2个）) are read too.
func TestGroupingSectionsBesideASectorColumn(t *testing.T) {
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: [][]any{
		{"2024年项目表"},
		{"序号", "项目名称", "建设地点", "领域", "建设性质", "年度计划投资"},
		{"一、重大产业项目", "", "", "", "", 30},
		{1, "甲", "南昌市", "制造业", "续建", 10},
		{2, "乙", "南昌市", "能源", "新开工", 20},
		{"", "续建项目（1个）", "", "", "", 5},
		{3, "丙", "南昌市", "水利", "", 5},
	}})
	if len(p.Errors) != 0 || len(p.Warnings) != 0 {
		t.Fatalf("errors %q warnings %q", messages(p.Errors), messages(p.Warnings))
	}
	want := []string{"甲|continuing|制造业||南昌市|", "乙|new_start|能源||南昌市|", "丙|continuing|水利||南昌市|"}
	checkPlans(t, p, want, "")
}

// TestTitleCity: a list whose title names one city (九江市2024年…) gives
// that city to rows that name none, and to a county cell the province's
// table does not know (市本级), kept as written; a row naming a place
// keeps it. A title naming several cities gives none.
func TestTitleCity(t *testing.T) {
	rows := func(title string) [][]any {
		return [][]any{
			{title},
			{"序号", "项目名称", "县（市、区）", "建设性质", "年度计划投资"},
			{1, "甲", "市本级", "续建", 10},
			{2, "乙", "", "续建", 20},
			{3, "丙", "瑞金市", "续建", 30},
		}
	}
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows("九江市2024年省大中型项目计划表")})
	if len(p.Errors) != 0 || len(p.Warnings) != 0 {
		t.Fatalf("errors %q warnings %q", messages(p.Errors), messages(p.Warnings))
	}
	want := []string{"甲|continuing|||九江市|市本级", "乙|continuing|||九江市|", "丙|continuing|||赣州市|瑞金市"}
	checkPlans(t, p, want, "city")
	p = parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows("南昌市、九江市2024年项目表")})
	wantErr := []string{"3|县（市、区）|市本级|无法识别的设区市"}
	if got := messages(p.Errors); strings.Join(got, "\n") != strings.Join(wantErr, "\n") {
		t.Fatalf("errors %q, want %q", got, wantErr)
	}
	for title, city := range map[string]string{"江西省2024年省大中型项目投资计划表": "", "2024年赣江新区重大项目表": "赣江新区", "2024年城市基础设施项目": ""} {
		if got := cityOfTitle(title); got != city {
			t.Errorf("cityOfTitle(%q) = %q, want %q", title, got, city)
		}
	}
}

// TestHeadingNames reads what a heading names: a stage in the words the
// lists use, a place, or neither.
func TestHeadingNames(t *testing.T) {
	for text, want := range map[string]string{
		"续建项目（20个）": "continuing", "新开工项目(14个)": "new_start", "2024年计划新开工项目": "new_start",
		"竣工投产类项目": "completing", "预备项目（共3项）": "preparatory", "前期工作项目": "preparatory",
		"综合交通（412个）": "", "铁路": "", "九江市": "",
	} {
		if got, _ := stageHeading(text); got != want {
			t.Errorf("stageHeading(%q) = %q, want %q", text, got, want)
		}
	}
	for text, want := range map[string]string{
		"九江市（20个）": "九江市|", "湖口县": "九江市|湖口县", "湖口": "九江市|湖口县", "赣江新区": "赣江新区|",
		"跨设区市项目": "跨设区市|", "铁路": "|", "九江港口": "|", "续建项目": "|",
	} {
		city, county, _ := placeHeading(text)
		if got := city + "|" + county; got != want {
			t.Errorf("placeHeading(%q) = %q, want %q", text, got, want)
		}
	}
	for label, want := range map[string]int{"一、续建项目（20个）": 20, "二、新开工(共14项)": 14, "（3个项目，总投资120亿元）": 3, "一、综合交通": -1, "合计": -1} {
		if got := countIn(label); got != want {
			t.Errorf("countIn(%q) = %d, want %d", label, got, want)
		}
	}
}
