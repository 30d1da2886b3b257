package importer

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/xlsx/xlsxtest"
)

// cityVariantList is a city's own list as 九江市 sends it: a title and a
// units line, units in the headers too, the city's own words for the
// columns, 合计 right under the header, the stage given by section rows
// with their counts and subtotals while the sector is a column, periods
// with months and bare county names. Row 14 says 新开工 under the
// 竣工投产 section: a row error naming both.
func cityVariantList() sheetSpec {
	return sheetSpec{name: "九江市", rows: [][]any{
		{"九江市2024年省大中型项目计划表"},
		{"", "", "", "", "", "", "", "", "", "", "单位：万元"},
		{"序号", "项目名称", "项目法人", "建设内容及规模", "建设性质", "建设年限", "县（市、区）", "领域", "总投资（万元）", "至2023年底累计完成投资", "2024年计划投资"}, // 3
		{"", "合计", "", "", "", "", "", "", 1090000, 73000, 127000},      // 4
		{"一、续建项目（2个）", "", "", "", "", "", "", "", 80000, 28000, 27000}, // 5
		{1, "湖口县金砂湾污水处理厂", "湖口县城市建设投资有限公司", "日处理污水2万吨", "续建", "2023.03-2026.12", "湖口县", "生态环保", 30000, 8000, 12000}, // 6
		{2, "彭泽县核电配套道路", "彭泽县交通投资集团", "新建道路12公里", "", "2022-2025", "彭泽县", "综合交通", 50000, 20000, 15000},              // 7: the stage from its section
		{"二、新开工项目（2个）", "", "", "", "", "", "", "", 880000, 0, 70000},                                               // 8
		{3, "都昌县人民医院新院区", "都昌县人民医院", "床位800张", "新开工", "2024.01-2026.12", "都昌县", "社会事业", 80000, 0, 20000},            // 9
		{4, "修水抽水蓄能电站", "国网新源江西修水抽水蓄能有限公司", "装机120万千瓦", "新开工", "2024-2030", "修水县", "能源", 800000, 0, 50000},          // 10
		{"三、竣工投产项目（2个）", "", "", "", "", "", "", "", 130000, 45000, 30000},                                          // 11
		{5, "瑞昌市铜板带生产线", "江西瑞昌铜业有限公司", "年产铜板带5万吨", "竣工投产", "2022.06-2024.06", "瑞昌市", "制造业", 60000, 45000, 15000},    // 12
		{"", "其中：中央预算内", "", "", "", "", "", "", "", "", 3000},                                                      // 13
		{6, "共青城市科创园", "共青城市城投公司", "厂房20万平方米", "新开工", "2024-2025", "共青城市", "现代服务业", 70000, 0, 15000},                // 14: disagrees with its section
	}}
}

func TestCityVariantList(t *testing.T) {
	p := parseRows(t, ParseOptions{}, cityVariantList())
	if p.Year != 2024 || p.Kind != KindPlan {
		t.Fatalf("year %d kind %s", p.Year, p.Kind)
	}
	if got := messages(p.Warnings); len(got) != 0 {
		t.Fatalf("warnings %q", got)
	}
	wantErr := "14|建设性质|新开工|建设性质为“新开工”，与所在分组“三、竣工投产项目（2个）”的“竣工投产”不一致"
	if got := messages(p.Errors); len(got) != 1 || got[0] != wantErr || p.Errors[0].Sheet != "九江市" || p.Rejected != 1 {
		t.Fatalf("errors %q rejected %d\nwant %q", got, p.Rejected, wantErr)
	}
	type row struct {
		name, owner, content, stage, sector, city, county string
		start, end                                        int
		total, before, plan                               int64
	}
	var got []row
	for _, r := range p.Plans {
		got = append(got, row{r.Name, r.Owner, r.Content, r.Stage, r.Sector, r.City, r.County, r.StartYear, r.EndYear, r.TotalYuan, r.BeforeYuan, r.PlanYuan})
		if !r.Given["stage"] || !r.Given["sector"] || !r.Given["county"] || !r.Given["owner"] || !r.Given["content"] {
			t.Errorf("row %d: given %v", r.Row, r.Given)
		}
	}
	const wan = 10_000
	want := []row{
		{"湖口县金砂湾污水处理厂", "湖口县城市建设投资有限公司", "日处理污水2万吨", StageContinuing, "生态环保", "九江市", "湖口县", 2023, 2026, 30000 * wan, 8000 * wan, 12000 * wan},
		{"彭泽县核电配套道路", "彭泽县交通投资集团", "新建道路12公里", StageContinuing, "综合交通", "九江市", "彭泽县", 2022, 2025, 50000 * wan, 20000 * wan, 15000 * wan},
		{"都昌县人民医院新院区", "都昌县人民医院", "床位800张", StageNewStart, "公共服务", "九江市", "都昌县", 2024, 2026, 80000 * wan, 0, 20000 * wan},
		{"修水抽水蓄能电站", "国网新源江西修水抽水蓄能有限公司", "装机120万千瓦", StageNewStart, "能源", "九江市", "修水县", 2024, 2030, 800000 * wan, 0, 50000 * wan},
		{"瑞昌市铜板带生产线", "江西瑞昌铜业有限公司", "年产铜板带5万吨", StageCompleting, "制造业", "九江市", "瑞昌市", 2022, 2024, 60000 * wan, 45000 * wan, 15000 * wan},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows\n%+v\nwant\n%+v", got, want)
	}
}

// stageTotals imports the file at path (its refused row skipped) into a
// new store and sums the year's plan by stage: count, 总投资, 年度计划.
func stageTotals(t *testing.T, path string) map[string][3]int64 {
	t.Helper()
	p, err := ParseFile(path, ParseOptions{})
	if err != nil {
		t.Fatal(path, err)
	}
	s := storetest.SQLite(t)
	im := &Importer{Store: s}
	if _, err := im.Apply(context.Background(), p, path, Options{Who: models.Who{Actor: "test", Source: models.SourceCLI}, SkipInvalid: true}, nil); err != nil {
		t.Fatal(path, err)
	}
	var rows []struct {
		Stage       string
		N           int64
		Total, Plan int64
	}
	if err := s.DB().Raw("SELECT stage, COUNT(*) AS n, CAST(SUM(total_investment_yuan) AS BIGINT) AS total, CAST(SUM(annual_plan_yuan) AS BIGINT) AS plan FROM plan_entries WHERE year = 2024 GROUP BY stage").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string][3]int64{}
	for _, r := range rows {
		out[r.Stage] = [3]int64{r.N, r.Total, r.Plan}
	}
	return out
}

// TestCityVariantImportsAndAsXLS: the city's list imports to the totals
// its sections state (less the refused row), and the same list saved by
// LibreOffice as .xls imports to exactly the same totals.
func TestCityVariantImportsAndAsXLS(t *testing.T) {
	path := writeBook(t, cityVariantList())
	const wan = 10_000
	want := map[string][3]int64{
		StageContinuing: {2, 80000 * wan, 27000 * wan},
		StageNewStart:   {2, 880000 * wan, 70000 * wan},
		StageCompleting: {1, 60000 * wan, 15000 * wan},
	}
	if got := stageTotals(t, path); !reflect.DeepEqual(got, want) {
		t.Fatalf(".xlsx totals %v, want %v", got, want)
	}
	dir := t.TempDir()
	xlsxtest.ToXLS(t, dir, path)
	xls := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ".xlsx")+".xls")
	wantP, err := ParseFile(path, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gotP, err := ParseFile(xls, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gotP.File = wantP.File
	if !reflect.DeepEqual(gotP, wantP) {
		t.Fatalf(".xls parsed %d plans %v %v; .xlsx %d plans %v %v", len(gotP.Plans), gotP.Errors, gotP.Warnings, len(wantP.Plans), wantP.Errors, wantP.Warnings)
	}
	if got := stageTotals(t, xls); !reflect.DeepEqual(got, want) {
		t.Fatalf(".xls totals %v, want %v", got, want)
	}
}
