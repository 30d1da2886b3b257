package cli

import (
	"context"
	"fmt"
	"time"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// demoMilestoneSet is a kind of milestone the demo marks on the first
// count projects of a stage in the 2024 list (in list order).
type demoMilestoneSet struct {
	stage string
	count int
	kind  string
	// planned is the i-th project's planned date; moved, when not "", the
	// date it was put back to afterwards (a slip that the project's
	// delay rule counts); reached, whether it was reached (a week after
	// the planned date).
	planned func(i int) string
	moved   func(i int) string
	reached func(i int) bool
}

// demoMilestoneSets: starts of new projects from February to July, one in
// three not reached (late by September); completions of finishing
// projects from July to December, a quarter reached; completions of
// continuing projects put back from mid-2025 to the end of 2025.
func demoMilestoneSets() []demoMilestoneSet {
	day := func(month, d int) string { return fmt.Sprintf("2024-%02d-%02d", month, d) }
	return []demoMilestoneSet{
		{stage: province.StageNewStart, count: 60, kind: province.MilestoneStart,
			planned: func(i int) string { return day(2+i%6, 15) }, reached: func(i int) bool { return i%3 != 0 }},
		{stage: province.StageCompleting, count: 40, kind: province.MilestoneComplete,
			planned: func(i int) string { return day(7+i%6, 28) }, reached: func(i int) bool { return i%4 == 0 && 7+i%6 <= 9 }},
		{stage: province.StageContinuing, count: 20, kind: province.MilestoneComplete,
			planned: func(int) string { return "2025-06-30" }, moved: func(int) string { return "2025-12-31" }, reached: func(int) bool { return false }},
	}
}

// seedDemoMilestones marks the demo's milestones through the store, as
// managers would (each with its audit entry; a slip is a second save),
// so milestone warnings, lights and delays have something to show.
func seedDemoMilestones(ctx context.Context, s *models.Store) (int, error) {
	rep := &report.Reporter{Store: s}
	who := models.Who{Actor: models.ActorDemo, Source: models.SourceWeb}
	at := time.Date(2024, 10, 8, 9, 0, 0, 0, time.UTC) // after the demo's September reports
	n := 0
	for _, set := range demoMilestoneSets() {
		page, err := rep.Projects(ctx, report.ProjectFilter{Year: 2024, Month: 9, Stage: set.stage, PerPage: set.count})
		if err != nil {
			return n, err
		}
		for i, p := range page.Rows {
			in := models.MilestoneInput{ProjectID: p.ID, Kind: set.kind, PlannedOn: set.planned(i)}
			if set.reached(i) {
				planned, _ := time.Parse("2006-01-02", in.PlannedOn)
				in.ReachedOn = planned.AddDate(0, 0, 7).Format("2006-01-02")
			}
			m, err := s.SaveMilestone(ctx, in, at, who)
			if err == nil && set.moved != nil {
				in.ID, in.Version, in.PlannedOn = m.ID, m.Version, set.moved(i)
				_, err = s.SaveMilestone(ctx, in, at, who)
			}
			if err != nil {
				return n, fmt.Errorf("demo milestone of %s: %w", p.Name, err)
			}
			n++
		}
	}
	return n, nil
}
