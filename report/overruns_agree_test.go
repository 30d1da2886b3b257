package report_test

import (
	"context"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
	"portfolio/report"
)

// scheduledProject is a generated project as the overrun and delay rules
// see it in 2024: its first list's and 2024's total, and its schedule.
type scheduledProject struct {
	id                  int64
	sector, city        string
	firstTotal, current int64
	s                   province.Schedule
}

// generateSchedules stores n projects listed in 2024 and, most of them,
// in one or two earlier years (the first of which is the original) and
// in 2025 (which 2024 must not read), with totals, end years (0 now and
// then: blank in the list) and milestones whose plans moved or not.
func generateSchedules(t *testing.T, s *models.Store, r *rand.Rand, n int) []scheduledProject {
	t.Helper()
	now := time.Now()
	projects := make([]models.Project, n)
	for i := range projects {
		name := fmt.Sprintf("排期项目%04d", i)
		projects[i] = models.Project{Name: name, NormName: name, CreatedAt: now, UpdatedAt: now}
	}
	if err := s.DB().CreateInBatches(&projects, 200).Error; err != nil {
		t.Fatal(err)
	}
	total := func() int64 { // a few blanks, many equal figures
		if r.Intn(10) == 0 {
			return 0
		}
		return int64(1+r.Intn(4)) * 500_000_000
	}
	end := func() int {
		if r.Intn(10) == 0 {
			return 0
		}
		return 2024 + r.Intn(3)
	}
	var entries []models.PlanEntry
	var milestones []models.Milestone
	out := make([]scheduledProject, n)
	for i, pr := range projects {
		g := scheduledProject{id: pr.ID, sector: province.Sectors()[i%10], city: province.Places()[i%13]}
		years := []int{2024}
		for _, y := range []int{2022, 2023, 2025} {
			if r.Intn(2) == 0 {
				years = append(years, y)
			}
		}
		firstYear := 2024
		for _, y := range years {
			e := models.PlanEntry{ProjectID: pr.ID, Year: y, Name: pr.Name, NormName: pr.Name, Sector: g.sector, City: g.city,
				Stage: province.StageContinuing, TotalInvestmentYuan: total(), EndYear: end(), Version: 1, CreatedAt: now, UpdatedAt: now}
			entries = append(entries, e)
			if y < firstYear {
				firstYear, g.firstTotal, g.s.OriginalEnd = y, e.TotalInvestmentYuan, e.EndYear
			}
			if y == 2024 {
				g.current, g.s.CurrentEnd = e.TotalInvestmentYuan, e.EndYear
				if firstYear == 2024 {
					g.firstTotal, g.s.OriginalEnd = e.TotalInvestmentYuan, e.EndYear
				}
			}
		}
		for _, k := range r.Perm(len(province.MilestoneKinds()))[:r.Intn(3)] {
			m := province.PlannedDates{FirstPlannedOn: randomDate(r), PlannedOn: randomDate(r)}
			if r.Intn(3) == 0 {
				m.PlannedOn = m.FirstPlannedOn
			}
			g.s.Milestones = append(g.s.Milestones, m)
			milestones = append(milestones, models.Milestone{ProjectID: pr.ID, Kind: province.MilestoneKinds()[k],
				PlannedOn: m.PlannedOn, FirstPlannedOn: m.FirstPlannedOn, Version: 1, CreatedAt: now, UpdatedAt: now})
		}
		out[i] = g
	}
	for _, rows := range []any{&entries, &milestones} {
		if err := s.DB().CreateInBatches(rows, 200).Error; err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestSQLOverrunsAgreeWithGo: on a generated portfolio, the overrun and
// delay the SQL gives every project of the 2024 list, the filters'
// counts and the rollup's counts (in all, by sector, by city) equal
// province.Overrun and province.Delayed, on SQLite and PostgreSQL.
func TestSQLOverrunsAgreeWithGo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed := time.Now().UnixNano()
		t.Logf("seed %d", seed)
		gen := generateSchedules(t, s, rand.New(rand.NewSource(seed)), 300)
		ctx := context.Background()
		rep := &report.Reporter{Store: s}
		pg, err := rep.Projects(ctx, report.ProjectFilter{Year: 2024, Month: 9, All: true})
		if err != nil {
			t.Fatal(err)
		}
		rows := map[int64]report.ProjectRow{}
		for _, row := range pg.Rows {
			rows[row.ID] = row
		}
		var overruns, delays int
		bySector, byCity := map[string][2]int{}, map[string][2]int{}
		for _, g := range gen {
			over, late := province.Overrun(g.firstTotal, g.current), province.Delayed(g.s)
			row := rows[g.id]
			if row.Overrun != over || row.Delayed != late || row.OriginalTotalYuan != g.firstTotal || row.OriginalEndYear != g.s.OriginalEnd {
				t.Errorf("project %d: SQL overrun %v delayed %v first %d/%d, Go %v %v %d/%d (%+v)", g.id, row.Overrun, row.Delayed,
					row.OriginalTotalYuan, row.OriginalEndYear, over, late, g.firstTotal, g.s.OriginalEnd, g)
			}
			o, d := b2i(over), b2i(late)
			overruns, delays = overruns+o, delays+d
			bySector[g.sector] = [2]int{bySector[g.sector][0] + o, bySector[g.sector][1] + d}
			byCity[g.city] = [2]int{byCity[g.city][0] + o, byCity[g.city][1] + d}
		}
		if overruns == 0 || delays == 0 || overruns == len(gen) || delays == len(gen) {
			t.Fatalf("the generator made %d overruns and %d delays of %d: not a test", overruns, delays, len(gen))
		}
		if pg.Sums.Overruns != overruns || pg.Sums.Delays != delays {
			t.Errorf("list sums: %d overruns, %d delays; Go %d, %d", pg.Sums.Overruns, pg.Sums.Delays, overruns, delays)
		}
		for _, f := range []report.ProjectFilter{{Overrun: true}, {Delayed: true}} {
			f.Year, f.Month = 2024, 9
			v, err := rep.Projects(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want := overruns
			if f.Delayed {
				want = delays
			}
			if v.Total != want || (f.Overrun && v.Sums.Overruns != want) || (f.Delayed && v.Sums.Delays != want) {
				t.Errorf("filter overrun=%v delayed=%v: %d rows (sums %+v), Go %d", f.Overrun, f.Delayed, v.Total, v.Sums, want)
			}
		}
		ru, err := rep.Rollup(ctx, 2024, 9)
		if err != nil {
			t.Fatal(err)
		}
		if ru.Overruns != overruns || ru.Delays != delays {
			t.Errorf("rollup: %d overruns, %d delays; Go %d, %d", ru.Overruns, ru.Delays, overruns, delays)
		}
		for _, part := range []struct {
			groups []report.Group
			want   map[string][2]int
		}{{ru.BySector, bySector}, {ru.ByCity, byCity}} {
			for _, g := range part.groups {
				if w := part.want[g.Key]; g.Overruns != w[0] || g.Delays != w[1] {
					t.Errorf("rollup group %s: %d overruns, %d delays; Go %v", g.Key, g.Overruns, g.Delays, w)
				}
			}
		}
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
