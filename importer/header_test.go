package importer

import (
	"strings"
	"testing"
)

// TestClassifyHeaders names every header synonym the province's and the
// cities' lists use, with the precedence cases that a plain keyword
// search would get wrong.
func TestClassifyHeaders(t *testing.T) {
	for _, c := range []struct {
		want  field
		heads []string
	}{
		{fSeq, []string{"序号", "序 号", "编号"}},
		{fCode, []string{"项目代码", "统一代码", "项目统一代码", "投资项目统一代码", "项目编码", "代码", "项目代码（投资项目在线审批监管平台）"}},
		{fName, []string{"项目名称", "名称", "项目", "名 称", "项目\n名称", "项 目 名 称", "项目名称及建设内容"}},
		{fOwner, []string{"建设单位", "项目法人", "业主单位", "项目单位", "项目业主", "项目建设单位"}},
		{fResponsible, []string{"责任单位", "牵头单位", "省级责任单位"}},
		{fContent, []string{"建设规模及内容", "建设内容", "主要建设内容", "建设规模及主要建设内容"}},
		{fPlace, []string{"建设地点", "项目地点", "所在地", "地点", "项目所在地"}},
		{fCity, []string{"设区市", "所属设区市", "市", "地市"}},
		{fCounty, []string{"县(市、区)", "县（市、区）", "县区", "县市区", "所属县区", "县（市、区）\n"}},
		{fSector, []string{"领域", "所属领域", "行业领域"}},
		{fSubsector, []string{"子领域", "类别", "行业", "行业类别"}},
		{fPeriod, []string{"建设年限", "建设起止年限", "起止年限", "建设期限", "建设起止年份"}},
		{fStage, []string{"建设性质", "项目性质", "性质", "建设类型"}},
		{fTotal, []string{"总投资", "总投资（万元）", "总投资\n(亿元)", "总 投 资", "项目总投资（万元）"}},
		{fBefore, []string{"截至上年底累计完成", "至上年底累计完成投资", "截至2023年底累计完成投资", "截止2023年底累计完成投资", "以前年度完成", "开工累计完成", "截至上年底累计完成投资（万元）"}},
		{fPlan, []string{"年度计划投资", "2024年计划投资", "计划投资", "年度计划", "2024年计划", "2024年计划计划投资", "2024年度计划投资（亿元）"}},
		{fFlagship, []string{"示范引领性", "是否示范引领性项目", "示范引领"}},
		{fTags, []string{"清单", "项目类别", "标签", "所属清单", "备注类别", "项目类型"}},
		{fNote, []string{"备注", "备 注"}},
		{fMonth, []string{"本月完成", "当月完成", "6月完成投资", "本月完成投资", "10月完成", "完成投资本月", "完成投资6月", "当月完成投资（万元）"}},
		{fYTD, []string{"1-6月完成投资", "1—10月累计完成", "1-1月完成投资", "累计完成(本年)", "累计完成（本年）", "年度累计完成", "自年初累计完成", "1～6月完成投资", "完成投资1-6月累计", "本年累计完成投资"}},
		{fProgress, []string{"形象进度", "工程形象进度", "形象进度描述", "项目进展情况"}},
		{fProblems, []string{"存在问题", "存在的问题", "问题及建议", "存在困难和问题"}},
		{fTarget, []string{"2024年计划形象进度目标", "形象进度目标", "计划形象进度"}},
		{fNone, []string{"", "ＸＸ", "计划开工时间", "计划竣工年月", "开工时间", "联系人", "行政区划代码"}},
	} {
		for _, h := range c.heads {
			t.Run(strings.ReplaceAll(h, "\n", `\n`), func(t *testing.T) {
				if got := classify(h); got != c.want {
					t.Fatalf("classify(%q) = %d, want %d", h, got, c.want)
				}
			})
		}
	}
}

// TestHeaderDetection covers where the header stands and how many rows it
// has: one row, two rows under merged parents, two rows told by their
// words alone, a wide cell merged in a one-row header, a row of column
// numbers, and a header too far down to be one.
func TestHeaderDetection(t *testing.T) {
	type want struct {
		rows   int    // projects read
		first  int    // Excel row of the first project
		column string // the plan column's name as issues give it
		plan   int64  // the first project's plan, yuan
	}
	for _, c := range []struct {
		name   string
		rows   [][]any
		merges [][2]string
		want   want
	}{
		{
			name: "one row after title lines",
			rows: [][]any{
				{"2024年项目表"}, {"填报单位：省发改委"}, {"单位：万元"},
				{"序号", "项目名称", "年度计划投资"},
				{1, "甲工程", 100},
			},
			want: want{1, 5, "年度计划投资", 1_000_000},
		},
		{
			name: "two rows, parent merged across its children",
			rows: [][]any{
				{"2024年项目表"},
				{"序号", "项目名称", "总投资", "2024年计划", ""},
				{"", "", "", "计划投资", "形象进度目标"},
				{1, "甲工程", 500, 100, "主体完工"},
			},
			merges: [][2]string{{"D2", "E2"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}},
			want:   want{1, 4, "2024年计划/计划投资", 1_000_000},
		},
		{
			name: "two rows, only vertical merges",
			rows: [][]any{
				{"2024年项目表"},
				{"序号", "项目名称", "2024年"},
				{"", "", "计划投资"},
				{1, "甲工程", 100},
			},
			merges: [][2]string{{"A2", "A3"}, {"B2", "B3"}},
			want:   want{1, 4, "2024年/计划投资", 1_000_000},
		},
		{
			name: "two rows without merges, told by their words",
			rows: [][]any{
				{"2024年项目表"},
				{"序号", "项目名称", "2024年计划", ""},
				{"", "", "计划投资", "形象进度目标"},
				{1, "甲工程", 100, "开工"},
			},
			want: want{1, 4, "2024年计划/计划投资", 1_000_000},
		},
		{
			name: "one row with a wide merged cell",
			rows: [][]any{
				{"2024年项目表"},
				{"序号", "项目名称", "", "年度计划投资"},
				{1, "甲工程", "一期", 100},
				{2, "乙工程", "", 50},
			},
			merges: [][2]string{{"B2", "C2"}},
			want:   want{2, 3, "年度计划投资", 1_000_000},
		},
		{
			name: "row of column numbers under the header",
			rows: [][]any{
				{"2024年项目表"},
				{"序号", "项目名称", "总投资", "年度计划投资"},
				{1, 2, 3, 4},
				{1, "甲工程", 500, 100},
			},
			want: want{1, 4, "年度计划投资", 1_000_000},
		},
		{
			name: "full-width and spaced header cells",
			rows: [][]any{
				{"２０２４年项目表"},
				{"序　号", "项 目\n名 称", "年度计划投资\n（万元）"},
				{1, "甲工程", "１００"},
			},
			want: want{1, 3, "年度计划投资（万元）", 1_000_000},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: c.rows, merges: c.merges})
			if len(p.Errors) != 0 || len(p.Plans) != c.want.rows {
				t.Fatalf("plans %d, errors %+v", len(p.Plans), p.Errors)
			}
			r := p.Plans[0]
			if r.Row != c.want.first || r.PlanYuan != c.want.plan || r.Name != "甲工程" {
				t.Fatalf("first project %+v", r)
			}
			// A bad figure in the plan column names the column as the sheet does.
			bad := make([][]any, len(c.rows))
			for r, row := range c.rows {
				bad[r] = append([]any{}, row...)
				for i, v := range row {
					if v == 100 || v == "１００" {
						bad[r][i] = "x"
					}
				}
			}
			p = parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: bad, merges: c.merges})
			if len(p.Errors) == 0 || p.Errors[len(p.Errors)-1].Column != c.want.column || p.Errors[len(p.Errors)-1].Value != "x" {
				t.Fatalf("errors %+v, want one on column %q", p.Errors, c.want.column)
			}
		})
	}
	t.Run("header too far down", func(t *testing.T) {
		rows := make([][]any, headerSearchRows)
		for i := range rows {
			rows[i] = []any{"说明文字"}
		}
		rows = append(rows, []any{"项目名称", "年度计划投资"}, []any{"甲工程", 1})
		_, err := ParseFile(writeBook(t, sheetSpec{name: "S", rows: rows}), ParseOptions{Year: 2024})
		if err == nil || !strings.Contains(err.Error(), "没有在任何工作表中找到项目表头") {
			t.Fatalf("err %v", err)
		}
	})
}

// TestTitleYearAndUnits reads the year and the units from the rows above
// the header and from the header cells; a unit in a header cell wins.
func TestTitleYearAndUnits(t *testing.T) {
	for _, c := range []struct {
		name  string
		above [][]any
		head  string
		opt   ParseOptions
		year  int
		yuan  int64 // of the cell "1.5"
		warn  string
	}{
		{"title and 单位：万元", [][]any{{"2024年江西省省大中型项目计划表"}, {"单位：万元"}}, "总投资", ParseOptions{}, 2024, 15_000, ""},
		{"单位:亿元", [][]any{{"2024年江西省省大中型项目计划表"}, {"单位:亿元"}}, "总投资", ParseOptions{}, 2024, 150_000_000, ""},
		{"（单位：万元） in the title cell", [][]any{{"2025年重点项目表（单位：万元）"}}, "总投资", ParseOptions{}, 2025, 15_000, ""},
		{"units line in a far cell, spaced", [][]any{{"2024年项目表"}, {"", "", "单位： 亿元"}}, "总投资", ParseOptions{}, 2024, 150_000_000, ""},
		{"金额单位：人民币亿元", [][]any{{"2024年项目表"}, {"金额单位：人民币亿元"}}, "总投资", ParseOptions{}, 2024, 150_000_000, ""},
		{"header unit wins over the units line", [][]any{{"2024年项目表"}, {"单位：亿元"}}, "总投资（万元）", ParseOptions{}, 2024, 15_000, ""},
		{"header unit 亿元", [][]any{{"2024年项目表"}}, "总投资（亿元）", ParseOptions{}, 2024, 150_000_000, ""},
		{"no unit anywhere is 万元", [][]any{{"2024年项目表"}}, "总投资", ParseOptions{}, 2024, 15_000, ""},
		{"填报单位 is not a unit", [][]any{{"2024年项目表"}, {"填报单位：南昌市发改委"}}, "总投资", ParseOptions{}, 2024, 15_000, ""},
		{"year from the plan header", [][]any{{"省大中型项目表"}}, "2025年计划投资", ParseOptions{}, 2025, 15_000, ""},
		{"year after 截至2023年底", [][]any{}, "截至2023年底累计完成投资", ParseOptions{}, 2024, 15_000, ""},
		{"the caller's year wins", [][]any{{"2023年项目表"}}, "总投资", ParseOptions{Year: 2024}, 2024, 15_000, "与导入年份（2024年）不一致"},
		{"the caller's year with no title", [][]any{}, "总投资", ParseOptions{Year: 2024}, 2024, 15_000, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows := append(append([][]any{}, c.above...), []any{"项目名称", c.head, "建设性质", "建设地点", "计划投资"}, []any{"甲工程", "1.5", "续建", "南昌市", ""})
			p := parseRows(t, c.opt, sheetSpec{name: "S", rows: rows})
			if p.Year != c.year || len(p.Plans) != 1 || len(p.Errors) != 0 {
				t.Fatalf("year %d plans %d errors %+v", p.Year, len(p.Plans), p.Errors)
			}
			r := p.Plans[0]
			got := r.TotalYuan + r.PlanYuan + r.BeforeYuan
			if got != c.yuan {
				t.Fatalf("1.5 read as %d yuan, want %d", got, c.yuan)
			}
			w := strings.Join(messages(p.Warnings), "|")
			if (c.warn == "") != (w == "") || !strings.Contains(w, c.warn) {
				t.Fatalf("warnings %q, want %q", w, c.warn)
			}
		})
	}
	rows := [][]any{{"省大中型项目表"}, {"项目名称", "总投资"}, {"甲工程", 1}}
	if _, err := ParseFile(writeBook(t, sheetSpec{name: "S", rows: rows}), ParseOptions{}); err == nil || !strings.Contains(err.Error(), "--year") {
		t.Errorf("no year anywhere: %v", err)
	}
}

// TestStageFromTypeColumn takes a 项目类型 column as the stage when its
// values are stages, and as tags when they are not.
func TestStageFromTypeColumn(t *testing.T) {
	stages := [][]any{{"2024年"}, {"项目名称", "项目类型", "总投资"}, {"甲", "新开工", 1}, {"乙", "续建", 1}, {"丙", "竣工投产", 1}}
	p := parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: stages})
	if len(p.Errors) != 0 || p.Plans[0].Stage != StageNewStart || p.Plans[2].Stage != StageCompleting ||
		strings.Join(p.Plans[0].Tags, ",") != "省大中型" || !p.Plans[0].Given["stage"] || p.Plans[0].Given["tags"] {
		t.Fatalf("%+v %+v", p.Errors, p.Plans)
	}
	tags := [][]any{{"2024年"}, {"项目名称", "项目类型", "总投资"}, {"甲", "省重点", 1}, {"乙", "新开工", 1}, {"丙", "专项债、省重点", 1}}
	p = parseRows(t, ParseOptions{}, sheetSpec{name: "S", rows: tags})
	if len(p.Errors) != 0 || p.Plans[0].Stage != StageContinuing || strings.Join(p.Plans[2].Tags, ",") != "专项债,省重点" ||
		p.Plans[0].Given["stage"] || !p.Plans[0].Given["tags"] {
		t.Fatalf("%+v %+v", p.Errors, p.Plans)
	}
}
