package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"portfolio/xlsx/xlsxtest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"portfolio/demo"
)

// The reader's reference is excelize v2.11.1's Rows().Columns() with
// RawCellValue: these tests read the same sheets with both and compare
// them cell for cell.

// readRows reads a sheet with our reader: the rows by 0-based index
// (empty rows left out), the formula cells without a value, and the
// merges met after the rows.
func readRows(data []byte, sheet string) (map[int][]string, [][2]int, error) {
	book, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	sr, err := book.rows(sheet)
	if err != nil {
		return nil, nil, err
	}
	defer sr.Close()
	rows := map[int][]string{}
	var noValue [][2]int
	for {
		r, cells, nv, err := sr.next()
		if err == io.EOF {
			return rows, noValue, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if len(cells) > 0 {
			rows[r] = slices.Clone(cells)
		}
		for _, c := range nv {
			noValue = append(noValue, [2]int{r, c})
		}
	}
}

// excelizeRows reads a sheet with excelize's iterator, trailing empty
// cells trimmed, empty rows left out.
func excelizeRows(data []byte, sheet string) (map[int][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	rows := map[int][]string{}
	for r := 0; it.Next(); r++ {
		cells, err := it.Columns()
		if err != nil {
			return nil, err
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > 0 {
			rows[r] = cells
		}
	}
	return rows, it.Error()
}

// wellFormed tells whether encoding/xml reads the whole part without an
// error: excelize stops quietly where it does not.
func wellFormed(b []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// compareSheet fails unless both readers read the sheet without an error
// and alike.
func compareSheet(t *testing.T, what string, data []byte, sheet string) {
	t.Helper()
	want, err := excelizeRows(data, sheet)
	if err != nil {
		t.Fatalf("%s: excelize: %v", what, err)
	}
	got, _, err := readRows(data, sheet)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	diffRows(t, what, got, want)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mcs, err := f.GetMergeCells(sheet)
	if err != nil {
		return // excelize refuses a bad range ("bad"); the pre-scan skips it
	}
	var tail []Range
	for _, mc := range mcs {
		if m, ok := parseRange(mc.GetStartAxis() + ":" + mc.GetEndAxis()); ok {
			tail = append(tail, m)
		}
	}
	book, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	pre, err := book.merges(sheet)
	if err != nil {
		t.Fatalf("%s: merges: %v", what, err)
	}
	if !slices.Equal(pre, tail) {
		t.Fatalf("%s: merges %v, excelize %v", what, pre, tail)
	}
}

func diffRows(t *testing.T, what string, got, want map[int][]string) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	keys := map[int]bool{}
	for r := range got {
		keys[r] = true
	}
	for r := range want {
		keys[r] = true
	}
	n := 0
	for r := range keys {
		if !slices.Equal(got[r], want[r]) {
			t.Errorf("%s: row %d: got %q, excelize %q", what, r+1, got[r], want[r])
			if n++; n == 5 {
				break
			}
		}
	}
	t.FailNow()
}

// base is copyBase's parts, zipped once.
var (
	baseOnce sync.Once
	base     []byte
)

// bookWith is a workbook of one sheet, Sheet1, whose XML is sheet, with
// the shared-string table sst (none if "").
func bookWith(t testing.TB, sheet, sst string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	baseOnce.Do(func() {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		xlsxtest.CopyBase(t, w)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		base = b.Bytes()
	})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range zr.File {
		if err := zw.Copy(p); err != nil {
			t.Fatal(err)
		}
	}
	parts := [][2]string{{"xl/worksheets/sheet1.xml", sheet}}
	if sst != "" {
		parts = append(parts, [2]string{"xl/sharedStrings.xml", sst})
	}
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testSST is the shared-string table of the hand-written sheets: plain,
// spaced, rich text with a phonetic run, escapes (_x000D_, _x005F_, a
// surrogate), entities, CDATA and a CR LF.
const testSST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">` +
	`<si><t>项目名称</t></si>` +
	`<si><t xml:space="preserve">  前后有空格  </t></si>` +
	`<si><r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="宋体"/></rPr><t>漢</t></r><rPh sb="0" eb="1"><t>カン</t></rPh><r><t>字</t></r><phoneticPr fontId="1"/></si>` +
	`<si><t>a_x000D_b_x005F_x0041_c_xD800_d_x4e2d_</t></si>` +
	`<si><t>&lt;&amp;&gt;&quot;&apos;&#65;&#x4E2D;</t></si>` +
	`<si><t><![CDATA[x<y&z]]></t></si>` +
	"<si><t>一\r\n二\r三</t></si>" +
	`<si><t>first</t><t>last</t><r><t>run</t></r></si>` +
	`<si/>` +
	`</sst>`

// handSheets are sheet bodies excelize does not write: prefixes, rows and
// cells without r, formulas without values, entities, CDATA, CR LF,
// comments, odd white space.
var handSheets = map[string]string{
	"prefixed": `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c></x:row>` +
		`<x:row r="3"><x:c r="B3"><x:v>12.5</x:v></x:c></x:row>` +
		`</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells></x:worksheet>`,
	"no r": xlsxtest.SheetHead + `<sheetData><row><c t="s"><v>1</v></c><c/><c><v>3</v></c></row><row/><row><c t="s"><v>2</v></c></row>` +
		`<row r="7"><c><v>7</v></c><c r="E7"><v>5</v></c><c><v>6</v></c></row><row><c><v>8</v></c></row></sheetData>` + xlsxtest.SheetTail,
	"shared strings": xlsxtest.SheetHead + `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>` +
		`<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c>` +
		`<c r="H1" t="s"><v> 7 </v></c><c r="I1" t="s"><v>8</v></c><c r="J1" t="s"><v></v></c><c r="K1" t="s"/></row></sheetData>` + xlsxtest.SheetTail,
	"inline": xlsxtest.SheetHead + `<sheetData><row r="2"><c r="A2" t="inlineStr"><is><r><t>漢</t></r><rPh sb="0" eb="1"><t>カン</t></rPh><r><t>字</t></r></is></c>` +
		`<c r="B2" t="inlineStr"><is><t>_x000D_x_x005F_</t></is></c><c r="C2" t="inlineStr"><v>v wins</v></c>` +
		`<c r="D2" t="inlineStr"><is><t>one</t></is><is><t>two</t><r><t>+r</t></r></is></c><c r="E2" t="inlineStr"><is/></c>` +
		`<c r="F2" t="str"><is><t>ignored</t></is><v>str</v></c></row></sheetData>` + xlsxtest.SheetTail,
	"entities and cdata": xlsxtest.SheetHead + `<sheetData><row r="1"><c r="A1" t="str"><v>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#20013;&#x6587;</v></c>` +
		`<c r="B1" t="str"><v><![CDATA[<x>&amp;]]>tail</v></c><c r="C1" t="inlineStr"><is><t><![CDATA[]]>]]&gt;</t></is></c>` +
		`<c r="D1" t="str"><v>` + "a\r\nb\rc\nd" + `</v></c><c r="E1" t="str"><v>&#13;&#10;</v></c></row></sheetData>` + xlsxtest.SheetTail,
	"formulas": xlsxtest.SheetHead + `<sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f>A1</f><v>2</v></c><c r="C1"><f t="shared" si="0" ref="C1:C2"/><v></v></c>` +
		`<c r="D1" t="str"><f>"x"</f><v>x</v></c><c r="E1"><f ca="1">NOW()</f></c></row><row r="2"><c r="C2"><f t="shared" si="0"/></c></row></sheetData>` + xlsxtest.SheetTail,
	"types": xlsxtest.SheetHead + `<sheetData><row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="d"><v>2024-01-02T03:04:05Z</v></c>` +
		`<c r="D1" t="n"><v>1.50</v></c><c r="E1"><v> 12 </v></c><c r="F1" t="zz"><v>odd</v></c><c r="G1" s="3"><v>44562</v></c>` +
		`<c r="H1"><v>1</v><v>2</v></c><c r="I1"><extLst><v>nested</v></extLst></c><c r="J1"><v>a<!-- c -->b<?pi x?>c</v></c></row></sheetData>` + xlsxtest.SheetTail,
	"white space": "\ufeff" + `<?xml version="1.0" encoding="utf-8"?>` + "\r\n" + `<!-- a comment --><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"` + "\n\t" + `>` +
		`<dimension ref="A1:C4" /><sheetData >` + "\n" + `<row r = '2' spans="1:3" ><c r='A2'` + "\r\n" + ` t = "str" ><v xml:space="preserve">  x  </v ></c >` +
		`<c r="b2"><v>lower</v></c><c r="$C$2"><v>abs</v></c></row ><row r="4"/>` + "\n" + `</sheetData><mergeCells><mergeCell ref="A2:A4"/><mergeCell ref="bad"/></mergeCells></worksheet>` + "\n",
	"gaps":         xlsxtest.SheetHead + `<sheetData><row r="0"><c r="A1"><v>1</v></c></row><row r="5"><c r="A5"><v>5</v></c></row><row r="1048576"><c r="XFD1048576"><v>last</v></c></row></sheetData>` + xlsxtest.SheetTail,
	"no sheetData": xlsxtest.SheetHead + `<dimension ref="A1"/>` + xlsxtest.SheetTail,
}

// handFormulaCells are the formula cells without a value in handSheets.
var handFormulaCells = map[string][][2]int{
	"formulas": {{0, 0}, {0, 4}, {1, 2}},
}

func TestSheetRowsMatchExcelizeOnHandWrittenSheets(t *testing.T) {
	for name, sheet := range handSheets {
		t.Run(name, func(t *testing.T) {
			data := bookWith(t, sheet, testSST)
			compareSheet(t, name, data, "Sheet1")
			_, nv, err := readRows(data, "Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(nv, handFormulaCells[name]) {
				t.Fatalf("formula cells without a value %v, want %v", nv, handFormulaCells[name])
			}
		})
	}
}

// TestSheetRowsRefusesWhatExcelizeMisreads: where excelize reads a broken
// sheet quietly some way of its own, the reader refuses it with a reason.
func TestSheetRowsRefusesWhatExcelizeMisreads(t *testing.T) {
	row := func(s string) string {
		return xlsxtest.SheetHead + "<sheetData>" + s + "</sheetData>" + xlsxtest.SheetTail
	}
	for _, c := range []struct{ name, sheet, want string }{
		{"cut off", xlsxtest.SheetHead + `<sheetData><row r="1"><c r="A1"><v>1</v></c></row>`, "XML 内容不完整"},
		{"cut off in a cell", xlsxtest.SheetHead + `<sheetData><row r="1"><c r="A1"><v>1`, "XML 内容不完整"},
		{"bad entity", row(`<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>`), "XML 内容不完整"},
		{"control character", row("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>\x01</v></c></row>"), "XML 内容不完整"},
		{"mismatched end", row(`<row r="1"><c r="A1"><v>1</w></c></row>`), "XML 内容不完整"},
		{"rows out of order", row(`<row r="3"/><row r="2"/>`), "顺序错误"},
		{"cells out of order", row(`<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>`), "顺序错误"},
		{"row past the last", row(`<row r="1048577"/>`), "行号超过 Excel 的上限"},
		{"bad row number", row(`<row r="x"/>`), "行号“x”无效"},
		{"unknown shared string", row(`<row r="1"><c r="A1" t="s"><v>99</v></c></row>`), "共享字符串编号“99”无效"},
		{"bad style", row(`<row r="1"><c r="A1" s="x"><v>1</v></c></row>`), "样式编号"},
		{"bad cell reference", row(`<row r="1"><c r="1A"><v>1</v></c></row>`), "单元格引用"},
		{"cell outside a row", row(`<row r="1"/><c r="A2"><v>1</v></c>`), "不在行中"},
		{"doctype", `<!DOCTYPE x>` + row(``), "XML 内容不完整"},
		{"GBK", `<?xml version="1.0" encoding="GBK"?>` + row(``), "编码不是 UTF-8"},
		{"empty", ``, "XML 内容不完整"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readRows(bookWith(t, c.sheet, testSST), "Sheet1")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one with %q", err, c.want)
			}
			xlsxtest.CheckMessage(t, err.Error())
		})
	}
}

// randomBook writes a workbook with excelize holding cells of every kind
// it writes, at random places.
func randomBook(t testing.TB, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	f := excelize.NewFile()
	defer f.Close()
	texts := []string{"", " ", "项目", "  两边空格  ", "a\nb", "a\r\nb", "_x000D_", "_x005F_x0041_", "<&>\"'", "😀 emoji", "\t tab",
		"2024-360100-48-01-000001", "1,000", "0012", "1e5", "=not a formula", "ǅ", strings.Repeat("长", 300), "x\x01y", "]]>"}
	for s := 0; s < 1+r.IntN(3); s++ {
		name := fmt.Sprint("Sheet", s+1)
		if s > 0 {
			if _, err := f.NewSheet(name); err != nil {
				t.Fatal(err)
			}
		}
		for range 20 + r.IntN(200) {
			cell, _ := excelize.CoordinatesToCellName(1+r.IntN(30), 1+r.IntN(120))
			var err error
			switch r.IntN(10) {
			case 0, 1, 2:
				err = f.SetCellStr(name, cell, texts[r.IntN(len(texts))])
			case 3:
				err = f.SetCellValue(name, cell, r.Int64N(1e12)-5e11)
			case 4:
				err = f.SetCellValue(name, cell, r.Float64()*1e6)
			case 5:
				err = f.SetCellValue(name, cell, r.IntN(2) == 0)
			case 6:
				err = f.SetCellValue(name, cell, time.Date(2020+r.IntN(5), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC))
			case 7:
				err = f.SetCellFormula(name, cell, "SUM(A1:B2)")
			case 8:
				err = f.SetCellRichText(name, cell, []excelize.RichTextRun{{Text: texts[r.IntN(len(texts))], Font: &excelize.Font{Bold: true}}, {Text: "尾"}})
			case 9:
				row := []any{texts[r.IntN(len(texts))], r.IntN(100), nil, 3.25, "x"}
				err = f.SetSheetRow(name, cell, &row)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if r.IntN(2) == 0 {
			if err := f.MergeCell(name, "A1", "C2"); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSheetRowsMatchExcelizeOnGeneratedBooks(t *testing.T) {
	n := uint64(60)
	if testing.Short() {
		n = 10
	}
	for seed := range n {
		data := randomBook(t, seed)
		book, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range book.Sheets() {
			compareSheet(t, fmt.Sprintf("seed %d %s", seed, sheet), data, sheet)
		}
	}
}

// TestSheetRowsMatchExcelizeOnFiles compares every workbook under
// testdata and every demo workbook.
func TestSheetRowsMatchExcelizeOnFiles(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	if !testing.Short() {
		files, err := demo.Write(filepath.Join(t.TempDir(), "demo.xlsx"), demo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			paths = append(paths, f.Path)
		}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		book, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(p, err)
		}
		for _, sheet := range book.Sheets() {
			compareSheet(t, filepath.Base(p)+" "+sheet, data, sheet)
		}
	}
}

// TestSheetRowsKeepsNoWholePart reads a sheet of many rows: the scanner's
// buffer stays at its fixed size, the part is never held whole.
func TestSheetRowsKeepsNoWholePart(t *testing.T) {
	var body strings.Builder
	body.WriteString(xlsxtest.SheetHead + "<sheetData>")
	for r := 1; r <= 20_000; r++ {
		fmt.Fprintf(&body, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>项目%d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, r, r, r)
	}
	body.WriteString("</sheetData>" + xlsxtest.SheetTail)
	sc := newXMLScanner(strings.NewReader(body.String()))
	sr := &sheetRows{sc: sc}
	n := 0
	for {
		_, cells, _, err := sr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(cells) != 2 {
			t.Fatalf("cells %q", cells)
		}
		n++
	}
	if n != 20_000 || len(sc.buf) != scanBufBytes {
		t.Fatalf("%d rows, buffer grew to %d bytes", n, len(sc.buf))
	}
}

// FuzzSheetRows reads random sheet XML with both readers. The direction
// enforced: whenever our reader reads a sheet without an error, the XML is
// well-formed and excelize reads the same rows without an error. Where
// excelize reads a broken sheet its own way (or stops quietly at bad XML)
// ours may refuse it instead, with a message in Chinese. Neither panics.
func FuzzSheetRows(f *testing.F) {
	for name, s := range handSheets {
		if name != "gaps" { // a million rows for excelize to step through: slow to mutate
			f.Add([]byte(s))
		}
	}
	f.Add([]byte(xlsxtest.SheetHead + "<sheetData>" +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>2024年省大中型项目计划表</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>序号</t></is></c><c r="B2" t="inlineStr"><is><t>项目名称</t></is></c>` +
		`<c r="C2" t="inlineStr"><is><t>总投资（万元）</t></is></c></row>` +
		`<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><t>昌九高铁</t></is></c><c r="C3"><v>100</v></c></row>` +
		"</sheetData>" + xlsxtest.SheetTail))
	data := randomBook(f, 1)
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, p := range zr.File {
			if p.Name == "xl/worksheets/sheet1.xml" {
				rc, _ := p.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, sheet []byte) {
		data := bookWith(t, string(sheet), testSST)
		got, _, err := readRows(data, "Sheet1")
		if err != nil {
			xlsxtest.CheckMessage(t, err.Error())
			return
		}
		if bytes.Contains(sheet, []byte(`s=""`)) || bytes.Contains(sheet, []byte(`s=''`)) {
			return // a cell with no style: read, where excelize loses its value
		}
		if !wellFormed(sheet) {
			t.Fatalf("read XML encoding/xml refuses")
		}
		want, err := excelizeRows(data, "Sheet1")
		if err != nil {
			t.Fatalf("read a sheet excelize refuses: %v", err)
		}
		diffRows(t, "fuzz", got, want)
	})
}

// TestOpenErrorsAreTyped: a file that is not a workbook, a broken zip
// and a declared zip bomb are refused by Open with their typed errors; a
// zip bomb whose directory lies is refused while its rows are read, with
// a message for an official.
func TestOpenErrorsAreTyped(t *testing.T) {
	for _, c := range []struct {
		name string
		file []byte
		want func(error) bool
	}{
		{"empty", nil, func(err error) bool { return errors.Is(err, ErrNotZip) }},
		{"text", []byte("项目名称,总投资\n"), func(err error) bool { return errors.Is(err, ErrNotZip) }},
		{"zip head only", []byte("PK\x03\x04"), func(err error) bool { return errors.Is(err, ErrCorrupt) }},
		{"declared bomb", xlsxtest.DeclaredBomb(t), func(err error) bool {
			var le *LimitError
			return errors.As(err, &le) && le.What == LimitUnzipped && le.Limit == 200<<20
		}},
		{"doc", xlsxtest.CFBFile("WordDocument"), func(err error) bool { return errors.Is(err, ErrOLE) }},
		{"empty xls", xlsxtest.CFBFile("Workbook"), func(err error) bool { return errors.Is(err, ErrCorrupt) }},
		{"excel 95", xlsxtest.CFBFile("Book"), func(err error) bool { return errors.Is(err, ErrBIFF5) }},
		{"encrypted", xlsxtest.CFBFile("EncryptionInfo", "EncryptedPackage"), func(err error) bool { return errors.Is(err, ErrEncrypted) }},
	} {
		_, err := Open(bytes.NewReader(c.file), int64(len(c.file)))
		if !c.want(err) {
			t.Errorf("%s: error %v", c.name, err)
		}
	}
	b := xlsxtest.ZipBomb(t, true)
	book, err := Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = readRows(b, book.Sheets()[0])
	if err == nil {
		t.Fatal("a lying zip bomb read without an error")
	}
	xlsxtest.CheckMessage(t, err.Error())
}

// planList2024 is the 3,670-project demo list, as bytes.
func planList2024(b *testing.B) []byte {
	b.Helper()
	files, err := demo.Write(filepath.Join(b.TempDir(), "demo.xlsx"), demo.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		if f.Kind == demo.KindPlan && f.Year == 2024 {
			data, err := os.ReadFile(f.Path)
			if err != nil {
				b.Fatal(err)
			}
			return data
		}
	}
	b.Fatal("no 2024 plan list")
	return nil
}

// BenchmarkReadSheet reads every row of the 3,670-project demo list with
// our reader: the zip directory, the shared strings and the sheet.
func BenchmarkReadSheet(b *testing.B) {
	data := planList2024(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		book, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, sheet := range book.Sheets() {
			sr, err := book.rows(sheet)
			if err != nil {
				b.Fatal(err)
			}
			for {
				_, _, _, err := sr.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			sr.Close()
		}
		if n < 3670 {
			b.Fatalf("%d rows", n)
		}
	}
}

// BenchmarkReadSheetExcelize reads the same rows with excelize's
// iterator, as the importer did before.
func BenchmarkReadSheetExcelize(b *testing.B) {
	data := planList2024(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, sheet := range f.GetSheetList() {
			rows, err := f.Rows(sheet)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				if _, err := rows.Columns(); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
		}
		f.Close()
		if n < 3670 {
			b.Fatalf("%d rows", n)
		}
	}
}

// BenchmarkReadBook reads the same rows through the exported API, as the
// importer does: Open, then each sheet's merges and rows.
func BenchmarkReadBook(b *testing.B) {
	data := planList2024(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		book, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for i := range book.Sheets() {
			rs, err := book.Rows(i)
			if err != nil {
				b.Fatal(err)
			}
			for {
				_, _, _, err := rs.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
		}
		book.Close()
		if n < 3670 {
			b.Fatalf("%d rows", n)
		}
	}
}
