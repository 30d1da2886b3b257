package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"portfolio/models"
)

// templateStyles are a template's cell styles.
type templateStyles struct{ title, unit, header, text, amount, note, bold int }

func templateStylesOf(x *excelize.File) (templateStyles, error) {
	var s templateStyles
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	two := "0.00"
	for _, d := range []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.unit, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Border: border}},
		{&s.amount, excelize.Style{Border: border, CustomNumFmt: &two}},
		{&s.note, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}}, // a line runs on over the empty cells
		{&s.bold, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
	} {
		id, err := x.NewStyle(&d.st)
		if err != nil {
			return s, err
		}
		*d.dst = id
	}
	return s, nil
}

// templateHeaderRow is the row of a template table's header: a title row
// and the units line above it.
const templateHeaderRow = 3

// table writes a template's table sheet (the workbook's first): title,
// units line, header, the rows given, a frozen header and print setup.
func (t *templateBook) table(sheet, title string, cols []templateColumn, rows [][]any) error {
	x := t.x
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	last := cellRef(len(cols), 1)
	steps := []func() error{
		func() error { return x.SetCellStr(sheet, "A1", title) },
		func() error { return x.MergeCell(sheet, "A1", last) },
		func() error { return x.SetCellStyle(sheet, "A1", last, t.st.title) },
		func() error { return x.SetRowHeight(sheet, 1, 30) },
		func() error { return x.SetCellStr(sheet, cellRef(len(cols), 2), "单位：万元") },
		func() error { return x.SetCellStyle(sheet, cellRef(len(cols), 2), cellRef(len(cols), 2), t.st.unit) },
		func() error {
			return x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: templateHeaderRow, TopLeftCell: cellRef(1, templateHeaderRow+1), ActivePane: "bottomLeft"})
		},
		func() error {
			return schedulePrintSetup(x, sheet, "$A:$B", fmt.Sprintf("$%d:$%d", templateHeaderRow, templateHeaderRow))
		},
	}
	for i, c := range cols {
		steps = append(steps, func() error { return x.SetColWidth(sheet, colName(i+1), colName(i+1), c.width) },
			func() error { return x.SetCellStr(sheet, cellRef(i+1, templateHeaderRow), c.header) })
	}
	steps = append(steps, func() error {
		return x.SetCellStyle(sheet, cellRef(1, templateHeaderRow), cellRef(len(cols), templateHeaderRow), t.st.header)
	})
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return t.tableRows(sheet, cols, rows)
}

// tableRows writes the pre-filled rows under the header, bordered, the
// amount columns with two decimals.
func (t *templateBook) tableRows(sheet string, cols []templateColumn, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	for i, values := range rows {
		if err := t.x.SetSheetRow(sheet, cellRef(1, templateHeaderRow+1+i), &values); err != nil {
			return err
		}
	}
	first, last := templateHeaderRow+1, templateHeaderRow+len(rows)
	if err := t.x.SetCellStyle(sheet, cellRef(1, first), cellRef(len(cols), last), t.st.text); err != nil {
		return err
	}
	for c := range cols {
		if cols[c].amount {
			if err := t.x.SetCellStyle(sheet, cellRef(c+1, first), cellRef(c+1, last), t.st.amount); err != nil {
				return err
			}
		}
	}
	return nil
}

// choicesSheet writes the hidden 下拉选项 sheet the dropdowns read.
func (t *templateBook) choicesSheet() error {
	if _, err := t.x.NewSheet(TemplateChoicesSheet); err != nil {
		return err
	}
	for c, words := range templateChoices() {
		for r, w := range words {
			if err := t.x.SetCellStr(TemplateChoicesSheet, cellRef(c+1, r+1), w); err != nil {
				return err
			}
		}
	}
	return t.x.SetSheetVisible(TemplateChoicesSheet, false)
}

// dropdowns puts each column's dropdown, or its amount rule, on n rows
// under the header.
func (t *templateBook) dropdowns(sheet string, cols []templateColumn, n int) error {
	choices := templateChoices()
	for i, c := range cols {
		switch {
		case c.choices > 0:
			words := choices[c.choices-1]
			dv := excelize.NewDataValidation(true)
			dv.Sqref = colRange(i+1, n)
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", TemplateChoicesSheet, colName(c.choices), colName(c.choices), len(words)))
			dv.SetError(excelize.DataValidationErrorStyleStop, c.header, fmt.Sprintf("请从下拉列表中选择%s", words[0]))
			if err := t.x.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		case c.amount:
			if err := t.amountRule(sheet, i+1, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// amountRule lets column col of n rows hold only an amount in 万元 within
// the store's bound.
func (t *templateBook) amountRule(sheet string, col, n int) error {
	if n == 0 {
		return nil
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = colRange(col, n)
	if err := dv.SetRange(0, float64(models.MaxAmountYuan/10_000), excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "金额", "请填写 0 到 "+models.AmountBoundText()+" 之间的数字（单位：万元）")
	return t.x.AddDataValidation(sheet, dv)
}

// colRange is column col's n rows under the header: "E4:E2003".
func colRange(col, n int) string {
	return cellRef(col, templateHeaderRow+1) + ":" + cellRef(col, templateHeaderRow+n)
}

func colName(c int) string {
	s, _ := excelize.ColumnNumberToName(c)
	return s
}
