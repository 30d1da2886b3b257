package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"portfolio/demo"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/xlsx/xlsxtest"
)

// TestXLSImportsAsItsXLSX: the demo's 2024 plan list and a monthly sheet,
// saved by LibreOffice as .xls, parse to the same rows, errors and
// warnings as their .xlsx and import to exactly the same totals.
func TestXLSImportsAsItsXLSX(t *testing.T) {
	dir := t.TempDir()
	files, err := demo.Write(filepath.Join(dir, "demo.xlsx"), demo.Options{Projects: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var pair []demo.File // the 2024 plan list, then its first month
	for _, f := range files {
		if f.Year == 2024 && (f.Kind == demo.KindPlan || f.Month == 1) {
			pair = append(pair, f)
		}
	}
	if len(pair) != 2 || pair[0].Kind != demo.KindPlan {
		t.Fatalf("demo files %v", pair)
	}
	out := filepath.Join(dir, "xls")
	xlsxtest.ToXLS(t, out, pair[0].Path, pair[1].Path)
	xlsOf := func(p string) string {
		return filepath.Join(out, strings.TrimSuffix(filepath.Base(p), ".xlsx")+".xls")
	}
	totals := func(xls bool) [2]int64 {
		s := storetest.SQLite(t)
		im := &Importer{Store: s}
		for _, f := range pair {
			path := f.Path
			if xls {
				path = xlsOf(path)
			}
			p, err := ParseFile(path, ParseOptions{})
			if err != nil {
				t.Fatal(path, err)
			}
			if _, err := im.Apply(context.Background(), p, path, Options{Who: models.Who{Actor: "test", Source: models.SourceCLI}}, nil); err != nil {
				t.Fatal(path, err)
			}
		}
		var plan, done int64
		db := s.DB()
		if err := db.Raw("SELECT COALESCE(CAST(SUM(annual_plan_yuan) AS BIGINT), 0) FROM plan_entries WHERE year = 2024").Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Raw("SELECT COALESCE(CAST(SUM(completed_yuan) AS BIGINT), 0) FROM monthly_reports WHERE year = 2024").Scan(&done).Error; err != nil {
			t.Fatal(err)
		}
		return [2]int64{plan, done}
	}
	for _, f := range pair {
		want, err := ParseFile(f.Path, ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseFile(xlsOf(f.Path), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got.File = want.File
		if len(want.Plans)+len(want.Monthly) == 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: .xls %d plans %d monthly %v; .xlsx %d plans %d monthly %v", filepath.Base(f.Path),
				len(got.Plans), len(got.Monthly), got.Errors, len(want.Plans), len(want.Monthly), want.Errors)
		}
	}
	x, l := totals(false), totals(true)
	if x != l || x[0] == 0 || x[1] == 0 {
		t.Fatalf("totals (plan, done): .xls %v, .xlsx %v", l, x)
	}
}

// TestOtherFormatsAreNamed: a file of another spreadsheet format, or an
// OLE file holding no workbook, is refused with a message naming the
// format and how to save it as .xlsx, not as a damaged .xlsx.
func TestOtherFormatsAreNamed(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ods := xlsxtest.Zip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
	xlsb := xlsxtest.Zip(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.bin": "\x83\x01"})
	filepass := xlsxtest.XLSFile(xlsxtest.WorkbookStream([][]byte{xlsxtest.Rec(xlsxtest.RecFilePass, make([]byte, 54))}, []xlsxtest.Sheet{{Name: "S"}}))
	for _, c := range []struct {
		path string
		want error
	}{
		{write("表.ods", ods), errODS},
		{write("表.xlsx", ods), errODS},
		{write("表.xlsb", xlsb), errXLSB},
		{write("表.et", xlsxtest.CFBFile("WpsContent")), errET},
		{write("文档.xls", xlsxtest.CFBFile("WordDocument")), errOLE},
		{write("excel95.xls", xlsxtest.CFBFile("Book")), errBIFF5},
		{write("password.xls", filepass), errEncrypted},
		{write("cut.xls", filepass[:1000]), errXLSBroken},
		{write("page.xls", []byte("<html><table><tr><td>项目</td></tr></table></html>")), errNotXLS},
	} {
		_, err := ParseFile(c.path, ParseOptions{Year: 2024})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", filepath.Base(c.path), err, c.want)
		}
	}
	for _, e := range []error{errODS, errXLSB, errBIFF5, errET, errXLSBroken, errNotXLS, errOLE} {
		if !strings.Contains(e.Error(), "另存为” .xlsx") {
			t.Errorf("%q does not say how to save it as .xlsx", e)
		}
	}
}

// TestAnXLSIsReadWhateverItsName: a BIFF8 workbook named .et (WPS saves
// its tables so) or .xlsx is read as the .xls it is.
func TestAnXLSIsReadWhateverItsName(t *testing.T) {
	ws := xlsxtest.WorkbookStream(nil, []xlsxtest.Sheet{{Name: "表", Records: [][]byte{xlsxtest.Label(0, 0, "项目名称"), xlsxtest.Number(1, 0, 12)}}})
	for _, name := range []string{"a.xls", "a.et", "a.xlsx"} {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, xlsxtest.XLSFile(ws), 0o600); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(p) // #nosec G304 -- the test's own file
		if err != nil {
			t.Fatal(err)
		}
		b, err := readWorkbook(strings.NewReader(string(data)), name, DefaultMaxBytes, ParseOptions{})
		if err != nil {
			t.Fatal(name, err)
		}
		ss, err := b.open(0)
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]string
		for {
			_, cells, _, err := ss.rows.next()
			if err != nil {
				break
			}
			rows = append(rows, slices.Clone(cells))
		}
		if !reflect.DeepEqual(b.sheetNames(), []string{"表"}) || !reflect.DeepEqual(rows, [][]string{{"项目名称"}, {"12"}}) {
			t.Errorf("%s: sheets %q rows %q", name, b.sheetNames(), rows)
		}
		_ = b.close()
	}
}
