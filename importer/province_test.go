package importer

import (
	"fmt"
	"strings"
	"testing"
)

// fullList is a realistic province list in 亿元: a title, a units line, a
// two-row header under merged parents, 合计 at the top, the ten sectors
// as section rows with their sums, two subsections each with their sums
// and a 小计, amounts written as numbers, as text with separators, in
// full-width digits and as binary floats, a 前期 project without a plan,
// notes at the bottom, and a sheet of instructions to skip. It returns
// the sheets and what the projects add up to, computed in yuan.
func fullList() (sheets []sheetSpec, projects int, total, before, plan int64) {
	subs := map[string][2]string{
		"综合交通": {"铁路", "公路"}, "能源": {"电力", "电网"}, "水利": {"防洪", "灌区"},
		"新型基础设施": {"信息网络", "算力"}, "城市基础设施": {"城市更新", "市政管网"}, "制造业": {"电子信息", "新材料"},
		"现代服务业": {"物流", "文旅"}, "现代农业": {"高标准农田", "冷链"}, "生态环保": {"污水处理", "固废"},
		"公共服务": {"卫生健康", "教育"},
	}
	stages := []string{"续建", "新开工", "竣工投产", "前期", "建成", "预备"}
	var places []string
	for _, cc := range cityCounties() {
		places = append(places, cc[0]+cc[1], cc[len(cc)-1])
	}
	places = append(places, "跨设区市", "赣江新区", "省本级")
	numerals := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

	yi := func(y int64) string { // exact 亿元 text of whole 万元
		s := strings.TrimRight(fmt.Sprintf("%d.%08d", y/100_000_000, y%100_000_000), "0")
		return strings.TrimSuffix(s, ".")
	}
	// Four ways a figure is written; each reads back to the same yuan.
	forms := []func(int64) any{
		func(y int64) any { return float64(y) / 1e8 },
		func(y int64) any { return yi(y) },
		func(y int64) any { // thousands separator
			s := yi(y)
			if i := strings.IndexByte(s+".", '.'); i > 3 {
				s = s[:i-3] + "," + s[i-3:]
			}
			return s
		},
		func(y int64) any { // full-width digits
			return strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r - '0' + '０'
				}
				return r
			}, yi(y))
		},
	}

	rows := [][]any{
		{"2024年江西省省大中型项目投资计划表"},
		{"", "", "", "", "", "", "", "", "", "", "", "单位：亿元"},
		{"序号", "项目名称", "项目代码", "建设单位", "建设地点", "建设性质", "建设年限", "总投资", "截至2023年底累计完成投资", "2024年计划", "", "示范引领性"},
		{"", "", "", "", "", "", "", "", "", "计划投资", "形象进度目标", ""},
		nil, // 合计, filled in below
	}
	n := 0
	for si, sector := range Sectors() {
		var sec [3]int64
		secRow := len(rows)
		rows = append(rows, nil)
		for ui, sub := range subs[sector] {
			var st [3]int64
			subRow := len(rows)
			rows = append(rows, nil)
			for k := 0; k < 3; k++ {
				n++
				t := int64(n)*123_456_780_000 + int64(k)*10_000 // whole 万元, up to ¥7,400亿
				b := t / 3 / 10_000 * 10_000
				p := t / 7 / 10_000 * 10_000
				stage := stages[n%len(stages)]
				var planCell any = forms[n%4](p)
				if stage == "前期" {
					p, planCell = 0, ""
				}
				code := fmt.Sprintf("2024-36%02d00-48-01-%06d", si+1, n)
				rows = append(rows, []any{n, fmt.Sprintf("%s%s项目%d", sector, sub, n), code, "建设单位" + fmt.Sprint(n),
					places[n%len(places)], stage, "2023-2026", forms[(n+1)%4](t), forms[(n+2)%4](b), planCell, "", map[bool]string{true: "是"}[n%7 == 0]})
				st[0], st[1], st[2] = st[0]+t, st[1]+b, st[2]+p
			}
			rows = append(rows, []any{"", "小计", "", "", "", "", "", yi(st[0]), yi(st[1]), yi(st[2])})
			rows[subRow] = []any{fmt.Sprintf("（%s）%s", numerals[ui], sub), "", "", "", "", "", "", yi(st[0]), yi(st[1]), yi(st[2])}
			for i := range sec {
				sec[i] += st[i]
			}
		}
		rows[secRow] = []any{fmt.Sprintf("%s、%s（6个）", numerals[si], sector), "", "", "", "", "", "", yi(sec[0]), yi(sec[1]), yi(sec[2])}
		total, before, plan = total+sec[0], before+sec[1], plan+sec[2]
	}
	rows[4] = []any{"", "合计", "", "", "", "", "", yi(total), yi(before), yi(plan)}
	rows = append(rows, []any{}, []any{"注：1.本表金额单位为亿元；"}, []any{"2.前期项目不列年度计划。"})
	merges := [][2]string{{"A1", "L1"}, {"J3", "K3"}, {"A3", "A4"}, {"B3", "B4"}, {"C3", "C4"}, {"D3", "D4"}, {"E3", "E4"},
		{"F3", "F4"}, {"G3", "G4"}, {"H3", "H4"}, {"I3", "I4"}, {"L3", "L4"}}
	return []sheetSpec{
		{name: "填表说明", rows: [][]any{{"请各设区市按以下要求填报"}, {"1. 金额单位为亿元"}}},
		{name: "2024年省大中型项目", rows: rows, merges: merges},
	}, n, total, before, plan
}

func TestParseFullProvinceList(t *testing.T) {
	sheets, n, total, before, plan := fullList()
	p := parseRows(t, ParseOptions{}, sheets...)
	if len(p.Errors) != 0 {
		t.Fatalf("errors: %q", messages(p.Errors))
	}
	// No warning: the sums all agree, and the 填表说明 sheet is passed over.
	if len(p.Warnings) != 0 {
		t.Fatalf("warnings (the sums must all agree): %q", messages(p.Warnings))
	}
	if p.Kind != KindPlan || p.Year != 2024 || len(p.Plans) != n || n != 60 {
		t.Fatalf("kind %s year %d plans %d of %d", p.Kind, p.Year, len(p.Plans), n)
	}
	var gotT, gotB, gotP int64
	sectors := map[string]int{}
	for _, r := range p.Plans {
		gotT, gotB, gotP = gotT+r.TotalYuan, gotB+r.BeforeYuan, gotP+r.PlanYuan
		sectors[r.Sector+"/"+r.Subsector]++
		if r.City == "" || r.Stage == "" || !CheckCode(r.Code) || r.StartYear != 2023 || r.EndYear != 2026 || strings.Join(r.Tags, ",") != "省大中型" {
			t.Errorf("row %d: %+v", r.Row, r)
		}
	}
	if gotT != total || gotB != before || gotP != plan {
		t.Fatalf("totals %d %d %d, want %d %d %d", gotT, gotB, gotP, total, before, plan)
	}
	if len(sectors) != 20 || sectors["综合交通/铁路"] != 3 || sectors["公共服务/教育"] != 3 {
		t.Fatalf("sectors %v", sectors)
	}
	// A figure changed by one 万元 in one project shows in four sums: its
	// 小计, its subsection, its section and the 合计.
	rows := sheets[1].rows
	for i, r := range rows {
		if len(r) > 0 && r[0] == 5 {
			rows[i] = append([]any{}, r...)
			rows[i][7] = "1"
		}
	}
	p = parseRows(t, ParseOptions{}, sheets...)
	var sums []string
	for _, w := range p.Warnings {
		if strings.Contains(w.Message, "所含项目之和") {
			sums = append(sums, fmt.Sprint(w.Row, w.Column))
		}
	}
	if strings.Join(sums, ",") != "16总投资,12总投资,6总投资,5总投资" || len(p.Errors) != 0 {
		t.Fatalf("warnings %q", messages(p.Warnings))
	}
}
