package report

import (
	"strings"

	"portfolio/models"
	"portfolio/province"
)

// The codelists' codes for the list's words: projectStatus,
// projectType, milestoneType and projectSector.

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
