package report

import (
	"fmt"
	"sort"

	"portfolio/models"
)

// Light colours.
const (
	Green  = "green"
	Yellow = "yellow"
	Red    = "red"
)

// Light is the light of a completion against time progress for report
// month month: green when done/plan ≥ month/12, yellow when it lags by up
// to band percentage points, red beyond; nothing planned is green. Integer
// arithmetic, the same rule the SQL applies to each project.
func Light(done, plan int64, month, band int) string {
	switch {
	case plan <= 0 || done*12 >= plan*int64(month):
		return Green
	case done*1200 >= plan*int64(100*month-12*band):
		return Yellow
	}
	return Red
}

// StageLabel is the list's word for a stage code.
func StageLabel(code string) string {
	switch code {
	case "new_start":
		return "新开工"
	case "continuing":
		return "续建"
	case "completing":
		return "竣工投产"
	case "preparatory":
		return "前期"
	}
	return code
}

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
	return indexOf([]string{"new_start", "continuing", "completing", "preparatory"}, key)
}

func sortGroups(m map[string]*Group, order func(string) (int, string)) []Group {
	gs := make([]Group, 0, len(m))
	for _, g := range m {
		gs = append(gs, *g)
	}
	sort.Slice(gs, func(i, j int) bool {
		ai, an := order(gs[i].Key)
		bi, bn := order(gs[j].Key)
		if ai != bi {
			return ai < bi
		}
		return an < bn
	})
	return gs
}

// SectorNames are the ten sectors in the report's order.
func SectorNames() []string {
	return []string{"综合交通", "能源", "水利", "新型基础设施", "城市基础设施", "制造业", "现代服务业", "现代农业", "生态环保", "公共服务"}
}

// CityNames are the places of the list in administrative-code order.
func CityNames() []string {
	return []string{"南昌市", "景德镇市", "萍乡市", "九江市", "新余市", "鹰潭市", "赣州市", "吉安市", "宜春市", "抚州市", "上饶市", "赣江新区", "跨设区市"}
}

// Explain says in words why a project has its light for report month
// month: its completion against time progress, and each milestone past
// its planned date (YYYY-MM-DD) and not reached by the end of the month.
func (r *Reporter) Explain(p ProjectRow, year, month int, milestones []models.Milestone) []string {
	tp := float64(month) / 12
	var why []string
	switch {
	case p.PlanYuan == 0:
		why = append(why, "本年度没有计划投资，不按完成率亮灯")
	default:
		lag := (tp - p.CompletionRate) * 100
		if lag <= 0 {
			why = append(why, fmt.Sprintf("1-%d月完成率 %s，不低于时序进度 %s", month, Percent(p.CompletionRate), Percent(tp)))
		} else {
			why = append(why, fmt.Sprintf("1-%d月完成率 %s，落后时序进度 %s %.2f 个百分点（落后 %d 个百分点以内为黄灯，超过为红灯）",
				month, Percent(p.CompletionRate), Percent(tp), lag, r.band()))
		}
	}
	asOf, _, _ := reportDates(year, month)
	for _, m := range milestones {
		if Late(m, year, month) {
			why = append(why, fmt.Sprintf("里程碑“%s”计划于 %s 完成，至 %s 尚未完成", m.Kind, m.PlannedOn, asOf))
		}
	}
	return why
}

// Late tells whether a milestone is past its planned date and not
// reached as of the end of the report month.
func Late(m models.Milestone, year, month int) bool {
	asOf, _, _ := reportDates(year, month)
	return m.PlannedOn != "" && m.ReachedOn == "" && m.PlannedOn < asOf
}

// LightLabel is a light as the users read it: 绿, 黄, 红 ("" for none).
func LightLabel(l string) string {
	switch l {
	case Green:
		return "绿"
	case Yellow:
		return "黄"
	case Red:
		return "红"
	}
	return ""
}

// lightOf is the light of the SQL's light code (0 green, 1 yellow, 2 red);
// anything else reads as green.
func lightOf(code int) string {
	switch code {
	case 1:
		return Yellow
	case 2:
		return Red
	}
	return Green
}
