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
func (s *sheet) project(row []string, excelRow int, sc scope, st *fileState) {
	r := &projectRow{s: s, cells: row, excelRow: excelRow}
	code := cleanCode(r.get(fCode))
	if code != "" && !codeForm(code) {
		r.warn(fCode, "项目代码不符合投资项目统一代码格式（如 2024-360700-48-01-02315X）")
	}
	name := cleanText(fold(r.get(fName)))
	norm := NormalizeName(name)
	s.checkDuplicate(st, code, norm, excelRow, r.bad)

	if s.p.Kind == KindSchedule {
		pr, m := r.plan(code, name, norm, sc), r.monthly(code, name, norm)
		if r.accepted() {
			st.emitPair(s.p, pr, m)
		}
		return
	}
	if s.p.Kind == KindMonthly {
		m := r.monthly(code, name, norm)
		if r.accepted() {
			st.emitMonthly(s.p, m)
		}
		return
	}
	pr := r.plan(code, name, norm, sc)
	if r.accepted() {
		st.emitPlan(s.p, pr)
	}
}

// projectRow is one project row being read: its sheet and cells, and the
// errors found in it so far.
type projectRow struct {
	s        *sheet
	cells    []string
	excelRow int
	errs     []Issue
}

func (r *projectRow) get(f field) string { return r.s.get(r.cells, f) }

// issue is a message about the row's cell in column f.
func (r *projectRow) issue(f field, msg string) Issue {
	return Issue{Sheet: r.s.g.name, Row: r.excelRow, Column: r.s.cols[f].title, Value: r.get(f), Message: msg}
}

// bad records an error: the row will be rejected.
func (r *projectRow) bad(f field, msg string) { r.errs = append(r.errs, r.issue(f, msg)) }

// warn records a warning; the row is still read.
func (r *projectRow) warn(f field, msg string) {
	r.s.p.Warnings = append(r.s.p.Warnings, r.issue(f, msg))
}

// accepted tells whether the row had no error; a row with one is
// rejected here, its errors added to the file's.
func (r *projectRow) accepted() bool {
	if len(r.errs) > 0 {
		r.s.rejectRow(r.errs)
		return false
	}
	return true
}

// amount reads a money column in yuan; ok is false when the column is
// missing or the cell blank or wrong (the last an error).
func (r *projectRow) amount(f field) (int64, bool) {
	s := r.s
	if !s.has(f) {
		return 0, false
	}
	if cell := s.cols[f].idx; slices.Contains(s.noValue, cell) {
		name, _ := excelize.CoordinatesToCellName(cell+1, r.excelRow)
		r.bad(f, "单元格 "+name+" 是公式，但文件中没有保存计算结果（读出来是空的）：请在 Excel 中打开、重新计算并保存后再导入")
		return 0, false
	}
	y, ok, err := ParseAmount(r.get(f), s.cols[f].unit)
	if err != nil {
		r.bad(f, err.Error())
	}
	return y, ok
}

// monthly reads the row of a monthly sheet.
func (r *projectRow) monthly(code, name, norm string) MonthlyRow {
	s := r.s
	m := MonthlyRow{Sheet: s.g.name, Row: r.excelRow, Code: code, Name: name, norm: norm, Given: s.given,
		Progress: cleanText(r.get(fProgress)), Problems: cleanText(r.get(fProblems))}
	s.checkTexts(m, r.bad)
	if y, ok := r.amount(fMonth); ok {
		m.MonthYuan = &y
	}
	if y, ok := r.amount(fYTD); ok {
		m.YTDYuan = &y
	}
	return m
}

// plan reads the row of a plan list; sc is what the section rows above
// it name (sector, subsector, stage, place), which its columns must
// agree with.
func (r *projectRow) plan(code, name, norm string, sc scope) PlanRow {
	s := r.s
	pr := PlanRow{Sheet: s.g.name, Row: r.excelRow, Code: code, Name: name, norm: norm,
		Owner: cleanText(r.get(fOwner)), Responsible: cleanText(r.get(fResponsible)),
		Content: cleanText(r.get(fContent)), Note: cleanText(r.get(fNote)), Given: s.given}
	r.sectors(&pr, sc)
	if sc.city == "" && s.titleCity != "" {
		sc.city = s.titleCity // the title's city, placeAt "": not checked against the cells
	}
	if k := sc.givenKey(); k != 0 {
		pr.Given = s.sectionGivenFor(k)
	}
	r.placeIn(&pr, sc)
	r.period(&pr)
	r.stage(&pr, sc)
	r.amounts(&pr)
	pr.Flagship = truthy(r.get(fFlagship))
	r.tags(&pr)
	return pr
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
