package report

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"portfolio/province"
)

// ProjectFilter selects and orders a page of the year's projects. Every
// field is optional; Sort must be one of SortFields.
type ProjectFilter struct {
	ID        int64 // one project only
	UserID    int64 // only the projects assigned to this user (a manager)
	Year      int
	Month     int
	Sector    string
	Subsector string
	City      string
	County    string // a county of City as the list names it (新建区, 市本级)
	Stage     string
	Light     string // green | yellow | red
	Tag       string // a list tag such as 省重点
	Flagship  *bool
	// Names keeps only projects of these exact names (the Government Work
	// Report's); MinTotalYuan only those of at least this total investment.
	Names        []string
	MinTotalYuan int64
	Lagging      bool   // only projects with a plan that are not green
	Overrun      bool   // only projects over their first list's total (province.Overrun)
	Delayed      bool   // only projects behind their first list's schedule (province.Delayed)
	Q            string // text in the name, code or owner
	Sort         string
	Desc         bool
	Page         int  // from 1
	PerPage      int  // 0 means 50; at most 500
	All          bool // every matching row, no pages (exports)
}

// SortFields maps the sort keys a caller may use to the columns they
// order by: the whitelist that keeps user text out of ORDER BY.
func SortFields() map[string]string {
	return map[string]string{
		"seq":       "sector_rank, seq",
		"name":      "name",
		"code":      "code",
		"sector":    "sector_rank",
		"city":      "city",
		"stage":     "stage",
		"total":     "total_yuan",
		"plan":      "plan_yuan",
		"completed": "done_yuan",
		"rate":      "rate",
		"light":     "light",
	}
}

// NoPlanLastSorts are the sort keys whose order puts the projects without
// an annual plan last in either direction: their completion rate, light
// and figures say nothing about the year, so they never head a list
// sorted by them.
func NoPlanLastSorts() []string { return []string{"plan", "completed", "rate", "light"} }

// ProjectRow is one project of a list, as the year's list carries it,
// with its completion up to the report month.
type ProjectRow struct {
	// No is the row's 序号 in the whole filtered view (page 2 of 50 starts
	// at 51).
	No             int     `json:"no"`
	ID             int64   `json:"id"`
	Code           string  `json:"code"`
	Name           string  `json:"name"`
	Owner          string  `json:"owner"`
	Sector         string  `json:"sector"`
	Subsector      string  `json:"subsector"`
	City           string  `json:"city"`
	County         string  `json:"county"`
	Stage          string  `json:"stage"`
	StageLabel     string  `json:"stage_label"`
	Flagship       bool    `json:"flagship"`
	Tags           string  `json:"tags"`
	TotalYuan      int64   `json:"total_yuan"`
	BeforeYuan     int64   `json:"before_yuan"`
	PlanYuan       int64   `json:"plan_yuan"`
	CompletedYuan  int64   `json:"completed_yuan"`
	CompletionRate float64 `json:"completion_rate"`
	Light          string  `json:"light"`
	// OriginalTotalYuan and OriginalEndYear are the first list's; Overrun
	// and Delayed the rules of province over them and the year's.
	OriginalTotalYuan int64 `json:"original_total_yuan"`
	OriginalEndYear   int   `json:"original_end_year"`
	EndYear           int   `json:"end_year"`
	Overrun           bool  `json:"overrun"`
	Delayed           bool  `json:"delayed"`
}

// ProjectPage is one page of a filtered list.
type ProjectPage struct {
	Year    int          `json:"year"`
	Month   int          `json:"month"`
	Total   int          `json:"total"`
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
	Pages   int          `json:"pages"`
	Sums    ProjectSums  `json:"totals"`
	Rows    []ProjectRow `json:"rows"`
}

// ProjectSums are the sums of the whole filtered view (every page): the
// list's 合计 row.
type ProjectSums struct {
	TotalYuan     int64 `json:"total_yuan"`
	BeforeYuan    int64 `json:"before_yuan"`
	PlanYuan      int64 `json:"plan_yuan"`
	CompletedYuan int64 `json:"completed_yuan"`
	// CompletionRate is completed / plan of the view (0 without a plan).
	CompletionRate float64 `json:"completion_rate"`
	// Overruns and Delays count the view's projects over their first
	// list's total and behind its schedule.
	Overruns int `json:"overruns"`
	Delays   int `json:"delays"`
}

// PageRangeError is a page past the view's last one.
type PageRangeError struct{ Page, Pages int }

func (e *PageRangeError) Error() string {
	return fmt.Sprintf("report: page %d of %d", e.Page, e.Pages)
}

// Normalize fills the defaults and checks the sort key and the light.
func (f *ProjectFilter) Normalize() error {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage <= 0 {
		f.PerPage = 50
	}
	if f.PerPage > 500 {
		f.PerPage = 500
	}
	if f.Sort == "" {
		f.Sort = "seq"
	}
	if _, ok := SortFields()[f.Sort]; !ok {
		return fmt.Errorf("report: unknown sort %q", f.Sort)
	}
	switch f.Light {
	case "", Green, Yellow, Red:
	default:
		return fmt.Errorf("report: unknown light %q", f.Light)
	}
	if f.Month < 1 || f.Month > 12 {
		return fmt.Errorf("report: month %d is not 1..12", f.Month)
	}
	return nil
}

// likeEscape makes user text safe inside a LIKE pattern.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// where builds the filter's conditions over pl, all as bound parameters.
func (f *ProjectFilter) where() (string, []any) {
	conds, args := f.columnConds(func(c string) string { return c })
	// A tag is matched with LIKE '%、tag、%', whose share of the rows
	// PostgreSQL cannot estimate (it guessed 12 of 9,678): pushed into the
	// figures it chose nested loops that ran 9,678 × 9,678. It stays here.
	if f.Tag != "" {
		conds = append(conds, `('、' || tags || '、') LIKE ? ESCAPE '\'`)
		args = append(args, "%、"+likeEscape(f.Tag)+"、%")
	}
	if f.Light != "" {
		conds = append(conds, "light = ?")
		args = append(args, province.LightCode(f.Light))
	}
	if f.Lagging {
		conds = append(conds, "plan_yuan > 0 AND light > 0")
	}
	if f.Overrun {
		conds = append(conds, "overrun = 1")
	}
	if f.Delayed {
		conds = append(conds, "delayed = 1")
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		pat := "%" + likeEscape(strings.ToLower(q)) + "%"
		conds = append(conds, `(LOWER(name) LIKE ? ESCAPE '\' OR LOWER(code) LIKE ? ESCAPE '\' OR LOWER(owner) LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// selection is the part of the filter on the list's own columns, pushed
// into the per-project figures (see selection): where keeps them on pl
// too, so the two always agree.
func (f *ProjectFilter) selection() selection {
	listColumn := func(c string) string {
		if c == "total_yuan" {
			return "e.total_investment_yuan"
		}
		return "e." + c
	}
	conds, args := f.columnConds(listColumn)
	if len(conds) == 0 {
		return selection{}
	}
	return selection{where: " AND " + strings.Join(conds, " AND "), args: args}
}

// columnConds are the filter's conditions on a plan entry's own columns
// (not on the figures computed from reports and milestones), each column
// named through col.
func (f *ProjectFilter) columnConds(col func(string) string) ([]string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if f.ID != 0 {
		add(col("project_id")+" = ?", f.ID)
	}
	if f.UserID != 0 {
		add(col("project_id")+" IN (SELECT project_id FROM user_projects WHERE user_id = ?)", f.UserID)
	}
	for _, c := range []struct{ name, v string }{{"sector", f.Sector}, {"subsector", f.Subsector}, {"city", f.City}, {"county", f.County}, {"stage", f.Stage}} {
		if c.v != "" {
			add(col(c.name)+" = ?", c.v)
		}
	}
	if f.Flagship != nil {
		add(col("flagship")+" = ?", *f.Flagship)
	}
	switch {
	case f.Names == nil:
	case len(f.Names) == 0:
		add("1 = 0")
	default:
		names := make([]any, len(f.Names))
		for i, n := range f.Names {
			names[i] = n
		}
		add(col("name")+" IN (?"+strings.Repeat(", ?", len(f.Names)-1)+")", names...)
	}
	if f.MinTotalYuan > 0 {
		add(col("total_yuan")+" >= ?", f.MinTotalYuan)
	}
	return conds, args
}

// sectorRankSQL orders sectors as the report lists them.
func sectorRankSQL() string {
	var b strings.Builder
	b.WriteString("CASE sector")
	for i, s := range SectorNames() {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", s, i)
	}
	b.WriteString(" ELSE 99 END")
	return b.String()
}

// Projects returns one page of the year's projects matching the filter,
// with the sums of all of them. A page past the last is a PageRangeError
// (page 1 of an empty view is not).
//
// One statement reads the page and the view's count and sums (window
// aggregates over the filtered rows), so the per-project figures are
// computed once a request and the 合计 row and the page describe the same
// state of the data.
func (r *Reporter) Projects(ctx context.Context, f ProjectFilter) (*ProjectPage, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	with, args := r.perProject(f.Year, f.Month, f.selection())
	where, wargs := f.where()
	args = append(args, wargs...)
	out := &ProjectPage{Year: f.Year, Month: f.Month, Page: f.Page, PerPage: f.PerPage, Rows: []ProjectRow{}}
	db := r.Store.Read().WithContext(ctx)
	q := with + `SELECT * FROM (SELECT pl.*, ` + sectorRankSQL() + ` AS sector_rank,
  CASE WHEN plan_yuan = 0 THEN 0 ELSE done_yuan * 1.0 / plan_yuan END AS rate, ` + viewSumsSQL(" OVER ()") + ` FROM pl` + where + `) x
ORDER BY ` + f.orderBy()
	offset := (f.Page - 1) * f.PerPage
	if f.All {
		offset = 0
	} else {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.PerPage, offset)
	}
	var rows []struct {
		Row  plRow    `gorm:"embedded"`
		Sums viewSums `gorm:"embedded"`
	}
	if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("report: list projects: %w", err)
	}
	var sums viewSums
	if len(rows) > 0 {
		sums = rows[0].Sums
	} else if f.Page > 1 && !f.All {
		// Past the last page (or a view emptied since): count it alone.
		if err := db.Raw(with+`SELECT `+viewSumsSQL("")+` FROM pl`+where, args[:len(args)-2]...).Scan(&sums).Error; err != nil {
			return nil, fmt.Errorf("report: count projects: %w", err)
		}
	}
	out.Total = int(sums.ViewN)
	out.Sums = ProjectSums{TotalYuan: sums.ViewTotal, BeforeYuan: sums.ViewBefore, PlanYuan: sums.ViewPlan, CompletedYuan: sums.ViewDone,
		CompletionRate: rate(sums.ViewDone, sums.ViewPlan), Overruns: sums.ViewOverruns, Delays: sums.ViewDelays}
	out.Pages = (out.Total + f.PerPage - 1) / f.PerPage
	if f.All {
		out.Page, out.PerPage, out.Pages = 1, out.Total, 1
	} else if f.Page > max(out.Pages, 1) {
		return nil, &PageRangeError{Page: f.Page, Pages: out.Pages}
	}
	for i, x := range rows {
		p := x.Row
		out.Rows = append(out.Rows, ProjectRow{No: offset + i + 1, ID: p.ProjectID, Code: p.Code, Name: p.Name, Owner: p.Owner,
			Sector: p.Sector, Subsector: p.Subsector, City: p.City, County: p.County, Stage: p.Stage,
			StageLabel: StageLabel(p.Stage), Flagship: p.Flagship, Tags: p.Tags,
			TotalYuan: p.TotalYuan, BeforeYuan: p.BeforeYuan, PlanYuan: p.PlanYuan, CompletedYuan: p.DoneYuan,
			CompletionRate: rate(p.DoneYuan, p.PlanYuan), Light: lightOf(p.Light),
			OriginalTotalYuan: p.OriginalTotalYuan, OriginalEndYear: p.OriginalEndYear, EndYear: p.CurrentEndYear,
			Overrun: p.Overrun == 1, Delayed: p.Delayed == 1})
	}
	return out, nil
}

// viewSums are the count and sums of a filtered view: the list's 合计.
type viewSums struct {
	ViewN                                     int64
	ViewTotal, ViewBefore, ViewPlan, ViewDone int64
	ViewOverruns, ViewDelays                  int
}

// viewSumsSQL selects viewSums over pl's rows: as window aggregates
// beside each row with over " OVER ()", or as one row with over "".
func viewSumsSQL(over string) string {
	sum := func(col, as string) string {
		return "CAST(COALESCE(SUM(" + col + ")" + over + ", 0) AS BIGINT) AS " + as
	}
	return "COUNT(*)" + over + " AS view_n, " + sum("total_yuan", "view_total") + ", " + sum("before_yuan", "view_before") + ", " +
		sum("plan_yuan", "view_plan") + ", " + sum("done_yuan", "view_done") + ", " +
		sum("overrun", "view_overruns") + ", " + sum("delayed", "view_delays")
}

// orderBy is the ORDER BY of the filter's sort: the whitelisted columns in
// the direction asked, the projects without a plan last for the sorts of
// NoPlanLastSorts (in both directions), the project id last so pages
// never overlap.
func (f *ProjectFilter) orderBy() string {
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	var order []string
	if slices.Contains(NoPlanLastSorts(), f.Sort) {
		order = append(order, "CASE WHEN plan_yuan > 0 THEN 0 ELSE 1 END ASC")
	}
	for _, col := range strings.Split(SortFields()[f.Sort], ", ") {
		order = append(order, col+dir)
	}
	return strings.Join(append(order, "project_id ASC"), ", ")
}
