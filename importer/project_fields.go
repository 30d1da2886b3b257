package importer

import "fmt"

// The fields of a plan row that take more than a cleanText, each read
// from its column (when the sheet has it) into pr.

// sectors reads the 领域 and 子领域 columns; they win over the section
// rows' sector and subsector.
func (r *projectRow) sectors(pr *PlanRow) {
	if r.s.has(fSector) {
		if v := r.get(fSector); squash(v) != "" {
			sec, ok := normalizeSector(v)
			if !ok {
				r.warn(fSector, "不是十大领域之一，按原文记为领域")
			}
			pr.Sector = sec
		}
	}
	if r.s.has(fSubsector) {
		if v := cleanSection(r.get(fSubsector)); v != "" {
			pr.Subsector = v
		}
	}
}

// sectionGivenFor is the sheet's Given plus the fields section rows state
// (a sector, a subsector) that the header does not: one set for every row
// under the same kind of section, made on first use (read only).
func (s *sheet) sectionGivenFor(sector, subsector bool) Given {
	key := [2]bool{sector, subsector}
	g, ok := s.sectionGiven[key]
	if !ok {
		g = Given{}
		for k, v := range s.given {
			g[k] = v
		}
		g["sector"] = g["sector"] || key[0]
		g["subsector"] = g["subsector"] || key[1]
		if s.sectionGiven == nil {
			s.sectionGiven = map[[2]bool]Given{}
		}
		s.sectionGiven[key] = g
	}
	return g
}

// period reads the 建设起止年限 column.
func (r *projectRow) period(pr *PlanRow) {
	if r.s.has(fPeriod) && squash(r.get(fPeriod)) != "" {
		start, end, err := ParseYearRange(r.get(fPeriod))
		if err != nil {
			r.bad(fPeriod, err.Error())
		}
		pr.StartYear, pr.EndYear = start, end
	}
}

// stage reads the 建设性质 column, which a row of a list that has it
// must fill.
func (r *projectRow) stage(pr *PlanRow) {
	if !r.s.has(fStage) {
		// A list without the column (a city's short list) says nothing of
		// stages; 续建 is what most listed projects are, and the store
		// keeps an existing project's stage (Given has no "stage").
		pr.Stage = StageContinuing
		r.s.warnOnce("stage", Issue{Sheet: r.s.g.name, Message: "表中没有“建设性质”列：新项目按续建计，已有项目保持原值"})
		return
	}
	stage, err := ParseStage(r.get(fStage))
	if err != nil {
		if squash(r.get(fStage)) == "" {
			r.bad(fStage, "缺少建设性质")
		} else {
			r.bad(fStage, err.Error())
		}
	}
	pr.Stage = stage
}

// amounts reads the total, the sum completed before the year and the
// year's plan, warning when the last two exceed the first.
func (r *projectRow) amounts(pr *PlanRow) {
	pr.TotalYuan, _ = r.amount(fTotal)
	pr.BeforeYuan, _ = r.amount(fBefore)
	pr.PlanYuan, _ = r.amount(fPlan)
	if pr.TotalYuan > 0 && pr.BeforeYuan+pr.PlanYuan > pr.TotalYuan {
		r.warn(fPlan, fmt.Sprintf("截至上年底累计完成与年度计划之和（%s万元）超过总投资", wanText(pr.BeforeYuan+pr.PlanYuan)))
	}
}

// tags reads the 项目类别 column; a row without any is 省大中型.
func (r *projectRow) tags(pr *PlanRow) {
	if r.s.has(fTags) {
		pr.Tags = splitTags(r.get(fTags))
	}
	if len(pr.Tags) == 0 {
		pr.Tags = []string{"省大中型"}
	}
}
