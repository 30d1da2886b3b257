package importer

import (
	"fmt"
)

// project reads one project row into a PlanRow or MonthlyRow. A row with
// any error is rejected whole (counted in Rejected, not added).
func (s *sheet) project(row []string, excelRow int, sector, subsector string, st *fileState) {
	var errs []Issue
	bad := func(f field, msg string) {
		errs = append(errs, Issue{Sheet: s.g.name, Row: excelRow, Column: s.cols[f].title, Value: s.get(row, f), Message: msg})
	}
	warn := func(f field, msg string) {
		s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Row: excelRow, Column: s.cols[f].title, Value: s.get(row, f), Message: msg})
	}
	amount := func(f field) (int64, bool) {
		if !s.has(f) {
			return 0, false
		}
		y, ok, err := ParseAmount(s.get(row, f), s.cols[f].unit)
		if err != nil {
			bad(f, err.Error())
		}
		return y, ok
	}
	code := cleanCode(s.get(row, fCode))
	if code != "" && !CheckCode(code) {
		warn(fCode, "项目代码不符合投资项目统一代码格式（如 2024-360700-48-01-02315X）")
	}
	name := cleanText(fold(s.get(row, fName)))
	s.checkDuplicate(st, code, name, excelRow, bad)

	if s.p.Kind == KindMonthly {
		m := MonthlyRow{Sheet: s.g.name, Row: excelRow, Code: code, Name: name, Given: s.given,
			Progress: cleanText(s.get(row, fProgress)), Problems: cleanText(s.get(row, fProblems))}
		if y, ok := amount(fMonth); ok {
			m.MonthYuan = &y
		}
		if y, ok := amount(fYTD); ok {
			m.YTDYuan = &y
		}
		if len(errs) > 0 {
			s.rejectRow(errs)
			return
		}
		s.p.Monthly = append(s.p.Monthly, m)
		return
	}

	pr := PlanRow{Sheet: s.g.name, Row: excelRow, Code: code, Name: name,
		Owner: cleanText(s.get(row, fOwner)), Responsible: cleanText(s.get(row, fResponsible)),
		Content: cleanText(s.get(row, fContent)), Note: cleanText(s.get(row, fNote)),
		Sector: sector, Subsector: subsector, Given: s.given}
	if s.has(fSector) {
		if v := s.get(row, fSector); squash(v) != "" {
			sec, ok := normalizeSector(v)
			if !ok {
				warn(fSector, "不是十大领域之一，按原文记为领域")
			}
			pr.Sector = sec
		}
	}
	if s.has(fSubsector) {
		if v := cleanSection(s.get(row, fSubsector)); v != "" {
			pr.Subsector = v
		}
	}
	if sector != "" || subsector != "" || (!s.has(fStage) && s.has(fTags)) {
		// Section rows (and a stage read from a 项目类型 column) state
		// fields the header does not: this row's own set.
		g := Given{}
		for k, v := range s.given {
			g[k] = v
		}
		g["sector"] = g["sector"] || sector != ""
		g["subsector"] = g["subsector"] || subsector != ""
		pr.Given = g
	}
	s.place(row, &pr, bad)
	stageFromTags := false
	if s.has(fPeriod) && squash(s.get(row, fPeriod)) != "" {
		start, end, err := ParseYearRange(s.get(row, fPeriod))
		if err != nil {
			bad(fPeriod, err.Error())
		}
		pr.StartYear, pr.EndYear = start, end
	}
	if s.has(fStage) {
		stage, err := ParseStage(s.get(row, fStage))
		if err != nil {
			if squash(s.get(row, fStage)) == "" {
				bad(fStage, "缺少建设性质")
			} else {
				bad(fStage, err.Error())
			}
		}
		pr.Stage = stage
	} else if stage, err := ParseStage(s.get(row, fTags)); s.has(fTags) && err == nil {
		// Some lists put 新开工/续建 in a 项目类型 column.
		pr.Stage = stage
		stageFromTags = true
	} else {
		pr.Stage = StageContinuing
		s.warnOnce("stage", Issue{Sheet: s.g.name, Message: "表中没有“建设性质”列：新项目按续建计，已有项目保持原值"})
	}
	pr.TotalYuan, _ = amount(fTotal)
	pr.BeforeYuan, _ = amount(fBefore)
	pr.PlanYuan, _ = amount(fPlan)
	if pr.TotalYuan > 0 && pr.BeforeYuan+pr.PlanYuan > pr.TotalYuan {
		warn(fPlan, fmt.Sprintf("截至上年底累计完成与年度计划之和（%s万元）超过总投资", yuanText(pr.BeforeYuan+pr.PlanYuan)))
	}
	pr.Flagship = truthy(s.get(row, fFlagship))
	if s.has(fTags) && !stageFromTags {
		pr.Tags = splitTags(s.get(row, fTags))
	}
	if stageFromTags {
		pr.Given["stage"], pr.Given["tags"] = true, false
	}
	if len(pr.Tags) == 0 {
		pr.Tags = []string{"省大中型"}
	}
	if len(errs) > 0 {
		s.rejectRow(errs)
		return
	}
	s.p.Plans = append(s.p.Plans, pr)
}

// place fills city and county from their columns, else from 建设地点.
func (s *sheet) place(row []string, pr *PlanRow, bad func(field, string)) {
	if s.has(fCity) && squash(s.get(row, fCity)) != "" {
		city, err := normalizeCity(s.get(row, fCity))
		if err != nil {
			bad(fCity, err.Error())
		}
		pr.City = city
		if s.has(fCounty) {
			pr.County = squash(s.get(row, fCounty))
		}
		return
	}
	if s.has(fPlace) && squash(s.get(row, fPlace)) != "" {
		city, county, err := SplitPlace(s.get(row, fPlace))
		if err != nil {
			bad(fPlace, err.Error())
		}
		pr.City, pr.County = city, county
		if s.has(fCounty) && squash(s.get(row, fCounty)) != "" {
			pr.County = squash(s.get(row, fCounty))
		}
		return
	}
	if s.has(fCounty) && squash(s.get(row, fCounty)) != "" {
		city, county, err := SplitPlace(s.get(row, fCounty))
		if err != nil {
			bad(fCounty, err.Error())
		}
		pr.City, pr.County = city, county
		return
	}
	switch {
	case s.has(fCity):
		bad(fCity, "缺少设区市")
	case s.has(fPlace):
		bad(fPlace, "缺少建设地点")
	default:
		s.warnOnce("place", Issue{Sheet: s.g.name, Message: "表中没有“建设地点”或“设区市”列：新项目的设区市为空，已有项目保持原值"})
	}
}

// checkDuplicate refuses a project listed twice in one file: the same
// code, or the same name where neither row has a code.
func (s *sheet) checkDuplicate(st *fileState, code, name string, row int, bad func(field, string)) {
	if code != "" {
		if first, ok := st.codes[code]; ok {
			bad(fCode, fmt.Sprintf("项目代码与第%d行重复", first))
			return
		}
		st.codes[code] = row
		return
	}
	n := NormalizeName(name)
	if first, ok := st.names[n]; ok {
		bad(fName, fmt.Sprintf("项目名称与第%d行重复（且都没有项目代码）", first))
		return
	}
	st.names[n] = row
}

func (s *sheet) rejectRow(errs []Issue) {
	s.p.Errors = append(s.p.Errors, errs...)
	s.p.Rejected++
}
