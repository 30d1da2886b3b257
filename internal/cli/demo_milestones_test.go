package cli

import (
	"context"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// TestDemoMilestones: the demo's milestones, marked through the store,
// raise late-milestone warnings in September and make the slipped
// projects count as delayed.
func TestDemoMilestones(t *testing.T) {
	ctx := context.Background()
	db := importedDemo(t, 0)
	s, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := seedDemoMilestones(ctx, s)
	want := 0
	for _, set := range demoMilestoneSets() {
		want += set.count
	}
	if err != nil || n != want {
		t.Fatalf("seeded %d milestones of %d: %v", n, want, err)
	}
	rep := &report.Reporter{Store: s}
	w, err := rep.Warnings(ctx, 2024, 9, 5, models.ProjectScope{}, time.Date(2024, 10, 8, 9, 0, 0, 0, time.UTC), 1000)
	if err != nil {
		t.Fatal(err)
	}
	late := 0
	for _, r := range w.Rules {
		if r.Rule == province.WarnMilestone {
			late = r.Count
		}
	}
	// Starts planned February to July and not reached: 60 / 3 = 20;
	// completions planned in July to September and not reached: 15 of 20.
	if late < 20 {
		t.Errorf("%d late-milestone warnings; want at least the 20 starts not reached", late)
	}
	page, err := rep.Projects(ctx, report.ProjectFilter{Year: 2024, Month: 9, Stage: province.StageContinuing, Delayed: true, PerPage: 500})
	if err != nil || page.Total < 20 {
		t.Fatalf("continuing projects delayed: %v (%v); want the 20 slipped at least", page, err)
	}
}
