package report

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"portfolio/province"
)

// A blank template is the province's layout with nothing in it: the
// title the importer reads the year (and month) from, the units line,
// the header the importer recognises, dropdowns for the province's words
// and a 填表说明 sheet with the rules and an example row. The importer
// passes over the 填表说明 and 下拉选项 sheets without a word
// (province.IsTemplateSheet), so a filled template imports with no warnings.

// Template kinds.
const (
	TemplatePlan    = "plan"
	TemplateMonthly = "monthly"
)

// Sheets of a template besides its table (the importer skips them).
const (
	TemplateNotesSheet   = province.TemplateNotesSheet
	TemplateChoicesSheet = province.TemplateChoicesSheet
)

// templateRows is how many blank rows of the plan template carry the
// dropdowns (a year's list of one city is a few hundred rows).
const templateRows = 2000

// TemplateOptions says which template to write. A monthly template is
// pre-filled with the year's projects of City (every project when City is
// empty), so the office fills in the month's columns only.
type TemplateOptions struct {
	Kind  string
	Year  int
	Month int    // monthly: the month reported, 1..12
	City  string // a 设区市, 赣江新区 or 跨设区市; empty for the province
}

// Check refuses options no template can be written for, in Chinese.
func (o TemplateOptions) Check() error {
	switch {
	case o.Kind != TemplatePlan && o.Kind != TemplateMonthly:
		return fmt.Errorf("模板类型应为 plan（项目计划表）或 monthly（月度调度表），不是“%s”", o.Kind)
	case o.Year < 2000 || o.Year > 2100:
		return fmt.Errorf("年份应在 2000 到 2100 之间，不是 %d", o.Year)
	case o.Kind == TemplateMonthly && (o.Month < 1 || o.Month > 12):
		return fmt.Errorf("月份应在 1 到 12 之间，不是 %d", o.Month)
	case o.City != "" && !slices.Contains(province.Places(), o.City):
		return fmt.Errorf("“%s”不是江西省的设区市（可选：%s）", o.City, joinWords(province.Places()))
	}
	return nil
}

// FileName is the template's file name: 2024年项目计划表（模板）.xlsx,
// 2024年10月调度表（南昌市·模板）.xlsx.
func (o TemplateOptions) FileName() string {
	scope := "模板"
	if o.City != "" {
		scope = o.City + "·模板"
	}
	if o.Kind == TemplateMonthly {
		return fmt.Sprintf("%d年%d月调度表（%s）.xlsx", o.Year, o.Month, scope)
	}
	return fmt.Sprintf("%d年项目计划表（%s）.xlsx", o.Year, scope)
}

// TemplateDefaults fills what o leaves out from the data: the year of the
// newest list (the calendar year of now on an empty database) and, for a
// monthly template, the month units report now (province.ReportMonth).
func (r *Reporter) TemplateDefaults(ctx context.Context, o TemplateOptions, now time.Time) (TemplateOptions, error) {
	if o.Year == 0 {
		y, err := r.LatestYear(ctx)
		if err != nil {
			return o, err
		}
		o.Year = y
		if y == 0 {
			o.Year = now.Year()
		}
	}
	if o.Kind == TemplateMonthly && o.Month == 0 {
		closed, err := r.LatestMonth(ctx, o.Year)
		if err != nil {
			return o, err
		}
		o.Month = province.ReportMonth(o.Year, closed, now)
	}
	return o, nil
}

// WriteTemplate writes the blank template o asks for.
func (r *Reporter) WriteTemplate(ctx context.Context, w io.Writer, o TemplateOptions) error {
	if err := o.Check(); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	t := &templateBook{x: x, o: o}
	var err error
	if t.st, err = templateStylesOf(x); err != nil {
		return err
	}
	if o.Kind == TemplateMonthly {
		var rows []ProjectRow
		if rows, err = r.templateProjects(ctx, o); err == nil {
			err = t.monthly(rows)
		}
	} else {
		err = t.plan()
	}
	if err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("report: template: %w", err)
	}
	return nil
}

// templateProjects are the projects a monthly template lists: the year's
// list, of the city when one is given, in the list's order.
func (r *Reporter) templateProjects(ctx context.Context, o TemplateOptions) ([]ProjectRow, error) {
	page, err := r.Projects(ctx, ProjectFilter{Year: o.Year, Month: o.Month, City: o.City, All: true})
	if err != nil {
		return nil, err
	}
	return page.Rows, nil
}

// joinWords joins words with 、.
func joinWords(ws []string) string {
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += "、"
		}
		out += w
	}
	return out
}
