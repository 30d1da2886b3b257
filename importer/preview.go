package importer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"portfolio/models"
)

// Row actions in a preview.
const (
	ActionCreate    = "create"
	ActionUpdate    = "update"
	ActionUnchanged = "unchanged"
)

// Change is one field a row would change. Money fields carry int64 yuan.
type Change struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// RowChange is what one sheet row would do to the store.
type RowChange struct {
	Sheet     string `json:"sheet"`
	Row       int    `json:"row"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Action    string `json:"action"`
	ProjectID int64  `json:"project_id,omitempty"`
	// Part is, in a 调度表, which part of the sheet row this is: its plan
	// entry or its month's report (each row has both); "" otherwise.
	Part    Kind     `json:"part,omitempty"`
	Changes []Change `json:"changes,omitempty"`
}

// changeSet is the diff of a parsed file against the store: the rows to
// write and the issues the matching found. It is computed afresh inside
// the applying transaction, so what is applied is what the store held.
type changeSet struct {
	rows        []RowChange
	newProjects []*models.Project // created with the entries/reports that point at them
	plans       []planWrite
	reports     []reportWrite
	errors      []Issue
	warnings    []Issue
	rejected    int
	// skipped counts the rows of other cities in a city official's
	// import: the province's list holds every city's rows.
	skipped int
	money   Money
	// wholeYTD counts the rows whose year to date all went into the
	// month, the store holding no earlier month of their project: said
	// once for the file, not on each row.
	wholeYTD int
}

// planWrite is a plan entry to create (Before nil) or update.
type planWrite struct {
	Before *models.PlanEntry
	After  models.PlanEntry
	// NewProject is set when the entry's project is created by this import.
	NewProject *models.Project
	// SetCode is set when an existing project without a code gets one.
	SetCode *models.Project
	// oldCode is the code the entry's project had (nil: none).
	oldCode *string
}

// reportWrite is a monthly report to create (Before nil) or update.
type reportWrite struct {
	Before *models.MonthlyReport
	After  models.MonthlyReport
	// project is set when the report's project is created by this
	// import (a 调度表 row's plan part): its id is known once written.
	project *models.Project
}

// across is what the diff of one file carries from part to part: the
// rows are compared with the store a part at a time, inside the one
// transaction that writes them.
type across struct {
	// batch is the import's batch once it has written: the plan entries
	// it created in earlier parts (its own, at version 1) were not in
	// the store the file is compared with.
	batch int64
	// matched is the entry (plan list) or project (monthly sheet) each
	// row found, by the row that found it first.
	matched map[int64]rowRef
	seq     int // rows of the list seen so far: the next row's order
	// updated holds the keys, as they were before, of the entries this
	// import updated in earlier parts, and oldNames finds them by their
	// old name: later parts are compared with the store as it was, so
	// what a dry run finds a real import finds too.
	updated  map[int64]oldKeys
	oldNames map[string][]int64
}

// oldKeys is what matching needs of an entry as it was: its project,
// normalised name and project code.
type oldKeys struct {
	projectID int64
	norm      string
	code      *string
}

func newAcross() *across {
	return &across{matched: map[int64]rowRef{}, updated: map[int64]oldKeys{}, oldNames: map[string][]int64{}}
}

// wrote records the entries a part updated, with their keys before.
func (x *across) wrote(cs *changeSet) {
	for _, w := range cs.plans {
		if w.Before == nil {
			continue
		}
		k := oldKeys{projectID: w.Before.ProjectID, norm: w.Before.NormName, code: w.oldCode}
		x.updated[w.Before.ID] = k
		x.oldNames[k.norm] = append(x.oldNames[k.norm], w.Before.ID)
	}
}

// asBefore puts back, in entries and projects, the entries this import
// updated as they were, and adds those it renamed away from names.
func (x *across) asBefore(entries []*models.PlanEntry, projects map[int64]*models.Project, names []string) []*models.PlanEntry {
	if len(x.updated) == 0 {
		return entries
	}
	placeholder := func(id int64, k oldKeys) *models.PlanEntry {
		projects[k.projectID] = &models.Project{ID: k.projectID, Code: k.code}
		return &models.PlanEntry{ID: id, ProjectID: k.projectID, NormName: k.norm}
	}
	seen := map[int64]bool{}
	for i, e := range entries {
		if k, ok := x.updated[e.ID]; ok {
			entries[i] = placeholder(e.ID, k)
		}
		seen[e.ID] = true
	}
	for _, n := range names {
		for _, id := range x.oldNames[n] {
			if !seen[id] {
				seen[id] = true
				entries = append(entries, placeholder(id, x.updated[id]))
			}
		}
	}
	return entries
}

// createdHere tells an entry this import created.
func (x *across) createdHere(e *models.PlanEntry) bool {
	return x.batch != 0 && e.BatchID != nil && *e.BatchID == x.batch && e.Version == 1
}

// diff compares one part of a file's rows with the store as seen
// through db.
func diff(ctx context.Context, db *gorm.DB, p *Parsed, plans []PlanRow, monthly []MonthlyRow, onlyCity string, x *across) (*changeSet, error) {
	switch p.Kind {
	case KindPlan:
		return diffPlans(ctx, db, p.Year, plans, onlyCity, x)
	case KindMonthly:
		return diffMonthly(ctx, db, p, monthly, onlyCity, x)
	case KindSchedule:
		return diffSchedule(ctx, db, p, plans, monthly, onlyCity, x)
	}
	return nil, fmt.Errorf("importer: unknown kind %q", p.Kind)
}

// yearIndex finds a year's plan entries by project code and by normalised name.
type yearIndex struct {
	byProject map[int64]*models.PlanEntry
	byCode    map[string]*models.PlanEntry
	byName    map[string][]*models.PlanEntry
	projects  map[int64]*models.Project
	// codeProjects are the projects of any year with the rows' codes,
	// read first: the year's entries found by code are theirs.
	codeProjects map[string]*models.Project
}

// loadYear reads the year's plan entries that rows with these codes and
// normalised names can match (by code, or by name), leaving out the
// entries the import itself created.
func loadYear(ctx context.Context, db *gorm.DB, year int, codes, names []string, x *across) (*yearIndex, error) {
	byCode, err := projectsByCode(ctx, db, codes)
	if err != nil {
		return nil, err
	}
	codeIDs := make([]int64, 0, len(byCode))
	for _, p := range byCode {
		codeIDs = append(codeIDs, p.ID)
	}
	slices.Sort(codeIDs)
	var entries []*models.PlanEntry
	for _, part := range chunks(codeIDs, 500) {
		var es []*models.PlanEntry
		if err := db.WithContext(ctx).Where("year = ? AND project_id IN ?", year, part).Find(&es).Error; err != nil {
			return nil, fmt.Errorf("importer: load %d plan entries: %w", year, err)
		}
		entries = append(entries, es...)
	}
	for _, part := range chunks(names, 500) {
		var es []*models.PlanEntry
		if err := db.WithContext(ctx).Where("year = ? AND norm_name IN ?", year, part).Find(&es).Error; err != nil {
			return nil, fmt.Errorf("importer: load %d plan entries: %w", year, err)
		}
		entries = append(entries, es...)
	}
	ix := &yearIndex{
		byProject: make(map[int64]*models.PlanEntry, len(entries)),
		byCode:    map[string]*models.PlanEntry{},
		byName:    map[string][]*models.PlanEntry{},
		projects:  make(map[int64]*models.Project, len(entries)),

		codeProjects: byCode,
	}
	for _, p := range byCode {
		ix.projects[p.ID] = p
	}
	var ids []int64 // projects of the entries found by name, still to read
	for _, e := range entries {
		if ix.byProject[e.ProjectID] != nil || x.createdHere(e) {
			continue // found by code and by name; or new
		}
		ix.byProject[e.ProjectID] = e
		if ix.projects[e.ProjectID] == nil {
			ids = append(ids, e.ProjectID)
		}
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		var projects []*models.Project
		if err := db.WithContext(ctx).Where("id IN ?", ids[:n]).Find(&projects).Error; err != nil {
			return nil, fmt.Errorf("importer: load %d projects: %w", year, err)
		}
		for _, pr := range projects {
			ix.projects[pr.ID] = pr
		}
		ids = ids[n:]
	}
	// In the order of the entries' ids, as one query over the year
	// would list them: the first of several same-named entries first.
	sorted := make([]*models.PlanEntry, 0, len(ix.byProject))
	for _, e := range ix.byProject {
		sorted = append(sorted, e)
	}
	sorted = x.asBefore(sorted, ix.projects, names)
	for _, e := range sorted {
		ix.byProject[e.ProjectID] = e
	}
	slices.SortFunc(sorted, func(a, b *models.PlanEntry) int { return cmp.Compare(a.ID, b.ID) })
	for _, e := range sorted {
		ix.byName[e.NormName] = append(ix.byName[e.NormName], e)
		if pr := ix.projects[e.ProjectID]; pr != nil && pr.Code != nil {
			ix.byCode[*pr.Code] = e
		}
	}
	return ix, nil
}

// keys lists the codes of rows that have one and the normalised names
// of all rows, the keys loadYear looks for.
func keys(n int, row func(i int) (code, norm string)) (codes, names []string) {
	for i := range n {
		code, norm := row(i)
		if code != "" {
			codes = append(codes, code)
		}
		names = append(names, norm)
	}
	return codes, names
}

// match finds the year's entry for a row: by code where the row has one,
// else by normalised name. More than one entry of that name is ambiguous.
func (ix *yearIndex) match(code, norm string) (*models.PlanEntry, string) {
	if code != "" {
		if e := ix.byCode[code]; e != nil {
			return e, ""
		}
	}
	cands := ix.byName[norm]
	if code != "" {
		// A row with a code matches by name only an entry whose project has
		// no code yet (an earlier list without codes); a different code is a
		// different project.
		var free []*models.PlanEntry
		for _, e := range cands {
			if ix.projects[e.ProjectID] == nil || ix.projects[e.ProjectID].Code == nil {
				free = append(free, e)
			}
		}
		cands = free
	}
	if owner := ix.codeProjects[code]; code != "" && owner != nil {
		// The code is already another project's: the row is that project,
		// unless its name also finds a project without a code this year,
		// and then the sheet contradicts itself.
		if len(cands) == 0 {
			return nil, ""
		}
		return nil, fmt.Sprintf("项目代码已属于项目“%s”，而项目名称与本年度清单中一个没有代码的项目相同，无法确定是哪一个，请核对代码和名称", owner.Name)
	}
	switch len(cands) {
	case 0:
		return nil, ""
	case 1:
		return cands[0], ""
	}
	return nil, fmt.Sprintf("项目名称与本年度清单中的%d个项目相同，无法确定是哪一个，请填写项目代码", len(cands))
}

func nameColumn(code string) string {
	if code != "" {
		return "项目代码"
	}
	return "项目名称"
}

func rowValue(code, name string) string {
	if code != "" {
		return code
	}
	return name
}

// ownersOf reads the owner city (province.OwnerCity) of every project a
// list's rows can match: this year's entries and the projects of other
// years found by code or name.
func ownersOf(ctx context.Context, db *gorm.DB, ix *yearIndex, byCode map[string]*models.Project, byName map[string][]*models.Project) (map[int64]string, error) {
	ids := make([]int64, 0, len(ix.byProject)+len(byCode))
	for id := range ix.byProject {
		ids = append(ids, id)
	}
	for _, p := range byCode {
		ids = append(ids, p.ID)
	}
	for _, ps := range byName {
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
	}
	return models.OwnerCities(db.WithContext(ctx), ids)
}

// crosses checks a row that would give an existing project, owned by
// owner, the city `city`: a city official (onlyCity) may not move a
// project to another city, in any year's list (a row error); the province
// admin may, and the preview says so (a warning; the change is audited
// with the import). It tells whether the row was refused.
func (cs *changeSet) crosses(r PlanRow, city, owner, onlyCity string) bool {
	if owner == "" || owner == city {
		return false
	}
	if onlyCity != "" { // a city official's import: province.MayMove says no
		cs.reject(Issue{Sheet: r.Sheet, Row: r.Row, Column: nameColumn(r.Code), Value: rowValue(r.Code, r.Name),
			Message: fmt.Sprintf("该项目属于“%s”，市级用户不能将其列为“%s”的项目（任何年度的计划都不能）；如需调整所属设区市，请联系省发改委", owner, city)})
		return true
	}
	cs.warnings = append(cs.warnings, Issue{Sheet: r.Sheet, Row: r.Row, Column: nameColumn(r.Code), Value: rowValue(r.Code, r.Name),
		Message: fmt.Sprintf("该项目将从“%s”调整为“%s”的项目", owner, city)})
	return false
}

// otherCity is the refusal of a row outside the importing city.
func otherCity(sheet string, row int, city, only string) Issue {
	return Issue{Sheet: sheet, Row: row, Column: "设区市", Value: city,
		Message: fmt.Sprintf("该项目属于“%s”，不属于本市（%s），不能由本市导入", city, only)}
}

// projectsByCode finds projects of any year by code.
func projectsByCode(ctx context.Context, db *gorm.DB, codes []string) (map[string]*models.Project, error) {
	byCode := map[string]*models.Project{}
	for _, chunk := range chunks(codes, 500) {
		var ps []*models.Project
		if err := db.WithContext(ctx).Where("code IN ?", chunk).Find(&ps).Error; err != nil {
			return nil, fmt.Errorf("importer: load projects by code: %w", err)
		}
		for _, p := range ps {
			byCode[*p.Code] = p
		}
	}
	return byCode, nil
}

// projectsByName finds projects without a code, of any year, by
// normalised name.
func projectsByName(ctx context.Context, db *gorm.DB, names []string) (map[string][]*models.Project, error) {
	byName := map[string][]*models.Project{}
	for _, chunk := range chunks(names, 500) {
		var ps []*models.Project
		if err := db.WithContext(ctx).Where("norm_name IN ? AND code IS NULL", chunk).Order("id").Find(&ps).Error; err != nil {
			return nil, fmt.Errorf("importer: load projects by name: %w", err)
		}
		for _, p := range ps {
			byName[p.NormName] = append(byName[p.NormName], p)
		}
	}
	return byName, nil
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

func planEntryFromRow(r PlanRow, year, seq int) models.PlanEntry {
	return models.PlanEntry{
		Year: year, Seq: seq,
		Name: r.Name, NormName: r.normName(),
		Owner: r.Owner, Responsible: r.Responsible, Content: r.Content,
		Sector: r.Sector, Subsector: r.Subsector, City: r.City, County: r.County,
		StartYear: r.StartYear, EndYear: r.EndYear, Stage: r.Stage,
		TotalInvestmentYuan: r.TotalYuan, CompletedBeforeYuan: r.BeforeYuan, AnnualPlanYuan: r.PlanYuan,
		Flagship: r.Flagship, Tags: strings.Join(r.Tags, "、"), Note: r.Note,
	}
}

// keepUnstated keeps the stored value of every field the sheet has no
// column for. A nil Given states everything.
func keepUnstated(after, before *models.PlanEntry, g Given) {
	if g == nil {
		return
	}
	keep := func(col string, dst, src any) {
		if g[col] {
			return
		}
		switch d := dst.(type) {
		case *string:
			*d = *src.(*string)
		case *int:
			*d = *src.(*int)
		case *int64:
			*d = *src.(*int64)
		case *bool:
			*d = *src.(*bool)
		}
	}
	keep("owner", &after.Owner, &before.Owner)
	keep("responsible", &after.Responsible, &before.Responsible)
	keep("content", &after.Content, &before.Content)
	keep("sector", &after.Sector, &before.Sector)
	keep("subsector", &after.Subsector, &before.Subsector)
	keep("city", &after.City, &before.City)
	keep("county", &after.County, &before.County)
	keep("start_year", &after.StartYear, &before.StartYear)
	keep("end_year", &after.EndYear, &before.EndYear)
	keep("stage", &after.Stage, &before.Stage)
	keep("total_investment_yuan", &after.TotalInvestmentYuan, &before.TotalInvestmentYuan)
	keep("completed_before_yuan", &after.CompletedBeforeYuan, &before.CompletedBeforeYuan)
	keep("annual_plan_yuan", &after.AnnualPlanYuan, &before.AnnualPlanYuan)
	keep("flagship", &after.Flagship, &before.Flagship)
	keep("tags", &after.Tags, &before.Tags)
	keep("note", &after.Note, &before.Note)
}

// planChanges lists the fields of a plan entry that the row changes.
// The row order (seq) is not a change: a re-sorted list is the same list.
func planChanges(a, b *models.PlanEntry) []Change {
	var cs []Change
	add := func(field, label string, before, after any) {
		if before != after {
			cs = append(cs, Change{Field: field, Label: label, Before: before, After: after})
		}
	}
	add("name", "项目名称", a.Name, b.Name)
	add("owner", "建设单位", a.Owner, b.Owner)
	add("responsible", "责任单位", a.Responsible, b.Responsible)
	add("content", "建设内容", a.Content, b.Content)
	add("sector", "领域", a.Sector, b.Sector)
	add("subsector", "子领域", a.Subsector, b.Subsector)
	add("city", "设区市", a.City, b.City)
	add("county", "县区", a.County, b.County)
	add("start_year", "开工年份", a.StartYear, b.StartYear)
	add("end_year", "竣工年份", a.EndYear, b.EndYear)
	add("stage", "建设性质", a.Stage, b.Stage)
	add("total_investment_yuan", "总投资", a.TotalInvestmentYuan, b.TotalInvestmentYuan)
	add("completed_before_yuan", "截至上年底累计完成", a.CompletedBeforeYuan, b.CompletedBeforeYuan)
	add("annual_plan_yuan", "年度计划投资", a.AnnualPlanYuan, b.AnnualPlanYuan)
	add("flagship", "示范引领性", a.Flagship, b.Flagship)
	add("tags", "项目类别", a.Tags, b.Tags)
	add("note", "备注", a.Note, b.Note)
	return cs
}

func (cs *changeSet) reject(is Issue) {
	cs.errors = append(cs.errors, is)
	cs.rejected++
}

func diffMonthly(ctx context.Context, db *gorm.DB, p *Parsed, rows []MonthlyRow, onlyCity string, x *across) (*changeSet, error) {
	if p.Month < 1 || p.Month > 12 {
		return nil, fmt.Errorf("importer: report month %d out of range", p.Month)
	}
	codes, names := keys(len(rows), func(i int) (string, string) { return rows[i].Code, rows[i].normName() })
	ix, err := loadYear(ctx, db, p.Year, codes, names, x)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(ix.byProject))
	for id := range ix.byProject {
		ids = append(ids, id)
	}
	st, err := loadMonth(ctx, db, p, ids)
	if err != nil {
		return nil, err
	}
	cs := &changeSet{}
	for _, r := range rows {
		e, why := ix.match(r.Code, r.normName())
		if why == "" && e == nil {
			why = fmt.Sprintf("在%d年项目计划中找不到该项目，请先导入年度计划或核对项目代码和名称", p.Year)
		}
		if why != "" {
			cs.reject(Issue{Sheet: r.Sheet, Row: r.Row, Column: nameColumn(r.Code), Value: rowValue(r.Code, r.Name), Message: why})
			continue
		}
		if owner := st.owners[e.ProjectID]; onlyCity != "" && (e.City != onlyCity || owner != "" && owner != onlyCity) {
			// Another city's project (or moved by the admin in a later list
			// to another city): the province's sheet lists every city's.
			cs.skipped++
			continue
		}
		if first, dup := x.matched[e.ProjectID]; dup {
			cs.reject(Issue{Sheet: r.Sheet, Row: r.Row, Column: nameColumn(r.Code), Value: rowValue(r.Code, r.Name),
				Message: fmt.Sprintf("与%s是同一个项目，重复填报", first.where(r.Sheet))})
			continue
		}
		x.matched[e.ProjectID] = rowRef{sheet: r.Sheet, row: r.Row}
		cs.monthRow(p, r, RowChange{Sheet: r.Sheet, Row: r.Row, Code: r.Code, Name: r.Name, ProjectID: e.ProjectID}, st, nil)
	}
	return cs, nil
}

// monthRow compares a row's month with the report of the project rc
// names, or of np, the project a 调度表 row's plan part creates (rc's
// project id is then 0 and the store holds nothing of it).
func (cs *changeSet) monthRow(p *Parsed, r MonthlyRow, rc RowChange, st *monthState, np *models.Project) {
	old := st.have[rc.ProjectID]
	after, ok := cs.monthReport(p, r, rc.ProjectID, old, st)
	if !ok {
		return
	}
	if old == nil && r.MonthYuan == nil && after.CompletedYuan == 0 && after.Progress == "" && after.Problems == "" {
		// Only a year to date that earlier months already make up, and
		// the month's cell blank: nothing was reported for the month
		// (the 调度表 export leaves such a month blank), so no report of 0.
		rc.Action = ActionUnchanged
		cs.rows = append(cs.rows, rc)
		return
	}
	cs.monthChange(rc, old, after, np)
}

// monthState is what the store holds for the sheet's month: the approved
// and the not yet approved sums of the earlier months, and the month's
// own reports, by project.
//
// What counts as reported is what the rollups count: approved reports.
// A year to date is split against the approved earlier months only, so
// after the import the totals hold exactly the sheet's year to date; a
// manager's report of an earlier month still awaiting review is left out
// of both (and said in a warning), as it is left out of every total.
type monthState struct {
	prior, pending map[int64]int64
	earlier        map[int64]bool // projects with a report of an earlier month
	have           map[int64]*models.MonthlyReport
	owners         map[int64]string // province.OwnerCity of each project
}

// loadMonth reads the monthState of the projects ids.
func loadMonth(ctx context.Context, db *gorm.DB, p *Parsed, ids []int64) (*monthState, error) {
	owners, err := models.OwnerCities(db.WithContext(ctx), ids)
	if err != nil {
		return nil, err
	}
	st := &monthState{prior: make(map[int64]int64, len(ids)), pending: make(map[int64]int64, len(ids)), earlier: map[int64]bool{},
		have: make(map[int64]*models.MonthlyReport, len(ids)), owners: owners}
	for part := range slices.Chunk(ids, 500) {
		var sums []struct {
			ProjectID      int64
			Total, Pending int64
		}
		err := db.WithContext(ctx).Raw(`SELECT project_id,
			CAST(SUM(CASE WHEN status = ? THEN completed_yuan ELSE 0 END) AS BIGINT) AS total,
			CAST(SUM(CASE WHEN status = ? THEN 0 ELSE completed_yuan END) AS BIGINT) AS pending
			FROM monthly_reports WHERE year = ? AND month < ? AND project_id IN ? GROUP BY project_id`,
			models.ReportApproved, models.ReportApproved, p.Year, p.Month, part).Scan(&sums).Error
		if err != nil {
			return nil, fmt.Errorf("importer: sum earlier months: %w", err)
		}
		for _, s := range sums {
			st.prior[s.ProjectID], st.pending[s.ProjectID], st.earlier[s.ProjectID] = s.Total, s.Pending, true
		}
		var existing []*models.MonthlyReport
		if err := db.WithContext(ctx).Where("year = ? AND month = ? AND project_id IN ?", p.Year, p.Month, part).Find(&existing).Error; err != nil {
			return nil, fmt.Errorf("importer: load reports: %w", err)
		}
		for _, r := range existing {
			st.have[r.ProjectID] = r
		}
	}
	return st, nil
}

// monthReport is the month's report a sheet row states for a project,
// its amount split from a year to date against st; false when the row
// is refused.
func (cs *changeSet) monthReport(p *Parsed, r MonthlyRow, projectID int64, old *models.MonthlyReport, st *monthState) (models.MonthlyReport, bool) {
	after := models.MonthlyReport{ProjectID: projectID, Year: p.Year, Month: p.Month,
		Progress: r.Progress, Problems: r.Problems, Status: models.ReportApproved, Version: 1}
	if old != nil && r.Given != nil {
		if !r.Given["progress"] {
			after.Progress = old.Progress
		}
		if !r.Given["problems"] {
			after.Problems = old.Problems
		}
	}
	switch {
	case r.YTDYuan != nil:
		after.CompletedYuan = *r.YTDYuan - st.prior[projectID]
		if after.CompletedYuan < 0 {
			cs.reject(Issue{Sheet: r.Sheet, Row: r.Row, Column: "1-" + fmt.Sprint(p.Month) + "月累计完成", Value: wanText(*r.YTDYuan),
				Message: fmt.Sprintf("累计完成小于此前各月已报之和（%s万元）", wanText(st.prior[projectID]))})
			return after, false
		}
		if st.pending[projectID] > 0 {
			cs.warnings = append(cs.warnings, Issue{Sheet: r.Sheet, Row: r.Row, Column: "1-" + fmt.Sprint(p.Month) + "月累计完成", Value: wanText(*r.YTDYuan),
				Message: fmt.Sprintf("此前月份有项目单位填报的 %s万元尚未审核，未计入累计；按已审核的月份计算本月完成，审核通过后累计将超过表中数字", wanText(st.pending[projectID]))})
		}
		if r.MonthYuan != nil && *r.MonthYuan != after.CompletedYuan && !st.earlier[projectID] {
			cs.wholeYTD++
		} else if r.MonthYuan != nil && *r.MonthYuan != after.CompletedYuan {
			cs.warnings = append(cs.warnings, Issue{Sheet: r.Sheet, Row: r.Row, Column: fmt.Sprintf("%d月完成", p.Month), Value: wanText(*r.MonthYuan),
				Message: fmt.Sprintf("本月完成与“累计完成减去此前各月已报之和”（%s万元）不一致，按累计数计", wanText(after.CompletedYuan))})
		}
	case r.MonthYuan != nil:
		after.CompletedYuan = *r.MonthYuan
	case old != nil:
		after.CompletedYuan = old.CompletedYuan
	}
	return after, true
}

// monthChange records the row's change: a new report (of np when its
// project is new), an update with the fields it changes, or nothing.
func (cs *changeSet) monthChange(rc RowChange, old *models.MonthlyReport, after models.MonthlyReport, np *models.Project) {
	var before int64
	if old != nil && old.Status == models.ReportApproved {
		before = old.CompletedYuan // the totals count approved reports only
	}
	cs.money.completed(after.Year, after.Month, before, after.CompletedYuan)
	if old == nil {
		// A new report's amount is its change: shown, not an empty cell.
		rc.Action, rc.Changes = ActionCreate, []Change{{Field: "completed_yuan", Label: "本月完成投资", After: after.CompletedYuan}}
		cs.reports = append(cs.reports, reportWrite{After: after, project: np})
		cs.rows = append(cs.rows, rc)
		return
	}
	// The city's sheet is its reviewed figure: the month's report it
	// writes is approved, whoever submitted it before.
	after.ID, after.Version, after.BatchID, after.CreatedAt, after.UpdatedAt = old.ID, old.Version, old.BatchID, old.CreatedAt, old.UpdatedAt
	var changes []Change
	if old.Status != after.Status {
		changes = append(changes, Change{Field: "status", Label: "状态", Before: old.Status, After: after.Status})
	}
	if old.CompletedYuan != after.CompletedYuan {
		changes = append(changes, Change{Field: "completed_yuan", Label: "本月完成投资", Before: old.CompletedYuan, After: after.CompletedYuan})
	}
	if old.Progress != after.Progress {
		changes = append(changes, Change{Field: "progress", Label: "形象进度", Before: old.Progress, After: after.Progress})
	}
	if old.Problems != after.Problems {
		changes = append(changes, Change{Field: "problems", Label: "存在问题", Before: old.Problems, After: after.Problems})
	}
	if len(changes) == 0 {
		rc.Action = ActionUnchanged
	} else {
		rc.Action, rc.Changes = ActionUpdate, changes
		before := *old
		cs.reports = append(cs.reports, reportWrite{Before: &before, After: after})
	}
	cs.rows = append(cs.rows, rc)
}
