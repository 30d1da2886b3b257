package report

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
	"portfolio/province"
)

// The OC4IDS export publishes the year's list as an Open Contracting for
// Infrastructure Data Standard (OC4IDS 0.9.5) project package: one
// project per plan entry, with its budget, place, parties, milestones and
// the month-by-month completed investment as metrics. Codes come from the
// standard's codelists (projectStatus, projectSector, projectType,
// milestoneType, metricID); the list's own words (领域, 子领域, 建设性质)
// travel beside them in additionalClassifications so nothing is lost in
// the mapping. Amounts are whole yuan, currency CNY.

const (
	// oc4idsVersion is the schema version the package declares (major.minor).
	oc4idsVersion = "0.9"
	// oc4idsIDPrefix starts every project id. OC4IDS asks publishers to
	// register a prefix; replace this one when the registered one is known.
	oc4idsIDPrefix = "oc4ids-jxfgw-"
	// oc4idsDefaultPublisher publishes the list when the caller names no one.
	oc4idsDefaultPublisher = "江西省发展和改革委员会"
	// oc4idsCodeScheme names the register of 投资项目统一代码.
	oc4idsCodeScheme = "投资项目统一代码"
	// oc4idsProvince is where every project of the list is.
	oc4idsProvince = "江西省"
)

// OC4IDSOptions choose what the export covers and how it names itself.
type OC4IDSOptions struct {
	// Year and Month are the period, resolved as the dashboard's
	// (Reporter.DefaultPeriod): 0 = the province's year, the province's
	// month of it (December when none is yet). Data up to the month's end.
	Year  int
	Month int
	// PublisherName publishes the package and is every project's public
	// authority; "" means 江西省发展和改革委员会.
	PublisherName string
	// URI identifies the package (where it can be downloaded); "" gives
	// a URN made of the id prefix and the period.
	URI string
	// PublishedDate is the package's date; zero means now.
	PublishedDate time.Time
	// License and PublicationPolicy are URLs, left out when "": the
	// publisher decides them, the program does not.
	License           string
	PublicationPolicy string
}

// OC4IDSPackage is an OC4IDS project package.
type OC4IDSPackage struct {
	Version           string          `json:"version"`
	URI               string          `json:"uri"`
	PublishedDate     string          `json:"publishedDate"`
	Publisher         OC4IDSPublisher `json:"publisher"`
	License           string          `json:"license,omitempty"`
	PublicationPolicy string          `json:"publicationPolicy,omitempty"`
	Projects          []OC4IDSProject `json:"projects"`
}

// OC4IDSPublisher names the package's publisher.
type OC4IDSPublisher struct {
	Name string `json:"name"`
}

// OC4IDSProject is one project of the package. Optional parts are
// pointers or omitempty slices: the schema wants them absent, not empty.
type OC4IDSProject struct {
	ID                        string                 `json:"id"`
	Updated                   string                 `json:"updated,omitempty"`
	Language                  string                 `json:"language,omitempty"`
	Identifiers               []OC4IDSIdentifier     `json:"identifiers,omitempty"`
	Title                     string                 `json:"title,omitempty"`
	Description               string                 `json:"description,omitempty"`
	Status                    string                 `json:"status,omitempty"`
	Type                      string                 `json:"type,omitempty"`
	Sector                    []string               `json:"sector,omitempty"`
	AdditionalClassifications []OC4IDSClassification `json:"additionalClassifications,omitempty"`
	Period                    *OC4IDSPeriod          `json:"period,omitempty"`
	Budget                    *OC4IDSBudget          `json:"budget,omitempty"`
	Locations                 []OC4IDSLocation       `json:"locations,omitempty"`
	PublicAuthority           *OC4IDSOrgRef          `json:"publicAuthority,omitempty"`
	Parties                   []OC4IDSOrganization   `json:"parties,omitempty"`
	Milestones                []OC4IDSMilestone      `json:"milestones,omitempty"`
	Forecasts                 []OC4IDSMetric         `json:"forecasts,omitempty"`
	Metrics                   []OC4IDSMetric         `json:"metrics,omitempty"`
}

// OC4IDSIdentifier is an identifier of the project in another register.
type OC4IDSIdentifier struct {
	ID     string `json:"id"`
	Scheme string `json:"scheme,omitempty"`
}

// OC4IDSClassification is a classification outside the codelists.
type OC4IDSClassification struct {
	Scheme      string `json:"scheme,omitempty"`
	ID          string `json:"id,omitempty"`
	Description string `json:"description,omitempty"`
}

// OC4IDSPeriod is a span of time; dates are RFC 3339 in China time.
type OC4IDSPeriod struct {
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

// OC4IDSValue is an amount of money in whole yuan.
type OC4IDSValue struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// OC4IDSBudget is the project's total investment and the year's plan.
type OC4IDSBudget struct {
	Amount           *OC4IDSValue             `json:"amount,omitempty"`
	BudgetBreakdowns []OC4IDSBudgetBreakdowns `json:"budgetBreakdowns,omitempty"`
}

// OC4IDSBudgetBreakdowns is one way of breaking the budget down.
type OC4IDSBudgetBreakdowns struct {
	ID              string                  `json:"id"`
	Description     string                  `json:"description,omitempty"`
	BudgetBreakdown []OC4IDSBudgetBreakdown `json:"budgetBreakdown,omitempty"`
}

// OC4IDSBudgetBreakdown is one part of a budget breakdown.
type OC4IDSBudgetBreakdown struct {
	ID          string        `json:"id"`
	Description string        `json:"description,omitempty"`
	Amount      *OC4IDSValue  `json:"amount,omitempty"`
	Period      *OC4IDSPeriod `json:"period,omitempty"`
}

// OC4IDSLocation is where the project is.
type OC4IDSLocation struct {
	ID          string           `json:"id"`
	Description string           `json:"description,omitempty"`
	Gazetteer   *OC4IDSGazetteer `json:"gazetteer,omitempty"`
	Address     *OC4IDSAddress   `json:"address,omitempty"`
}

// OC4IDSGazetteer names a place by codes of a gazetteer.
type OC4IDSGazetteer struct {
	Scheme      string   `json:"scheme"`
	Identifiers []string `json:"identifiers"`
}

// OC4IDSAddress is a postal-style address: region is the city (设区市),
// locality the county (县区).
type OC4IDSAddress struct {
	Locality    string `json:"locality,omitempty"`
	Region      string `json:"region,omitempty"`
	CountryName string `json:"countryName,omitempty"`
}

// OC4IDSOrgRef points at one of the project's parties.
type OC4IDSOrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// OC4IDSOrganization is a party to the project with its roles
// (partyRole codelist).
type OC4IDSOrganization struct {
	ID      string         `json:"id"`
	Name    string         `json:"name,omitempty"`
	Address *OC4IDSAddress `json:"address,omitempty"`
	Roles   []string       `json:"roles,omitempty"`
}

// OC4IDSMilestone is a milestone with its due and met dates.
type OC4IDSMilestone struct {
	ID           string `json:"id"`
	Title        string `json:"title,omitempty"`
	Type         string `json:"type,omitempty"`
	Description  string `json:"description,omitempty"`
	DueDate      string `json:"dueDate,omitempty"`
	DateMet      string `json:"dateMet,omitempty"`
	DateModified string `json:"dateModified,omitempty"`
	Status       string `json:"status,omitempty"`
}

// OC4IDSMetric is a series of observations of one measure (metricID codelist).
type OC4IDSMetric struct {
	ID           string              `json:"id"`
	Title        string              `json:"title,omitempty"`
	Description  string              `json:"description,omitempty"`
	Observations []OC4IDSObservation `json:"observations,omitempty"`
}

// OC4IDSObservation is one observation: a value for a financial metric,
// a measure (text) for a physical one.
type OC4IDSObservation struct {
	ID      string        `json:"id"`
	Period  *OC4IDSPeriod `json:"period,omitempty"`
	Value   *OC4IDSValue  `json:"value,omitempty"`
	Measure string        `json:"measure,omitempty"`
	Notes   string        `json:"notes,omitempty"`
}

// oc4idsData is what the export reads, in one snapshot: the period's
// rows from the row source, in the list's order (sector by sector as
// the report shows them, then the list's rows), and each project's
// milestones and approved reports up to the month.
type oc4idsData struct {
	Period
	rows       []plRow
	milestones map[int64][]models.Milestone
	reports    map[int64][]models.MonthlyReport
}

// OC4IDS builds the year's list as an OC4IDS project package, with the
// approved monthly reports up to the report month. A year without a list
// is models.ErrNotFound: a package must hold at least one project.
func OC4IDS(ctx context.Context, st *models.Store, opt OC4IDSOptions) (*OC4IDSPackage, error) {
	if opt.Month < 0 || opt.Month > 12 {
		return nil, fmt.Errorf("report: oc4ids: month %d is not 0..12", opt.Month)
	}
	d, err := loadOC4IDS(ctx, st, opt.Year, opt.Month)
	if err != nil {
		return nil, err
	}
	published := opt.PublishedDate
	if published.IsZero() {
		published = time.Now()
	}
	publisher := strings.TrimSpace(opt.PublisherName)
	if publisher == "" {
		publisher = oc4idsDefaultPublisher
	}
	uri := opt.URI
	if uri == "" {
		uri = fmt.Sprintf("urn:%s:%d", strings.TrimSuffix(oc4idsIDPrefix, "-"), d.Year)
		if d.Month > 0 {
			uri += fmt.Sprintf("-%02d", d.Month)
		}
	}
	// Milestones are read as of the end of the report month, like the
	// lights; with no report yet, as of the day of publication.
	asOf := published.In(chinaTime()).Format(time.DateOnly)
	if d.Month > 0 {
		asOf = province.ReportDates(d.Year, d.Month).AsOf
	}
	pkg := &OC4IDSPackage{
		Version:           oc4idsVersion,
		URI:               uri,
		PublishedDate:     published.Format(time.RFC3339),
		Publisher:         OC4IDSPublisher{Name: publisher},
		License:           opt.License,
		PublicationPolicy: opt.PublicationPolicy,
		Projects:          make([]OC4IDSProject, 0, len(d.rows)),
	}
	for _, e := range d.rows {
		pkg.Projects = append(pkg.Projects, oc4idsProject(e, d, publisher, asOf))
	}
	return pkg, nil
}

// WriteOC4IDS writes the package as indented UTF-8 JSON. Chinese stays as
// it is; < > & are escaped as \u003c \u003e \u0026 (still the same string
// to any JSON reader), so a name like <script> cannot become markup even
// where the file is shown as HTML.
func WriteOC4IDS(w io.Writer, pkg *OC4IDSPackage) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return fmt.Errorf("report: write oc4ids: %w", err)
	}
	return nil
}

// loadOC4IDS reads the period's rows, milestones and approved reports
// up to the month in one snapshot, so the budget and the metrics
// describe the same state of the database.
func loadOC4IDS(ctx context.Context, st *models.Store, year, month int) (*oc4idsData, error) {
	d := &oc4idsData{milestones: map[int64][]models.Milestone{}, reports: map[int64][]models.MonthlyReport{}}
	err := st.Snapshot(ctx, func(tx *gorm.DB) error {
		p, err := resolvePeriod(tx, year, month)
		if err != nil {
			return err
		}
		if p.Year == 0 {
			return fmt.Errorf("no list imported yet: %w", models.ErrNotFound)
		}
		d.Period = p
		src := rowSource{r: &Reporter{Store: st}, db: tx, p: p}
		if err := src.each(nil, func(r plRow) error { d.rows = append(d.rows, r); return nil }); err != nil {
			return err
		}
		if len(d.rows) == 0 {
			return fmt.Errorf("no list for %d: %w", p.Year, models.ErrNotFound)
		}
		return d.loadHistory(tx)
	})
	if err != nil {
		return nil, fmt.Errorf("report: oc4ids: %w", err)
	}
	// The rows come in the list's order (seq, project); by sector, stably.
	sort.SliceStable(d.rows, func(i, j int) bool {
		return compareSectors(d.rows[i].Sector, d.rows[j].Sector, false) < 0
	})
	return d, nil
}

// loadHistory reads the milestones of the period's projects and their
// approved reports up to the month.
func (d *oc4idsData) loadHistory(tx *gorm.DB) error {
	inList := "project_id IN (SELECT project_id FROM plan_entries WHERE year = ?)"
	var ms []models.Milestone
	if err := tx.Where(inList, d.Year).Order("project_id, planned_on, id").Find(&ms).Error; err != nil {
		return err
	}
	for _, m := range ms {
		d.milestones[m.ProjectID] = append(d.milestones[m.ProjectID], m)
	}
	var rs []models.MonthlyReport
	if err := tx.Where("year = ? AND month <= ? AND status = ? AND "+inList, d.Year, d.Month, models.ReportApproved, d.Year).
		Order("project_id, month").Find(&rs).Error; err != nil {
		return err
	}
	for _, r := range rs {
		d.reports[r.ProjectID] = append(d.reports[r.ProjectID], r)
	}
	return nil
}

// oc4idsProject maps one plan entry with its milestones and reports.
func oc4idsProject(e plRow, d *oc4idsData, publisher, asOf string) OC4IDSProject {
	ms := d.milestones[e.ProjectID]
	reports := d.reports[e.ProjectID]
	p := OC4IDSProject{
		ID:          oc4idsIDPrefix + strconv.FormatInt(e.ProjectID, 10),
		Language:    "zh",
		Title:       strings.TrimSpace(e.Name),
		Description: strings.TrimSpace(e.Content),
		Status:      oc4idsStatus(e.Stage, ms, asOf),
		Type:        oc4idsType(e.Name),
		Sector:      oc4idsSectors(e.Sector, e.Subsector, e.Name),
	}
	if code := strings.TrimSpace(e.Code); code != "" {
		p.Identifiers = []OC4IDSIdentifier{{ID: code, Scheme: oc4idsCodeScheme}}
	}
	// The list's own words, with the list's names as schemes.
	for _, c := range []struct{ scheme, id, label string }{
		{"领域", e.Sector, e.Sector},
		{"子领域", e.Subsector, e.Subsector},
		{"建设性质", e.Stage, StageLabel(e.Stage)},
	} {
		if id := strings.TrimSpace(c.id); id != "" {
			p.AdditionalClassifications = append(p.AdditionalClassifications,
				OC4IDSClassification{Scheme: c.scheme, ID: id, Description: c.scheme + "：" + strings.TrimSpace(c.label)})
		}
	}
	if e.StartYear > 0 || e.EndYear > 0 {
		p.Period = &OC4IDSPeriod{}
		if e.StartYear > 0 {
			p.Period.StartDate = yearStart(e.StartYear)
		}
		if e.EndYear > 0 {
			p.Period.EndDate = yearEnd(e.EndYear)
		}
	}
	p.Budget = oc4idsBudget(e, d.Year)
	p.Locations = []OC4IDSLocation{oc4idsLocation(e.City, e.County)}
	p.PublicAuthority = &OC4IDSOrgRef{ID: "publisher", Name: publisher}
	p.Parties = oc4idsParties(publisher, e.Owner)
	for _, m := range ms {
		p.Milestones = append(p.Milestones, oc4idsMilestone(m, asOf))
	}
	p.Forecasts = []OC4IDSMetric{{
		ID:          "financialProgress",
		Title:       "年度计划投资",
		Description: fmt.Sprintf("%d年度计划完成投资（元）", d.Year),
		Observations: []OC4IDSObservation{{
			ID:     fmt.Sprintf("plan-%d", d.Year),
			Period: &OC4IDSPeriod{StartDate: yearStart(d.Year), EndDate: yearEnd(d.Year)},
			Value:  yuan(e.PlanYuan),
		}},
	}}
	p.Metrics = oc4idsMetrics(e, d.Period, reports)

	updated := e.EntryUpdatedAt
	later := func(t time.Time) {
		if t.After(updated) {
			updated = t
		}
	}
	later(e.ProjectUpdatedAt)
	for _, m := range ms {
		later(m.UpdatedAt)
	}
	for _, r := range reports {
		later(r.UpdatedAt)
	}
	if !updated.IsZero() {
		p.Updated = updated.In(chinaTime()).Format(time.RFC3339)
	}
	return p
}

// oc4idsBudget is the total investment as the budget and the year's plan
// as its breakdown; nil when the list gives neither.
func oc4idsBudget(e plRow, year int) *OC4IDSBudget {
	var b OC4IDSBudget
	if e.TotalYuan > 0 {
		b.Amount = yuan(e.TotalYuan)
	}
	if e.PlanYuan > 0 {
		b.BudgetBreakdowns = []OC4IDSBudgetBreakdowns{{
			ID:          "annualPlan",
			Description: "年度计划投资",
			BudgetBreakdown: []OC4IDSBudgetBreakdown{{
				ID:          strconv.Itoa(year),
				Description: fmt.Sprintf("%d年度计划投资", year),
				Amount:      yuan(e.PlanYuan),
				Period:      &OC4IDSPeriod{StartDate: yearStart(year), EndDate: yearEnd(year)},
			}},
		}}
	}
	if b.Amount == nil && b.BudgetBreakdowns == nil {
		return nil
	}
	return &b
}

// oc4idsLocation puts the city in region and the county in locality; a
// project across cities (跨设区市) stays at the province.
func oc4idsLocation(city, county string) OC4IDSLocation {
	city, county = strings.TrimSpace(city), strings.TrimSpace(county)
	addr := &OC4IDSAddress{Region: city, Locality: county, CountryName: "中国"}
	desc := oc4idsProvince
	switch city {
	case "", province.CityCross:
		addr.Region = oc4idsProvince
		desc += city
	default:
		desc += city + county
	}
	if city == province.CityCross {
		addr.Locality = ""
	}
	return OC4IDSLocation{
		ID:          "1",
		Description: desc,
		Gazetteer:   &OC4IDSGazetteer{Scheme: "ISO3166-2", Identifiers: []string{"CN-JX"}},
		Address:     addr,
	}
}

// oc4idsParties are the publisher, the project's public authority, and
// the owner (项目单位), which pays for the works: the partyRole
// codelist's buyer.
func oc4idsParties(publisher, owner string) []OC4IDSOrganization {
	pub := OC4IDSOrganization{ID: "publisher", Name: publisher, Roles: []string{"publicAuthority"},
		Address: &OC4IDSAddress{Region: oc4idsProvince, CountryName: "中国"}}
	owner = strings.TrimSpace(owner)
	switch owner {
	case "":
		return []OC4IDSOrganization{pub}
	case publisher:
		pub.Roles = append(pub.Roles, "buyer")
		return []OC4IDSOrganization{pub}
	}
	return []OC4IDSOrganization{pub, {ID: "owner", Name: owner, Roles: []string{"buyer"}}}
}

// oc4idsMilestone maps a milestone: met when reached by asOf, notMet when
// its planned date passed without it (the rule of Late), else scheduled.
func oc4idsMilestone(m models.Milestone, asOf string) OC4IDSMilestone {
	out := OC4IDSMilestone{
		ID:          strconv.FormatInt(m.ID, 10),
		Title:       strings.TrimSpace(m.Kind),
		Type:        oc4idsMilestoneType(m.Kind),
		Description: strings.TrimSpace(m.Note),
		DueDate:     dayStart(m.PlannedOn),
		Status:      "scheduled",
	}
	switch {
	case m.ReachedOn != "" && m.ReachedOn <= asOf:
		out.Status = "met"
		out.DateMet = dayStart(m.ReachedOn)
	case m.PlannedOn != "" && m.PlannedOn < asOf:
		out.Status = "notMet"
	}
	if !m.UpdatedAt.IsZero() {
		out.DateModified = m.UpdatedAt.In(chinaTime()).Format(time.RFC3339)
	}
	return out
}

// oc4idsMetrics are the actual financial progress (completed before the
// year, then the year's cumulative completion at the end of each month up
// to the report month) and the physical progress (形象进度) each month
// reported.
func oc4idsMetrics(e plRow, p Period, reports []models.MonthlyReport) []OC4IDSMetric {
	year, month := p.Year, p.Month
	done := make([]int64, 13)
	for _, r := range reports {
		done[r.Month] = models.AddSat(done[r.Month], r.CompletedYuan)
	}
	before := year - 1
	fin := OC4IDSMetric{
		ID:          "financialProgress",
		Title:       "完成投资",
		Description: fmt.Sprintf("截至%d年底累计完成投资，及%d年1月起至各月末累计完成投资（元）", before, year),
		Observations: []OC4IDSObservation{{
			ID:     fmt.Sprintf("before-%d", year),
			Period: &OC4IDSPeriod{EndDate: yearEnd(before)},
			Value:  yuan(e.BeforeYuan),
			Notes:  fmt.Sprintf("截至%d年底累计完成投资", before),
		}},
	}
	var cum int64
	for m := 1; m <= month; m++ {
		cum = models.AddSat(cum, done[m])
		fin.Observations = append(fin.Observations, OC4IDSObservation{
			ID:     fmt.Sprintf("%d-%02d", year, m),
			Period: &OC4IDSPeriod{StartDate: yearStart(year), EndDate: monthEnd(year, m)},
			Value:  yuan(cum),
			Notes:  fmt.Sprintf("%d年%s累计完成投资，其中%d月完成%d元", year, monthsTo(m), m, done[m]),
		})
	}
	metrics := []OC4IDSMetric{fin}
	phys := OC4IDSMetric{ID: "physicalProgress", Title: "形象进度", Description: "各月报告的工程形象进度"}
	for _, r := range reports {
		if text := strings.TrimSpace(r.Progress); text != "" {
			phys.Observations = append(phys.Observations, OC4IDSObservation{
				ID:      fmt.Sprintf("%d-%02d", r.Year, r.Month),
				Period:  &OC4IDSPeriod{StartDate: monthStart(r.Year, r.Month), EndDate: monthEnd(r.Year, r.Month)},
				Measure: text,
			})
		}
	}
	if len(phys.Observations) > 0 {
		metrics = append(metrics, phys)
	}
	return metrics
}

// oc4idsStatus maps the list's stage to projectStatus: 前期 is
// preparation, 新开工 and 续建 implementation (OC4IDS counts procurement
// and construction as implementation), and so is 竣工投产 until its 竣工
// or 投产 milestone is reached; a reached 开工 moves a preparatory project
// to implementation. An unknown stage gives no status.
func oc4idsStatus(stage string, ms []models.Milestone, asOf string) string {
	if !province.IsStage(stage) {
		return ""
	}
	var started, finished bool
	for _, m := range ms {
		if m.ReachedOn == "" || m.ReachedOn > asOf {
			continue
		}
		switch strings.TrimSpace(m.Kind) {
		case province.MilestoneStart:
			started = true
		case province.MilestoneComplete, province.MilestoneOperate:
			finished = true
		}
	}
	switch {
	case finished:
		return "completion"
	case stage == province.StagePreparatory && !started:
		return "preparation"
	}
	return "implementation"
}

// oc4idsType reads projectType from the name: 改扩建, 扩建, 二期 … are an
// expansion, 改造, 提升, 加固 … a rehabilitation, anything else a new
// construction.
func oc4idsType(name string) string {
	switch {
	case containsAny(name, "扩建", "扩能", "拓宽", "复线", "增建", "二期", "三期", "四期"):
		return "expansion"
	case containsAny(name, "改造", "提升", "修缮", "加固", "除险", "修复"):
		return "rehabilitation"
	}
	return "construction"
}

// oc4idsMilestoneType maps a milestone kind to milestoneType: the
// approvals before construction (立项, 可研批复, 用地, 环评, 初步设计) are
// approval, the construction steps (开工, 主体完工, 竣工, 投产) and any
// other kind delivery.
func oc4idsMilestoneType(kind string) string {
	switch kind = strings.TrimSpace(kind); {
	case containsAny(kind, "立项", "可研", "用地", "环评", "初步设计", "初设", "批复", "审批", "核准", "备案", "许可"):
		return "approval"
	case containsAny(kind, "招标", "采购"):
		return "procurement"
	case containsAny(kind, "融资", "贷款", "资金"):
		return "financing"
	}
	return "delivery"
}

// oc4idsSectorRule gives the codes of a subsector (or, without one, a
// name) that contains one of the words.
type oc4idsSectorRule struct {
	words []string
	codes []string
}

// oc4idsSectorRules are the rules for one of the list's sectors, first
// match wins, and the codes when none matches.
func oc4idsSectorRules(sector string) ([]oc4idsSectorRule, []string) {
	r := func(codes []string, words ...string) oc4idsSectorRule {
		return oc4idsSectorRule{words: words, codes: codes}
	}
	road := []string{"transport", "transport.road"}
	urbanTransport := []string{"transport", "transport.urban"}
	water := []string{"waterAndWaste"}
	flood := []string{"naturalResources", "naturalResources.floodProtection"}
	culture := []string{"cultureSportsAndRecreation"}
	housing := []string{"socialHousing"}
	switch sector {
	case province.SectorTransport:
		return []oc4idsSectorRule{
			r([]string{"transport", "transport.rail"}, "铁路", "高铁", "城际"),
			r([]string{"transport", "transport.air"}, "机场", "航空", "民航"),
			r(urbanTransport, "轨道", "地铁", "公交"),
			r([]string{"transport", "transport.water"}, "港", "航道", "航运", "水运", "码头", "船闸"),
			r(road, "公路", "高速", "道路", "国道", "省道", "桥", "互通"),
		}, []string{"transport"}
	case province.SectorEnergy:
		return []oc4idsSectorRule{
			r([]string{"energy", "energy.solar"}, "光伏", "太阳能"),
			r([]string{"energy", "energy.wind"}, "风电", "风力"),
			r([]string{"energy", "energy.hydropower"}, "水电", "抽水蓄能", "抽蓄"),
			r([]string{"energy", "energy.biomass"}, "生物质"),
			r([]string{"energy", "energy.geothermal"}, "地热"),
		}, []string{"energy"}
	case province.SectorWater:
		return []oc4idsSectorRule{r(flood, "防洪", "堤", "治理", "蓄滞洪")}, water
	case province.SectorNewInfra:
		return nil, []string{"communications"}
	case province.SectorUrbanInfra:
		return []oc4idsSectorRule{
			r(urbanTransport, "轨道", "地铁", "公交", "停车"),
			r([]string{"energy"}, "燃气", "供热", "供气"),
			r(water, "供水", "排水", "污水", "管网", "雨污", "垃圾", "环卫", "水厂"),
			r(housing, "保障性", "保障房", "棚户", "安置", "城中村", "老旧小区", "公租房"),
			r(culture, "公园", "绿地", "绿道"),
			r(road, "道路", "桥", "隧道", "快速路"),
		}, nil
	case province.SectorManufacturing, province.SectorAgriculture:
		return nil, []string{"economy"}
	case province.SectorServices:
		return []oc4idsSectorRule{r(culture, "文旅", "旅游", "景区", "文化", "体育")}, []string{"economy"}
	case province.SectorEnvironment:
		return []oc4idsSectorRule{
			r(water, "污水", "垃圾", "固废", "危废", "环卫"),
			r(flood, "防洪", "蓄滞洪"),
		}, []string{"naturalResources"}
	case province.SectorPublicServices:
		return []oc4idsSectorRule{
			r([]string{"education"}, "学校", "大学", "学院", "中学", "小学", "幼儿园", "教育", "职教", "实训"),
			r([]string{"health"}, "医院", "卫生", "医疗", "健康", "疾控", "妇幼"),
			r(culture, "体育", "文化", "博物馆", "图书馆", "剧院", "旅游", "公园"),
			r(housing, "保障性", "保障房", "安置"),
			r([]string{"governance"}, "政务", "应急", "公安", "法院", "检察", "监狱", "消防"),
		}, nil
	}
	return nil, nil
}

// oc4idsSectors maps the list's sector and subsector (or, when the
// subsector says nothing, the name) to projectSector codes, with the
// parent of a subsector code as the standard asks; nil when no code fits
// (the list's words still travel in additionalClassifications).
func oc4idsSectors(sector, subsector, name string) []string {
	rules, fallback := oc4idsSectorRules(strings.TrimSpace(sector))
	for _, text := range []string{subsector, name} {
		if strings.TrimSpace(text) == "" {
			continue
		}
		for _, rule := range rules {
			if containsAny(text, rule.words...) {
				return rule.codes
			}
		}
	}
	return fallback
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func yuan(amount int64) *OC4IDSValue {
	return &OC4IDSValue{Amount: amount, Currency: "CNY"}
}

// chinaTime is UTC+8, the list's time; fixed, so no time zone database is needed.
func chinaTime() *time.Location { return time.FixedZone("CST", 8*60*60) }

// monthsTo names the months from January to m: 1月, 1-6月.
func monthsTo(m int) string {
	if m == 1 {
		return "1月"
	}
	return fmt.Sprintf("1-%d月", m)
}

func yearStart(y int) string { return monthStart(y, 1) }

func yearEnd(y int) string { return monthEnd(y, 12) }

func monthStart(y, m int) string {
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, chinaTime()).Format(time.RFC3339)
}

func monthEnd(y, m int) string {
	return time.Date(y, time.Month(m)+1, 0, 23, 59, 59, 0, chinaTime()).Format(time.RFC3339)
}

// dayStart turns a YYYY-MM-DD date into the start of that day, "" for
// anything else.
func dayStart(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(day), chinaTime())
	if err != nil {
		return ""
	}
	return t.Format(time.RFC3339)
}
