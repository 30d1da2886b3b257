package report

import (
	"fmt"
	"sort"

	"portfolio/models"
	"portfolio/province"
)

// Light colours, province's.
const (
	Green  = province.Green
	Yellow = province.Yellow
	Red    = province.Red
)

// Light is province.Light: the completion light for report month month.
func Light(done, plan int64, month, band int) string {
	return province.Light(done, plan, month, band)
}

// StageLabel is the list's word for a stage code.
func StageLabel(code string) string { return province.StageLabel(code) }

func indexOf(list []string, key string) (int, string) {
	for i, k := range list {
		if k == key {
			return i, ""
		}
	}
	return len(list), key
}

// sectorOrder puts the ten sectors in the report's order, others after by name.
func sectorOrder(key string) (int, string) {
	return indexOf(SectorNames(), key)
}

// cityOrder puts the cities in administrative-code order, then 赣江新区 and 跨设区市.
func cityOrder(key string) (int, string) {
	return indexOf(CityNames(), key)
}

func stageOrder(key string) (int, string) {
	return indexOf(province.Stages(), key)
}

func sortGroups(m map[string]*Group, order func(string) (int, string)) []Group {
	gs := make([]Group, 0, len(m))
	for _, g := range m {
		gs = append(gs, *g)
	}
	sort.Slice(gs, func(i, j int) bool { return orderLess(order, gs[i].Key, gs[j].Key) })
	return gs
}

// orderLess tells whether key a comes before key b in order (a place in
// a list, then a name for the keys outside it).
func orderLess(order func(string) (int, string), a, b string) bool {
	ai, an := order(a)
	bi, bn := order(b)
	if ai != bi {
		return ai < bi
	}
	return an < bn
}

// SectorNames are the ten sectors in the report's order.
func SectorNames() []string { return province.Sectors() }

// CityNames are the places of the list in administrative-code order.
func CityNames() []string { return province.Places() }

// Explain says in words why a project has its light for report month
// month: its completion against time progress (province.LightReason's
// words), and each milestone that
// province's rule counts late (the rule the light itself is computed by,
// so a milestone named here is one that colours the light).
func (r *Reporter) Explain(p ProjectRow, year, month int, milestones []models.Milestone) []string {
	why := []string{province.LightReason(p.CompletedYuan, p.PlanYuan, month, r.band())}
	asOf := province.ReportDates(year, month).AsOf
	for _, m := range milestones {
		switch MilestoneLight(m, p.Stage, year, month) {
		case Red:
			why = append(why, fmt.Sprintf("里程碑“%s”计划于 %s 完成，至 %s 尚未完成（红灯）", m.Kind, m.PlannedOn, asOf))
		case Yellow:
			why = append(why, fmt.Sprintf("里程碑“%s”计划于 %s 完成，至 %s 尚未完成，逾期一个月以上（黄灯，三个月以上为红灯）", m.Kind, m.PlannedOn, asOf))
		}
	}
	return why
}

// MilestoneLight is province.MilestoneLight of a stored milestone.
func MilestoneLight(m models.Milestone, stage string, year, month int) string {
	return province.MilestoneLight(provinceMilestone(m), stage, year, month)
}

// Late tells whether a milestone counts against the light of its project
// (of stage stage) in report month month: province.Late.
func Late(m models.Milestone, stage string, year, month int) bool {
	return province.Late(provinceMilestone(m), stage, year, month)
}

func provinceMilestone(m models.Milestone) province.Milestone {
	return province.Milestone{Kind: m.Kind, PlannedOn: m.PlannedOn, ReachedOn: m.ReachedOn}
}

// LightLabel is a light as the users read it: 绿, 黄, 红 ("" for none).
func LightLabel(l string) string { return province.LightLabel(l) }

// lightOf is the light of the SQL's light code (0 green, 1 yellow, 2 red);
// anything else reads as green.
func lightOf(code int) string { return province.LightOfCode(code) }
