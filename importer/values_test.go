package importer

import (
	"portfolio/models"

	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in   string
		unit int64
		want int64
		ok   bool
		err  string
	}{
		{"29.87", UnitYi, 2_987_000_000, true, ""},
		{"29.870000000000001", UnitYi, 2_987_000_000, true, ""},
		{"29.869999999999997", UnitYi, 2_987_000_000, true, ""},
		{"12345.6789", UnitWan, 123_456_789, true, ""},
		{"0.30000000000000004", UnitWan, 3_000, true, ""},
		{"1,234.5", UnitWan, 12_345_000, true, ""},
		{"1，234.5", UnitWan, 12_345_000, true, ""},
		{"12,345,678", UnitYuan, 12_345_678, true, ""},
		{"１２３４", UnitWan, 12_340_000, true, ""},
		{"１２３４．５", UnitWan, 12_345_000, true, ""},
		{" 56 ", UnitWan, 560_000, true, ""},
		{"5 600", UnitWan, 56_000_000, true, ""},
		{"\u300056\u3000", UnitWan, 560_000, true, ""},
		{"1.2E+5", UnitWan, 1_200_000_000, true, ""},
		{"1.2e5", UnitWan, 1_200_000_000, true, ""},
		{"2.987E1", UnitYi, 2_987_000_000, true, ""},
		{"5E-05", UnitWan, 1, true, ""},
		{"3.5亿元", UnitWan, 350_000_000, true, ""},
		{"800万元", UnitYi, 8_000_000, true, ""},
		{"+12", UnitWan, 120_000, true, ""},
		{".5", UnitWan, 5_000, true, ""},
		{"0.00005", UnitWan, 1, true, ""}, // half a yuan rounds away from zero
		{"0.000049999", UnitWan, 0, true, ""},
		{"0.00015", UnitWan, 2, true, ""},
		{"1.5", UnitYuan, 2, true, ""},
		{"2.5", UnitYuan, 3, true, ""},
		{"0", UnitWan, 0, true, ""},
		{"-0", UnitWan, 0, true, ""},
		{"", UnitWan, 0, false, ""},
		{"  ", UnitWan, 0, false, ""},
		{"—", UnitWan, 0, false, ""},
		{"——", UnitWan, 0, false, ""},
		{"-", UnitWan, 0, false, ""},
		{"/", UnitWan, 0, false, ""},
		{"-5", UnitWan, 0, false, "金额不能为负数"},
		{"-0.01", UnitWan, 0, false, "金额不能为负数"},
		{"-1.2E+5", UnitWan, 0, false, "金额不能为负数"},
		{"abc", UnitWan, 0, false, "不是有效的金额"},
		{"二十九亿", UnitWan, 0, false, "不是有效的金额"},
		{"1/3", UnitWan, 0, false, "不是有效的金额"},
		{"0x10", UnitWan, 0, false, "不是有效的金额"},
		{"Inf", UnitWan, 0, false, "不是有效的金额"},
		{"NaN", UnitWan, 0, false, "不是有效的金额"},
		{"1.2.3", UnitWan, 0, false, "不是有效的金额"},
		{"12%", UnitWan, 0, false, "不是有效的金额"},
		{"1e", UnitWan, 0, false, "不是有效的金额"},
		{"1e400", UnitWan, 0, false, "金额不能超过 1,000,000,000.00 万元（10 万亿元）"},
		{"99999999999999999999", UnitYi, 0, false, "金额不能超过 1,000,000,000.00 万元（10 万亿元）"},
		// The bound of one project's figure, ¥10 trillion, is accepted; a yuan more is not.
		{"1000000000", UnitWan, 10_000_000_000_000, true, ""},
		{"100000", UnitYi, 10_000_000_000_000, true, ""},
		{"1000000000.0001", UnitWan, 0, false, "金额不能超过 1,000,000,000.00 万元（10 万亿元）"},
		{"10000000000001", UnitYuan, 0, false, "金额不能超过 1,000,000,000.00 万元（10 万亿元）"},
		{"9223372036854775807", UnitYuan, 0, false, "金额不能超过 1,000,000,000.00 万元（10 万亿元）"},
		{"9.3e18", UnitWan, 0, false, "金额不能超过 1,000,000,000.00 万元（10 万亿元）"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, ok, err := ParseAmount(c.in, c.unit)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if got != c.want || ok != c.ok || msg != c.err {
				t.Fatalf("ParseAmount(%q, %d) = %d, %v, %q; want %d, %v, %q", c.in, c.unit, got, ok, msg, c.want, c.ok, c.err)
			}
		})
	}
}

func TestWanText(t *testing.T) {
	for y, want := range map[int64]string{0: "0", 1: "0.0001", 10_000: "1", 123_456_789: "12345.6789", 12_000_000: "1200", -15_000: "-1.5"} {
		if got := wanText(y); got != want {
			t.Errorf("wanText(%d) = %q, want %q", y, got, want)
		}
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
		{"2022到2026年", 2022, 2026, false},
		{"2022-2026年", 2022, 2026, false},
		{"2022年-2026年", 2022, 2026, false},
		{"2022.01-2026.12", 2022, 2026, false},
		{"2022年1月-2026年12月", 2022, 2026, false},
		{"2022/3-2026/6", 2022, 2026, false},
		{"２０２２－２０２６", 2022, 2026, false},
		{" 2022 - 2026 ", 2022, 2026, false},
		{"2022-26", 2022, 2026, false},
		{"2024", 2024, 2024, false},
		{"2024年", 2024, 2024, false},
		{"2024-2024", 2024, 2024, false},
		{"2026-2022", 0, 0, true},
		{"2022-2026-2030", 0, 0, true},
		{"明年", 0, 0, true},
		{"", 0, 0, true},
		{"24", 0, 0, true},
		{"2022.13-2026", 0, 0, true},
		{"2022-2026年底前", 0, 0, true},
		{"1800-2026", 0, 0, true},
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
	for _, c := range []struct{ in, want string }{
		{"新开工", StageNewStart}, {"新开工项目", StageNewStart}, {"开工", StageNewStart},
		{"续建", StageContinuing}, {" 续 建 ", StageContinuing}, {"续建项目", StageContinuing}, {"加快建设", StageContinuing},
		{"竣工投产", StageCompleting}, {"竣工", StageCompleting}, {"投产", StageCompleting},
		{"建成", StageCompleting}, {"建成投产", StageCompleting},
		{"预备", StagePreparatory}, {"前期", StagePreparatory}, {"预备项目", StagePreparatory},
		{"预备（前期）", StagePreparatory}, {"做好前期工作", StagePreparatory},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got, err := ParseStage(c.in); got != c.want || err != nil {
				t.Fatalf("ParseStage(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
	for _, in := range []string{"暂停", "", "在谈"} {
		if _, err := ParseStage(in); err == nil || !strings.Contains(err.Error(), "建设性质") {
			t.Errorf("ParseStage(%q) = %v, want an error naming 建设性质", in, err)
		}
	}
}

func TestCheckCode(t *testing.T) {
	for in, want := range map[string]bool{
		"2024-360700-48-01-02315X": true, "2020-360000-53-01-000123": true,
		"2024-3607-48-01-02315X": false, "赣发改投资〔2020〕12号": false, "": false,
		// Case, spaces, full-width characters and long dashes are forgiven.
		"2024-360700-48-01-02315x": true, " 2024-360700-48-01-023150 ": true, "２０２４－３６０７００－４８－０１－０２３１５Ｘ": true,
		"2024—360700—48—01—023150": true, "2024-360700-48-01-0231XX": false, "2024-360700-48-01-0231": false,
		"2024-360700-48-01-0231500": false, "24-360700-48-01-023150": false, "2024-360700-4A-01-023150": false,
	} {
		t.Run(in, func(t *testing.T) {
			if got := CheckCode(in); got != want {
				t.Fatalf("CheckCode(%q) = %v", in, got)
			}
		})
	}
	if got := cleanCode(" ２０２４－３６０７００—４８-01-02315x "); got != "2024-360700-48-01-02315X" {
		t.Errorf("cleanCode = %q", got)
	}
}

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"昌九高铁":              "昌九高铁",
		" 昌九 高铁\n":          "昌九高铁",
		"昌九\u3000高铁":        "昌九高铁",
		"联通（江西）产业互联网":       "联通(江西)产业互联网",
		"ＡＢＣ５Ｇ基站":           "abc5g基站",
		"5G基站（二期）":          "5g基站(二期)",
		"中石化九江分公司年产150万吨芳烃": "中石化九江分公司年产150万吨芳烃",
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruthyAndTags(t *testing.T) {
	for _, v := range []string{"是", "√", "Y", "y", "1", "示范引领", "示范引领性", "YES", "✓"} {
		if !truthy(v) {
			t.Errorf("truthy(%q) = false", v)
		}
	}
	for _, v := range []string{"", "否", "0", "N", "×"} {
		if truthy(v) {
			t.Errorf("truthy(%q) = true", v)
		}
	}
	for in, want := range map[string]string{
		"省重点、专项债":       "省重点|专项债",
		"省重点,专项债;中央预算内": "省重点|专项债|中央预算内",
		"省重点，专项债；省重点":   "省重点|专项债",
		"省重点 专项债":       "省重点|专项债",
		"":              "",
	} {
		if got := strings.Join(splitTags(in), "|"); got != want {
			t.Errorf("splitTags(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"29.87", "1,234.5", "１２３", "1e5", "-1", "", "3.5亿元", "0.00005", "1.2E+5", "—",
		"29.870000000000001", "0.5", "0.00005", "999999999999.9999", "12345678901234567", ".5", "5.", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The integer fast path agrees with the exact one wherever it answers.
		for _, u := range []int64{UnitYuan, UnitWan, UnitYi} {
			if y, ok := plainAmount(s, u, models.MaxAmountYuan); ok {
				if y2, ok2, err2 := exactAmount(s, u, models.MaxAmountYuan); y2 != y || !ok2 || err2 != nil {
					t.Fatalf("%q in %d: fast %d, exact %d %v %v", s, u, y, y2, ok2, err2)
				}
			}
		}
		y, ok, err := ParseAmount(s, UnitWan)
		if err != nil && ok {
			t.Fatalf("%q: ok with an error", s)
		}
		if y < 0 || (!ok && y != 0) {
			t.Fatalf("%q: %d, %v", s, y, ok)
		}
		if ok {
			// Whole yuan written back in 万元 (and in 元) reads back the same.
			back, ok2, err2 := ParseAmount(wanText(y), UnitWan)
			if back != y || !ok2 || err2 != nil {
				t.Fatalf("%q → %d → %q → %d", s, y, wanText(y), back)
			}
			back, _, _ = ParseAmount(strconv.FormatInt(y, 10), UnitYuan)
			if back != y {
				t.Fatalf("%q → %d → %d yuan", s, y, back)
			}
		}
	})
}

func FuzzParseYearRange(f *testing.F) {
	for _, s := range []string{"2022-2026", "2022～2026年", "2024", "x", "2022.01-2026.12", "2022-26", "2022年1月-2026年12月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b, err := ParseYearRange(s)
		if err != nil {
			if a != 0 || b != 0 {
				t.Fatalf("%q: %d-%d with an error", s, a, b)
			}
			return
		}
		if a > b || a < 1900 || b > 2099 {
			t.Fatalf("%q → %d-%d", s, a, b)
		}
		// The usual form's shortcut agrees with the general reader.
		if fa, fb, ok := plainYearRange(squash(s)); ok {
			ga, gb, err := yearRangeForms(squash(s))
			if err != nil || ga != fa || gb != fb {
				t.Fatalf("%q: shortcut %d-%d, general %d-%d %v", s, fa, fb, ga, gb, err)
			}
		}
		// The range written back the usual way reads back the same.
		a2, b2, err := ParseYearRange(fmt.Sprintf("%d-%d", a, b))
		if err != nil || a2 != a || b2 != b {
			t.Fatalf("%q → %d-%d → %d-%d, %v", s, a, b, a2, b2, err)
		}
	})
}
