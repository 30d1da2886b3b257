package importer

import (
	"strings"
	"testing"

	"portfolio/models"
)

// TestAmountOverTheBoundIsARowError: a cell above one project's bound
// (¥10 trillion) or below zero is an error of its row naming the sheet,
// row, column, value and the bound, in a monthly sheet and in a list; on
// the old main 9.3e18 万元 came back as "金额过大" without the bound, and
// 2^63−1 yuan was a valid cell. A total row may state more than one
// project's bound. An over-long 形象进度 is a row error too.
func TestAmountOverTheBoundIsARowError(t *testing.T) {
	bound := "金额不能超过 " + models.AmountBoundText()
	rows := [][]any{
		{"2024年1-6月省大中型项目调度表"},
		{"单位：万元"},
		{"序号", "项目代码", "项目名称", "设区市", "1-6月完成投资", "6月完成投资", "形象进度"},
		{"", "", "合计", "", "2000000000", ""},
		{1, "", "昌九高铁", "跨设区市", "9.3e18", "", "桥梁施工"},
		{2, "", "南昌西二绕城高速", "南昌市", "9223372036854775807元", "", ""},
		{3, "", "瑞金机场连接线", "赣州市", "-1", "", ""},
		{4, "", "赣州医院", "赣州市", "1000000000", "", strings.Repeat("进", models.MaxLongText+1)},
		{5, "", "九江港", "九江市", "1000000000", "", strings.Repeat("进", models.MaxLongText)},
	}
	p, err := ParseFile(writeBook(t, sheetSpec{name: "调度表", rows: rows}), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"5|1-6月完成投资|9.3e18|" + bound,
		"6|1-6月完成投资|9223372036854775807元|" + bound,
		"7|1-6月完成投资|-1|金额不能为负数",
		"8|形象进度|" + strings.Repeat("进", models.MaxLongText+1) + "|形象进度不能超过 2,000 个字（现在 2,001 个字）",
	}
	got := messages(p.Errors)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, e := range p.Errors {
		if e.Sheet != "调度表" {
			t.Errorf("sheet %q", e.Sheet)
		}
	}
	if p.Rejected != 4 || len(p.Monthly) != 1 || *p.Monthly[0].YTDYuan != models.MaxAmountYuan {
		t.Fatalf("rejected %d, rows %+v", p.Rejected, p.Monthly)
	}
	for _, w := range p.Warnings {
		if strings.Contains(w.Message, "金额") && w.Row == 4 {
			t.Errorf("the total row's ¥20 trillion is a sum, not an error: %+v", w)
		}
	}
}
