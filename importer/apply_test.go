package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
)

func i64(v int64) *int64 { return &v }

func planList(year int, rows ...importer.PlanRow) *importer.Parsed {
	for i := range rows {
		rows[i].Sheet, rows[i].Row = "清单", i+5
		if rows[i].Stage == "" {
			rows[i].Stage = importer.StageContinuing
		}
		if rows[i].Sector == "" {
			rows[i].Sector = "综合交通"
		}
	}
	return &importer.Parsed{File: "plan.xlsx", Kind: importer.KindPlan, Year: year, Plans: rows}
}

func monthly(year, month int, rows ...importer.MonthlyRow) *importer.Parsed {
	for i := range rows {
		rows[i].Sheet, rows[i].Row = "调度表", i+4
	}
	return &importer.Parsed{File: "m.xlsx", Kind: importer.KindMonthly, Year: year, Month: month, Monthly: rows}
}

func count(t *testing.T, s *models.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func sumPlan(t *testing.T, s *models.Store, year int) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Raw("SELECT COALESCE(CAST(SUM(annual_plan_yuan) AS BIGINT), 0) FROM plan_entries WHERE year = ?", year).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func sumDone(t *testing.T, s *models.Store, year, month int) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Raw("SELECT COALESCE(CAST(SUM(completed_yuan) AS BIGINT), 0) FROM monthly_reports WHERE year = ? AND month <= ?", year, month).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

var who = models.Who{Actor: "test", Source: models.SourceCLI}

func threeProjects() *importer.Parsed {
	return planList(2024,
		importer.PlanRow{Code: "2024-360100-48-01-000001", Name: "昌九高铁", City: "跨设区市", Sector: "综合交通", Subsector: "铁路", TotalYuan: 50_000_000_000, PlanYuan: 8_000_000_000},
		importer.PlanRow{Name: "南昌市红谷滩区学校新建工程", City: "南昌市", County: "红谷滩区", Sector: "公共服务", TotalYuan: 300_000_000, PlanYuan: 120_000_000},
		importer.PlanRow{Name: "九江港湖口银砂湾码头", City: "九江市", Sector: "综合交通", Stage: importer.StagePreparatory, TotalYuan: 2_987_000_000},
	)
}

func TestPlanImportThenSameAgainChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		res, err := im.Apply(ctx, threeProjects(), "sha1", importer.Options{Who: who}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 3 || res.Updated != 0 || res.Unchanged != 0 || res.BatchID == 0 {
			t.Fatalf("first import: %+v", res)
		}
		if got := sumPlan(t, s, 2024); got != 8_120_000_000 {
			t.Fatalf("plan sum %d", got)
		}
		audits := count(t, s, "audit_entries")
		if audits != 6 { // 3 projects + 3 plan entries
			t.Fatalf("audit entries %d, want 6", audits)
		}
		res, err = im.Apply(ctx, threeProjects(), "sha1", importer.Options{Who: who}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 3 || res.BatchID != 0 {
			t.Fatalf("same file again: %+v", res)
		}
		if count(t, s, "audit_entries") != audits || count(t, s, "import_batches") != 1 {
			t.Fatal("re-import of the same rows wrote something")
		}
	})
}

func TestPlanUpdateShowsChangesAndRevertRestores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		if _, err := im.Apply(ctx, threeProjects(), "a", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		changed := threeProjects()
		changed.Plans[1].PlanYuan = 150_000_000
		changed.Plans[0].Code = "2024-360100-48-01-000001"
		dry, err := im.Apply(ctx, changed, "b", importer.Options{Who: who, DryRun: true, WithChanges: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if dry.Updated != 1 || dry.Unchanged != 2 || dry.BatchID != 0 || sumPlan(t, s, 2024) != 8_120_000_000 {
			t.Fatalf("dry run: %+v, plan %d", dry, sumPlan(t, s, 2024))
		}
		var upd *importer.RowChange
		for i := range dry.Changes {
			if dry.Changes[i].Action == importer.ActionUpdate {
				upd = &dry.Changes[i]
			}
		}
		if upd == nil || len(upd.Changes) != 1 || upd.Changes[0].Field != "annual_plan_yuan" ||
			upd.Changes[0].Before != int64(120_000_000) || upd.Changes[0].After != int64(150_000_000) {
			t.Fatalf("changes: %+v", dry.Changes)
		}
		res, err := im.Apply(ctx, changed, "b", importer.Options{Who: who}, nil)
		if err != nil || res.BatchID == 0 {
			t.Fatalf("apply: %+v %v", res, err)
		}
		if got := sumPlan(t, s, 2024); got != 8_150_000_000 {
			t.Fatalf("plan after update %d", got)
		}
		if _, err := im.Revert(ctx, res.BatchID, who); err != nil {
			t.Fatal(err)
		}
		if got := sumPlan(t, s, 2024); got != 8_120_000_000 {
			t.Fatalf("plan after revert %d", got)
		}
		if _, err := im.Revert(ctx, res.BatchID, who); !errors.Is(err, importer.ErrAlreadyReverted) {
			t.Fatalf("second revert: %v", err)
		}
		// The first batch can be reverted too: it created everything.
		if _, err := im.Revert(ctx, 1, who); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, "plan_entries") + count(t, s, "projects"); n != 0 {
			t.Fatalf("%d rows left after reverting the creating batch", n)
		}
	})
}

func TestErrorsRejectWholeFileUnlessSkipInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		p := threeProjects()
		p.Rejected = 1
		p.Errors = []importer.Issue{{Sheet: "清单", Row: 9, Column: "总投资", Value: "abc", Message: "不是有效的金额"}}
		res, err := im.Apply(ctx, p, "x", importer.Options{Who: who}, nil)
		if !errors.Is(err, importer.ErrRejected) || res.BatchID != 0 || res.Rejected != 1 {
			t.Fatalf("rejected import: %+v %v", res, err)
		}
		for _, table := range []string{"projects", "plan_entries", "import_batches", "audit_entries"} {
			if n := count(t, s, table); n != 0 {
				t.Fatalf("%s has %d rows after a rejected import", table, n)
			}
		}
		res, err = im.Apply(ctx, p, "x", importer.Options{Who: who, SkipInvalid: true}, nil)
		if err != nil || res.Created != 3 || res.Rejected != 1 || res.BatchID == 0 {
			t.Fatalf("skip-invalid: %+v %v", res, err)
		}
	})
}

func TestAmbiguousNameIsAnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		p := planList(2024,
			importer.PlanRow{Code: "2024-360100-48-01-000001", Name: "污水处理厂提标改造", City: "南昌市", PlanYuan: 1},
			importer.PlanRow{Code: "2024-360400-48-01-000002", Name: "污水处理厂提标改造", City: "九江市", PlanYuan: 2},
		)
		if _, err := im.Apply(ctx, p, "x", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		m := monthly(2024, 3, importer.MonthlyRow{Name: "污水处理厂 提标改造", MonthYuan: i64(5)})
		res, err := im.Apply(ctx, m, "y", importer.Options{Who: who}, nil)
		if !errors.Is(err, importer.ErrRejected) || len(res.Errors) != 1 || res.Errors[0].Row != 4 || res.Errors[0].Column != "项目名称" {
			t.Fatalf("ambiguous: %+v %v", res, err)
		}
		m = monthly(2024, 3, importer.MonthlyRow{Code: "2024-360400-48-01-000002", Name: "污水处理厂提标改造", MonthYuan: i64(5)})
		if res, err := im.Apply(ctx, m, "z", importer.Options{Who: who}, nil); err != nil || res.Created != 1 {
			t.Fatalf("by code: %+v %v", res, err)
		}
	})
}

// TestCodeOfAnotherProjectAndNameOfACodelessOne: a row whose code is one
// project's and whose name finds another project's entry without a code
// is a row error naming both, never a failed write (it used to end in a
// unique-key violation that aborted the import).
func TestCodeOfAnotherProjectAndNameOfACodelessOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		const code = "2024-360100-48-01-000001"
		steps := []*importer.Parsed{
			planList(2024, importer.PlanRow{Code: code, Name: "甲工程", City: "南昌市"}, importer.PlanRow{Name: "乙工程", City: "南昌市"}),
			planList(2025, importer.PlanRow{Name: "乙工程", City: "南昌市"}),
		}
		for _, p := range steps {
			if _, err := im.Apply(ctx, p, "x", importer.Options{Who: who}, nil); err != nil {
				t.Fatal(err)
			}
		}
		res, err := im.Apply(ctx, planList(2025, importer.PlanRow{Code: code, Name: "乙工程", City: "南昌市"}), "y", importer.Options{Who: who}, nil)
		if !errors.Is(err, importer.ErrRejected) || len(res.Errors) != 1 {
			t.Fatalf("want one row error, got %+v, %v", res, err)
		}
		if e := res.Errors[0]; e.Row != 5 || e.Column != "项目代码" || e.Value != code || !strings.Contains(e.Message, "甲工程") {
			t.Fatalf("error %+v", e)
		}
		// The code alone, under its own project's name, is that project's
		// 2025 entry.
		res, err = im.Apply(ctx, planList(2025, importer.PlanRow{Code: code, Name: "甲工程", City: "南昌市"}), "z", importer.Options{Who: who}, nil)
		if err != nil || res.Created != 1 {
			t.Fatalf("by code: %+v, %v", res, err)
		}
	})
}

func TestMonthlyCumulativeGivesExactYearToDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		if _, err := im.Apply(ctx, threeProjects(), "p", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		// January: this month's figure only.
		jan := monthly(2024, 1, importer.MonthlyRow{Code: "2024-360100-48-01-000001", Name: "昌九高铁", MonthYuan: i64(400_000_000), Progress: "路基施工"})
		if _, err := im.Apply(ctx, jan, "m1", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		// February: the 1–2月 cumulative only, and a name in full-width spacing.
		feb := monthly(2024, 2,
			importer.MonthlyRow{Name: "昌九高铁", YTDYuan: i64(1_000_000_000)},
			importer.MonthlyRow{Name: "南昌市红谷滩区学校新建工程", YTDYuan: i64(30_000_000), MonthYuan: i64(30_000_000)},
		)
		res, err := im.Apply(ctx, feb, "m2", importer.Options{Who: who}, nil)
		if err != nil || res.Created != 2 {
			t.Fatalf("feb: %+v %v", res, err)
		}
		if got := sumDone(t, s, 2024, 2); got != 1_030_000_000 {
			t.Fatalf("1-2月 completed %d, want 1,030,000,000", got)
		}
		var r models.MonthlyReport
		if err := s.DB().Where("month = 2 AND completed_yuan = ?", 600_000_000).Take(&r).Error; err != nil {
			t.Fatalf("February of 昌九高铁 should be 1,000,000,000 − 400,000,000: %v", err)
		}
		// A cumulative below what was already reported is an error naming the cell.
		bad := monthly(2024, 3, importer.MonthlyRow{Name: "昌九高铁", YTDYuan: i64(900_000_000)})
		res, err = im.Apply(ctx, bad, "m3", importer.Options{Who: who}, nil)
		if !errors.Is(err, importer.ErrRejected) || len(res.Errors) != 1 || res.Errors[0].Value != "90000" {
			t.Fatalf("falling cumulative: %+v %v", res, err)
		}
		// Unknown project.
		unk := monthly(2024, 3, importer.MonthlyRow{Name: "不存在的项目", MonthYuan: i64(1)})
		if _, err := im.Apply(ctx, unk, "m4", importer.Options{Who: who}, nil); !errors.Is(err, importer.ErrRejected) {
			t.Fatalf("unknown project accepted: %v", err)
		}
		// Same February again: unchanged, nothing written.
		res, err = im.Apply(ctx, feb, "m2", importer.Options{Who: who}, nil)
		if err != nil || res.Unchanged != 2 || res.BatchID != 0 {
			t.Fatalf("february again: %+v %v", res, err)
		}
	})
}

func TestRevertRefusesWhenLaterBatchDependsOnIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		plan, err := im.Apply(ctx, threeProjects(), "p", importer.Options{Who: who}, nil)
		if err != nil {
			t.Fatal(err)
		}
		m := monthly(2024, 1, importer.MonthlyRow{Name: "昌九高铁", MonthYuan: i64(7)})
		if _, err := im.Apply(ctx, m, "m", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		_, err = im.Revert(ctx, plan.BatchID, who)
		var ce *importer.RevertConflictError
		if !errors.As(err, &ce) || !errors.Is(err, models.ErrConflict) {
			t.Fatalf("revert under a later batch: %v", err)
		}
		if count(t, s, "plan_entries") != 3 || count(t, s, "monthly_reports") != 1 {
			t.Fatal("a refused revert changed rows")
		}
		var b models.ImportBatch
		if err := s.DB().Take(&b, plan.BatchID).Error; err != nil || b.Status != models.BatchApplied {
			t.Fatalf("batch status after refused revert: %q %v", b.Status, err)
		}
	})
}

func TestProjectKeepsIdentityAcrossYears(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		y23 := planList(2023,
			importer.PlanRow{Code: "2022-360700-48-01-000009", Name: "赣州港建设", PlanYuan: 10},
			importer.PlanRow{Name: "吉安市峡江灌区", PlanYuan: 20},
		)
		if _, err := im.Apply(ctx, y23, "a", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		y24 := planList(2024,
			importer.PlanRow{Code: "2022-360700-48-01-000009", Name: "赣州港建设（二期）", PlanYuan: 11},
			importer.PlanRow{Name: "吉安市 峡江灌区", PlanYuan: 21},
		)
		res, err := im.Apply(ctx, y24, "b", importer.Options{Who: who}, nil)
		if err != nil || res.Created != 2 {
			t.Fatalf("2024: %+v %v", res, err)
		}
		if n := count(t, s, "projects"); n != 2 {
			t.Fatalf("%d projects, want the 2 of 2023 carried into 2024", n)
		}
	})
}

// TestColumnsASheetLacksKeepTheirValues: a city's list without 建设单位,
// 示范引领性 and 项目类别 columns updates the plan and erases nothing.
func TestColumnsASheetLacksKeepTheirValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		dir := t.TempDir()
		write := func(name, body string) string { return writeFile(t, dir, name, body) }
		full := write("full.csv", "2024年项目表\n项目名称,建设单位,领域,建设地点,建设性质,示范引领性,项目类别,2024年计划投资\n"+
			"昌九高铁,省铁投,综合交通,跨设区市,续建,是,省重点,300000\n")
		if _, err := im.ImportFile(ctx, full, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		part := write("part.csv", "2024年项目表\n项目名称,2024年计划投资\n昌九高铁,350000\n")
		res, err := im.ImportFile(ctx, part, importer.Options{WithChanges: true})
		if err != nil || res.Updated != 1 || len(res.Changes) != 1 || len(res.Changes[0].Changes) != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		var e models.PlanEntry
		if err := s.DB().Take(&e).Error; err != nil {
			t.Fatal(err)
		}
		if e.Owner != "省铁投" || !e.Flagship || e.Tags != "省重点" || e.Stage != importer.StageContinuing || e.City != "跨设区市" || e.AnnualPlanYuan != 3_500_000_000 {
			t.Fatalf("%+v", e)
		}
		m1 := write("m1.csv", "2024年1-3月调度表\n项目名称,1-3月完成投资,形象进度\n昌九高铁,100,路基施工\n")
		if _, err := im.ImportFile(ctx, m1, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		m2 := write("m2.csv", "2024年1-3月调度表\n项目名称,1-3月完成投资\n昌九高铁,120\n")
		if _, err := im.ImportFile(ctx, m2, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		var r models.MonthlyReport
		if err := s.DB().Take(&r).Error; err != nil || r.Progress != "路基施工" || r.CompletedYuan != 1_200_000 {
			t.Fatalf("%+v %v", r, err)
		}
	})
}

func TestImportFilesInOrderAndStopsAtARejectedFile(t *testing.T) {
	s := storetest.SQLite(t)
	im := &importer.Importer{Store: s}
	dir := t.TempDir()
	write := func(name, body string) string { return writeFile(t, dir, name, body) }
	plan := write("plan.csv", "2024年项目表\n项目名称,领域,建设地点,建设性质,2024年计划投资\n昌九高铁,综合交通,跨设区市,续建,300000\n")
	jan := write("m1.csv", "2024年1月调度表\n项目名称,本月完成\n昌九高铁,100\n")
	bad := write("m2.csv", "2024年2月调度表\n项目名称,本月完成\n不存在的项目,100\n")
	feb := write("m3.csv", "2024年3月调度表\n项目名称,本月完成\n昌九高铁,100\n")
	res, err := im.ImportFiles(context.Background(), []importer.FileToImport{{Path: plan}, {Path: jan}, {Path: bad}, {Path: feb}})
	if !errors.Is(err, importer.ErrRejected) || len(res) != 3 || res[0].Created != 1 || res[1].Created != 1 || res[2].Rejected != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	if n := count(t, s, "monthly_reports"); n != 1 {
		t.Fatalf("%d reports: the file after the rejected one was applied", n)
	}
}

// writeFile writes a test's file (a CSV sheet) and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
