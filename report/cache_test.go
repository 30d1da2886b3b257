package report_test

import (
	"context"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"portfolio/demo"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// TestCacheSeesEveryWritePath: after a write through each path that
// changes the figures, the cached rollup is computed again and equals an
// uncached one.
func TestCacheSeesEveryWritePath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im, imp := demoImporter(t, s)
		imp(demo.KindPlan, 0)
		imp(demo.KindMonthly, 1)

		rep := &report.Reporter{Store: s}
		c := report.NewCache(rep, 8)
		get := func() *report.CachedRollup {
			t.Helper()
			fp, err := c.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.Rollup(ctx, fp, 2024, 6)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		prev := get()
		if again := get(); again != prev {
			t.Fatal("no write, yet the rollup was computed again")
		}
		// step checks that the write made the cache compute again, and
		// that what it returns is what an uncached rollup returns now.
		step := func(name string, write func()) (before, after *report.Rollup) {
			t.Helper()
			write()
			got := get()
			if got == prev {
				t.Fatalf("%s: the cache still returns the rollup from before", name)
			}
			fresh, err := rep.Rollup(ctx, 2024, 6)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Rollup, fresh) {
				t.Fatalf("%s: cached rollup differs from a fresh one:\n%+v\n%+v", name, got.Rollup, fresh)
			}
			before, after = prev.Rollup, got.Rollup
			prev = got
			return before, after
		}

		checkCacheWritePaths(t, s, im, imp, step)
	})
}

// demoWho is who the tests' demo imports and writes are by.
func demoWho() models.Who { return models.Who{Actor: "test", Source: models.SourceCLI} }

// demoImporter writes the demo workbooks of 40 projects and gives an
// importer on s with imp, which imports the 2024 file of a kind (and
// month, 0 for the plan).
func demoImporter(t *testing.T, s *models.Store) (*importer.Importer, func(kind string, month int) *importer.Result) {
	t.Helper()
	files, err := demo.Write(filepath.Join(t.TempDir(), "demo.xlsx"), demo.Options{Projects: 40})
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Store: s}
	imp := func(kind string, month int) *importer.Result {
		t.Helper()
		for _, f := range files {
			if f.Year == 2024 && f.Kind == kind && f.Month == month {
				res, err := im.ImportFile(context.Background(), f.Path, importer.Options{ParseOptions: importer.ParseOptions{Kind: importer.Kind(f.Kind), Year: f.Year, Month: f.Month}, Who: demoWho()})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
		}
		t.Fatalf("no demo file %s %d", kind, month)
		return nil
	}
	return im, imp
}

// checkCacheWritePaths writes through each path that changes the
// figures, step checking the cache after each, and checks the change.
func checkCacheWritePaths(t *testing.T, s *models.Store, im *importer.Importer, imp func(string, int) *importer.Result,
	step func(string, func()) (before, after *report.Rollup)) {
	t.Helper()
	ctx, who := context.Background(), demoWho()
	var feb *importer.Result
	if b, a := step("import", func() { feb = imp(demo.KindMonthly, 2) }); a.CompletedYuan <= b.CompletedYuan {
		t.Fatalf("import of February: completed %d → %d", b.CompletedYuan, a.CompletedYuan)
	}
	var pe models.PlanEntry
	if err := s.Read().Where("year = 2024 AND annual_plan_yuan > 1000").Order("id").Take(&pe).Error; err != nil {
		t.Fatal(err)
	}
	var sub *models.MonthlyReport
	step("submit", func() {
		var err error
		sub, err = s.SubmitReport(ctx, models.ReportInput{ProjectID: pe.ProjectID, Year: 2024, Month: 3, CompletedYuan: 1000}, time.Now(), who)
		if err != nil {
			t.Fatal(err)
		}
	})
	if b, a := step("approve", func() {
		if _, err := s.ReviewReport(ctx, sub.ID, true, sub.Version, time.Now(), who); err != nil {
			t.Fatal(err)
		}
	}); a.CompletedYuan != b.CompletedYuan+1000 {
		t.Fatalf("approval of ¥1000: completed %d → %d", b.CompletedYuan, a.CompletedYuan)
	}
	if b, a := step("plan edit", func() {
		ed := models.PlanEdit{Owner: pe.Owner, Stage: pe.Stage, TotalInvestmentYuan: pe.TotalInvestmentYuan,
			CompletedBeforeYuan: pe.CompletedBeforeYuan, AnnualPlanYuan: pe.AnnualPlanYuan - 1000, Note: pe.Note, Version: pe.Version}
		if _, err := s.EditPlanEntry(ctx, pe.ProjectID, 2024, ed, time.Now(), who); err != nil {
			t.Fatal(err)
		}
	}); a.PlanYuan != b.PlanYuan-1000 {
		t.Fatalf("plan cut by ¥1000: plan %d → %d", b.PlanYuan, a.PlanYuan)
	}
	step("milestone", func() {
		if _, err := s.SaveMilestone(ctx, models.MilestoneInput{ProjectID: pe.ProjectID, Kind: "开工", PlannedOn: "2024-01-10"}, time.Now(), who); err != nil {
			t.Fatal(err)
		}
	})
	if b, a := step("revert", func() {
		if _, err := im.Revert(ctx, feb.BatchID, who); err != nil {
			t.Fatal(err)
		}
	}); a.CompletedYuan >= b.CompletedYuan {
		t.Fatalf("revert of February: completed %d → %d", b.CompletedYuan, a.CompletedYuan)
	}
	if b, a := step("target", func() {
		if _, err := s.SetTarget(ctx, models.AnnualTarget{Year: 2024, Scope: models.ScopeProvince, AmountYuan: 123_456_789}, models.Who{Actor: models.ActorCLI, Source: models.SourceCLI}); err != nil {
			t.Fatal(err)
		}
	}); a.TargetYuan != 123_456_789 || b.TargetYuan == a.TargetYuan {
		t.Fatalf("target %d → %d", b.TargetYuan, a.TargetYuan)
	}
}

// TestCacheConcurrentReaders: 64 concurrent misses compute once, and every
// reader gets the same result.
func TestCacheConcurrentReaders(t *testing.T) {
	s := storetest.SQLite(t)
	f := fixture{t, s}
	id := f.project("并发读", "能源", "南昌市", "continuing", 1_200_000)
	f.report(id, 1, 100_000, models.ReportApproved)
	ctx := context.Background()
	c := report.NewCache(&report.Reporter{Store: s}, 4)
	fp, err := c.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var computed atomic.Int32
	release := make(chan struct{})
	const n = 64
	vals := make([]any, n)
	rollups := make([]*report.CachedRollup, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			v, err := c.Value(ctx, fp, "slow", 2024, 1, func(context.Context) (any, error) {
				computed.Add(1)
				<-release
				return new(int), nil
			})
			if err != nil {
				t.Error(err)
			}
			vals[i] = v
			if rollups[i], err = c.Rollup(ctx, fp, 2024, 1); err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond) // let them all queue on the one computation
	close(release)
	wg.Wait()
	if got := computed.Load(); got != 1 {
		t.Fatalf("64 concurrent misses computed %d times", got)
	}
	for i := range n {
		if vals[i] != vals[0] || rollups[i] != rollups[0] {
			t.Fatalf("reader %d got another result", i)
		}
	}
	if rollups[0].Rollup.CompletedYuan != 100_000 {
		t.Fatalf("completed = %d", rollups[0].Rollup.CompletedYuan)
	}
	// A waiter that gives up does not stop the computation for the others.
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Value(gone, fp, "other", 2024, 1, func(ctx context.Context) (any, error) { return 1, ctx.Err() }); err != nil {
		t.Fatalf("computation saw the caller's cancellation: %v", err)
	}
}

// TestCacheBounded: the cache keeps at most its size.
func TestCacheBounded(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	c := report.NewCache(&report.Reporter{Store: s}, 3)
	fp, err := c.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var computed int
	get := func(m int) {
		if _, err := c.Value(ctx, fp, "v", 2024, m, func(context.Context) (any, error) { computed++; return m, nil }); err != nil {
			t.Fatal(err)
		}
	}
	for m := 1; m <= 12; m++ {
		get(m)
	}
	get(12) // still there
	if computed != 12 {
		t.Fatalf("computed %d times, want 12", computed)
	}
	get(1) // evicted long ago
	if computed != 13 {
		t.Fatalf("computed %d times, want 13", computed)
	}
}

// TestCacheIgnoresNonDataAudit: the audit rows anyone can make the server
// write (a failed sign-in, a refused route) and user administration leave
// the cached rollup in place; a data write replaces it. On old main the
// cache was keyed by the newest audit id, and every failed sign-in
// flushed it.
func TestCacheIgnoresNonDataAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		f := fixture{t, s}
		f.project("缓存项目", "水利", "九江市", "continuing", 1_000)
		rep := &report.Reporter{Store: s}
		c := report.NewCache(rep, 8)
		get := func() *report.CachedRollup {
			t.Helper()
			fp, err := c.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.Rollup(ctx, fp, 2024, 6)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := get()
		now := time.Now().UTC()
		for _, e := range []models.AuditEntry{
			{At: now, Actor: "nobody", Source: models.SourceWeb, RemoteAddr: "203.0.113.9", Action: "login_failed", Entity: "users"},
			{At: now, Actor: "viewer", Source: models.SourceWeb, Action: "refused", Entity: "route"},
		} {
			if err := models.WriteAudit(s.DB(), []models.AuditEntry{e}); err != nil {
				t.Fatal(err)
			}
			if get() != first {
				t.Fatalf("an audit row of %s/%s flushed the cached rollup", e.Action, e.Entity)
			}
		}
		if _, err := s.AddUser(ctx, models.NewUser{Username: "newcomer", DisplayName: "新人", Password: "a-long-password-1", Role: models.RoleViewer},
			models.Who{Actor: "admin", Source: models.SourceCLI}); err != nil {
			t.Fatal(err)
		}
		if get() != first {
			t.Fatal("adding a user flushed the cached rollup")
		}
		if _, err := s.SetTarget(ctx, models.AnnualTarget{Year: 2024, Scope: models.ScopeProvince, AmountYuan: 5_000}, models.Who{Actor: models.ActorCLI, Source: models.SourceCLI}); err != nil {
			t.Fatal(err)
		}
		if got := get(); got == first || got.Rollup.TargetYuan != 5_000 {
			t.Fatal("a target write left the cached rollup in place")
		}
	})
}
