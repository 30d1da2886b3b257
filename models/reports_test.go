package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

// listed adds a project to the 2024 list with the given totals and
// returns it; the tests below start from one such project.
func listed(t *testing.T, s *models.Store, name string, total, before, plan int64) models.Project {
	t.Helper()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p := models.Project{Name: name, NormName: name, CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	e := models.PlanEntry{ProjectID: p.ID, Year: 2024, Name: name, NormName: name, Stage: "continuing",
		TotalInvestmentYuan: total, CompletedBeforeYuan: before, AnnualPlanYuan: plan, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&e).Error; err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReportSubmitApproveLockCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 10, 9, 0, 0, 0, time.UTC)
		p := listed(t, s, "峡江灌区", 1_000_000, 200_000, 500_000)
		who := models.Who{Actor: "builder", Source: models.SourceWeb}
		in := models.ReportInput{ProjectID: p.ID, Year: 2024, Month: 6, CompletedYuan: 100_000, Progress: "渠道开挖"}
		for _, bad := range []models.ReportInput{
			{ProjectID: p.ID, Year: 2024, Month: 8, CompletedYuan: 1},       // future
			{ProjectID: p.ID, Year: 2024, Month: 6, CompletedYuan: -1},      // negative
			{ProjectID: p.ID, Year: 2024, Month: 6, CompletedYuan: 800_001}, // above remaining
			{ProjectID: p.ID, Year: 2023, Month: 6, CompletedYuan: 1},       // not in that year's list
		} {
			var fe *models.FieldError
			if _, err := s.SubmitReport(ctx, bad, now, who); !errors.As(err, &fe) || fe.Message == "" {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		r, err := s.SubmitReport(ctx, in, now, who)
		if err != nil || r.Status != models.ReportSubmitted || r.Version != 1 {
			t.Fatalf("%+v %v", r, err)
		}
		in.Version = 1
		if _, err := s.SubmitReport(ctx, in, now, who); !errors.Is(err, models.ErrLocked) {
			t.Fatalf("editing a submitted report: %v", err)
		}
		city := models.Who{Actor: "jian", Source: models.SourceWeb}
		r, err = s.ReviewReport(ctx, r.ID, false, 1, now, city)
		if err != nil || r.Status != models.ReportReturned || r.Version != 2 {
			t.Fatalf("return: %+v %v", r, err)
		}
		in.Version, in.CompletedYuan = 2, 120_000
		if r, err = s.SubmitReport(ctx, in, now, who); err != nil || r.Version != 3 {
			t.Fatalf("resubmit: %+v %v", r, err)
		}
		if _, err := s.ReviewReport(ctx, r.ID, true, 2, now, city); !errors.Is(err, models.ErrConflict) {
			t.Fatalf("review at a stale version: %v", err)
		}
		if r, err = s.ReviewReport(ctx, r.ID, true, 3, now, city); err != nil || r.Status != models.ReportApproved {
			t.Fatalf("approve: %+v %v", r, err)
		}
		in.Version = 4
		if _, err := s.SubmitReport(ctx, in, now, who); !errors.Is(err, models.ErrLocked) {
			t.Fatalf("editing an approved report: %v", err)
		}
		var n int64
		s.DB().Model(&models.AuditEntry{}).Where("entity = 'monthly_reports'").Count(&n)
		if n != 4 {
			t.Fatalf("%d audit entries, want 4 (submit, return, resubmit, approve)", n)
		}
	})
}

// TestConcurrentEditsOneWins: two editors save the same returned report
// from the same version at once: one succeeds, one gets a conflict with
// what the other wrote.
func TestConcurrentEditsOneWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 10, 9, 0, 0, 0, time.UTC)
		p := listed(t, s, "A", 0, 0, 0)
		r, err := s.SubmitReport(ctx, models.ReportInput{ProjectID: p.ID, Year: 2024, Month: 5, CompletedYuan: 1}, now, models.Who{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReviewReport(ctx, r.ID, false, 1, now, models.Who{}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.SubmitReport(ctx, models.ReportInput{ProjectID: p.ID, Year: 2024, Month: 5, CompletedYuan: int64(100 + i), Version: 2}, now, models.Who{})
			}()
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range errs {
			var ce *models.ConflictError
			switch {
			case err == nil:
				ok++
			case errors.As(err, &ce) || errors.Is(err, models.ErrLocked):
				conflict++
			default:
				t.Fatalf("unexpected: %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("ok %d conflict %d: %v", ok, conflict, errs)
		}
	})
}

func TestMilestones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 10, 9, 0, 0, 0, time.UTC)
		p := listed(t, s, "A", 0, 0, 0)
		who := models.Who{Actor: "builder"}
		for _, bad := range []models.MilestoneInput{
			{ProjectID: p.ID, Kind: " "},
			{ProjectID: p.ID, Kind: "开工", PlannedOn: "2024/6/1"},
			{ProjectID: p.ID, Kind: "开工", PlannedOn: "2024-06-01", ReachedOn: "2024-08-01"},
		} {
			var fe *models.FieldError
			if _, err := s.SaveMilestone(ctx, bad, now, who); !errors.As(err, &fe) {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		m, err := s.SaveMilestone(ctx, models.MilestoneInput{ProjectID: p.ID, Kind: "开工", PlannedOn: "2024-06-01"}, now, who)
		if err != nil || m.Version != 1 {
			t.Fatal(m, err)
		}
		m, err = s.SaveMilestone(ctx, models.MilestoneInput{ID: m.ID, ProjectID: p.ID, Kind: "开工", PlannedOn: "2024-06-01", ReachedOn: "2024-06-20", Version: 1}, now, who)
		if err != nil || m.Version != 2 || m.ReachedOn != "2024-06-20" {
			t.Fatal(m, err)
		}
		_, err = s.SaveMilestone(ctx, models.MilestoneInput{ID: m.ID, ProjectID: p.ID, Kind: "开工", PlannedOn: "2024-05-01", Version: 1}, now, who)
		var mc *models.MilestoneConflict
		if !errors.As(err, &mc) || mc.Current.ReachedOn != "2024-06-20" {
			t.Fatalf("stale edit: %v", err)
		}
		if _, err := s.SaveMilestone(ctx, models.MilestoneInput{ID: m.ID, ProjectID: p.ID + 1, Kind: "开工", Version: 2}, now, who); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("another project's milestone: %v", err)
		}
	})
}

// TestConcurrentPlanEdits: two officials save the same plan entry from
// the same version at once; one wins, the other gets what it now holds.
func TestConcurrentPlanEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 10, 9, 0, 0, 0, time.UTC)
		p := listed(t, s, "A", 1000, 0, 100)
		if _, err := s.EditPlanEntry(ctx, p.ID, 2024, models.PlanEdit{Stage: "x", Version: 1}, now, models.Who{}); err == nil {
			t.Fatal("a bad stage was accepted")
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.EditPlanEntry(ctx, p.ID, 2024, models.PlanEdit{Stage: "continuing", TotalInvestmentYuan: 1000, AnnualPlanYuan: int64(200 + i), Version: 1}, now, models.Who{Actor: "u"})
			}()
		}
		wg.Wait()
		var pc *models.PlanConflict
		if !((errs[0] == nil && errors.As(errs[1], &pc)) || (errs[1] == nil && errors.As(errs[0], &pc))) {
			t.Fatalf("want one success and one conflict: %v", errs)
		}
		if pc.Current.Version != 2 {
			t.Fatalf("the conflict shows version %d, want the winner's 2", pc.Current.Version)
		}
	})
}

// TestReportRaisesItsProblemInOneTransaction: a report submitted with its
// 存在问题 for the ledger writes both, linked, or neither.
func TestReportRaisesItsProblemInOneTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 10, 9, 0, 0, 0, time.UTC)
		p := listed(t, s, "峡江灌区", 1_000_000, 200_000, 500_000)
		who := models.Who{Actor: "builder", Source: models.SourceWeb}
		problem := models.ProblemInput{ProjectID: p.ID, Category: "用地", Description: "渠道用地未报批", Level: "county", DueOn: "2024-08-31"}
		count := func(table string) (n int64) {
			s.DB().Table(table).Count(&n)
			return n
		}
		// The ledger entry fails inside the transaction (a project that is
		// not there): the report is not saved either.
		lost := problem
		lost.ProjectID = p.ID + 1000
		in := models.ReportInput{ProjectID: p.ID, Year: 2024, Month: 6, CompletedYuan: 100_000, Problems: "渠道用地未报批", Raise: &lost}
		if _, err := s.SubmitReport(ctx, in, now, who); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("a ledger entry for a missing project: %v", err)
		}
		// Refused by its checks before the transaction: nothing either.
		bad := problem
		bad.DueOn = "明天"
		in.Raise = &bad
		var fe *models.FieldError
		if _, err := s.SubmitReport(ctx, in, now, who); !errors.As(err, &fe) {
			t.Fatalf("a bad due date: %v", err)
		}
		if r, pb := count("monthly_reports"), count("problems"); r != 0 || pb != 0 {
			t.Fatalf("after two refusals: %d reports, %d problems", r, pb)
		}
		in.Raise = &problem
		r, err := s.SubmitReport(ctx, in, now, who)
		if err != nil {
			t.Fatal(err)
		}
		var got models.Problem
		if err := s.DB().Take(&got).Error; err != nil || got.ReportID == nil || *got.ReportID != r.ID || got.RaisedBy != "builder" {
			t.Fatalf("the raised problem %+v (%v), report %d", got, err, r.ID)
		}
	})
}
