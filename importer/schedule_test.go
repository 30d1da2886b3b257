package importer

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// scheduleHeader is a 调度表's header: the list's columns and the month's.
var scheduleHeader = []any{"序号", "项目名称", "项目代码", "设区市", "建设性质", "总投资", "2024年计划投资", "1-9月累计完成", "9月当月完成", "形象进度"}

// scheduleSheet is a 调度表 of n projects under one sector: project i has
// a plan of i+1 万元 and a year to date of i 万元 (the first, 0 and no
// progress: nothing reported).
func scheduleSheet(n int) sheetSpec {
	rows := [][]any{{"2024年1-9月省大中型项目调度表"}, {"单位：万元"}, scheduleHeader, {"一、综合交通"}}
	for i := range n {
		progress := "" // the first reports nothing: no report of 0
		if i > 0 {
			progress = fmt.Sprintf("进度%d", i)
		}
		rows = append(rows, []any{i + 1, fmt.Sprintf("项目%03d", i), fmt.Sprintf("2024-360100-48-01-%06d", i), "南昌市", "续建", 10_000, i + 1, i, "", progress})
	}
	return sheetSpec{name: "调度表", rows: rows}
}

func TestScheduleKindDetection(t *testing.T) {
	sched := scheduleSheet(2)
	// The monthly template's layout: the plan beside the month, for reference.
	progress := sheetSpec{name: "调度表", rows: [][]any{{"2024年9月省大中型项目调度表"},
		{"序号", "项目代码", "项目名称", "设区市", "2024年计划投资", "9月完成投资"}, {1, "", "甲", "南昌市", 10, 1}}}
	for _, c := range []struct {
		name        string
		sheet       sheetSpec
		kind        Kind
		plans, mons int
	}{
		{"the list and the month", sched, "", 2, 2},
		{"a progress sheet repeating the plan", progress, "", 0, 1},
		{"--kind plan on a 调度表", sched, KindPlan, 2, 0},
		{"--kind monthly on a 调度表", sched, KindMonthly, 0, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := parseRows(t, ParseOptions{Kind: c.kind}, c.sheet)
			want := c.kind
			switch {
			case want != "":
			case c.plans > 0:
				want = KindSchedule
			default:
				want = KindMonthly
			}
			if p.Kind != want || len(p.Plans) != c.plans || len(p.Monthly) != c.mons || len(p.Errors) != 0 {
				t.Fatalf("kind %q, %d plan rows, %d monthly rows, errors %v; want %q %d %d", p.Kind, len(p.Plans), len(p.Monthly), p.Errors, want, c.plans, c.mons)
			}
			if want == KindSchedule || want == KindMonthly {
				if p.Month != 9 {
					t.Fatalf("month %d", p.Month)
				}
			}
		})
	}
	// The two parts of a row come together, and a row with an error in
	// either part gives neither.
	bad := scheduleSheet(3)
	bad.rows[5][6] = "很多" // row 6's plan
	bad.rows[6][7] = "不详" // row 7's year to date
	p := parseRows(t, ParseOptions{}, bad)
	if p.Kind != KindSchedule || len(p.Plans) != 1 || len(p.Monthly) != 1 || p.Rejected != 2 || len(p.Errors) != 2 {
		t.Fatalf("%d plan rows, %d monthly rows, %d rejected: %v", len(p.Plans), len(p.Monthly), p.Rejected, p.Errors)
	}
	if p.Plans[0].Row != 5 || p.Monthly[0].Row != 5 || *p.Monthly[0].YTDYuan != 0 || p.Plans[0].PlanYuan != 10_000 {
		t.Fatalf("row 5: %+v %+v", p.Plans[0], p.Monthly[0])
	}
}

// TestScheduleOneBatch imports a 调度表 longer than a part into an empty
// store: a dry run shows both parts, the import writes both as one
// batch, a second import changes nothing, and one revert undoes it all.
func TestScheduleOneBatch(t *testing.T) {
	const n = firstPartRows + partRows + 7 // three parts
	path := writeBook(t, scheduleSheet(n))
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &Importer{Store: s}
		who := models.Who{Actor: "test", Source: models.SourceCLI}
		dry, err := im.ImportFile(ctx, path, Options{DryRun: true, WithChanges: true, Who: who})
		if err != nil {
			t.Fatal(err)
		}
		want := Parts{Plan: PartCounts{Created: n}, Monthly: PartCounts{Created: n - 1, Unchanged: 1}}
		if dry.Kind != KindSchedule || dry.Parts != want || dry.Created != 2*n-1 || dry.Unchanged != 1 || len(dry.Errors) != 0 {
			t.Fatalf("dry run: kind %q parts %+v created %d unchanged %d errors %v", dry.Kind, dry.Parts, dry.Created, dry.Unchanged, dry.Errors)
		}
		byPart := map[Kind]int{}
		for _, rc := range dry.Changes {
			byPart[rc.Part]++
		}
		if byPart[KindPlan] != n || byPart[KindMonthly] != n-1 {
			t.Fatalf("the preview's changes by part: %v", byPart)
		}
		if count(t, s, "projects") != 0 {
			t.Fatal("a dry run wrote")
		}
		res, err := im.ImportFile(ctx, path, Options{Who: who})
		if err != nil || res.Parts != want || res.BatchID == 0 {
			t.Fatalf("import: %v parts %+v batch %d", err, res.Parts, res.BatchID)
		}
		var doneYuan, planYuan int64
		for i := range n {
			doneYuan += int64(i) * 10_000
			planYuan += int64(i+1) * 10_000
		}
		if count(t, s, "projects") != n || count(t, s, "plan_entries") != n || count(t, s, "monthly_reports") != n-1 ||
			count(t, s, "import_batches") != 1 || sum(t, s, "annual_plan_yuan", "plan_entries") != planYuan ||
			sum(t, s, "completed_yuan", "monthly_reports") != doneYuan {
			t.Fatal("the import did not write both parts")
		}
		var tied int64
		s.DB().Raw("SELECT COUNT(*) FROM monthly_reports r JOIN plan_entries e ON e.project_id = r.project_id AND e.year = r.year").Scan(&tied)
		if tied != n-1 {
			t.Fatalf("%d reports point at their plan's project, want %d", tied, n-1)
		}
		again, err := im.ImportFile(ctx, path, Options{Who: who})
		if err != nil || again.BatchID != 0 || again.Parts != (Parts{Plan: PartCounts{Unchanged: n}, Monthly: PartCounts{Unchanged: n}}) {
			t.Fatalf("again: %v parts %+v batch %d", err, again.Parts, again.BatchID)
		}
		if _, err := im.Revert(ctx, res.BatchID, who); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"projects", "plan_entries", "monthly_reports"} {
			if c := count(t, s, table); c != 0 {
				t.Fatalf("%d %s left after the revert", c, table)
			}
		}
	})
}

// TestScheduleOverItsPlanAndAllOrNothing: over the year's plan a 调度表
// brings the months and the plan rows that differ; an error in a row's
// plan part writes nothing of either part.
func TestScheduleOverItsPlanAndAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &Importer{Store: s}
		who := models.Who{Actor: "test", Source: models.SourceCLI}
		plan, err := im.ImportFile(ctx, writeBook(t, scheduleSheet(4)), Options{ParseOptions: ParseOptions{Kind: KindPlan}, Who: who})
		if err != nil || plan.Created != 4 {
			t.Fatalf("plan: %v %+v", err, plan)
		}
		sched := scheduleSheet(4)
		sched.rows[6][6] = 30 // row 7's plan: 3 → 30 万元
		res, err := im.ImportFile(ctx, writeBook(t, sched), Options{Who: who, WithChanges: true})
		want := Parts{Plan: PartCounts{Updated: 1, Unchanged: 3}, Monthly: PartCounts{Created: 3, Unchanged: 1}}
		if err != nil || res.Parts != want || res.Money.PlanChangeYuan != 270_000 {
			t.Fatalf("over the plan: %v parts %+v money %+v", err, res.Parts, res.Money)
		}
		if count(t, s, "monthly_reports") != 3 || count(t, s, "import_batches") != 2 {
			t.Fatal("the months were not written")
		}

		// A new project without a sector (no section row) refuses the file.
		bad := scheduleSheet(6)
		bad.rows = append(bad.rows[:3], bad.rows[4:]...)
		before := count(t, s, "monthly_reports")
		res, err = im.ImportFile(ctx, writeBook(t, bad), Options{Who: who})
		if !errors.Is(err, ErrRejected) || res.BatchID != 0 || res.Rejected != 2 || len(res.Errors) != 2 {
			t.Fatalf("a 调度表 with new projects of no sector: %v batch %d rejected %d errors %v", err, res.BatchID, res.Rejected, res.Errors)
		}
		if count(t, s, "projects") != 4 || count(t, s, "monthly_reports") != before || count(t, s, "import_batches") != 2 {
			t.Fatal("a refused 调度表 wrote")
		}
	})
}

func count(t *testing.T, s *models.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func sum(t *testing.T, s *models.Store, col, table string) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Raw("SELECT COALESCE(CAST(SUM(" + col + ") AS BIGINT), 0) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestScheduleOfACityOfficial: a city official's import of the province's
// 调度表 brings the city's rows, both parts, and passes over the other
// cities' rows once each.
func TestScheduleOfACityOfficial(t *testing.T) {
	sched := scheduleSheet(5)
	for _, r := range sched.rows[5:7] { // rows 6 and 7
		r[3] = "九江市"
	}
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		im := &Importer{Store: s}
		res, err := im.ImportFile(context.Background(), writeBook(t, sched), Options{OnlyCity: "南昌市", Who: models.Who{Actor: "nc", Source: models.SourceWeb}})
		want := Parts{Plan: PartCounts{Created: 3}, Monthly: PartCounts{Created: 2, Unchanged: 1}}
		if err != nil || res.Parts != want || res.SkippedOtherCity != 2 || res.Rejected != 0 {
			t.Fatalf("%v parts %+v skipped %d errors %v", err, res.Parts, res.SkippedOtherCity, res.Errors)
		}
		if count(t, s, "projects") != 3 || count(t, s, "monthly_reports") != 2 {
			t.Fatal("the city's rows were not written")
		}
	})
}
