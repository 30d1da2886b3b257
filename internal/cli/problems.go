package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

const problemsUsage = `usage:
  portfolio problems list   [--db DSN] [--status S] [--level L] [--category C] [--city C] [--overdue] [--json]
  portfolio problems export [--db DSN] [--status S] [--level L] [--category C] [--city C] [--overdue] --out FILE.xlsx`

// cmdProblems reads the problems ledger (问题台账): a list for the
// terminal or as JSON, or the 问题清单 workbook.
func cmdProblems(e env, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "export") {
		return usageError{problemsUsage}
	}
	sub := args[0]
	fs := newFlags("problems "+sub, e)
	db := dbFlag(fs)
	var f models.ProblemFilter
	fs.StringVar(&f.Status, "status", "", "only this status: "+province.ProblemWords(province.ProblemStatuses(), nil))
	fs.StringVar(&f.Level, "level", "", "only this level: "+province.ProblemWords(province.ProblemLevels(), nil))
	fs.StringVar(&f.Category, "category", "", "only this category")
	fs.StringVar(&f.City, "city", "", "only this city's projects")
	fs.BoolVar(&f.Overdue, "overdue", false, "only problems past their due date and not resolved or closed")
	asJSON := fs.Bool("json", false, "list: print {rows, total} as JSON")
	out := fs.String("out", "", "export: the workbook to write (- for standard output)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := checkProblemFilter(f); err != nil {
		return err
	}
	if sub == "export" && *out == "" {
		return usageError{"--out FILE.xlsx is required"}
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	f.Today = time.Now().Format("2006-01-02")
	rows, err := report.AllProblems(e.ctx, s, f)
	if err != nil {
		return err
	}
	switch {
	case sub == "export":
		return writeOut(e.stdout, *out, func(w io.Writer) error { return report.WriteProblems(w, report.ProblemsTitle(f), rows) })
	case *asJSON:
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []models.ProblemRow{}
		}
		return enc.Encode(struct {
			Rows  []models.ProblemRow `json:"rows"`
			Total int                 `json:"total"`
		}{rows, len(rows)})
	}
	printProblems(e.stdout, rows)
	return nil
}

// checkProblemFilter refuses a value the ledger does not know (exit 2).
func checkProblemFilter(f models.ProblemFilter) error {
	for _, c := range []struct {
		flag, v string
		allowed []string
	}{{"--status", f.Status, province.ProblemStatuses()}, {"--level", f.Level, province.ProblemLevels()}, {"--category", f.Category, province.ProblemCategories()}} {
		if c.v != "" && !slices.Contains(c.allowed, c.v) {
			return usageError{fmt.Sprintf("%s must be one of %s, not %q", c.flag, province.ProblemWords(c.allowed, nil), c.v)}
		}
	}
	return nil
}

// printProblems writes the ledger as a table for the terminal.
func printProblems(w io.Writer, rows []models.ProblemRow) {
	fmt.Fprintf(w, "共 %d 个问题\n", len(rows))
	for _, r := range rows {
		late := ""
		if r.Overdue {
			late = " 逾期"
		}
		fmt.Fprintf(w, "#%d  %s  %s  %s  %s  %s  时限 %s%s\n    %s\n", r.ID, padWide(r.City, 8), r.Category, province.LevelLabel(r.Level),
			province.ProblemStatusLabel(r.Status), r.ProjectName, orNone(r.DueOn), late, r.Description)
	}
}

func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return s
}
