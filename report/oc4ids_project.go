package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"portfolio/models"
	"portfolio/province"
)

// The mapping of one row of the list, with its milestones and reports,
// to an OC4IDS project.

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
