package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"testing"

	"portfolio/models/storetest"
	"portfolio/report"
)

// TestSchedulePrintsOnePageWide reads the written workbook's XML: each
// sheet's pageSetup says one page wide (fitToWidth 1, fitToHeight 0),
// which Excel and WPS only honour when sheetPr/pageSetUpPr says
// fitToPage; and the print titles repeat the header rows and the name
// columns on every page, in Excel's syntax (two sheet-qualified ranges,
// comma separated).
func TestSchedulePrintsOnePageWide(t *testing.T) {
	s := storetest.SQLite(t)
	newScheduleFixture(t, s)
	var buf bytes.Buffer
	if err := (&report.Reporter{Store: s}).WriteSchedule(context.Background(), &buf, report.ProjectFilter{Year: 2024, Month: 3}, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string, v any) {
		t.Helper()
		f, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		if err := xml.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	type worksheet struct {
		SheetPr struct {
			PageSetUpPr struct {
				FitToPage string `xml:"fitToPage,attr"`
			} `xml:"pageSetUpPr"`
		} `xml:"sheetPr"`
		PageSetup struct {
			FitToWidth  string `xml:"fitToWidth,attr"`
			FitToHeight string `xml:"fitToHeight,attr"`
			Orientation string `xml:"orientation,attr"`
			PaperSize   string `xml:"paperSize,attr"`
		} `xml:"pageSetup"`
	}
	for _, sheet := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		var ws worksheet
		part(sheet, &ws)
		if fit := ws.SheetPr.PageSetUpPr.FitToPage; fit != "1" && fit != "true" {
			t.Errorf("%s: sheetPr/pageSetUpPr fitToPage=%q, want 1 (else fitToWidth is ignored)", sheet, fit)
		}
		if p := ws.PageSetup; p.FitToWidth != "1" || p.FitToHeight != "0" || p.Orientation != "landscape" || p.PaperSize != "8" {
			t.Errorf("%s: pageSetup %+v, want one A3 landscape page wide", sheet, p)
		}
	}
	var wb struct {
		Names []struct {
			Name    string `xml:"name,attr"`
			SheetID string `xml:"localSheetId,attr"`
			Value   string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	part("xl/workbook.xml", &wb)
	want := map[string]string{"0": "'" + report.ScheduleSheet + "'!$A:$B,'" + report.ScheduleSheet + "'!$3:$4",
		"1": "'" + report.ScheduleSummarySheet + "'!$A:$A,'" + report.ScheduleSummarySheet + "'!$1:$2"}
	for _, n := range wb.Names {
		if n.Name == "_xlnm.Print_Titles" {
			if n.Value != want[n.SheetID] {
				t.Errorf("sheet %s: Print_Titles %q, want %q", n.SheetID, n.Value, want[n.SheetID])
			}
			delete(want, n.SheetID)
		}
	}
	if len(want) > 0 {
		t.Errorf("no Print_Titles for sheets %v", want)
	}
}
