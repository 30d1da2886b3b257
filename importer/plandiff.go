package importer

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"portfolio/models"
)

// diffPlans compares one part of a plan list with the year's entries.
func diffPlans(ctx context.Context, db *gorm.DB, year int, rows []PlanRow, onlyCity string, x *across) (*changeSet, error) {
	d, err := loadPlanDiff(ctx, db, year, rows, onlyCity, x)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		d.row(r)
	}
	return d.cs, nil
}

// planDiff is the comparison of one part of a plan list: what the store
// holds that its rows can match, and the change set they make.
type planDiff struct {
	cs       *changeSet
	ix       *yearIndex
	x        *across
	year     int
	onlyCity string
	// Projects of other years, for a stable identity across the lists.
	otherByCode map[string]*models.Project
	otherByName map[string][]*models.Project
	owners      map[int64]string // province.OwnerCity of each project above
	// createdByCode are the projects this part's rows create, by code.
	createdByCode map[string]*models.Project
}

// loadPlanDiff reads what the rows can match: the year's entries, the
// projects of any year with the rows' codes (read with the year) or, for
// rows without a code, their names, and the owners of all of them.
func loadPlanDiff(ctx context.Context, db *gorm.DB, year int, rows []PlanRow, onlyCity string, x *across) (*planDiff, error) {
	codes, allNames := keys(len(rows), func(i int) (string, string) { return rows[i].Code, rows[i].normName() })
	ix, err := loadYear(ctx, db, year, codes, allNames, x)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range rows {
		if r.Code == "" {
			names = append(names, r.normName())
		}
	}
	otherByName, err := projectsByName(ctx, db, names)
	if err != nil {
		return nil, err
	}
	owners, err := ownersOf(ctx, db, ix, ix.codeProjects, otherByName)
	if err != nil {
		return nil, err
	}
	return &planDiff{cs: &changeSet{}, ix: ix, x: x, year: year, onlyCity: onlyCity,
		otherByCode: ix.codeProjects, otherByName: otherByName, owners: owners,
		createdByCode: map[string]*models.Project{}}, nil
}

// row compares one row: it updates the entry it matches, or creates one,
// or is refused.
func (d *planDiff) row(r PlanRow) {
	d.x.seq++
	after := planEntryFromRow(r, d.year, d.x.seq)
	e, why := d.ix.match(r.Code, r.normName())
	if d.elsewhere(r, e) {
		d.cs.skipped++
		return
	}
	if why == "" && e != nil {
		if first, dup := d.x.matched[e.ID]; dup {
			why = fmt.Sprintf("与%s是同一个项目，重复列出", first.where(r.Sheet))
		} else {
			d.x.matched[e.ID] = rowRef{sheet: r.Sheet, row: r.Row}
		}
	}
	if why != "" {
		d.cs.reject(Issue{Sheet: r.Sheet, Row: r.Row, Column: nameColumn(r.Code), Value: rowValue(r.Code, r.Name), Message: why})
		return
	}
	if d.outsideCity(r, e, after.City) {
		return
	}
	if e != nil {
		d.update(r, e, after)
		return
	}
	d.create(r, after)
}

// elsewhere tells, in a city official's import, a row of another city,
// skipped and counted rather than refused: the row names another city
// (跨设区市 included), and neither the entry it matches nor the project
// its code or name stands for is the official's city's. A row that would
// move the city's own project away is not elsewhere: outsideCity or
// crosses refuse it.
func (d *planDiff) elsewhere(r PlanRow, e *models.PlanEntry) bool {
	only := d.onlyCity
	if only == "" || r.City == "" || r.City == only || (r.Given != nil && !r.Given["city"]) {
		return false
	}
	if e != nil && (e.City == only || d.owners[e.ProjectID] == only) {
		return false
	}
	pr := d.otherProject(r)
	return pr == nil || d.owners[pr.ID] != only
}

// outsideCity refuses, in a city official's import, a row whose entry
// (as it is, or as the row would make it) lies in another city.
func (d *planDiff) outsideCity(r PlanRow, e *models.PlanEntry, city string) bool {
	only := d.onlyCity
	if only == "" {
		return false
	}
	away := city != only && (e == nil || r.Given == nil || r.Given["city"]) // the row's own city
	if !away && (e == nil || e.City == only) {
		return false
	}
	if e != nil && e.City != only {
		city = e.City
	}
	d.cs.reject(otherCity(r.Sheet, r.Row, city, only))
	return true
}

// update compares a row with the entry e it matched.
func (d *planDiff) update(r PlanRow, e *models.PlanEntry, after models.PlanEntry) {
	if d.cs.crosses(r, after.City, d.owners[e.ProjectID], d.onlyCity) {
		return
	}
	rc := RowChange{Sheet: r.Sheet, Row: r.Row, Code: r.Code, Name: r.Name, ProjectID: e.ProjectID}
	after.ID, after.ProjectID, after.Version, after.BatchID = e.ID, e.ProjectID, e.Version, e.BatchID
	after.CreatedAt, after.UpdatedAt, after.Seq = e.CreatedAt, e.UpdatedAt, e.Seq
	keepUnstated(&after, e, r.Given)
	d.cs.money.plan(e.AnnualPlanYuan, after.AnnualPlanYuan)
	changes := planChanges(e, &after)
	pr := d.ix.projects[e.ProjectID]
	var setCode *models.Project
	if r.Code != "" && pr != nil && pr.Code == nil {
		// The project had no code yet: the row gives it one.
		code := r.Code
		setCode = &models.Project{ID: pr.ID, Code: &code, Name: pr.Name, NormName: pr.NormName, CreatedAt: pr.CreatedAt}
		changes = append(changes, Change{Field: "code", Label: "项目代码", Before: "", After: code})
	}
	if len(changes) == 0 {
		rc.Action = ActionUnchanged
	} else {
		rc.Action, rc.Changes = ActionUpdate, changes
		before := *e
		var oldCode *string
		if pr != nil {
			oldCode = pr.Code
		}
		d.cs.plans = append(d.cs.plans, planWrite{Before: &before, After: after, SetCode: setCode, oldCode: oldCode})
	}
	d.cs.rows = append(d.cs.rows, rc)
}

// create makes the entry of a row that matched none this year: for the
// project of another year it names, or for a new project.
func (d *planDiff) create(r PlanRow, after models.PlanEntry) {
	if after.Sector == "" {
		// An update may leave the sector to the store; a new project cannot.
		d.cs.reject(Issue{Sheet: r.Sheet, Row: r.Row, Column: "项目名称", Value: r.Name,
			Message: "新项目无法确定所属领域：表中没有“领域”列，上方也没有“一、综合交通”这样的分类行"})
		return
	}
	pr := d.otherProject(r)
	if pr != nil && d.cs.crosses(r, after.City, d.owners[pr.ID], d.onlyCity) {
		return
	}
	d.cs.money.plan(0, after.AnnualPlanYuan)
	// A new entry's key values are its change: shown, not empty cells.
	rc := RowChange{Sheet: r.Sheet, Row: r.Row, Code: r.Code, Name: r.Name, Action: ActionCreate, Changes: []Change{
		{Field: "city", Label: "设区市", After: after.City},
		{Field: "annual_plan_yuan", Label: "年度计划投资", After: after.AnnualPlanYuan}}}
	w := planWrite{After: after}
	if pr != nil {
		w.After.ProjectID, rc.ProjectID = pr.ID, pr.ID
	} else {
		np := &models.Project{Name: r.Name, NormName: r.normName()}
		if r.Code != "" {
			code := r.Code
			np.Code = &code
			d.createdByCode[code] = np
		}
		w.NewProject = np
		d.cs.newProjects = append(d.cs.newProjects, np)
	}
	d.cs.plans = append(d.cs.plans, w)
	d.cs.rows = append(d.cs.rows, rc)
}

// otherProject is the existing project a row without an entry this year
// stands for: by its code, or by a name only one project has; or the
// project an earlier row of this part creates with the same code.
func (d *planDiff) otherProject(r PlanRow) *models.Project {
	var pr *models.Project
	if r.Code != "" {
		pr = d.otherByCode[r.Code]
	} else if cands := d.otherByName[r.normName()]; len(cands) == 1 {
		pr = cands[0]
	}
	if pr == nil && r.Code != "" {
		pr = d.createdByCode[r.Code]
	}
	return pr
}
