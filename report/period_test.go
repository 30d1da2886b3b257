package report_test

import (
	"context"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// TestDefaultPeriodIsTheProvinces: one city's October report does not
// move the default month, half of the cities do; one city's one-row list
// of 2025 does not move the default year.
func TestDefaultPeriodIsTheProvinces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		f := fixture{t, s}
		rep := &report.Reporter{Store: s}
		ctx := context.Background()
		cities := []string{"南昌市", "赣州市", "九江市", "上饶市"}
		var ids []int64
		for _, c := range cities {
			id := f.project(c+"项目", "综合交通", c, "continuing", 1_000_000_000)
			ids = append(ids, id)
			for m := 1; m <= 9; m++ {
				f.report(id, m, 10_000_000, models.ReportApproved)
			}
		}
		period := func() (int, int) {
			t.Helper()
			y, m, err := rep.DefaultPeriod(ctx, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			return y, m
		}
		if y, m := period(); y != 2024 || m != 9 {
			t.Fatalf("default %d-%d, want 2024-9", y, m)
		}
		f.report(ids[0], 10, 10_000_000, models.ReportApproved)
		f.report(ids[0], 11, 10_000_000, models.ReportApproved)
		f.report(ids[1], 10, 10_000_000, models.ReportSubmitted) // not approved: not reported
		if y, m := period(); y != 2024 || m != 9 {
			t.Fatalf("one city's October moved the default to %d-%d", y, m)
		}
		cov, err := rep.MonthCoverage(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		later := report.LaterMonths(cov, 9)
		if len(later) != 2 || later[0] != (report.Coverage{Month: 10, Cities: 1, Of: 4}) || later[1].Month != 11 {
			t.Fatalf("later months %+v", later)
		}
		f.report(ids[2], 10, 10_000_000, models.ReportApproved)
		if y, m := period(); y != 2024 || m != 10 {
			t.Fatalf("half of the cities reported October: default %d-%d", y, m)
		}

		// One city's 2025 list of one row is not the province's list.
		now := time.Now()
		e := models.PlanEntry{ProjectID: ids[0], Year: 2025, Name: "南昌市项目", NormName: "南昌市项目", Sector: "综合交通",
			City: "南昌市", Stage: "continuing", AnnualPlanYuan: 1, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.DB().Create(&e).Error; err != nil {
			t.Fatal(err)
		}
		if y, _ := period(); y != 2024 {
			t.Fatalf("one city's 2025 list moved the default year to %d", y)
		}
	})
}
