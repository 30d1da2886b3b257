package importer

import (
	"errors"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"portfolio/models"
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
		if cell := s.cols[f].idx; slices.Contains(s.noValue, cell) {
			name, _ := excelize.CoordinatesToCellName(cell+1, excelRow)
			bad(f, "单元格 "+name+" 是公式，但文件中没有保存计算结果（读出来是空的）：请在 Excel 中打开、重新计算并保存后再导入")
			return 0, false
		}
		y, ok, err := ParseAmount(s.get(row, f), s.cols[f].unit)
		if err != nil {
			bad(f, err.Error())
		}
		return y, ok
	}
	code := cleanCode(s.get(row, fCode))
	if code != "" && !codeForm(code) {
		warn(fCode, "项目代码不符合投资项目统一代码格式（如 2024-360700-48-01-02315X）")
	}
	name := cleanText(fold(s.get(row, fName)))
	norm := NormalizeName(name)
	s.checkDuplicate(st, code, norm, excelRow, bad)

	if s.p.Kind == KindMonthly {
		m := MonthlyRow{Sheet: s.g.name, Row: excelRow, Code: code, Name: name, norm: norm, Given: s.given,
			Progress: cleanText(s.get(row, fProgress)), Problems: cleanText(s.get(row, fProblems))}
		s.checkTexts(m, bad)
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
		st.emitMonthly(s.p, m)
		return
	}

	pr := PlanRow{Sheet: s.g.name, Row: excelRow, Code: code, Name: name, norm: norm,
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
	if sector != "" || subsector != "" {
		// Section rows state fields the header does not: this row's own set,
		// shared by every row under the same kind of section (read only).
		key := [2]bool{sector != "", subsector != ""}
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
		pr.Given = g
	}
	s.place(row, &pr, bad, warn)
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
	} else {
		// A list without the column (a city's short list) says nothing of
		// stages; 续建 is what most listed projects are, and the store
		// keeps an existing project's stage (Given has no "stage").
		pr.Stage = StageContinuing
		s.warnOnce("stage", Issue{Sheet: s.g.name, Message: "表中没有“建设性质”列：新项目按续建计，已有项目保持原值"})
	}
	pr.TotalYuan, _ = amount(fTotal)
	pr.BeforeYuan, _ = amount(fBefore)
	pr.PlanYuan, _ = amount(fPlan)
	if pr.TotalYuan > 0 && pr.BeforeYuan+pr.PlanYuan > pr.TotalYuan {
		warn(fPlan, fmt.Sprintf("截至上年底累计完成与年度计划之和（%s万元）超过总投资", wanText(pr.BeforeYuan+pr.PlanYuan)))
	}
	pr.Flagship = truthy(s.get(row, fFlagship))
	if s.has(fTags) {
		pr.Tags = splitTags(s.get(row, fTags))
	}
	if len(pr.Tags) == 0 {
		pr.Tags = []string{"省大中型"}
	}
	if len(errs) > 0 {
		s.rejectRow(errs)
		return
	}
	st.emitPlan(s.p, pr)
}

// place fills city and county. City and county columns win over a
// 建设地点 column; 建设地点 still gives the county when it names the same
// city and the sheet has no county column.
func (s *sheet) place(row []string, pr *PlanRow, bad, warn func(field, string)) {
	cityCell, countyCell, placeCell := squash(s.get(row, fCity)), squash(s.get(row, fCounty)), squash(s.get(row, fPlace))
	switch {
	case cityCell != "":
		city, err := normalizeCity(cityCell)
		if err != nil {
			bad(fCity, err.Error())
		}
		pr.City = city
		if countyCell != "" {
			pr.County = countyCell
		} else if placeCell != "" {
			if c, county, err := SplitPlace(placeCell); err == nil && c == city {
				pr.County = county
			}
		}
	case placeCell != "":
		city, county, err := SplitPlace(placeCell)
		if err != nil {
			bad(fPlace, err.Error())
		}
		pr.City, pr.County = city, county
		if countyCell != "" {
			pr.County = countyCell
		}
	case countyCell != "":
		city, county, err := SplitPlace(countyCell)
		if err != nil {
			bad(fCounty, err.Error())
		}
		pr.City, pr.County = city, county
		return
	case s.has(fCity):
		bad(fCity, "缺少设区市")
		return
	case s.has(fPlace):
		bad(fPlace, "缺少建设地点")
		return
	default:
		s.warnOnce("place", Issue{Sheet: s.g.name, Message: "表中没有“建设地点”或“设区市”列：新项目的设区市为空，已有项目保持原值"})
		return
	}
	// A county column that names another city's county is likely a slip
	// in one of the two cells; the city column is kept.
	if countyCell != "" && pr.City != "" {
		if c := countyCity(countyCell); c != "" && c != pr.City && pr.City != CityCross {
			warn(fCounty, "县（市、区）属于"+c+"，与设区市“"+pr.City+"”不一致")
		}
	}
}

// checkDuplicate refuses a project listed twice in one file: the same
// code, or the same name where neither row has a code.
func (s *sheet) checkDuplicate(st *fileState, code, norm string, row int, bad func(field, string)) {
	here := rowRef{sheet: s.g.name, row: row}
	if code != "" {
		if first, ok := st.seen.code(code, here); ok {
			bad(fCode, "项目代码与"+s.where(first)+"重复")
		}
		return
	}
	if first, ok := st.seen.name(norm, here); ok {
		bad(fName, "项目名称与"+s.where(first)+"重复（且都没有项目代码）")
	}
}

// where names a row for a message: 第8行, or 工作表“X”第8行 when it is
// on another sheet.
func (s *sheet) where(r rowRef) string { return r.where(s.g.name) }

// where names the row for a message on sheet: 第8行, or 工作表“X”第8行.
func (r rowRef) where(sheet string) string {
	if r.sheet == sheet {
		return fmt.Sprintf("第%d行", r.row)
	}
	return fmt.Sprintf("工作表“%s”第%d行", r.sheet, r.row)
}

func (s *sheet) rejectRow(errs []Issue) {
	s.p.Errors = append(s.p.Errors, errs...)
	s.p.Rejected++
}

// checkTexts bounds a monthly row's texts as the report form does
// (models.MaxLongText characters), naming the bound in the row's error.
func (s *sheet) checkTexts(m MonthlyRow, bad func(field, string)) {
	for _, t := range []struct {
		f     field
		label string
		text  string
	}{{fProgress, "形象进度", m.Progress}, {fProblems, "存在问题", m.Problems}} {
		var fe *models.FieldError
		if err := models.CheckText("", t.label, t.text, models.MaxLongText); errors.As(err, &fe) {
			bad(t.f, fe.Message)
		}
	}
}
