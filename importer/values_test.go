package importer

import (
	"fmt"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in   string
		unit int64
		want int64
		ok   bool
		err  bool
	}{
		{"29.87", UnitYi, 2_987_000_000, true, false},
		{"29.870000000000001", UnitYi, 2_987_000_000, true, false},
		{"29.869999999999997", UnitYi, 2_987_000_000, true, false},
		{"12345.6789", UnitWan, 123_456_789, true, false},
		{"1,234.5", UnitWan, 12_345_000, true, false},
		{"1，234.5", UnitWan, 12_345_000, true, false},
		{"１２３４", UnitWan, 12_340_000, true, false},
		{" 56 ", UnitWan, 560_000, true, false},
		{"1.2E+5", UnitWan, 1_200_000_000, true, false},
		{"3.5亿元", UnitWan, 350_000_000, true, false},
		{"800万元", UnitYi, 8_000_000, true, false},
		{"0.00005", UnitWan, 1, true, false}, // half a yuan rounds away from zero
		{"0.00004", UnitWan, 0, true, false},
		{"0", UnitWan, 0, true, false},
		{"", UnitWan, 0, false, false},
		{"—", UnitWan, 0, false, false},
		{"-", UnitWan, 0, false, false},
		{"/", UnitWan, 0, false, false},
		{"-5", UnitWan, 0, false, true},
		{"abc", UnitWan, 0, false, true},
		{"1/3", UnitWan, 0, false, true},
		{"Inf", UnitWan, 0, false, true},
		{"1e400", UnitWan, 0, false, true},
		{"99999999999999999999", UnitYi, 0, false, true},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, ok, err := ParseAmount(c.in, c.unit)
			if got != c.want || ok != c.ok || (err != nil) != c.err {
				t.Fatalf("ParseAmount(%q, %d) = %d, %v, %v; want %d, %v, err %v", c.in, c.unit, got, ok, err, c.want, c.ok, c.err)
			}
		})
	}
}

func TestParseYearRange(t *testing.T) {
	for _, c := range []struct {
		in         string
		start, end int
		err        bool
	}{
		{"2022-2026", 2022, 2026, false},
		{"2022—2026", 2022, 2026, false},
		{"2022–2026", 2022, 2026, false},
		{"2022～2026", 2022, 2026, false},
		{"2022~2026", 2022, 2026, false},
		{"2022至2026", 2022, 2026, false},
		{"2022-2026年", 2022, 2026, false},
		{"2022年-2026年", 2022, 2026, false},
		{"2022.01-2026.12", 2022, 2026, false},
		{"２０２２－２０２６", 2022, 2026, false},
		{"2024", 2024, 2024, false},
		{"2026-2022", 0, 0, true},
		{"明年", 0, 0, true},
		{"2022-2026-2030", 0, 0, true},
	} {
		t.Run(c.in, func(t *testing.T) {
			s, e, err := ParseYearRange(c.in)
			if s != c.start || e != c.end || (err != nil) != c.err {
				t.Fatalf("ParseYearRange(%q) = %d, %d, %v", c.in, s, e, err)
			}
		})
	}
}

func TestParseStage(t *testing.T) {
	for in, want := range map[string]string{
		"新开工": StageNewStart, "续建": StageContinuing, "竣工投产": StageCompleting, "竣工": StageCompleting,
		"投产": StageCompleting, "建成": StageCompleting, "预备": StagePreparatory, "前期": StagePreparatory,
		" 续 建 ": StageContinuing, "新开工项目": StageNewStart,
	} {
		if got, err := ParseStage(in); got != want || err != nil {
			t.Errorf("ParseStage(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseStage("暂停"); err == nil {
		t.Error("ParseStage(暂停) accepted")
	}
}

func TestSplitPlace(t *testing.T) {
	for _, c := range []struct{ in, city, county string }{
		{"南昌市红谷滩区", "南昌市", "红谷滩区"},
		{"南昌市", "南昌市", ""},
		{"南昌", "南昌市", ""},
		{"南昌县", "南昌市", "南昌县"},
		{"吉安市吉安县", "吉安市", "吉安县"},
		{"瑞金市", "赣州市", "瑞金市"},
		{"永修县", "九江市", "永修县"},
		{"江西省九江市濂溪区", "九江市", "濂溪区"},
		{"赣江新区", "赣江新区", ""},
		{"跨设区市", "跨设区市", ""},
		{"省本级", "跨设区市", ""},
		{"南昌市、九江市", "跨设区市", ""},
		{"上饶市 广信区", "上饶市", "广信区"},
	} {
		city, county, err := SplitPlace(c.in)
		if city != c.city || county != c.county || err != nil {
			t.Errorf("SplitPlace(%q) = %q, %q, %v; want %q, %q", c.in, city, county, err, c.city, c.county)
		}
	}
	for _, in := range []string{"", "北京市朝阳区"} {
		if _, _, err := SplitPlace(in); err == nil {
			t.Errorf("SplitPlace(%q) accepted", in)
		}
	}
}

func TestCheckCode(t *testing.T) {
	for in, want := range map[string]bool{
		"2024-360700-48-01-02315X": true, "2020-360000-53-01-000123": true,
		"2024-3607-48-01-02315X": false, "赣发改投资〔2020〕12号": false, "": false, "2024-360700-48-01-02315x": false,
	} {
		if got := CheckCode(in); got != want {
			t.Errorf("CheckCode(%q) = %v", in, got)
		}
	}
}

func TestClassifyHeaders(t *testing.T) {
	for in, want := range map[string]field{
		"序号": fSeq, "项目代码": fCode, "投资项目统一代码": fCode, "项目编码": fCode,
		"项目名称": fName, "项目名称及建设内容": fName, "名 称": fName, "项目": fName,
		"建设单位": fOwner, "项目法人": fOwner, "业主单位": fOwner, "责任单位": fResponsible,
		"建设规模及主要建设内容": fContent, "建设地点": fPlace, "设区市": fCity, "县（市、区）": fCounty,
		"领域": fSector, "所属领域": fSector, "行业领域": fSector, "子领域": fSubsector,
		"建设年限": fPeriod, "建设起止年限": fPeriod, "建设性质": fStage,
		"总投资": fTotal, "总投资（万元）": fTotal, "总投资\n(亿元)": fTotal,
		"截至2023年底累计完成投资": fBefore, "至上年底累计完成投资": fBefore, "以前年度完成": fBefore,
		"2024年计划投资": fPlan, "年度计划投资": fPlan, "2024年计划计划投资": fPlan, "计划投资": fPlan,
		"2024年计划形象进度目标": fTarget, "示范引领性": fFlagship, "是否示范引领性项目": fFlagship,
		"项目类别": fTags, "备注": fNote,
		"本月完成": fMonth, "6月完成投资": fMonth, "当月完成投资": fMonth,
		"1-6月完成投资": fYTD, "1—10月累计完成": fYTD, "1-1月完成投资": fYTD, "累计完成": fYTD,
		"形象进度": fProgress, "完成投资6月": fMonth, "完成投资1-6月累计": fYTD, "建设类型": fStage, "性质": fStage, "工程形象进度": fProgress, "存在问题": fProblems, "存在的问题": fProblems,
		"ＸＸ": fNone,
	} {
		if got := classify(in); got != want {
			t.Errorf("classify(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"29.87", "1,234.5", "１２３", "1e5", "-1", "", "3.5亿元", "0.00005"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, ok, err := ParseAmount(s, UnitWan)
		if err != nil && ok {
			t.Fatalf("%q: ok with an error", s)
		}
		if y < 0 {
			t.Fatalf("%q: negative %d", s, y)
		}
		if ok {
			// Whole yuan written back in 万元 reads back the same.
			back, ok2, err2 := ParseAmount(fmt.Sprintf("%d.%04d", y/10000, y%10000), UnitWan)
			if back != y || !ok2 || err2 != nil {
				t.Fatalf("%q → %d → %d", s, y, back)
			}
		}
	})
}

func FuzzParseYearRange(f *testing.F) {
	for _, s := range []string{"2022-2026", "2022～2026年", "2024", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b, err := ParseYearRange(s)
		if err == nil && (a > b || a < 1900 || b > 2099) {
			t.Fatalf("%q → %d-%d", s, a, b)
		}
	})
}
