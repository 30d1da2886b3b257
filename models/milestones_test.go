package models_test

import (
	"context"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

// saveMilestone saves in and fails the test on an error.
func saveMilestone(t *testing.T, s *models.Store, in models.MilestoneInput) *models.Milestone {
	t.Helper()
	now := time.Date(2024, 9, 30, 12, 0, 0, 0, time.UTC)
	m, err := s.SaveMilestone(context.Background(), in, now, models.Who{Actor: "builder", Source: "web"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func newProject(t *testing.T, s *models.Store, name string) int64 {
	t.Helper()
	p := models.Project{Name: name, NormName: name, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := s.DB().Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// TestMilestoneKeepsItsFirstPlannedDate: moving a milestone's plan keeps
// the first date; a milestone first saved without a date takes the first
// one it is given.
func TestMilestoneKeepsItsFirstPlannedDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		pid := newProject(t, s, "赣州至深圳铁路")
		m := saveMilestone(t, s, models.MilestoneInput{ProjectID: pid, Kind: "开工", PlannedOn: "2024-03-01"})
		m = saveMilestone(t, s, models.MilestoneInput{ID: m.ID, ProjectID: pid, Kind: "开工", PlannedOn: "2024-06-30", Version: m.Version})
		m = saveMilestone(t, s, models.MilestoneInput{ID: m.ID, ProjectID: pid, Kind: "开工", PlannedOn: "2024-05-01", Version: m.Version})
		if m.FirstPlannedOn != "2024-03-01" || m.PlannedOn != "2024-05-01" {
			t.Fatalf("after two moves: first %q, planned %q", m.FirstPlannedOn, m.PlannedOn)
		}
		u := saveMilestone(t, s, models.MilestoneInput{ProjectID: pid, Kind: "竣工"})
		u = saveMilestone(t, s, models.MilestoneInput{ID: u.ID, ProjectID: pid, Kind: "竣工", PlannedOn: "2026-12-31", Version: u.Version})
		u = saveMilestone(t, s, models.MilestoneInput{ID: u.ID, ProjectID: pid, Kind: "竣工", PlannedOn: "2027-06-30", Version: u.Version})
		if u.FirstPlannedOn != "2026-12-31" {
			t.Fatalf("a milestone first saved undated: first %q", u.FirstPlannedOn)
		}
	})
}

// TestMigrationBackfillsFirstPlannedFromHistory: 0009 on a database whose
// milestones moved before it gives each the first date of its audit
// history, and a milestone without history its planned date.
func TestMigrationBackfillsFirstPlannedFromHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		pid := newProject(t, s, "昌景黄铁路")
		moved := saveMilestone(t, s, models.MilestoneInput{ProjectID: pid, Kind: "开工", PlannedOn: "2024-03-01"})
		moved = saveMilestone(t, s, models.MilestoneInput{ID: moved.ID, ProjectID: pid, Kind: "开工", PlannedOn: "2024-06-30", Version: moved.Version})
		undated := saveMilestone(t, s, models.MilestoneInput{ProjectID: pid, Kind: "竣工"})
		undated = saveMilestone(t, s, models.MilestoneInput{ID: undated.ID, ProjectID: pid, Kind: "竣工", PlannedOn: "2026-12-31", Version: undated.Version})
		undated = saveMilestone(t, s, models.MilestoneInput{ID: undated.ID, ProjectID: pid, Kind: "竣工", PlannedOn: "2027-03-31", Version: undated.Version})
		bare := models.Milestone{ProjectID: pid, Kind: "投产", PlannedOn: "2027-12-31", Version: 1, CreatedAt: time.Now(), UpdatedAt: time.Now()}
		if err := s.DB().Omit("first_planned_on").Create(&bare).Error; err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"DROP INDEX milestones_project_first", "ALTER TABLE milestones DROP COLUMN first_planned_on", "DELETE FROM schema_migrations WHERE version >= 9"} {
			if err := s.DB().Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{moved.ID: "2024-03-01", undated.ID: "2026-12-31", bare.ID: "2027-12-31"}
		var got []models.Milestone
		if err := s.DB().Where("project_id = ?", pid).Find(&got).Error; err != nil {
			t.Fatal(err)
		}
		for _, m := range got {
			if m.FirstPlannedOn != want[m.ID] {
				t.Errorf("milestone %s: first planned %q after 0009, want %q", m.Kind, m.FirstPlannedOn, want[m.ID])
			}
		}
	})
}
