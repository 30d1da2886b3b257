package importer

import (
	"strings"
	"testing"
)

func TestNormalizeSector(t *testing.T) {
	for _, c := range []struct {
		in, want string
		known    bool
	}{
		{"综合交通（412个）", "综合交通", true},
		{"综合交通类项目", "综合交通", true},
		{"能源项目", "能源", true},
		{"水利类", "水利", true},
		{"新型基础设施（12个）", "新型基础设施", true},
		{"城市基础设施项目（3个项目，总投资12亿元）", "城市基础设施", true},
		{"制造业", "制造业", true},
		{"现代服务业(共20项)", "现代服务业", true},
		{"现代农业", "现代农业", true},
		{"生态环保", "生态环保", true},
		{"公共服务", "公共服务", true},
		{"社会事业", "公共服务", true},
		{"交通", "综合交通", true},
		{"工业", "制造业", true},
		{"其他项目（5个）", "其他", false},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, known := normalizeSector(c.in)
			if got != c.want || known != c.known {
				t.Fatalf("normalizeSector(%q) = %q, %v", c.in, got, known)
			}
		})
	}
}

// sectionSheet is a list in 万元 with section and subsection rows (some
// carrying sums), 小计 rows, a 合计 at the top and a 总计 at the bottom.
func sectionSheet() [][]any {
	return [][]any{
		{"2024年项目表"},
		{"序号", "项目名称", "建设地点", "建设性质", "总投资", "年度计划投资"}, // row 2
		{"", "合计", "", "", 1000, 300},        // 3
		{"一、综合交通（3个）", "", "", "", 800, 250}, // 4
		{"（一）铁路", "", "", "", 500, 150},      // 5
		{1, "甲铁路", "跨设区市", "续建", 300, 100},   // 6
		{2, "乙铁路", "跨设区市", "新开工", 200, 50},   // 7
		{"", "小计", "", "", 500, 150},         // 8
		{"(二)公路", "", "", "", "", ""},        // 9
		{3, "丙公路", "九江市", "续建", 300, 100},    // 10
		{"", "小计", "", "", 300, 100},         // 11
		{"二、能源项目", "", "", "", 200, 50},      // 12
		{4, "丁电站", "宜春市", "新开工", 200, 50},    // 13
		{"", "总计", "", "", 1000, 300},        // 14
	}
}

func TestSectionsGiveSectorAndSubsector(t *testing.T) {
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: sectionSheet()})
	if len(p.Errors) != 0 || len(p.Warnings) != 0 || len(p.Plans) != 4 {
		t.Fatalf("plans %d errors %+v warnings %q", len(p.Plans), p.Errors, messages(p.Warnings))
	}
	want := []string{"综合交通/铁路", "综合交通/铁路", "综合交通/公路", "能源/"} // the subsector ends with its sector
	for i, r := range p.Plans {
		if got := r.Sector + "/" + r.Subsector; got != want[i] {
			t.Errorf("row %d: %s, want %s", r.Row, got, want[i])
		}
		if !r.Given["sector"] {
			t.Errorf("row %d: sector from a section row not marked given", r.Row)
		}
	}
}

// TestSubtotalChecks changes one stated figure at a time; each mismatch
// is one warning naming the row, the column, the row's figure and the
// sum, and never a project or an error.
func TestSubtotalChecks(t *testing.T) {
	for _, c := range []struct {
		name     string
		row, col int // 0-based in sectionSheet
		value    any
		want     string // row|column|value|message
	}{
		{"小计 of its subsection", 7, 4, 510, "8|总投资|510|“小计”行的“总投资”为510万元，与其所含项目之和500万元不一致"},
		{"小计 after the second subsection", 10, 5, "100.5", "11|年度计划投资|100.5|“小计”行的“年度计划投资”为100.5万元，与其所含项目之和100万元不一致"},
		{"合计 at the top", 2, 5, 299.9999, "3|年度计划投资|299.9999|“合计”行的“年度计划投资”为299.9999万元，与其所含项目之和300万元不一致"},
		{"总计 at the bottom", 13, 4, 999, "14|总投资|999|“总计”行的“总投资”为999万元，与其所含项目之和1000万元不一致"},
		{"section row", 3, 4, 700, "4|总投资|700|“一、综合交通（3个）”行的“总投资”为700万元，与其所含项目之和800万元不一致"},
		{"subsection row", 4, 5, 140, "5|年度计划投资|140|“（一）铁路”行的“年度计划投资”为140万元，与其所含项目之和150万元不一致"},
		{"last section, closed by the sheet's end", 11, 5, 60, "12|年度计划投资|60|“二、能源项目”行的“年度计划投资”为60万元，与其所含项目之和50万元不一致"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows := sectionSheet()
			rows[c.row] = append([]any{}, rows[c.row]...)
			rows[c.row][c.col] = c.value
			p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows})
			if len(p.Errors) != 0 || len(p.Plans) != 4 {
				t.Fatalf("plans %d errors %+v", len(p.Plans), p.Errors)
			}
			if got := messages(p.Warnings); len(got) != 1 || got[0] != c.want {
				t.Fatalf("warnings %q\nwant      %q", got, c.want)
			}
		})
	}
}

func TestMonthlySubtotals(t *testing.T) {
	rows := [][]any{
		{"2024年1-3月调度表"},
		{"项目名称", "3月完成投资", "1-3月完成投资"},
		{"合计", 30, 91},
		{"甲", 10, 40},
		{"乙", 20, 50},
	}
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows})
	if got := messages(p.Warnings); len(got) != 1 || got[0] != "3|1-3月完成投资|91|“合计”行的“1-3月完成投资”为91万元，与其所含项目之和90万元不一致" {
		t.Fatalf("warnings %q", got)
	}
}

// TestNotesBlanksAndSeqOnlyRows skips what is not a project: notes under
// the table in each of their forms, blank rows, a row with only a 序号,
// a 其中 line; a row with figures and no name is an error, not skipped.
func TestNotesBlanksAndSeqOnlyRows(t *testing.T) {
	rows := [][]any{
		{"2024年项目表"},
		{"序号", "项目名称", "建设地点", "建设性质", "年度计划投资"},
		{1, "甲工程", "南昌市", "续建", 100},
		{},
		{"", "", "", "", ""},
		{2},
		{3, "乙工程", "南昌市", "续建", 50},
		{"", "其中：中央预算内", "", "", 20},
		{4, "", "南昌市", "续建", 70}, // row 9
		{},
		{"注：1.本表金额单位为万元。"},
		{"注:项目排名不分先后"},
		{"说明：前期项目不填计划"},
		{"备注：数据截至6月底"},
		{"2.资料来源：各设区市发改委。"},
	}
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows})
	if len(p.Plans) != 2 || p.Plans[0].Name != "甲工程" || p.Plans[1].Name != "乙工程" {
		t.Fatalf("plans %+v", p.Plans)
	}
	if got := messages(p.Errors); len(got) != 1 || got[0] != "9|项目名称||有投资数据但缺少项目名称" || p.Rejected != 1 {
		t.Fatalf("errors %q rejected %d", got, p.Rejected)
	}
}

// TestMergedNameContinuesAProject reads a project whose name is merged
// down over two rows (its content runs on) as one project.
func TestMergedNameContinuesAProject(t *testing.T) {
	rows := [][]any{
		{"2024年项目表"},
		{"序号", "项目名称", "建设地点", "建设性质", "建设内容", "年度计划投资"},
		{1, "甲工程", "南昌市", "续建", "新建道路10公里", 100},
		{"", "", "", "", "及配套管网", ""},
		{2, "乙工程", "九江市", "续建", "", 50},
	}
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows, merges: [][2]string{{"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "D4"}, {"F3", "F4"}}})
	if len(p.Errors) != 0 || len(p.Plans) != 2 || p.Plans[0].PlanYuan != 1_000_000 || p.Plans[1].Row != 5 {
		t.Fatalf("errors %+v plans %+v", p.Errors, p.Plans)
	}
}

// TestSeveralSheets parses every sheet with a header, skips the others
// with a warning, and catches a project listed on two sheets.
func TestSeveralSheets(t *testing.T) {
	head := []any{"项目代码", "项目名称", "建设地点", "建设性质", "年度计划投资"}
	a := sheetSpec{name: "省重点", rows: [][]any{{"2024年省重点项目"}, head,
		{"2024-360100-48-01-000001", "甲工程", "南昌市", "续建", 100}}}
	notes := sheetSpec{name: "填表说明", rows: [][]any{{"请按要求填报"}, {"1. 金额单位为万元"}}}
	b := sheetSpec{name: "省大中型", rows: [][]any{{"2024年省大中型项目"}, head,
		{"2024-360100-48-01-000002", "乙工程", "南昌市", "续建", 50},
		{"2024-360100-48-01-000001", "甲工程（重复）", "南昌市", "续建", 100},
		{"", "丙工程", "南昌市", "续建", 10},
		{"", "丙 工程", "南昌市", "续建", 10}}}
	p := parseRows(t, ParseOptions{}, a, notes, b)
	if len(p.Plans) != 3 || p.Rejected != 2 {
		t.Fatalf("plans %d rejected %d", len(p.Plans), p.Rejected)
	}
	want := []string{
		"4|项目代码|2024-360100-48-01-000001|项目代码与工作表“省重点”第3行重复",
		"6|项目名称|丙 工程|项目名称与第5行重复（且都没有项目代码）",
	}
	if got := messages(p.Errors); strings.Join(got, "\n") != strings.Join(want, "\n") || p.Errors[0].Sheet != "省大中型" {
		t.Fatalf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(p.Warnings) != 0 { // the 填表说明 sheet is instructions, passed over without a word
		t.Fatalf("warnings %+v", p.Warnings)
	}
}
