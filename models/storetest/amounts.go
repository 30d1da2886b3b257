package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
	"portfolio/province"
)

// MaxAmounts fills s with n projects listed in year−1 and year whose every
// amount column holds models.MaxAmountYuan: total, completed before, annual
// plan, twelve approved monthly reports a year, and the year's targets.
// It writes straight through models.Insert*, as an old import or a hand
// edit might have, so the read paths meet the largest figures the bound
// lets in. It returns the projects' ids.
func MaxAmounts(t testing.TB, s *models.Store, n, year int) []int64 {
	t.Helper()
	const max = models.MaxAmountYuan
	cities := append(province.Cities()[:4:4], province.CityCross)
	sectors := province.Sectors()[:5]
	stages := province.Stages()
	now := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	ps := make([]*models.Project, n)
	for i := range ps {
		code := fmt.Sprintf("%d-360100-48-01-%06d", year, i)
		ps[i] = &models.Project{Code: &code, Name: fmt.Sprintf("上限项目%04d", i), NormName: fmt.Sprintf("上限项目%04d", i), CreatedAt: now, UpdatedAt: now}
	}
	err := s.Tx(context.Background(), func(tx *gorm.DB) error {
		if err := models.InsertProjects(tx, ps); err != nil {
			return err
		}
		var es []*models.PlanEntry
		var rs []*models.MonthlyReport
		for _, y := range []int{year - 1, year} {
			for i, p := range ps {
				es = append(es, &models.PlanEntry{ProjectID: p.ID, Year: y, Seq: i + 1, Name: p.Name, NormName: p.NormName, Owner: "建设单位",
					Sector: sectors[i%len(sectors)], City: cities[i%len(cities)], StartYear: y - 1, EndYear: y + 2, Stage: stages[i%len(stages)],
					TotalInvestmentYuan: max, CompletedBeforeYuan: max, AnnualPlanYuan: max, Version: 1, CreatedAt: now, UpdatedAt: now})
				for m := 1; m <= 12; m++ {
					rs = append(rs, &models.MonthlyReport{ProjectID: p.ID, Year: y, Month: m, CompletedYuan: max, Progress: "进展",
						Status: models.ReportApproved, Version: 1, CreatedAt: now, UpdatedAt: now})
				}
			}
		}
		if err := models.InsertPlanEntries(tx, es); err != nil {
			return err
		}
		if err := models.InsertMonthlyReports(tx, rs); err != nil {
			return err
		}
		for _, p := range ps[:min(n, 10)] {
			for _, m := range []models.Milestone{{ProjectID: p.ID, Kind: province.MilestoneStart, PlannedOn: fmt.Sprintf("%d-03-01", year)},
				{ProjectID: p.ID, Kind: province.MilestoneComplete, PlannedOn: fmt.Sprintf("%d-06-01", year-1), ReachedOn: fmt.Sprintf("%d-07-01", year-1)}} {
				m.Version, m.CreatedAt, m.UpdatedAt = 1, now, now
				if err := tx.Create(&m).Error; err != nil {
					return err
				}
			}
		}
		if err := tx.Exec("DELETE FROM annual_targets WHERE year IN (?, ?)", year-1, year).Error; err != nil {
			return err
		}
		for _, y := range []int{year - 1, year} {
			for _, t := range []models.AnnualTarget{{Year: y, Scope: models.ScopeProvince, AmountYuan: max},
				{Year: y, Scope: models.ScopeCity, ScopeKey: cities[0], AmountYuan: max}, {Year: y, Scope: models.ScopeSector, ScopeKey: sectors[0], AmountYuan: max}} {
				if err := tx.Create(&t).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, n)
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}
