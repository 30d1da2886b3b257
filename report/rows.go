package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
)

// The one source of per-project rows that the 调度表 and the OC4IDS
// package both read: each plan entry of the period's list with its
// figures up to the report month (pl, see perProject), what the list
// says beside them (责任单位, content, note, years) and the report
// month's own report. A writer opens a rowSource on its snapshot and
// reads the groups' sums and the rows through it, so the sums and the
// rows describe the same state of the database.

// plRow is a row of the per-project query pl (see perProject), with what
// the row source adds to it (left zero by the project list).
type plRow struct {
	ProjectID   int64
	Seq         int
	Code        string
	Name        string
	Owner       string
	Responsible string
	Content     string
	Note        string
	Sector      string
	Subsector   string
	City        string
	County      string
	Stage       string
	StartYear   int
	EndYear     int
	Flagship    bool
	Tags        string
	TotalYuan   int64
	BeforeYuan  int64
	PlanYuan    int64
	DoneYuan    int64
	MonthYuan   int64
	Progress    string
	Problems    string
	Light       int
	// The first list's total and end year, the year's end year, and the
	// rules over them (1 or 0): see perProject.
	OriginalTotalYuan int64
	OriginalEndYear   int
	CurrentEndYear    int
	Overrun           int
	Delayed           int
	// MonthReported and Reported tell a report of 0 from no report: the
	// table leaves a month (or the year to date) blank that nobody
	// reported, so reading it back creates no report of 0.
	MonthReported bool
	Reported      bool
	// EntryUpdatedAt and ProjectUpdatedAt are when the plan entry and
	// the project last changed (OC4IDS's updated).
	EntryUpdatedAt   time.Time
	ProjectUpdatedAt time.Time
}

// scheduleGroup is the sums of one section, subsection or the whole table.
type scheduleGroup struct {
	Sector    string
	Subsector string
	Projects  int
	Total     int64
	Before    int64
	Plan      int64
	Done      int64
	Month     int64
}

func (g *scheduleGroup) add(o scheduleGroup) {
	g.Projects += o.Projects
	g.Total = models.AddSat(g.Total, o.Total)
	g.Before = models.AddSat(g.Before, o.Before)
	g.Plan = models.AddSat(g.Plan, o.Plan)
	g.Done = models.AddSat(g.Done, o.Done)
	g.Month = models.AddSat(g.Month, o.Month)
}

// rowSource reads the rows of period p that filter f selects (f's own
// year and month are not read: p is the period) through db, the
// writer's snapshot.
type rowSource struct {
	r  *Reporter
	db *gorm.DB
	p  Period
	f  ProjectFilter
}

// query selects the source's rows as x.
func (s rowSource) query() (string, []any) {
	with, args := s.r.perProject(s.p.Year, s.p.Month, s.f.selection())
	where, wargs := s.f.where()
	q := with + `, x AS (
  SELECT * FROM (
    SELECT pl.*, e.responsible, e.content, e.note, e.start_year, e.end_year,
      e.updated_at AS entry_updated_at, pr.updated_at AS project_updated_at,
      CAST(COALESCE(mr.completed_yuan, 0) AS BIGINT) AS month_yuan,
      COALESCE(mr.progress, '') AS progress, COALESCE(mr.problems, '') AS problems,
      CASE WHEN mr.id IS NULL THEN 0 ELSE 1 END AS month_reported,
      CASE WHEN EXISTS (SELECT 1 FROM monthly_reports r2 WHERE r2.project_id = pl.project_id AND r2.year = ?
        AND r2.month <= ? AND r2.status = 'approved') THEN 1 ELSE 0 END AS reported
    FROM pl
    JOIN plan_entries e ON e.project_id = pl.project_id AND e.year = ?
    JOIN projects pr ON pr.id = pl.project_id
    LEFT JOIN monthly_reports mr ON mr.project_id = pl.project_id AND mr.year = ? AND mr.month = ? AND mr.status = 'approved'
  ) y` + where + `
)
`
	args = append(args, s.p.Year, s.p.Month, s.p.Year, s.p.Year, s.p.Month)
	return q, append(args, wargs...)
}

// groups sums the source's rows by sector and subsector, in the
// table's order: compareSectors, then the sector's own projects, then
// each subsector in the order of its first project.
func (s rowSource) groups() ([]scheduleGroup, error) {
	with, args := s.query()
	var rows []struct {
		Sector, Subsector                string
		Projects, FirstSeq               int
		Total, Before, Plan, Done, Month int64
	}
	err := s.db.Raw(with+`
SELECT sector, subsector, MIN(seq) AS first_seq, COUNT(*) AS projects,
  CAST(COALESCE(SUM(total_yuan), 0) AS BIGINT) AS total, CAST(COALESCE(SUM(before_yuan), 0) AS BIGINT) AS before,
  CAST(COALESCE(SUM(plan_yuan), 0) AS BIGINT) AS plan, CAST(COALESCE(SUM(done_yuan), 0) AS BIGINT) AS done,
  CAST(COALESCE(SUM(month_yuan), 0) AS BIGINT) AS month
FROM x GROUP BY sector, subsector`, args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("report: schedule groups: %w", err)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if c := compareSectors(a.Sector, b.Sector, true); c != 0 {
			return c < 0
		}
		if (a.Subsector == "") != (b.Subsector == "") {
			return a.Subsector == ""
		}
		if a.FirstSeq != b.FirstSeq {
			return a.FirstSeq < b.FirstSeq
		}
		return a.Subsector < b.Subsector
	})
	out := make([]scheduleGroup, len(rows))
	for i, r := range rows {
		out[i] = scheduleGroup{Sector: r.Sector, Subsector: r.Subsector, Projects: r.Projects,
			Total: r.Total, Before: r.Before, Plan: r.Plan, Done: r.Done, Month: r.Month}
	}
	return out, nil
}

// compareSectors is the one order of sectors, -1, 0 or +1: the
// province's ten in the province's order (province.Sectors), then any
// other by name. blankFirst puts the projects without a sector before
// all (the 调度表 shows them under 合计, before the first section);
// otherwise they come after the ten, as a name that sorts first.
func compareSectors(a, b string, blankFirst bool) int {
	if blankFirst && (a == "") != (b == "") {
		if a == "" {
			return -1
		}
		return 1
	}
	switch {
	case orderLess(sectorOrder, a, b):
		return -1
	case orderLess(sectorOrder, b, a):
		return 1
	}
	return 0
}

// each streams the source's rows in the order of groups (within a group
// by the list's order), one row at a time, so a large table is never
// held in memory. With no groups the rows come in the list's order.
func (s rowSource) each(groups []scheduleGroup, fn func(plRow) error) error {
	with, args := s.query()
	// The groups' order, as a rank the database sorts by.
	rank := "0"
	if len(groups) > 0 {
		var b strings.Builder
		b.WriteString("CASE")
		for i, g := range groups {
			fmt.Fprintf(&b, " WHEN sector = ? AND subsector = ? THEN %d", i)
			args = append(args, g.Sector, g.Subsector)
		}
		b.WriteString(" ELSE 0 END")
		rank = b.String()
	}
	rows, err := s.db.Raw(with+`SELECT * FROM (SELECT x.*, `+rank+` AS group_rank FROM x) z
ORDER BY group_rank, seq, project_id`, args...).Rows()
	if err != nil {
		return fmt.Errorf("report: schedule rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var row plRow
		if err := s.db.ScanRows(rows, &row); err != nil {
			return fmt.Errorf("report: schedule row: %w", err)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// cities sums the source's rows by city, in the report's order of cities.
func (s rowSource) cities() ([]scheduleGroup, error) {
	with, args := s.query()
	var rows []scheduleGroup
	err := s.db.Raw(with+`
SELECT city AS sector, COUNT(*) AS projects,
  CAST(COALESCE(SUM(total_yuan), 0) AS BIGINT) AS total, CAST(COALESCE(SUM(before_yuan), 0) AS BIGINT) AS before,
  CAST(COALESCE(SUM(plan_yuan), 0) AS BIGINT) AS plan, CAST(COALESCE(SUM(done_yuan), 0) AS BIGINT) AS done,
  CAST(COALESCE(SUM(month_yuan), 0) AS BIGINT) AS month
FROM x GROUP BY city`, args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("report: schedule cities: %w", err)
	}
	sort.Slice(rows, func(i, j int) bool { return orderLess(cityOrder, rows[i].Sector, rows[j].Sector) })
	return rows, nil
}
