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

// generatedProject is one project of a generated portfolio as the Go rule
// sees it, with the reports the store holds (approved or not).
type generatedProject struct {
	id      int64
	p       province.Project
	reports map[int]int64 // month → approved completed yuan
}

// randomDate is a date from October of the year before to February of
// the year after, month ends and month starts favoured (the edges of the
// rule), or "" now and then.
func randomDate(r *rand.Rand) string {
	if r.Intn(8) == 0 {
		return ""
	}
	start := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	d := start.AddDate(0, r.Intn(17), 0)
	switch r.Intn(4) {
	case 0: // first day
	case 1:
		d = d.AddDate(0, 1, -1) // last day
	default:
		d = d.AddDate(0, 0, r.Intn(31))
	}
	return d.Format("2006-01-02")
}

// generatePortfolio stores n projects of 2024 with random plans, stages,
// approved and unapproved reports and milestones, and returns them.
func generatePortfolio(t *testing.T, s *models.Store, r *rand.Rand, n int) []generatedProject {
	t.Helper()
	now := time.Now()
	projects := make([]models.Project, n)
	for i := range projects {
		name := fmt.Sprintf("生成项目%04d", i)
		projects[i] = models.Project{Name: name, NormName: name, CreatedAt: now, UpdatedAt: now}
	}
	if err := s.DB().CreateInBatches(&projects, 200).Error; err != nil {
		t.Fatal(err)
	}
	var entries []models.PlanEntry
	var reports []models.MonthlyReport
	var milestones []models.Milestone
	out := make([]generatedProject, n)
	kinds := province.MilestoneKinds()
	for i, pr := range projects {
		g := generatedProject{id: pr.ID, reports: map[int]int64{}}
		g.p.Stage = province.Stages()[r.Intn(len(province.Stages()))]
		if r.Intn(10) > 0 {
			g.p.PlanYuan = r.Int63n(5_000_000_000) + 1
		}
		entries = append(entries, models.PlanEntry{ProjectID: pr.ID, Year: 2024, Name: pr.Name, NormName: pr.Name,
			Sector: province.Sectors()[i%10], City: province.Places()[i%13], Stage: g.p.Stage,
			AnnualPlanYuan: g.p.PlanYuan, Version: 1, CreatedAt: now, UpdatedAt: now})
		for m := 1; m <= 12; m++ {
			if r.Intn(3) == 0 {
				continue
			}
			yuan := r.Int63n(g.p.PlanYuan/6 + 2)
			status := models.ReportApproved
			if r.Intn(5) == 0 {
				status = models.ReportSubmitted
			} else {
				g.reports[m] = yuan
			}
			reports = append(reports, models.MonthlyReport{ProjectID: pr.ID, Year: 2024, Month: m, CompletedYuan: yuan,
				Status: status, Version: 1, CreatedAt: now, UpdatedAt: now})
		}
		for _, k := range r.Perm(len(kinds))[:r.Intn(4)] {
			m := province.Milestone{Kind: kinds[k], PlannedOn: randomDate(r)}
			if r.Intn(2) == 0 {
				m.ReachedOn = randomDate(r)
			}
			if r.Intn(3) == 0 { // the kind the new-start rule names, often
				m.Kind = province.MilestoneStart
			}
			if hasKind(g.p.Milestones, m.Kind) {
				continue
			}
			g.p.Milestones = append(g.p.Milestones, m)
			milestones = append(milestones, models.Milestone{ProjectID: pr.ID, Kind: m.Kind, PlannedOn: m.PlannedOn,
				ReachedOn: m.ReachedOn, Version: 1, CreatedAt: now, UpdatedAt: now})
		}
		out[i] = g
	}
	for _, rows := range []any{&entries, &reports, &milestones} {
		if err := s.DB().CreateInBatches(rows, 200).Error; err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func hasKind(ms []province.Milestone, kind string) bool {
	for _, m := range ms {
		if m.Kind == kind {
			return true
		}
	}
	return false
}

// goLight is province's Go rule applied to a generated project.
func goLight(g generatedProject, month, band int) string {
	p := g.p
	for m := 1; m <= month; m++ {
		p.DoneYuan += g.reports[m]
	}
	return province.ProjectLight(p, 2024, month, band)
}

// TestSQLLightAgreesWithGoLight is the property of issue 13.9: on a
// generated portfolio, the light the SQL gives every project (the list)
// and the rollup's counts equal province.ProjectLight, for every month
// and two yellow bands, on SQLite and PostgreSQL.
func TestSQLLightAgreesWithGoLight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		seed := time.Now().UnixNano()
		t.Logf("seed %d", seed)
		gen := generatePortfolio(t, s, rand.New(rand.NewSource(seed)), 400)
		ctx := context.Background()
		for _, band := range []int{10, 5} {
			rep := &report.Reporter{Store: s, Opt: report.Options{YellowBandPoints: band}}
			for month := 1; month <= 12; month++ {
				checkMonthLights(t, ctx, rep, gen, month, band)
			}
		}
	})
}

func checkMonthLights(t *testing.T, ctx context.Context, rep *report.Reporter, gen []generatedProject, month, band int) {
	t.Helper()
	sqlLight := map[int64]string{}
	for page := 1; ; page++ {
		pg, err := rep.Projects(ctx, report.ProjectFilter{Year: 2024, Month: month, Page: page, PerPage: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range pg.Rows {
			sqlLight[row.ID] = row.Light
		}
		if page >= pg.Pages {
			break
		}
	}
	var want report.Lights
	bad := 0
	for _, g := range gen {
		l := goLight(g, month, band)
		switch l {
		case province.Green:
			want.Green++
		case province.Yellow:
			want.Yellow++
		default:
			want.Red++
		}
		if sqlLight[g.id] != l && bad < 5 {
			bad++
			t.Errorf("band %d month %d project %d: SQL light %q, Go light %q (%+v, reports %v)", band, month, g.id, sqlLight[g.id], l, g.p, g.reports)
		}
	}
	ru, err := rep.Rollup(ctx, 2024, month)
	if err != nil {
		t.Fatal(err)
	}
	if ru.Lights != want {
		t.Errorf("band %d month %d: rollup lights %+v, Go rule %+v", band, month, ru.Lights, want)
	}
}
