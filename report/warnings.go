package report

import (
	"context"
	"fmt"
	"time"

	"portfolio/models"
	"portfolio/province"
)

// Warning is one warning raised by a rule of province (预警): which rule,
// in words, on which project, and what it found.
type Warning struct {
	Rule      string `json:"rule"`
	RuleLabel string `json:"rule_label"`
	ProjectID int64  `json:"project_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	City      string `json:"city"`
	Detail    string `json:"detail"`
}

// RuleCount is how many warnings a rule raised, with the rule's words.
type RuleCount struct {
	Rule  string `json:"rule"`
	Label string `json:"label"`
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Warnings are the warnings of a scope at a period: the report month the
// milestones and the lag are read at, and the month whose reports are
// chased (ChaseMonth, due on DueOn).
type Warnings struct {
	Year       int         `json:"year"`
	Month      int         `json:"month"`
	ChaseMonth int         `json:"chase_month"`
	DueOn      string      `json:"due_on"`
	Rules      []RuleCount `json:"rules"`
	Total      int         `json:"total"`
	Items      []Warning   `json:"items"` // the first limit of them, rule by rule
}

// Warnings raises the warnings of the scope's projects for year and
// report month month (the province's closed month): overdue reports of
// the month after it once its due day has ended, late milestones, and
// completion red two months running. At most limit items are listed;
// the counts are of all.
func (r *Reporter) Warnings(ctx context.Context, year, month, dueDay int, scope models.ProjectScope, now time.Time, limit int) (*Warnings, error) {
	chase := province.ReportMonth(year, month, now)
	w := &Warnings{Year: year, Month: month, ChaseMonth: chase, DueOn: province.DueOn(year, chase, dueDay), Items: []Warning{}}
	found := map[string][]Warning{}
	if province.PastDue(year, chase, dueDay, now) {
		missing, _, err := r.Store.Unreported(ctx, year, chase, scope, limit)
		if err != nil {
			return nil, err
		}
		// The counts come from ReportingByCity so they cover every project,
		// the list being bounded.
		for _, m := range missing {
			found[province.WarnOverdue] = append(found[province.WarnOverdue], Warning{ProjectID: m.ProjectID, Code: m.Code, Name: m.Name, City: m.City,
				Detail: fmt.Sprintf("%d月月报 %s 截止，尚未报送", chase, w.DueOn)})
		}
	}
	ms, err := r.Store.OpenMilestones(ctx, year, month, scope)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if province.Late(province.Milestone{Kind: m.Kind, PlannedOn: m.PlannedOn, ReachedOn: m.ReachedOn}, m.Stage, year, month) {
			found[province.WarnMilestone] = append(found[province.WarnMilestone], Warning{ProjectID: m.ProjectID, Code: m.Code, Name: m.Name, City: m.City,
				Detail: fmt.Sprintf("%s 计划 %s，尚未完成", m.Kind, m.PlannedOn)})
		}
	}
	band := r.band()
	ps, err := r.Store.YearToDate(ctx, year, month, scope)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if province.LagsTwoMonths(p.DonePrevYuan, p.DoneYuan, p.PlanYuan, month, band) {
			found[province.WarnLagging] = append(found[province.WarnLagging], Warning{ProjectID: p.ProjectID, Code: p.Code, Name: p.Name, City: p.City,
				Detail: fmt.Sprintf("%d月%s；%d月也为红灯", month, province.LightReason(p.DoneYuan, p.PlanYuan, month, band), month-1)})
		}
	}
	overdue, err := r.overdueCount(ctx, year, chase, dueDay, scope, now)
	if err != nil {
		return nil, err
	}
	for _, rule := range province.WarningRules() {
		n := len(found[rule])
		if rule == province.WarnOverdue {
			n = overdue
		}
		w.Rules = append(w.Rules, RuleCount{Rule: rule, Label: province.WarningRuleLabel(rule), Text: province.WarningRuleText(rule, band, dueDay), Count: n})
		w.Total += n
		for _, it := range found[rule] {
			if len(w.Items) < limit {
				it.Rule, it.RuleLabel = rule, province.WarningRuleLabel(rule)
				w.Items = append(w.Items, it)
			}
		}
	}
	return w, nil
}

// overdueCount is how many of the scope's projects are overdue with
// month's report at now.
func (r *Reporter) overdueCount(ctx context.Context, year, month, dueDay int, scope models.ProjectScope, now time.Time) (int, error) {
	if !province.PastDue(year, month, dueDay, now) {
		return 0, nil
	}
	rows, err := r.Store.ReportingByCity(ctx, year, month, scope)
	n := 0
	for _, c := range rows {
		n += int(c.Projects - c.Reported)
	}
	return n, err
}
