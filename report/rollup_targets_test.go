package report_test

import (
	"context"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// TestRollupOfACityAndTargets: a city's rollup holds only its projects,
// its months and its target; the province's carries each sector's and
// city's target with the share completed, nothing where none is set; a
// year without a target says so and has no gap to it.
func TestRollupOfACityAndTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		f := fixture{t, s}
		nc := f.project("南昌地铁", "综合交通", "南昌市", "continuing", 1_000_000_000)
		f.report(nc, 2, 100_000_000, models.ReportApproved)
		f.report(nc, 3, 150_000_000, models.ReportApproved)
		jj := f.project("九江电厂", "能源", "九江市", "continuing", 2_000_000_000)
		f.report(jj, 3, 700_000_000, models.ReportApproved)
		who := models.Who{Actor: "test", Source: models.SourceCLI}
		for _, tg := range []models.AnnualTarget{
			{Year: 2024, Scope: models.ScopeCity, ScopeKey: "南昌市", AmountYuan: 500_000_000},
			{Year: 2024, Scope: models.ScopeSector, ScopeKey: "能源", AmountYuan: 1_400_000_000},
		} {
			if _, err := s.SetTarget(ctx, tg, who); err != nil {
				t.Fatal(err)
			}
		}
		rep := &report.Reporter{Store: s}
		city, err := rep.RollupFor(ctx, 2024, 3, "南昌市")
		if err != nil {
			t.Fatal(err)
		}
		if city.City != "南昌市" || city.Projects != 1 || city.CompletedYuan != 250_000_000 || !city.TargetSet || city.TargetYuan != 500_000_000 ||
			len(city.ByCity) != 1 || city.ByMonth[2].CumulativeYuan != 250_000_000 || city.BySector[0].TargetYuan != nil {
			t.Fatalf("南昌市's rollup: %+v", city)
		}
		prov, err := rep.Rollup(ctx, 2024, 3)
		if err != nil {
			t.Fatal(err)
		}
		if prov.Projects != 2 || prov.CompletedYuan != 950_000_000 || !prov.TargetSet || prov.TargetYuan != 1_000_000_000_000 {
			t.Fatalf("province: %+v", prov)
		}
		energy, transport := prov.BySector[1], prov.BySector[0]
		if energy.Key != "能源" || energy.TargetYuan == nil || *energy.TargetYuan != 1_400_000_000 || *energy.TargetRate != 0.5 || transport.TargetYuan != nil {
			t.Fatalf("sector targets: %+v %+v", energy, transport)
		}
		if nanchang := prov.ByCity[0]; nanchang.TargetYuan == nil || *nanchang.TargetRate != 0.5 || prov.ByCity[1].TargetRate != nil {
			t.Fatalf("city targets: %+v", prov.ByCity)
		}
		jiujiang, err := rep.RollupFor(ctx, 2024, 3, "九江市")
		if err != nil {
			t.Fatal(err)
		}
		if jiujiang.TargetSet || jiujiang.TargetYuan != 0 || jiujiang.Forecast.GapYuan != 0 || jiujiang.Forecast.MonthlyNeededYuan != 0 || jiujiang.Forecast.YearEndYuan == 0 {
			t.Fatalf("a city without a target: %+v", jiujiang)
		}
	})
}
