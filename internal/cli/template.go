package cli

import (
	"io"
	"time"

	"portfolio/report"
)

// cmdTemplate writes a blank template: the plan list or a monthly sheet
// (pre-filled with the year's projects, of one city with --city).
func cmdTemplate(e env, args []string) error {
	fs := newFlags("template", e)
	db := dbFlag(fs)
	var o report.TemplateOptions
	fs.StringVar(&o.Kind, "kind", report.TemplatePlan, "plan (the year's project list) or monthly (a month's progress sheet)")
	fs.IntVar(&o.Year, "year", 0, "year (default: the newest list's)")
	fs.IntVar(&o.Month, "month", 0, "monthly: the month reported (default: the month units report now)")
	fs.StringVar(&o.City, "city", "", "monthly: only this city's projects (设区市)")
	out := fs.String("out", "", "file to write (default: the template's own name, e.g. 2024年项目计划表（模板）.xlsx); - writes to standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"unexpected arguments: template takes only flags"}
	}
	if o.Kind != report.TemplatePlan && o.Kind != report.TemplateMonthly {
		return usageError{"--kind must be plan or monthly, not " + o.Kind}
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	rep := &report.Reporter{Store: s}
	if o, err = rep.TemplateDefaults(e.ctx, o, time.Now()); err != nil {
		return err
	}
	if err := o.Check(); err != nil {
		return usageError{err.Error()}
	}
	if *out == "" {
		*out = o.FileName()
	}
	return writeOut(e.stdout, *out, func(w io.Writer) error { return rep.WriteTemplate(e.ctx, w, o) })
}
