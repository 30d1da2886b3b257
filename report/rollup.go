// Package report computes the rollups and indicators leaders read: totals
// by sector, city, stage and month against the year's target, time
// progress, completion rates and lights. Sums are SQL aggregates; Go only
// folds the few hundred grouped rows.
package report

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"portfolio/models"
	"portfolio/province"
)

// Options are the indicator settings.
type Options struct {
	// YellowBandPoints: a lag of up to this many percentage points behind
	// time progress is yellow, beyond it red. 0 means 10.
	YellowBandPoints int
}

// Reporter computes rollups from the store.
type Reporter struct {
	Store *models.Store
	Opt   Options
}

// Lights counts projects by light.
type Lights struct {
	Green  int `json:"green"`
	Yellow int `json:"yellow"`
	Red    int `json:"red"`
}

// Group is one sector, city or stage of a rollup.
type Group struct {
	Key            string  `json:"key"`
	Label          string  `json:"label"`
	Projects       int     `json:"projects"`
	PlanYuan       int64   `json:"plan_yuan"`
	CompletedYuan  int64   `json:"completed_yuan"`
	CompletionRate float64 `json:"completion_rate"`
	Light          string  `json:"light"`
	Lights         Lights  `json:"lights"`
	// TargetYuan is the sector's or city's target in the province's
	// rollup, TargetRate the share of it completed; both absent when no
	// target is set.
	TargetYuan *int64   `json:"target_yuan,omitempty"`
	TargetRate *float64 `json:"target_rate,omitempty"`
	// Started counts projects with investment or a reached 开工 milestone;
	// Finished those with a reached 竣工/投产 milestone or the year's plan
	// done. For the stage groups they give 开工率 and 竣工率.
	Started  int `json:"started"`
	Finished int `json:"finished"`
	// Overruns and Delays count the projects whose total investment or
	// schedule moved past the first list's (province.Overrun, Delayed).
	Overruns int `json:"overruns"`
	Delays   int `json:"delays"`
}

// MonthPoint is one month of the year's completed investment.
type MonthPoint struct {
	Month          int   `json:"month"`
	CompletedYuan  int64 `json:"completed_yuan"`
	CumulativeYuan int64 `json:"cumulative_yuan"`
}

// Rollup is the year's list totalled up to a report month: the object
// `portfolio rollup --json` prints and /api/v1/rollup serves.
type Rollup struct {
	Year  int `json:"year"`
	Month int `json:"month"`
	// City is the city the rollup is of; "" for the whole province.
	City         string  `json:"city"`
	TimeProgress float64 `json:"time_progress"`
	// TargetYuan is the year's target (the city's in a city's rollup);
	// 0 and TargetSet false when none is set.
	TargetYuan     int64   `json:"target_yuan"`
	TargetSet      bool    `json:"target_set"`
	PlanYuan       int64   `json:"plan_yuan"`
	CompletedYuan  int64   `json:"completed_yuan"`
	CompletionRate float64 `json:"completion_rate"`
	Projects       int     `json:"projects"`
	Lights         Lights  `json:"lights"`
	// Overruns and Delays count the year's projects over their first
	// list's total investment and behind its schedule.
	Overruns int          `json:"overruns"`
	Delays   int          `json:"delays"`
	BySector []Group      `json:"by_sector"`
	ByCity   []Group      `json:"by_city"`
	ByStage  []Group      `json:"by_stage"`
	ByMonth  []MonthPoint `json:"by_month"`
	// LastYear is the previous year's cumulative curve, for comparison.
	LastYear []MonthPoint `json:"last_year"`
	Forecast Forecast     `json:"forecast"`
}

func (r *Reporter) band() int {
	if r.Opt.YellowBandPoints <= 0 {
		return 10
	}
	return r.Opt.YellowBandPoints
}

// cubeRow is one (sector, city, stage) cell of the year's list.
type cubeRow struct {
	Sector   string
	City     string
	Stage    string
	Projects int
	PlanYuan int64
	DoneYuan int64
	Green    int
	Yellow   int
	Red      int
	Started  int
	Finished int
	Overruns int
	Delays   int
}

// Rollup totals the year's list of the whole province up to and
// including report month month.
func (r *Reporter) Rollup(ctx context.Context, year, month int) (*Rollup, error) {
	return r.RollupFor(ctx, year, month, "")
}

// RollupFor totals the year's list up to and including report month
// month, of one city's projects when city is not "" (its target is the
// city's), else of the province's.
func (r *Reporter) RollupFor(ctx context.Context, year, month int, city string) (*Rollup, error) {
	if month < 1 || month > 12 {
		return nil, fmt.Errorf("report: month %d is not 1..12", month)
	}
	out := &Rollup{Year: year, Month: month, City: city, TimeProgress: float64(month) / 12,
		BySector: []Group{}, ByCity: []Group{}, ByStage: []Group{}, ByMonth: []MonthPoint{}}
	targets, err := r.Store.Targets(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("report: targets: %w", err)
	}

	// The totals, the month-by-month curve and last year's curve are read
	// in one snapshot: a report approved between two of the queries must
	// not make the total disagree with its own curve.
	var cube []cubeRow
	var months, lastYear []MonthPoint
	q, args := r.cubeQuery(year, month, city)
	err = r.Store.Snapshot(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw(q, args...).Scan(&cube).Error; err != nil {
			return fmt.Errorf("report: rollup %d-%02d: %w", year, month, err)
		}
		var err error
		if months, err = byMonth(tx, year, month, city); err != nil {
			return err
		}
		lastYear, err = byMonth(tx, year-1, 12, city)
		return err
	})
	if err != nil {
		return nil, err
	}
	r.fold(out, cube)
	out.ByMonth, out.LastYear = months, lastYear
	applyTargets(out, targets)
	out.Forecast = forecast(out.ByMonth, out.LastYear, month, out.TargetYuan)
	if !out.TargetSet {
		// No target, no gap to it: the page says 未设定目标.
		out.Forecast.GapYuan, out.Forecast.MonthlyNeededYuan = 0, 0
	}
	return out, nil
}

// fold totals the cube's cells into out and its sector, city and stage groups.
func (r *Reporter) fold(out *Rollup, cube []cubeRow) {
	sectors, cities, stages := map[string]*Group{}, map[string]*Group{}, map[string]*Group{}
	for _, c := range cube {
		out.Projects += c.Projects
		out.PlanYuan = models.AddSat(out.PlanYuan, c.PlanYuan)
		out.CompletedYuan = models.AddSat(out.CompletedYuan, c.DoneYuan)
		out.Lights.Green += c.Green
		out.Lights.Yellow += c.Yellow
		out.Lights.Red += c.Red
		out.Overruns += c.Overruns
		out.Delays += c.Delays
		for _, d := range []struct {
			m   map[string]*Group
			key string
		}{{sectors, c.Sector}, {cities, c.City}, {stages, c.Stage}} {
			g := d.m[d.key]
			if g == nil {
				g = &Group{Key: d.key, Label: d.key}
				d.m[d.key] = g
			}
			g.Projects += c.Projects
			g.PlanYuan = models.AddSat(g.PlanYuan, c.PlanYuan)
			g.CompletedYuan = models.AddSat(g.CompletedYuan, c.DoneYuan)
			g.Lights.Green += c.Green
			g.Lights.Yellow += c.Yellow
			g.Lights.Red += c.Red
			g.Started += c.Started
			g.Finished += c.Finished
			g.Overruns += c.Overruns
			g.Delays += c.Delays
		}
	}
	out.CompletionRate = rate(out.CompletedYuan, out.PlanYuan)
	finish := func(m map[string]*Group, order func(string) (int, string)) []Group {
		gs := sortGroups(m, order)
		for i := range gs {
			gs[i].CompletionRate = rate(gs[i].CompletedYuan, gs[i].PlanYuan)
			gs[i].Light = Light(gs[i].CompletedYuan, gs[i].PlanYuan, out.Month, r.band())
		}
		return gs
	}
	out.BySector = finish(sectors, sectorOrder)
	out.ByCity = finish(cities, cityOrder)
	out.ByStage = finish(stages, stageOrder)
	for i := range out.ByStage {
		out.ByStage[i].Label = StageLabel(out.ByStage[i].Key)
	}
}

// applyTargets sets the rollup's target (the city's in a city's rollup,
// else the province's) and, in the province's rollup, each sector's and
// city's target with the share of it completed. Sector targets are the
// province's, so a city's rollup shows none.
func applyTargets(out *Rollup, targets []models.AnnualTarget) {
	scope := map[string]map[string]int64{}
	for _, t := range targets {
		if scope[t.Scope] == nil {
			scope[t.Scope] = map[string]int64{}
		}
		scope[t.Scope][t.ScopeKey] = t.AmountYuan
	}
	if out.City != "" {
		out.TargetYuan, out.TargetSet = lookup(scope[models.ScopeCity], out.City)
		return
	}
	out.TargetYuan, out.TargetSet = lookup(scope[models.ScopeProvince], "")
	for _, part := range []struct {
		groups []Group
		scope  string
	}{{out.BySector, models.ScopeSector}, {out.ByCity, models.ScopeCity}} {
		for i := range part.groups {
			g := &part.groups[i]
			if amount, ok := lookup(scope[part.scope], g.Key); ok {
				share := rate(g.CompletedYuan, amount)
				g.TargetYuan, g.TargetRate = &amount, &share
			}
		}
	}
}

func lookup(m map[string]int64, key string) (int64, bool) {
	v, ok := m[key]
	return v, ok
}

// rate is completed / plan, 0 when nothing is planned.
func rate(done, plan int64) float64 {
	if plan == 0 {
		return 0
	}
	return float64(done) / float64(plan)
}

// perProject is the WITH clause that gives each plan entry of the year
// one row "pl": its facts, its completion up to the month and its light
// (0 green, 1 yellow, 2 red), the expressions of province's rule. done
// sums each project's approved reports (one pass over the covering index
// monthly_reports_rollup); late is the worst light of its milestones. Joins on grouped tables rather than correlated
// subqueries: SQLite re-runs a subquery for every reference in the CASE.
// Only portable SQL and integer arithmetic, so SQLite and PostgreSQL agree
// to the yuan. The rollup cube and the project list both read pl.
func (r *Reporter) perProject(year, month int, sel selection) (string, []any) {
	asOf := province.ReportDates(year, month).AsOf
	late, lateArgs := province.MilestoneLightSQL("m", "e", year, month)
	open, openArgs := province.OpenMilestoneSQL("m", year, month)
	light, lightArgs := province.ProjectLightSQL("done_yuan", "plan_yuan", "late", month, r.band())
	with, in, args := sel.cte(year)
	q := with + `done AS (
  SELECT project_id, SUM(completed_yuan) AS yuan
  FROM monthly_reports
  WHERE year = ? AND status = 'approved' AND month <= ?` + in("project_id") + `
  GROUP BY project_id
), late AS (
  SELECT m.project_id, MAX(` + late + `) AS light
  FROM milestones m
  JOIN plan_entries e ON e.project_id = m.project_id AND e.year = ?
  WHERE ` + open + in("m.project_id") + `
  GROUP BY m.project_id
), reached AS (
  SELECT project_id,
    SUM(CASE WHEN kind = ? THEN 1 ELSE 0 END) AS started,
    SUM(CASE WHEN kind IN (?, ?) THEN 1 ELSE 0 END) AS finished
  FROM milestones
  WHERE reached_on <> '' AND reached_on <= ?` + in("project_id") + `
  GROUP BY project_id
), first AS ` + r.onceOnSQLite() + `(
  SELECT e0.project_id,
    (SELECT f.total_investment_yuan FROM plan_entries f WHERE f.project_id = e0.project_id AND f.year <= e0.year
      ORDER BY f.year LIMIT 1) AS total_yuan,
    (SELECT f.end_year FROM plan_entries f WHERE f.project_id = e0.project_id AND f.year <= e0.year
      ORDER BY f.year LIMIT 1) AS end_year
  FROM plan_entries e0
  WHERE e0.year = ?` + in("e0.project_id") + `
), slipped AS (
  SELECT m.project_id, COUNT(*) AS n
  FROM milestones m
  JOIN plan_entries e ON e.project_id = m.project_id AND e.year = ?
  WHERE ` + province.MilestoneSlippedSQL("m") + in("m.project_id") + `
  GROUP BY m.project_id
), p AS (
  SELECT e.project_id, e.seq, e.name, COALESCE(pr.code, '') AS code, e.owner,
    e.sector, e.subsector, e.city, e.county, e.stage, e.flagship, e.tags,
    e.total_investment_yuan AS total_yuan, e.completed_before_yuan AS before_yuan,
    e.annual_plan_yuan AS plan_yuan,
    CAST(COALESCE(d.yuan, 0) AS BIGINT) AS done_yuan,
    COALESCE(l.light, 0) AS late,
    COALESCE(fi.total_yuan, 0) AS original_total_yuan, COALESCE(fi.end_year, 0) AS original_end_year,
    e.end_year AS current_end_year, COALESCE(sl.n, 0) AS slipped,
    CASE WHEN ` + province.OverrunSQL("COALESCE(fi.total_yuan, 0)", "e.total_investment_yuan") + ` THEN 1 ELSE 0 END AS overrun,
    CASE WHEN ` + province.DelayedSQL("COALESCE(fi.end_year, 0)", "e.end_year", "COALESCE(sl.n, 0)") + ` THEN 1 ELSE 0 END AS delayed,
    CASE WHEN COALESCE(d.yuan, 0) > 0 OR COALESCE(rc.started, 0) > 0 THEN 1 ELSE 0 END AS started,
    CASE WHEN COALESCE(rc.finished, 0) > 0
      OR (e.annual_plan_yuan > 0 AND COALESCE(d.yuan, 0) >= e.annual_plan_yuan) THEN 1 ELSE 0 END AS finished
  FROM plan_entries e
  JOIN projects pr ON pr.id = e.project_id
  LEFT JOIN done d ON d.project_id = e.project_id
  LEFT JOIN late l ON l.project_id = e.project_id
  LEFT JOIN reached rc ON rc.project_id = e.project_id
  LEFT JOIN first fi ON fi.project_id = e.project_id
  LEFT JOIN slipped sl ON sl.project_id = e.project_id
  WHERE e.year = ?` + in("e.project_id") + `
), pl AS (
  SELECT p.*, ` + light + ` AS light
  FROM p
)
`
	args = append(args, year, month)
	args = append(args, lateArgs...)
	args = append(args, year)
	args = append(args, openArgs...)
	args = append(args, province.MilestoneStart, province.MilestoneComplete, province.MilestoneOperate, asOf, year, year, year)
	return q, append(args, lightArgs...)
}

// onceOnSQLite makes a CTE whose columns are correlated subqueries
// computed once a row on SQLite, which would otherwise copy them into
// each reference to the column. PostgreSQL keeps it inlined: there each
// row's subqueries are index lookups however the planner joins it (a
// materialized or grouped form let a misestimated filter, a tag's LIKE,
// drive nested loops over the whole CTE, 9,678 × 9,678 rows).
func (r *Reporter) onceOnSQLite() string {
	if r.Store.Dialect() == models.SQLite {
		return "MATERIALIZED "
	}
	return ""
}

// selection is a part of the year's list pushed into perProject: where
// holds conditions on the list's own columns of plan_entries e (" AND
// e.city = ?" …), so the figures are computed for the selected projects
// only (PostgreSQL cannot push a filter on pl into the grouped CTEs;
// a city's view then cost what the whole province's did). The zero
// value selects the whole list.
type selection struct {
	where string
	args  []any
}

// cityOnly selects one city's projects ("" the whole list).
func cityOnly(city string) selection {
	if city == "" {
		return selection{}
	}
	return selection{where: " AND e.city = ?", args: []any{city}}
}

// cte is the WITH clause's start (the selected projects as sel, when
// there is a selection), a function giving the condition that keeps a
// column's project ids within it (" AND col IN (…)", or nothing), and
// the arguments so far.
func (s selection) cte(year int) (string, func(col string) string, []any) {
	if s.where == "" {
		return "\nWITH ", func(string) string { return "" }, nil
	}
	return "\nWITH sel AS (\n  SELECT e.project_id FROM plan_entries e WHERE e.year = ?" + s.where + "\n), ",
		func(col string) string { return " AND " + col + " IN (SELECT project_id FROM sel)" },
		append([]any{year}, s.args...)
}

// cubeQuery is the per-(sector, city, stage) aggregate of the year's
// list, of one city's projects when city is not "".
func (r *Reporter) cubeQuery(year, month int, city string) (string, []any) {
	with, args := r.perProject(year, month, cityOnly(city))
	where := ""
	if city != "" {
		where, args = "WHERE city = ?", append(args, city)
	}
	return with + `
SELECT sector, city, stage, ` + cubeSums + `
FROM pl ` + where + `
GROUP BY sector, city, stage`, args
}

// cubeSums are a cubeRow's aggregates over pl's rows of one group.
const cubeSums = `COUNT(*) AS projects,
       CAST(COALESCE(SUM(plan_yuan), 0) AS BIGINT) AS plan_yuan,
       CAST(COALESCE(SUM(done_yuan), 0) AS BIGINT) AS done_yuan,
       SUM(CASE WHEN light = 0 THEN 1 ELSE 0 END) AS green,
       SUM(CASE WHEN light = 1 THEN 1 ELSE 0 END) AS yellow,
       SUM(CASE WHEN light = 2 THEN 1 ELSE 0 END) AS red,
       SUM(started) AS started,
       SUM(finished) AS finished,
       SUM(overrun) AS overruns,
       SUM(delayed) AS delays`

// byMonth is the year's completed investment month by month up to month,
// of one city's projects when city is not "", read through db (a snapshot).
func byMonth(db *gorm.DB, year, month int, city string) ([]MonthPoint, error) {
	var rows []struct {
		Month int
		Done  int64
	}
	q, args := byMonthQuery(year, month, city)
	err := db.Raw(q, args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("report: by month: %w", err)
	}
	done := make([]int64, month+1)
	for _, r := range rows {
		done[r.Month] = r.Done
	}
	out := make([]MonthPoint, 0, month)
	var cum int64
	for m := 1; m <= month; m++ {
		cum = models.AddSat(cum, done[m])
		out = append(out, MonthPoint{Month: m, CompletedYuan: done[m], CumulativeYuan: cum})
	}
	return out, nil
}

// byMonthQuery sums the year's approved reports of listed projects (of
// one city when city is not "") by month, up to month.
func byMonthQuery(year, month int, city string) (string, []any) {
	args := []any{year, month}
	where := ""
	if city != "" {
		where, args = " AND e.city = ?", append(args, city)
	}
	return `
SELECT m.month AS month, CAST(COALESCE(SUM(m.completed_yuan), 0) AS BIGINT) AS done
FROM monthly_reports m
JOIN plan_entries e ON e.project_id = m.project_id AND e.year = m.year
WHERE m.year = ? AND m.month <= ? AND m.status = 'approved'` + where + `
GROUP BY m.month`, args
}
