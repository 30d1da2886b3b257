package report

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestProjectExportCSV(t *testing.T) {
	rows := []ProjectRow{
		{Code: "2024-360100-48-01-000001", Name: "=HYPERLINK(\"http://x\")", Owner: "@SUM(1)", Sector: "综合交通", City: "南昌市",
			StageLabel: "续建", TotalYuan: 123_456_789, PlanYuan: 2_987_000_000, CompletedYuan: 5, CompletionRate: 0.5, Light: Green},
		{Name: "+1", Owner: "-2", Tags: "\tx"},
	}
	var buf bytes.Buffer
	if err := WriteProjectsCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("%v %d", err, len(recs))
	}
	r := recs[1]
	if r[2] != "'=HYPERLINK(\"http://x\")" || r[3] != "'@SUM(1)" || r[11] != "12345.6789" || r[13] != "298700" || r[14] != "0.0005" || r[16] != "绿" {
		t.Fatalf("%q", r)
	}
	if recs[2][2] != "'+1" || recs[2][3] != "'-2" || recs[2][10] != "'\tx" {
		t.Fatalf("%q", recs[2])
	}
}
