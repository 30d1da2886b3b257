package importer

import (
	"strings"
	"testing"
)

// TestRowFields reads each field of a project row from its cell, with
// the errors and warnings a bad cell gives.
func TestRowFields(t *testing.T) {
	head := []any{"项目代码", "项目名称", "建设地点", "设区市", "县（市、区）", "建设性质", "建设年限", "总投资（亿元）", "年度计划投资", "示范引领性", "项目类别"}
	ok := []any{"2024-360700-48-01-02315X", "甲工程", "赣州市章贡区", "赣州市", "章贡区", "新开工", "2024-2026", "1.2", "3000", "是", "省重点、专项债"}
	for _, c := range []struct {
		name  string
		col   int
		value any
		check func(r PlanRow) bool
		err   string // row|column|value|message of the error, "" for none
		warn  string // of the warning
	}{
		{"all good", 0, ok[0], func(r PlanRow) bool {
			return r.Code == "2024-360700-48-01-02315X" && r.City == "赣州市" && r.County == "章贡区" && r.Stage == StageNewStart &&
				r.StartYear == 2024 && r.EndYear == 2026 && r.TotalYuan == 120_000_000 && r.PlanYuan == 30_000_000 && r.Flagship &&
				strings.Join(r.Tags, ",") == "省重点,专项债"
		}, "", ""},
		{"code folded", 0, " ２０２４－３６０７００－４８－０１－０２３１５ｘ ", func(r PlanRow) bool { return r.Code == "2024-360700-48-01-02315X" }, "", ""},
		{"old code kept with a warning", 0, "赣发改投资〔2020〕12号", func(r PlanRow) bool { return r.Code == "赣发改投资〔2020〕12号" }, "",
			"3|项目代码|赣发改投资〔2020〕12号|项目代码不符合投资项目统一代码格式（如 2024-360700-48-01-02315X）"},
		{"city column wins over the place", 2, "九江市", func(r PlanRow) bool { return r.City == "赣州市" && r.County == "章贡区" }, "", ""},
		{"county from another city", 4, "濂溪区", func(r PlanRow) bool { return r.City == "赣州市" && r.County == "濂溪区" }, "",
			"3|县（市、区）|濂溪区|县（市、区）属于九江市，与设区市“赣州市”不一致"},
		{"unknown city", 3, "长沙市", nil, "3|设区市|长沙市|无法识别的设区市", ""},
		{"unknown stage", 5, "暂停", nil, "3|建设性质|暂停|无法识别的建设性质（应为 新开工、续建、竣工投产 或 前期）", ""},
		{"blank stage", 5, "", nil, "3|建设性质||缺少建设性质", ""},
		{"bad period", 6, "明年", nil, "3|建设年限|明年|无法识别的建设年限（应写作 2022-2026）", ""},
		{"reversed period", 6, "2026-2024", nil, "3|建设年限|2026-2024|建设年限的结束年份早于开始年份", ""},
		{"negative amount", 7, "-1", nil, "3|总投资（亿元）|-1|金额不能为负数", ""},
		{"not an amount", 8, "三千", nil, "3|年度计划投资|三千|不是有效的金额", ""},
		{"no plan is allowed", 8, "", func(r PlanRow) bool { return r.PlanYuan == 0 }, "", ""},
		{"flagship √", 9, "√", func(r PlanRow) bool { return r.Flagship }, "", ""},
		{"flagship 否", 9, "否", func(r PlanRow) bool { return !r.Flagship }, "", ""},
		{"tags with other separators", 10, "省重点；专项债 中央预算内", func(r PlanRow) bool { return strings.Join(r.Tags, ",") == "省重点,专项债,中央预算内" }, "", ""},
		{"plan over total warns", 8, "20000", func(r PlanRow) bool { return r.PlanYuan == 200_000_000 }, "",
			"3|年度计划投资|20000|截至上年底累计完成与年度计划之和（20000万元）超过总投资"},
	} {
		t.Run(c.name, func(t *testing.T) {
			row := append([]any{}, ok...)
			row[c.col] = c.value
			p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: [][]any{{"2024年项目表"}, head, row}})
			errs, warns := strings.Join(messages(p.Errors), "\n"), strings.Join(messages(p.Warnings), "\n")
			if errs != c.err || warns != c.warn {
				t.Fatalf("errors %q\nwant   %q\nwarnings %q\nwant     %q", errs, c.err, warns, c.warn)
			}
			if c.err != "" {
				if len(p.Plans) != 0 || p.Rejected != 1 || p.Errors[0].Sheet != "S" {
					t.Fatalf("a row with an error must be rejected: %+v", p)
				}
				return
			}
			if len(p.Plans) != 1 || !c.check(p.Plans[0]) {
				t.Fatalf("%+v", p.Plans)
			}
		})
	}
}

// TestColumnsASheetLacks: no stage column is one warning and 续建; no
// tags column is 省大中型; no place column is one warning. Given says
// which fields the sheet stated.
func TestColumnsASheetLacks(t *testing.T) {
	rows := [][]any{{"2024年项目表"}, {"项目名称", "总投资"}, {"甲", 1}, {"乙", 2}}
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows})
	want := []string{
		"0|||表中没有“建设地点”或“设区市”列：新项目的设区市为空，已有项目保持原值",
		"0|||表中没有“建设性质”列：新项目按续建计，已有项目保持原值",
	}
	if got := messages(p.Warnings); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("warnings %q", got)
	}
	for _, r := range p.Plans {
		if r.Stage != StageContinuing || strings.Join(r.Tags, ",") != "省大中型" || r.Given["stage"] || r.Given["tags"] || r.Given["city"] || !r.Given["total_investment_yuan"] {
			t.Fatalf("%+v", r)
		}
	}
}

// TestPlaceColumns: a 设区市 column with or without 县区 or 建设地点.
func TestPlaceColumns(t *testing.T) {
	for _, c := range []struct {
		name         string
		head, row    []any
		city, county string
	}{
		{"place only", []any{"建设地点"}, []any{"南昌市红谷滩区"}, "南昌市", "红谷滩区"},
		{"county alone", []any{"建设地点"}, []any{"永修县"}, "九江市", "永修县"},
		{"city and county columns", []any{"设区市", "县区"}, []any{"南昌", "新建区"}, "南昌市", "新建区"},
		{"county column only", []any{"所属县区"}, []any{"瑞金市"}, "赣州市", "瑞金市"},
		{"city column, county from the place", []any{"设区市", "建设地点"}, []any{"南昌市", "南昌市红谷滩区"}, "南昌市", "红谷滩区"},
		{"city column, place in another city", []any{"设区市", "建设地点"}, []any{"南昌市", "九江市濂溪区"}, "南昌市", ""},
		{"赣江新区", []any{"设区市"}, []any{"赣江新区"}, "赣江新区", ""},
		{"several cities", []any{"建设地点"}, []any{"南昌市、九江市"}, "跨设区市", ""},
		{"省本级", []any{"设区市"}, []any{"省本级"}, "跨设区市", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			head := append([]any{"项目名称", "建设性质", "总投资"}, c.head...)
			row := append([]any{"甲", "续建", 1}, c.row...)
			p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: [][]any{{"2024年"}, head, row}})
			if len(p.Errors) != 0 || len(p.Warnings) != 0 || len(p.Plans) != 1 {
				t.Fatalf("errors %+v warnings %+v", p.Errors, p.Warnings)
			}
			if r := p.Plans[0]; r.City != c.city || r.County != c.county {
				t.Fatalf("%q %q, want %q %q", r.City, r.County, c.city, c.county)
			}
		})
	}
}

// TestDuplicates: the same code twice, or the same normalised name twice
// without codes, is an error on the second row naming the first; the
// same name with two codes is two projects.
func TestDuplicates(t *testing.T) {
	head := []any{"项目代码", "项目名称", "建设地点", "建设性质", "总投资"}
	rows := [][]any{{"2024年"}, head,
		{"2024-360100-48-01-000001", "甲工程", "南昌市", "续建", 1},
		{"2024-360100-48-01-000001 ", "甲工程二期", "南昌市", "续建", 1},
		{"", "乙工程（一期）", "南昌市", "续建", 1},
		{"", " 乙工程(一期)", "南昌市", "续建", 1},
		{"2024-360100-48-01-000002", "丙工程", "南昌市", "续建", 1},
		{"2024-360100-48-01-000003", "丙工程", "南昌市", "续建", 1},
	}
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: rows})
	want := []string{
		"4|项目代码|2024-360100-48-01-000001 |项目代码与第3行重复",
		"6|项目名称| 乙工程(一期)|项目名称与第5行重复（且都没有项目代码）",
	}
	if got := messages(p.Errors); strings.Join(got, "\n") != strings.Join(want, "\n") || len(p.Plans) != 4 {
		t.Fatalf("errors %q plans %d", got, len(p.Plans))
	}
}
