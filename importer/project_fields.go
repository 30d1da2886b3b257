package importer

import "fmt"

// The fields of a plan row that take more than a cleanText, each read
// from its column (when the sheet has it) into pr.

// sectors reads the 领域 and 子领域 columns. The section rows' sector
// and subsector stand for a blank cell; a cell that names another one
// is an error.
func (r *projectRow) sectors(pr *PlanRow, sc scope) {
	pr.Sector, pr.Subsector = sc.sector, sc.subsector
	if v := r.get(fSector); r.s.has(fSector) && squash(v) != "" {
		sec, ok := normalizeSector(v)
		if !ok {
			r.warn(fSector, "不是十大领域之一，按原文记为领域")
		}
		if sc.sector != "" && sec != sc.sector {
			r.disagree(fSector, sc.sectorAt, sc.sector)
		}
		pr.Sector = sec
	}
	if v := cleanSection(r.get(fSubsector)); r.s.has(fSubsector) && v != "" {
		if sc.subsector != "" && v != sc.subsector {
			r.disagree(fSubsector, sc.subsectorAt, sc.subsector)
		}
		pr.Subsector = v
	}
}

// disagree rejects a row whose cell in column f names another sector,
// stage or place than the section row above it (at), which names value.
func (r *projectRow) disagree(f field, at, value string) {
	r.bad(f, fmt.Sprintf("%s为“%s”，与所在分组“%s”的“%s”不一致", r.s.cols[f].title, squash(r.get(f)), at, value))
}

// sectionGivenFor is the sheet's Given plus the fields section rows state
// (a sector, subsector, stage, city or county; key has a bit for each, see
// scope.givenKey) that the header does not: one set for every row under
// the same kind of section, made on first use (read only).
func (s *sheet) sectionGivenFor(key uint8) Given {
	g, ok := s.sectionGiven[key]
	if !ok {
		g = Given{}
		for k, v := range s.given {
			g[k] = v
		}
		for i, f := range givenKeyFields {
			g[f] = g[f] || key&(1<<i) != 0
		}
		if s.sectionGiven == nil {
			s.sectionGiven = map[uint8]Given{}
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
// must fill unless a section row above names the stage; a cell naming
// another stage than that section is an error.
func (r *projectRow) stage(pr *PlanRow, sc scope) {
	cell := squash(r.get(fStage))
	switch {
	case r.s.has(fStage) && cell != "":
		stage, err := ParseStage(cell)
		if err != nil {
			r.bad(fStage, err.Error())
		} else if sc.stage != "" && stage != sc.stage {
			r.disagree(fStage, sc.stageAt, StageLabel(sc.stage))
		}
		pr.Stage = stage
	case sc.stage != "":
		pr.Stage = sc.stage
	case r.s.has(fStage):
		r.bad(fStage, "缺少建设性质")
	default:
		// A list without the column (a city's short list) says nothing of
		// stages; 续建 is what most listed projects are, and the store
		// keeps an existing project's stage (Given has no "stage").
		pr.Stage = StageContinuing
		r.s.warnOnce("stage", Issue{Sheet: r.s.g.name, Message: "表中没有“建设性质”列：新项目按续建计，已有项目保持原值"})
	}
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
