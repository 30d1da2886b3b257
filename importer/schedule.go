package importer

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"portfolio/models"
)

// A sheet with month columns (本月完成, 1-N月完成) is read, when the
// caller names no kind, as a 调度表 of both parts (KindSchedule) only
// when it also carries the year's list: 总投资, 年度计划投资, 建设性质 and
// the place (设区市 or 建设地点). The 调度表 the app exports has them all,
// and so has an official's own list with a 1-N月完成 column beside it.
// A progress sheet that repeats a project's plan for reference (the
// monthly template: 设区市 and 年度计划 beside the month) is a monthly
// sheet, its plan columns not imported: a month's figures must not
// change the year's list unless the sheet is that list.

// listColumnsText names the columns carriesList looks for, for messages.
const listColumnsText = "“总投资”“年度计划投资”“建设性质”和“设区市”（或“建设地点”）"

// hasMonthColumns tells a sheet that reports a month's completion.
func (s *sheet) hasMonthColumns() bool { return s.has(fMonth) || s.has(fYTD) }

// carriesList tells a sheet whose header states the year's list: what a
// plan entry needs beyond its name (the sector may come from section rows).
func (s *sheet) carriesList() bool {
	return s.has(fTotal) && s.has(fPlan) && s.has(fStage) && (s.has(fCity) || s.has(fPlace))
}

// Parts counts what a file's rows do, by part: the plan entries and the
// monthly reports. A plan list has only the first, a monthly sheet only
// the second, a 调度表 both; the Result's created, updated and unchanged
// are their sums.
type Parts struct {
	Plan    PartCounts `json:"plan"`
	Monthly PartCounts `json:"monthly"`
}

// PartCounts is one part's rows by what they do.
type PartCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// count adds one row change to the part it belongs to (a row of a
// single-kind file has no Part: it is the file's kind).
func (ps *Parts) count(kind Kind, r RowChange) {
	part := r.Part
	if part == "" {
		part = kind
	}
	pc := &ps.Plan
	if part == KindMonthly {
		pc = &ps.Monthly
	}
	switch r.Action {
	case ActionCreate:
		pc.Created++
	case ActionUpdate:
		pc.Updated++
	case ActionUnchanged:
		pc.Unchanged++
	}
}

// scheduleTarget is the project a 调度表 row's monthly part reports on:
// one in the store (id), or the one its plan part creates (np); ok is
// false when the plan part was refused or is another city's row.
type scheduleTarget struct {
	ok bool
	id int64
	np *models.Project
}

// diffSchedule compares one part of a 调度表: each row's plan part as a
// plan list's row, then its monthly part as a monthly sheet's row for the
// project the plan part found or creates. The month is tied to its row,
// not matched again: a project the plan part creates is not in the store
// yet (nor, in a dry run, ever), and has no reports to split a year to
// date against.
func diffSchedule(ctx context.Context, db *gorm.DB, p *Parsed, plans []PlanRow, monthly []MonthlyRow, onlyCity string, x *across) (*changeSet, error) {
	if p.Month < 1 || p.Month > 12 {
		return nil, fmt.Errorf("importer: report month %d out of range", p.Month)
	}
	d, err := loadPlanDiff(ctx, db, p.Year, plans, onlyCity, x)
	if err != nil {
		return nil, err
	}
	found := make(map[rowRef]scheduleTarget, len(plans))
	var ids []int64
	for _, r := range plans {
		t := d.scheduleRow(r)
		found[rowRef{sheet: r.Sheet, row: r.Row}] = t
		if t.id != 0 {
			ids = append(ids, t.id)
		}
	}
	st, err := loadMonth(ctx, db, p, ids)
	if err != nil {
		return nil, err
	}
	cs := d.cs
	for _, r := range monthly {
		t, ok := found[rowRef{sheet: r.Sheet, row: r.Row}]
		if !ok {
			return nil, fmt.Errorf("importer: 调度表 row %s!%d without its plan part", r.Sheet, r.Row)
		}
		if !t.ok {
			continue // the plan part's error or skip stands for the row
		}
		rc := RowChange{Sheet: r.Sheet, Row: r.Row, Code: r.Code, Name: r.Name, ProjectID: t.id, Part: KindMonthly}
		cs.monthRow(p, r, rc, st, t.np)
	}
	return cs, nil
}

// scheduleRow compares a 调度表 row's plan part and tells which project
// its monthly part reports on.
func (d *planDiff) scheduleRow(r PlanRow) scheduleTarget {
	n := len(d.cs.rows)
	d.row(r)
	if len(d.cs.rows) == n {
		return scheduleTarget{} // refused, or another city's row skipped
	}
	rc := &d.cs.rows[n]
	rc.Part = KindPlan
	t := scheduleTarget{ok: true, id: rc.ProjectID}
	if t.id == 0 {
		// A new project: the entry just added points at it.
		t.np = d.cs.plans[len(d.cs.plans)-1].NewProject
		t.ok = t.np != nil
	}
	return t
}
