package report_test

import (
	"context"
	"strings"
	"testing"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// TestImportAndRollupCountTheSameReports: a manager's January report of
// ¥400m awaits review when the city imports its 1–2月 sheet saying ¥1bn
// year to date. The totals then hold exactly ¥1bn (the sheet), not ¥600m,
// and the preview says why; approving January later adds it on top.
func TestImportAndRollupCountTheSameReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		f := fixture{t, s}
		ctx := context.Background()
		id := f.project("赣江大桥", "综合交通", "南昌市", "continuing", 5_000_000_000)
		f.report(id, 1, 400_000_000, models.ReportSubmitted)
		ytd := int64(1_000_000_000)
		p := &importer.Parsed{Kind: importer.KindMonthly, Year: 2024, Month: 2,
			Monthly: []importer.MonthlyRow{{Sheet: "S", Row: 5, Name: "赣江大桥", YTDYuan: &ytd}}}
		res, err := (&importer.Importer{Store: s}).Apply(ctx, p, "sheet", importer.Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Message, "40000万元尚未审核") {
			t.Errorf("warnings %+v", res.Warnings)
		}
		rep := &report.Reporter{Store: s}
		r, err := rep.Rollup(ctx, 2024, 2)
		if err != nil {
			t.Fatal(err)
		}
		if r.CompletedYuan != ytd {
			t.Fatalf("totals after the sheet: %d yuan, want the sheet's %d", r.CompletedYuan, ytd)
		}
	})
}
