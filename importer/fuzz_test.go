package importer

import (
	"bytes"
	"fmt"
	"io"
	"portfolio/xlsx/xlsxtest"
	"regexp"
	"strings"
	"testing"
)

// Fuzz targets beyond FuzzParseAmount and FuzzParseYearRange (in
// values_test.go). CI runs each for a bounded time with -fuzztime; the
// seeds run with every `go test`.

// codeRe is the code's form as a regular expression: the oracle codeForm
// is checked against.
var codeRe = regexp.MustCompile(`^\d{4}-\d{6}-\d{2}-\d{2}-\d{5}[0-9A-Z]$`)

func FuzzCheckCode(f *testing.F) {
	for _, s := range []string{"2024-360700-48-01-02315X", "２０２４－３６０７００－４８－０１－０２３１５Ｘ", " 2024—360700—48—01—023150 ",
		"2024-360700-48-01-0231XX", "", "赣发改投资〔2020〕12号", "2024_360700_48_01_02315x", "ǅ", "ﬀ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := CheckCode(s)
		c := cleanCode(s)
		// The clean form is a fixed point, and checking it is checking s:
		// the store keeps cleanCode's output and checks it again.
		if again := cleanCode(c); again != c {
			t.Fatalf("cleanCode not idempotent: %q → %q → %q", s, c, again)
		}
		if CheckCode(c) != ok {
			t.Fatalf("CheckCode(%q) = %v but CheckCode(clean %q) = %v", s, ok, c, !ok)
		}
		if want := codeRe.MatchString(c); ok != want {
			t.Fatalf("CheckCode(%q) = %v, the regular expression says %v", s, ok, want)
		}
		if ok {
			if len(c) != 24 || c[4] != '-' || c[11] != '-' || c[14] != '-' || c[17] != '-' {
				t.Fatalf("%q accepted as %q", s, c)
			}
			if strings.ToUpper(c) != c || strings.ContainsAny(c, " \t\n") {
				t.Fatalf("%q accepted as %q, not clean", s, c)
			}
			// Packed for the duplicate check, it can be read back: two
			// codes pack alike only when they are the same.
			k, packed := packCode(c)
			if !packed || unpackCode(k) != c {
				t.Fatalf("%q packs to %v, which reads back as %q", c, k, unpackCode(k))
			}
		}
	})
}

func FuzzClassifyHeader(f *testing.F) {
	for _, s := range []string{"项目名称", "总投资\n（万元）", "截至2023年底累计完成投资", "2024年1-6月完成投资", "6月完成",
		"建设单位", "项目代码", "序号", "ＡＢＣ", "形象进度目标", "", "2024年计划/计划投资", "备注类别", "行政区划代码"} {
		f.Add(s, "2024年计划")
	}
	f.Fuzz(func(t *testing.T, h, parent string) {
		got := classify(h)
		// classify reads folded text: folding again, or adding spaces and
		// line breaks (officials wrap header cells), changes nothing.
		if again := classify(squash(h)); again != got {
			t.Fatalf("classify(%q) = %d, classify(squash) = %d", h, got, again)
		}
		if sq := squash(h); squash(sq) != sq {
			t.Fatalf("squash not idempotent on %q", h)
		}
		if wrapped := classify(" \n" + h + "\u3000\r\n"); wrapped != got {
			t.Fatalf("classify(%q) = %d, with line breaks %d", h, got, wrapped)
		}
		if headerText(headerText(h)) != headerText(h) {
			t.Fatalf("headerText not idempotent on %q", h)
		}
		_ = unitOf(h)
		if n := ytdMonth(h); n < 0 || n > 99 {
			t.Fatalf("ytdMonth(%q) = %d", h, n)
		}
		// findHeader and readHeader over a sheet made of the strings: a
		// header is found only in a row naming a project-name column, and
		// the columns read are inside the row.
		g := &grid{name: "S", rows: [][]string{{parent, parent}, {h, "项目名称", parent}, {"1", "昌九高铁", "100"}},
			merges: []mergeRange{{top: 0, left: 0, bottom: 0, right: 1}}}
		hr, ok := findHeader(g)
		if !ok {
			return
		}
		named := false
		for _, c := range g.rows[hr] {
			named = named || classify(c) == fName
		}
		if !named {
			t.Fatalf("header row %d names no project name: %q", hr, g.rows[hr])
		}
		s := &sheet{p: &Parsed{}, g: g, warned: map[string]bool{}, unit: UnitWan}
		data := s.readHeader(hr)
		if data <= hr || data > hr+3 {
			t.Fatalf("data starts at %d after header %d", data, hr)
		}
		for f, c := range s.cols {
			if c.field != f || c.idx < 0 || c.idx >= 3 || c.unit <= 0 {
				t.Fatalf("column %+v", c)
			}
		}
	})
}

// FuzzParse reads random bytes as a whole workbook, as .xlsx and as
// .csv. It never panics, never runs past the limits, and every error it
// gives is a message in Chinese; every row it keeps passed its checks.
func FuzzParse(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, name := range []string{"f.xlsx", "f.csv"} {
			p, err := Parse(bytes.NewReader(b), name, ParseOptions{MaxBytes: 1 << 20})
			if err != nil {
				xlsxtest.CheckMessage(t, err.Error())
				if p != nil {
					t.Fatalf("%s: a result with an error", name)
				}
				continue
			}
			if p.Year < 2000 || p.Year > 2099 || (p.Kind != KindPlan && p.Kind != KindMonthly) {
				t.Fatalf("%s: year %d kind %q", name, p.Year, p.Kind)
			}
			if p.Kind == KindMonthly && (p.Month < 1 || p.Month > 12) {
				t.Fatalf("%s: month %d", name, p.Month)
			}
			if len(p.Plans)+len(p.Monthly)+p.Rejected == 0 {
				t.Fatalf("%s: a result with no rows", name)
			}
			for _, is := range append(append([]Issue{}, p.Errors...), p.Warnings...) {
				xlsxtest.CheckMessage(t, is.Message)
			}
			for _, r := range p.Plans {
				if r.Name == "" || r.Row < 1 || r.TotalYuan < 0 || r.PlanYuan < 0 || r.BeforeYuan < 0 || r.Stage == "" {
					t.Fatalf("%s: plan row %+v", name, r)
				}
				if r.Code != "" && r.Code != cleanCode(r.Code) {
					t.Fatalf("%s: code %q not clean", name, r.Code)
				}
			}
			for _, r := range p.Monthly {
				if r.Name == "" || r.Row < 1 || (r.MonthYuan != nil && *r.MonthYuan < 0) || (r.YTDYuan != nil && *r.YTDYuan < 0) {
					t.Fatalf("%s: monthly row %+v", name, r)
				}
			}
		}
	})
}

// fuzzSeeds are FuzzParse's starting files: good workbooks written by
// excelize and the small ones of the hostile corpus. The zip bomb is
// replaced by a small zip declaring the bomb's size, and the files of a
// million rows are left out: each mutation of them would take seconds.
func fuzzSeeds(tb testing.TB) [][]byte {
	seeds := [][]byte{
		rawSheet(tb, listTop(), listRow(3, "2024-360100-48-01-000001", "昌九高铁"), listRow(4, "", "赣江大桥")),
		rawSheet(tb, listTop(), listRow(3, "", "昌九高铁"), xrow(4, "2", "赣江大桥", "", "九江市", "新开工", "100", "=F4*0.2")),
		rawSheet(tb, xrow(1, "2024年1-6月重大项目调度表"), xrow(2, "序号", "项目名称", "本月完成", "1-6月完成", "形象进度"),
			xrow(3, "1", "昌九高铁", "5", "30", "路基施工")),
		rawSheet(tb, listTop(), listRow(3, "", "昌九高铁"), xrow(1_048_577, "x")),
		rawSheet(tb, listTop(), xrow(3, "1", "昌九高铁", "", "南昌市", "续建", "100", "20", strings.Repeat("长", 33_000))),
		rawBook(tb, func(w io.Writer) {
			w.Write([]byte(xlsxtest.SheetHead + `<sheetData>` + listTop() + listRow(3, "", "昌九高铁") + listRow(4, "", "昌九高铁") +
				`</sheetData><mergeCells count="2"><mergeCell ref="D3:D4"/><mergeCell ref="A1:G1"/></mergeCells>` + xlsxtest.SheetTail))
		}),
		xlsxtest.DeclaredBomb(tb),
		xlsxtest.CFBFile("Workbook"),
		xlsxtest.CFBFile("EncryptionInfo", "EncryptedPackage"),
		[]byte("项目名称,总投资,2024年计划投资\n昌九高铁,100,20\n赣江大桥,\"1,000\",—\n"),
		[]byte("2024年1-6月\n项目名称,项目代码,1-6月完成\n昌九高铁,2024-360100-48-01-000001,30\n"),
		[]byte("\xEF\xBB\xBF序号,项目名称,总投资\n"),
		{},
		[]byte("PK\x03\x04"),
	}
	for _, sheets := range [][]sheetSpec{goodList(), provinceList()} {
		seeds = append(seeds, bookBytes(tb, sheets...))
	}
	return seeds
}

// unpackCode reverses packCode.
func unpackCode(k packedCode) string {
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	last := chars[k[1]%36]
	rest := fmt.Sprintf("%012d%07d", k[0], k[1]/36)
	return rest[:4] + "-" + rest[4:10] + "-" + rest[10:12] + "-" + rest[12:14] + "-" + rest[14:] + string(last)
}
