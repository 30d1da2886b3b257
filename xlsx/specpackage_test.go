package xlsx

import (
	"reflect"
	"testing"

	xt "portfolio/xlsx/xlsxtest"
)

// specPackage is a hand-built .xlsx package: its workbook's shared
// strings at sst (as the relationship's target names it, "" for none).
func specPackage(t *testing.T, sstTarget, sstPart, sheet string) []byte {
	t.Helper()
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if sstTarget != "" {
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="` + sstTarget + `"/>`
	}
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": rels + `</Relationships>`,
		"xl/worksheets/sheet1.xml":   xt.SheetHead + "<sheetData>" + sheet + "</sheetData>" + xt.SheetTail,
	}
	if sstPart != "" {
		parts[sstPart] = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>项目名称</t></si><si><t>南昌市</t></si></sst>`
	}
	return xt.Zip(t, parts)
}

// TestSpecLegalPackagesRead: what the schema allows and Excel or other
// writers produce is read, not refused as damaged: a cell with an empty
// style index, shared strings at another part than
// xl/sharedStrings.xml, found through the workbook's relationships
// (relative or from the package root).
func TestSpecLegalPackagesRead(t *testing.T) {
	sheet := `<row r="1"><c r="A1" t="s" s=""><v>0</v></c><c r="B1" s=""><v>12.5</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>1</v></c></row>`
	want := map[int][]string{0: {"项目名称", "12.5"}, 1: {"南昌市"}}
	for _, c := range []struct{ name, target, part string }{
		{"the usual part", "sharedStrings.xml", "xl/sharedStrings.xml"},
		{"a relative target", "strings/shared.xml", "xl/strings/shared.xml"},
		{"a target from the root", "/custom/sst.xml", "custom/sst.xml"},
		{"no relationship, the usual part", "", "xl/sharedStrings.xml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			book, err := readBook(t, specPackage(t, c.target, c.part, sheet))
			if err != nil {
				t.Fatal(err)
			}
			if len(book) != 1 || book[0].name != "表" || !reflect.DeepEqual(book[0].rows, want) {
				t.Fatalf("read %+v", book)
			}
		})
	}
}
