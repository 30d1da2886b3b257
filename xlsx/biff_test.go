package xlsx

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"portfolio/demo"
	xt "portfolio/xlsx/xlsxtest"
)

// readBook reads every sheet of a workbook: names, rows, merges.
type sheetDump struct {
	name   string
	rows   map[int][]string
	merges []Range
}

func readBook(t testing.TB, data []byte, opts ...Option) ([]sheetDump, error) {
	t.Helper()
	b, err := Open(bytes.NewReader(data), int64(len(data)), opts...)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	var out []sheetDump
	for i, name := range b.Sheets() {
		rows, merges, err := bookRows(b, i)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(merges, func(a, b Range) int {
			return cmpInts(a.Top, b.Top, a.Left, b.Left, a.Bottom, b.Bottom, a.Right, b.Right)
		})
		out = append(out, sheetDump{name: name, rows: rows, merges: merges})
	}
	return out, nil
}

func cmpInts(pairs ...int) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] != pairs[i+1] {
			return pairs[i] - pairs[i+1]
		}
	}
	return 0
}

func bookRows(b *Book, i int) (map[int][]string, []Range, error) {
	rs, err := b.Rows(i)
	if err != nil {
		return nil, nil, err
	}
	rows := map[int][]string{}
	for {
		r, cells, _, err := rs.Next()
		if err == io.EOF {
			return rows, slices.Clone(rs.Merges()), nil
		}
		if err != nil {
			return nil, nil, err
		}
		if len(cells) > 0 {
			rows[r] = slices.Clone(cells)
		}
	}
}

// kindsBook writes an .xlsx holding what an .xls must read right: Chinese
// and Latin text, shared strings long enough that the SST goes on in
// CONTINUE records, numbers, dates, numbers stored as text, merged
// cells, several sheets.
func kindsBook(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "文本"))
	for r := 1; r <= 60; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		long := strings.Repeat("赣江新区重大项目", r*15) + strings.Repeat("abc-123 ", r*20) + "完"
		must(f.SetCellValue("文本", cell, long))
		cell, _ = excelize.CoordinatesToCellName(2, r)
		must(f.SetCellValue("文本", cell, strings.Repeat("Latin é ", r*10)))
		cell, _ = excelize.CoordinatesToCellName(3, r)
		must(f.SetCellValue("文本", cell, "南昌市"))
	}
	_, err := f.NewSheet("数字")
	must(err)
	nums := []any{1234.5, 0.1, -3, 123456789012, 1e-7, 3.14159265358979, 2.5e15, 100, -0.25, 37.99, 241.67}
	for i, v := range nums {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetCellValue("数字", cell, v))
	}
	must(f.SetCellValue("数字", "B1", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellValue("数字", "B2", time.Date(2023, 12, 31, 12, 30, 0, 0, time.UTC)))
	must(f.SetCellStr("数字", "C1", "00123"))
	must(f.SetCellStr("数字", "C2", "1234.50"))
	_, err = f.NewSheet("合并")
	must(err)
	must(f.SetCellValue("合并", "A1", "标题"))
	must(f.MergeCell("合并", "A1", "E1"))
	must(f.SetCellValue("合并", "A3", "南昌市"))
	must(f.MergeCell("合并", "A3", "A8"))
	must(f.SetCellValue("合并", "B3", 12.5))
	_, err = f.NewSheet("空表")
	must(err)
	must(f.SaveAs(path))
}

// TestXLSReadsAsItsXLSX: workbooks saved by LibreOffice as .xls read
// cell for cell, sheet for sheet, merge for merge as their .xlsx: the
// demo's plan list and a monthly sheet, and a workbook of every kind of
// cell.
func TestXLSReadsAsItsXLSX(t *testing.T) {
	dir := t.TempDir()
	files, err := demo.Write(filepath.Join(dir, "demo.xlsx"), demo.Options{Projects: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	xlsxs := []string{files[0].Path, files[len(files)-1].Path, filepath.Join(dir, "kinds.xlsx")}
	kindsBook(t, xlsxs[2])
	out := filepath.Join(dir, "xls")
	xt.ToXLS(t, out, xlsxs...)
	for _, x := range xlsxs {
		t.Run(filepath.Base(x), func(t *testing.T) {
			want := readFile(t, x)
			got := readFile(t, filepath.Join(out, strings.TrimSuffix(filepath.Base(x), ".xlsx")+".xls"))
			compareBooks(t, got, want)
		})
	}
}

func readFile(t *testing.T, path string) []sheetDump {
	t.Helper()
	data, err := os.ReadFile(path) // #nosec G304 -- the test's own file
	if err != nil {
		t.Fatal(err)
	}
	book, err := readBook(t, data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return book
}

// compareBooks fails on any sheet, cell or merge of got not as in want.
func compareBooks(t *testing.T, got, want []sheetDump) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d sheets, want %d", len(got), len(want))
	}
	cells := 0
	for i := range want {
		g, w := got[i], want[i]
		if g.name != w.name {
			t.Errorf("sheet %d named %q, want %q", i, g.name, w.name)
		}
		if !reflect.DeepEqual(g.merges, w.merges) {
			t.Errorf("sheet %q: merges %v, want %v", w.name, g.merges, w.merges)
		}
		for r := range max(len(g.rows), len(w.rows)) + 70_000 {
			gr, wr := g.rows[r], w.rows[r]
			if !slices.Equal(gr, wr) {
				t.Errorf("sheet %q row %d: %q, want %q", w.name, r+1, gr, wr)
			}
			cells += len(wr)
		}
	}
	if cells == 0 {
		t.Fatal("no cells compared")
	}
	t.Logf("%d cells compared", cells)
}

// splitSST is an SST whose strings are split across CONTINUE records in
// every way [MS-XLS] allows: characters that switch from 8-bit to UTF-16
// and back at the split, a string whose characters all start in the next
// record, formatting runs and phonetic data split as plain bytes.
func splitSST() ([]byte, []string) {
	want := []string{"abc南昌", "南昌abc", "赣州", "rich文本", "phonetic", "last"}
	rec := xt.Rec(xt.RecSST, xt.U32(6), xt.U32(6),
		xt.U16(5), []byte{0}, xt.Chars("abc", false))
	cont := func(parts ...[]byte) []byte { return xt.Rec(xt.RecContinue, parts...) }
	return slices.Concat(rec,
		cont([]byte{1}, xt.Chars("南昌", true), // string 1 goes on as UTF-16
			xt.U16(5), []byte{1}, xt.Chars("南昌", true)),
		cont([]byte{0}, xt.Chars("abc", false), // string 2 goes on 8-bit
			xt.U16(2), []byte{1}), // string 3's header; its characters in the next record
		cont([]byte{1}, xt.Chars("赣州", true),
			xt.U16(6), []byte{0x08}, xt.U16(2), xt.Chars("rich", false)),
		cont([]byte{1}, xt.Chars("文本", true), xt.U32(0), xt.U16(1)), // two runs, split
		cont(xt.U16(2),
			xt.U16(8), []byte{0x04}, xt.U32(6), xt.Chars("phonetic", false), []byte{1, 2, 3}),
		cont([]byte{4, 5, 6}, xt.XLString("last", false)),
	), want
}

func hostileBase() (globals [][]byte, sheet [][]byte) {
	sst, _ := splitSST()
	return [][]byte{sst}, [][]byte{
		xt.Rec(xt.RecDimensions, xt.U32(0), xt.U32(12), xt.U16(0), xt.U16(5), xt.U16(0)),
		xt.LabelSST(0, 0, 0), xt.LabelSST(0, 1, 1), xt.LabelSST(0, 2, 2),
		xt.LabelSST(1, 0, 3), xt.LabelSST(1, 1, 4), xt.LabelSST(1, 4, 5),
		xt.Number(2, 0, 1234.5), xt.Number(2, 1, 0.1), xt.Number(2, 2, math.Copysign(0, -1)),
		xt.Rec(xt.RecRK, xt.U16(3), xt.U16(0), xt.U16(15), xt.U32(-7<<2|2)),      // an integer
		xt.Rec(xt.RecRK, xt.U16(3), xt.U16(1), xt.U16(15), xt.U32(12345<<2|3)),   // an integer / 100
		xt.Rec(xt.RecRK, xt.U16(3), xt.U16(2), xt.U16(15), xt.U32(0x3FF40000)),   // 1.25's high bits
		xt.Rec(xt.RecRK, xt.U16(3), xt.U16(3), xt.U16(15), xt.U32(0x3FF40000|1)), // 1.25 / 100
		xt.Rec(xt.RecMulRK, xt.U16(4), xt.U16(1), xt.U16(15), xt.U32(1<<2|2), xt.U16(15), xt.U32(2<<2|2), xt.U16(3)),
		xt.Rec(xt.RecFormula, xt.U16(5), xt.U16(0), xt.U16(15), []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, xt.U16(0), xt.U32(0), xt.U16(0)),
		xt.Rec(xt.RecString, xt.XLString("公式结果", true)),
		xt.Rec(xt.RecFormula, xt.U16(5), xt.U16(1), xt.U16(15), []byte{1, 0, 1, 0, 0, 0, 0xFF, 0xFF}, xt.U16(0), xt.U32(0), xt.U16(0)),
		xt.Rec(xt.RecFormula, xt.U16(5), xt.U16(2), xt.U16(15), []byte{2, 0, 7, 0, 0, 0, 0xFF, 0xFF}, xt.U16(0), xt.U32(0), xt.U16(0)),
		xt.Rec(xt.RecFormula, xt.U16(5), xt.U16(3), xt.U16(15), xt.F64(42), xt.U16(0), xt.U32(0), xt.U16(0)),
		xt.Rec(xt.RecBoolErr, xt.U16(6), xt.U16(0), xt.U16(15), []byte{0, 0}),
		xt.Rec(xt.RecBoolErr, xt.U16(6), xt.U16(1), xt.U16(15), []byte{0x2A, 1}),
		xt.Label(7, 0, "标签"),
		// A chart embedded in the sheet: its series' cells are not the sheet's.
		xt.BOF(0x20), xt.Number(0, 0, 99), xt.Rec(xt.RecEOF),
		xt.Number(8, 2, 7), xt.Number(8, 0, 5), // out of column order
		xt.Rec(xt.RecMergeCells, xt.U16(2), xt.U16(9), xt.U16(11), xt.U16(0), xt.U16(0), xt.U16(10), xt.U16(9), xt.U16(2), xt.U16(1)),
	}
}

// TestXLSReadsEveryRecord: a hand-written .xls with every cell record
// the reader reads, strings split across CONTINUE records, a chart
// inside the sheet.
func TestXLSReadsEveryRecord(t *testing.T) {
	g, s := hostileBase()
	ws := xt.WorkbookStream(g, []xt.Sheet{{Name: "表一", Records: s}, {Name: "Two", Records: [][]byte{xt.Label(0, 0, "x")}}})
	book, err := readBook(t, xt.XLSFile(ws))
	if err != nil {
		t.Fatal(err)
	}
	_, strs := splitSST()
	want := []sheetDump{{name: "表一", rows: map[int][]string{
		0: strs[:3],
		1: {strs[3], strs[4], "", "", strs[5]},
		2: {"1234.5", "0.1", "-0"},
		3: {"-7", "123.45", "1.25", "0.0125"},
		4: {"", "1", "2"},
		5: {"公式结果", "1", "#DIV/0!", "42"},
		6: {"0", "#N/A"},
		7: {"标签"},
		8: {"5", "", "7"},
	}, merges: []Range{{Top: 9, Left: 0, Bottom: 11, Right: 0}, {Top: 9, Left: 1, Bottom: 10, Right: 2}}},
		{name: "Two", rows: map[int][]string{0: {"x"}}},
	}
	if !reflect.DeepEqual(book, want) {
		t.Fatalf("read\n%+v\nwant\n%+v", book, want)
	}
	b, _ := Open(bytes.NewReader(xt.XLSFile(ws)), int64(len(xt.XLSFile(ws))))
	if h := b.RowsHint(); h != 12 {
		t.Errorf("rows hint %d, want the DIMENSIONS' 12", h)
	}
}

// TestHostileXLS: a broken or hostile .xls is a typed error, never a
// panic, within the limits.
func TestHostileXLS(t *testing.T) {
	g, s := hostileBase()
	good := xt.WorkbookStream(g, []xt.Sheet{{Name: "S", Records: s}})
	rows := func(n, sheets int) []byte {
		var recs [][]byte
		for r := range n {
			recs = append(recs, xt.Number(r, 0, 1))
		}
		var sh []xt.Sheet
		for i := range sheets {
			sh = append(sh, xt.Sheet{Name: string(rune('A' + i)), Records: recs})
		}
		return xt.WorkbookStream(nil, sh)
	}
	far := xt.WorkbookStream(nil, []xt.Sheet{{Name: "S", Records: [][]byte{xt.Number(65535, 0, 1)}}})
	limit := func(what Limit) func(error) bool {
		return func(err error) bool {
			var le *LimitError
			return errors.As(err, &le) && le.What == what
		}
	}
	format := func(op Op, msg string) func(error) bool {
		return func(err error) bool {
			var fe *FormatError
			return errors.As(err, &fe) && fe.Op == op && strings.Contains(fe.Msg, msg)
		}
	}
	is := func(target error) func(error) bool { return func(err error) bool { return errors.Is(err, target) } }
	for _, c := range []struct {
		name string
		file []byte
		opts []Option
		want func(error) bool
	}{
		{"truncated file", xt.XLSFile(good)[:2000], nil, is(ErrCorrupt)},
		{"truncated sheet", xt.XLSFile(good[:len(good)-40])[:4096+1536], nil, format(OpRows, "不完整")},
		{"encrypted", xt.XLSFile(xt.WorkbookStream([][]byte{xt.Rec(xt.RecFilePass, xt.U16(1), make([]byte, 52))}, []xt.Sheet{{Name: "S"}})), nil, is(ErrEncrypted)},
		{"excel 95", xt.XLSFile(xt.Rec(xt.RecBOF, xt.U16(0x0500), xt.U16(5), xt.U32(0))), nil, is(ErrBIFF5)},
		{"no BOF", xt.XLSFile(xt.Rec(xt.RecEOF)), nil, is(ErrCorrupt)},
		{"bad SST index", xt.XLSFile(xt.WorkbookStream(g, []xt.Sheet{{Name: "S", Records: [][]byte{xt.LabelSST(0, 0, 6)}}})), nil, format(OpRows, "共享字符串编号“6”无效")},
		{"cut SST", xt.XLSFile(xt.WorkbookStream([][]byte{xt.Rec(xt.RecSST, xt.U32(1), xt.U32(1), xt.U16(50), []byte{0}, []byte("short"))}, []xt.Sheet{{Name: "S"}})), nil, format(OpOpen, "共享字符串表已损坏")},
		{"sheet nowhere", xt.XLSFile(slices.Concat(xt.BOF(5), xt.Rec(xt.RecBoundSheet, xt.U32(1<<20), xt.U16(0), []byte{1, 0}, []byte("S")), xt.Rec(xt.RecEOF))), nil, format(OpOpen, "找不到工作表")},
		{"rows read", rows(3, 1), []Option{MaxRowsRead(2)}, limit(LimitRows)},
		{"huge row numbers", far, []Option{MaxRowsRead(65_535)}, limit(LimitRows)},
		{"cells", rows(50, 2), []Option{MaxCells(60)}, limit(LimitCells)},
		{"cell chars", xt.XLSFile(xt.WorkbookStream(nil, []xt.Sheet{{Name: "S", Records: [][]byte{xt.Label(0, 0, strings.Repeat("长", 50))}}})), []Option{MaxCellChars(49)}, limit(LimitCellChars)},
		{"merges", xt.XLSFile(xt.WorkbookStream(nil, []xt.Sheet{{Name: "S", Records: [][]byte{xt.Rec(xt.RecMergeCells, xt.U16(3), make([]byte, 24))}}})), []Option{WithLimits(Limits{MergedCells: 4})}, limit(LimitMergedCells)},
	} {
		file := c.file
		if !IsOLE(file) {
			file = xt.XLSFile(file)
		}
		_, err := readBook(t, file, c.opts...)
		var pe *PanicError
		if errors.As(err, &pe) || !c.want(err) {
			t.Errorf("%s: error %v", c.name, err)
			continue
		}
		xt.CheckMessage(t, chineseOf(err))
	}
}

// chineseOf is the part of a reader error an official reads.
func chineseOf(err error) string {
	var fe *FormatError
	if errors.As(err, &fe) {
		return fe.Msg
	}
	return "已拒绝：" + err.Error()
}

// TestLookAlikesAreNamed: an OpenDocument spreadsheet and an .xlsb are
// zips, but not .xlsx packages: each is named, not called damaged.
func TestLookAlikesAreNamed(t *testing.T) {
	for _, c := range []struct {
		name  string
		parts map[string]string
		want  error
	}{
		{"ods", map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>"}, ErrODS},
		{"xlsb", map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.bin": "\x83\x01\x00"}, ErrXLSB},
		{"odt", map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}, ErrCorrupt},
	} {
		data := xt.Zip(t, c.parts)
		if _, err := Open(bytes.NewReader(data), int64(len(data))); !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
}

// FuzzXLS: any Workbook stream reads without a panic, within the limits,
// every refusal typed.
func FuzzXLS(f *testing.F) {
	g, s := hostileBase()
	f.Add(xt.WorkbookStream(g, []xt.Sheet{{Name: "S", Records: s}}))
	f.Add(xt.WorkbookStream(nil, []xt.Sheet{{Name: "A", Records: [][]byte{xt.Number(3, 1, 2), xt.Label(0, 0, "中")}}, {Name: "B"}}))
	f.Fuzz(func(t *testing.T, ws []byte) {
		if len(ws) > 1<<20 {
			return
		}
		_, err := readBook(t, xt.XLSFile(ws), MaxRowsRead(100_000), MaxCells(100_000))
		var pe *PanicError
		if errors.As(err, &pe) {
			t.Fatalf("panic: %v\n%s", pe.Value, pe.Stack)
		}
	})
}
