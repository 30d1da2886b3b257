package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"portfolio/xlsx/xlsxtest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/models"
	"portfolio/models/storetest"
)

// The hostile corpus: files made by code, each the smallest example of a
// way an upload can be broken or built to hurt. Nothing large is kept in
// testdata; FuzzParse starts from the same generators.

// xrow writes row r: "=F" is a formula saved without its value, a cell
// that parses as a number is a number, anything else an inline string.
func xrow(r int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, v := range cells {
		ref, _ := excelize.CoordinatesToCellName(i+1, r)
		switch {
		case v == "":
		case strings.HasPrefix(v, "="):
			fmt.Fprintf(&b, `<c r="%s"><f>%s</f></c>`, ref, v[1:])
		case isNumber(v):
			fmt.Fprintf(&b, `<c r="%s"><v>%s</v></c>`, ref, v)
		default:
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, v)
		}
	}
	b.WriteString(`</row>`)
	return b.String()
}

func isNumber(s string) bool {
	_, ok, err := ParseAmount(s, 1)
	return ok && err == nil && !strings.ContainsAny(s, ",万亿元")
}

// listTop is a plan list's title and header as raw rows 1 and 2.
func listTop() string {
	return xrow(1, "2024年省大中型项目计划表") +
		xrow(2, "序号", "项目名称", "项目代码", "设区市", "建设性质", "总投资（万元）", "2024年计划投资（万元）")
}

// listRow is a valid project row at Excel row r.
func listRow(r int, code, name string) string {
	return xrow(r, fmt.Sprint(r-2), name, code, "南昌市", "续建", "100", "20")
}

// rawBook is an .xlsx whose first sheet's XML the test writes itself
// (what excelize will not write: formulas without values, huge row
// numbers, oversized cells); the other parts come from a new excelize
// workbook. sheet writes the whole sheet part.
func rawBook(t testing.TB, sheet func(w io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	xlsxtest.CopyBase(t, zw)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	sheet(w)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawSheet is rawBook of a sheet holding the rows given.
func rawSheet(t testing.TB, rows ...string) []byte {
	return rawBook(t, func(w io.Writer) {
		io.WriteString(w, xlsxtest.SheetHead+"<sheetData>"+strings.Join(rows, "")+"</sheetData>"+xlsxtest.SheetTail)
	})
}

// emptyRows is a list with a title, a header, the rows given and then n
// rows formatted but empty (a sheet whose rows were all selected and
// given a height and a fill).
func emptyRows(t testing.TB, n int, data ...string) []byte {
	return rawBook(t, func(w io.Writer) {
		io.WriteString(w, xlsxtest.SheetHead+"<sheetData>"+listTop()+strings.Join(data, ""))
		row := []byte(`<row s="1" customFormat="1" ht="20" customHeight="1"/>`)
		for range n {
			w.Write(row)
		}
		io.WriteString(w, "</sheetData>"+xlsxtest.SheetTail)
	})
}

// bookBytes writes sheets with excelize (as writeBook does) and returns
// the file.
func bookBytes(tb testing.TB, sheets ...sheetSpec) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				tb.Fatal(err)
			}
		}
		for _, m := range sh.merges {
			if err := f.MergeCell(sh.name, m[0], m[1]); err != nil {
				tb.Fatal(err)
			}
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// goodList is a valid two-project list as excelize writes it.
func goodList() []sheetSpec {
	return []sheetSpec{{name: "清单", rows: [][]any{
		{"2024年省大中型项目计划表"},
		{"序号", "项目名称", "项目代码", "设区市", "建设性质", "建设年限", "总投资（万元）", "2024年计划投资（万元）"},
		{1, "昌九高铁", "2024-360100-48-01-000001", "南昌市", "续建", "2022-2026", 100, 20},
		{2, "赣江大桥", "", "九江市", "新开工", 2024, 50.5, "10"},
	}}}
}

// hostileCase is one broken or hostile file and the phrase its message
// must contain.
type hostileCase struct {
	name string
	ext  string
	file func(t *testing.T) []byte
	opt  ParseOptions
	want string
	// readerOnly marks a file the reader refuses before any database
	// work, slow to read (a million rows): tried once, on SQLite, not
	// again on PostgreSQL.
	readerOnly bool
}

func hostileCases() []hostileCase {
	return []hostileCase{
		{name: "zip bomb", ext: ".xlsx", want: "解压后过大",
			file: func(t *testing.T) []byte { return xlsxtest.ZipBomb(t, false) }},
		{name: "zip bomb with a forged size", ext: ".xlsx", want: "已损坏",
			file: func(t *testing.T) []byte { return xlsxtest.ZipBomb(t, true) }},
		{name: "row number past Excel's last", ext: ".xlsx", want: "行号超过 Excel 的上限",
			file: func(t *testing.T) []byte {
				return rawSheet(t, listTop(), listRow(3, "", "昌九高铁"), xrow(1_048_577, "", "x"))
			}},
		{name: "dimension A1:XFD1048576 and a row at 1048576", ext: ".xlsx", want: "有投资数据但缺少项目名称",
			file: func(t *testing.T) []byte {
				return rawBook(t, func(w io.Writer) {
					io.WriteString(w, xlsxtest.SheetHead+`<dimension ref="A1:XFD1048576"/><sheetData>`+listTop()+listRow(3, "", "昌九高铁")+
						xrow(1_048_576, "", "", "", "", "", "5")+`</sheetData>`+xlsxtest.SheetTail)
				})
			}},
		{name: "merge over a million rows", ext: ".xlsx", want: "合并单元格过多",
			file: func(t *testing.T) []byte {
				return rawBook(t, func(w io.Writer) {
					io.WriteString(w, xlsxtest.SheetHead+`<sheetData>`+listTop()+listRow(3, "", "昌九高铁")+xrow(1_048_576, "x")+
						`</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>`+xlsxtest.SheetTail)
				})
			}},
		{name: "many sheets down to row 1048576", ext: ".xlsx", want: "数据过多",
			file: func(t *testing.T) []byte {
				return rawSheets(t, 5, func(_ int, w io.Writer) {
					io.WriteString(w, xlsxtest.SheetHead+"<sheetData>"+xrow(1, "x")+xrow(1_048_576, "y")+"</sheetData>"+xlsxtest.SheetTail)
				})
			}},
		{name: "truncated", ext: ".xlsx", want: "已损坏",
			file: func(t *testing.T) []byte { b := bookBytes(t, goodList()...); return b[:len(b)*2/3] }},
		{name: "random bytes", ext: ".xlsx", want: "不是有效的 xlsx",
			file: func(t *testing.T) []byte {
				b := make([]byte, 4096)
				r := rand.New(rand.NewPCG(1, 2))
				for i := range b {
					b[i] = byte(r.Uint32())
				}
				return b
			}},
		{name: "csv named .xlsx", ext: ".xlsx", want: "内容是文本（CSV）",
			file: func(t *testing.T) []byte { return []byte("项目名称,总投资\n昌九高铁,100\n") }},
		{name: "xls with an empty Workbook stream", ext: ".xls", want: "不是有效的 .xls 工作簿",
			file: func(t *testing.T) []byte { return xlsxtest.CFBFile("Workbook", "\x05SummaryInformation") }},
		{name: "xls named .xlsx", ext: ".xlsx", want: "不是有效的 .xls 工作簿",
			file: func(t *testing.T) []byte { return xlsxtest.CFBFile("Workbook") }},
		{name: "encrypted by excelize", ext: ".xlsx", want: "已加密（设有打开密码）",
			file: func(t *testing.T) []byte {
				f := excelize.NewFile()
				defer f.Close()
				path := filepath.Join(t.TempDir(), "secret.xlsx")
				if err := f.SaveAs(path, excelize.Options{Password: "密码123"}); err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}},
		{name: "encrypted, directory only", ext: ".xlsx", want: "已加密",
			file: func(t *testing.T) []byte {
				return xlsxtest.CFBFile("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage")
			}},
		{name: "empty workbook", ext: ".xlsx", want: "文件是空的",
			file: func(t *testing.T) []byte { return bookBytes(t, sheetSpec{name: "Sheet1"}) }},
		{name: "a million empty formatted rows", ext: ".xlsx", want: "只有表头",
			file: func(t *testing.T) []byte { return emptyRows(t, 1_000_000) }, readerOnly: true},
		{name: "header without data", ext: ".xlsx", want: "只有表头，没有项目数据行",
			file: func(t *testing.T) []byte {
				return bookBytes(t, sheetSpec{name: "清单", rows: goodList()[0].rows[:2]})
			}},
		{name: "cell over 32767 characters", ext: ".xlsx", want: "单元格 H3 超过 32767 个字符",
			file: func(t *testing.T) []byte {
				return rawSheet(t, listTop(), xrow(3, "1", "昌九高铁", "", "南昌市", "续建", "100", "20", strings.Repeat("长", 40_000)))
			}},
		{name: "csv cell over 32767 characters", ext: ".csv", want: "CSV 单元格 B2 超过 32767 个字符",
			file: func(t *testing.T) []byte {
				return []byte("项目名称,总投资\n昌九高铁," + strings.Repeat("9", 40_000) + "\n")
			}},
		{name: "formula without a saved value", ext: ".xlsx", want: "单元格 G4 是公式，但文件中没有保存计算结果",
			file: func(t *testing.T) []byte {
				return rawSheet(t, listTop(), listRow(3, "", "昌九高铁"), xrow(4, "2", "赣江大桥", "", "九江市", "新开工", "100", "=F4*0.2"))
			}},
		{name: "1904 dates, a date as the period", ext: ".xlsx", want: "无法识别的建设年限",
			file: func(t *testing.T) []byte { return book1904(t, 44562) }},
		{name: "duplicate codes", ext: ".xlsx", want: "项目代码与第3行重复",
			file: func(t *testing.T) []byte {
				return rawSheet(t, listTop(), listRow(3, "2024-360100-48-01-000001", "昌九高铁"), listRow(4, "2024-360100-48-01-000001", "昌九高铁二期"))
			}},
		{name: "over the size limit", ext: ".xlsx", opt: ParseOptions{MaxBytes: 4 << 10}, want: "文件过大：超过上限 4 KB",
			file: func(t *testing.T) []byte { return bookBytes(t, goodList()...) }},
	}
}

// rawSheets is rawBook with n sheets, each written by sheet.
func rawSheets(t testing.TB, n int, sheet func(i int, w io.Writer)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i := 2; i <= n; i++ {
		if _, err := f.NewSheet(fmt.Sprint("Sheet", i)); err != nil {
			t.Fatal(err)
		}
	}
	base, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range zr.File {
		if !strings.HasPrefix(p.Name, "xl/worksheets/sheet") {
			if err := zw.Copy(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range n {
		w, err := zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		if err != nil {
			t.Fatal(err)
		}
		sheet(i, w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// book1904 is goodList in a workbook on the 1904 date system, with the
// first project's period a date cell holding serial (nil: left as text).
func book1904(t *testing.T, serial any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	for r, row := range goodList()[0].rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if serial != nil {
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellValue("Sheet1", "F3", serial)
		f.SetCellStyle("Sheet1", "F3", "F3", style)
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHostileFiles imports each file of the corpus: each is refused with
// a message naming its problem, nothing reaches the store, nothing
// panics. A case that could take long (the zip bomb, a million rows) is
// stopped by a limit, which its message names.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	cases := hostileCases()
	paths := make([]string, len(cases))
	for i, c := range cases {
		paths[i] = filepath.Join(dir, fmt.Sprintf("%02d%s", i, c.ext))
		if err := os.WriteFile(paths[i], c.file(t), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		im := &Importer{Store: s}
		for i, c := range cases {
			if c.readerOnly && s.Dialect() != models.SQLite {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				res, err := im.ImportFile(context.Background(), paths[i], Options{ParseOptions: c.opt, FileName: "上传" + c.ext,
					Who: models.Who{Actor: "test", Source: models.SourceCLI}})
				if !errors.Is(err, ErrRejected) {
					t.Fatalf("ImportFile: %v, want ErrRejected", err)
				}
				var msgs []string
				for _, is := range res.Errors {
					if is.Message == "" {
						t.Errorf("an error without a message: %+v", is)
					}
					msgs = append(msgs, is.Message)
				}
				if all := strings.Join(msgs, "\n"); !strings.Contains(all, c.want) {
					t.Fatalf("errors %q, want one with %q", all, c.want)
				}
				if res.Written() {
					t.Fatalf("batch %d written", res.BatchID)
				}
				for _, table := range []string{"projects", "plan_entries", "monthly_reports", "import_batches", "audit_entries"} {
					var n int64
					if err := s.DB().Table(table).Count(&n).Error; err != nil {
						t.Fatal(err)
					}
					if n != 0 {
						t.Fatalf("%d rows in %s", n, table)
					}
				}
			})
		}
	})
}

// TestHostileCellErrorsNameTheCell checks the row-level refusals carry
// sheet, row, column and value, not only a message.
func TestHostileCellErrorsNameTheCell(t *testing.T) {
	for _, c := range []struct {
		name string
		file []byte
		want Issue
	}{
		{"formula", rawSheet(t, listTop(), listRow(3, "", "昌九高铁"), xrow(4, "2", "赣江大桥", "", "九江市", "新开工", "=1+1", "20")),
			Issue{Sheet: "Sheet1", Row: 4, Column: "总投资（万元）", Value: ""}},
		{"1904 date period", book1904(t, 44562), Issue{Sheet: "Sheet1", Row: 3, Column: "建设年限", Value: "44562"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(bytes.NewReader(c.file), "book.xlsx", ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Errors) != 1 || p.Rejected != 1 {
				t.Fatalf("errors %+v", p.Errors)
			}
			got := p.Errors[0]
			got.Message = ""
			if got != c.want {
				t.Fatalf("issue %+v, want %+v", got, c.want)
			}
		})
	}
}

// TestDate1904Workbook: the 1904 date system changes nothing the lists
// are read for (years are text or plain numbers, never dates).
func TestDate1904Workbook(t *testing.T) {
	p, err := Parse(bytes.NewReader(book1904(t, nil)), "book.xlsx", ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 || len(p.Plans) != 2 || p.Year != 2024 {
		t.Fatalf("errors %+v plans %+v", p.Errors, p.Plans)
	}
	if a, b := p.Plans[0], p.Plans[1]; a.StartYear != 2022 || a.EndYear != 2026 || b.StartYear != 2024 || b.EndYear != 2024 || b.TotalYuan != 505_000 {
		t.Fatalf("plans %+v", p.Plans)
	}
}

// TestEmptyFormattedRowsAfterData: formatted empty rows after
// the data cost a counter, and the projects above them are read.
func TestEmptyFormattedRowsAfterData(t *testing.T) {
	// The million rows themselves are the hostile case above; here 100,000
	// show that the data before them is read.
	p, err := Parse(bytes.NewReader(emptyRows(t, 100_000, listRow(3, "", "昌九高铁"), listRow(4, "", "赣江大桥"))), "book.xlsx", ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != 0 || len(p.Plans) != 2 || p.Plans[1].PlanYuan != 200_000 {
		t.Fatalf("errors %+v plans %+v", p.Errors, p.Plans)
	}
}

// TestSizeLimitStopsReading: Parse reads at most one byte past the
// limit of a reader, and ParseFile refuses by the file's size alone.
func TestSizeLimitStopsReading(t *testing.T) {
	cr := &countingReader{r: bytes.NewReader(make([]byte, 1<<20))}
	_, err := Parse(cr, "big.xlsx", ParseOptions{MaxBytes: 1000})
	if err == nil || !strings.Contains(err.Error(), "文件过大") || cr.n > 1001 {
		t.Fatalf("%v after reading %d bytes", err, cr.n)
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte("项目名称,总投资\n昌九高铁,100\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseFile(path, ParseOptions{MaxBytes: 10}); err == nil || !strings.Contains(err.Error(), "超过上限 10 字节") {
		t.Fatalf("%v", err)
	}
	if _, err := ParseFile(path, ParseOptions{Year: 2024}); err != nil {
		t.Fatalf("the default limit refused a small file: %v", err)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(b []byte) (int, error) {
	k, err := c.r.Read(b)
	c.n += k
	return k, err
}
