package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"

	"portfolio/importer"
	"portfolio/models"
)

func cmdImport(e env, args []string) error {
	fs := newFlags("import", e)
	db := dbFlag(fs)
	kind := fs.String("kind", "", "plan or monthly: read only that part (default: detected from the header; a 调度表 with the list's columns and the month's imports both)")
	year := fs.Int("year", 0, "the list's year (default: from the title)")
	month := fs.Int("month", 0, "a monthly sheet's report month (default: from the title, e.g. 2024年1-6月)")
	dry := fs.Bool("dry-run", false, "show what would change, write nothing")
	skip := fs.Bool("skip-invalid", false, "write the valid rows and list the rejected ones")
	maxMB := fs.Int64("max-file-mb", importer.DefaultMaxBytes>>20, "largest file read, in MiB; a larger one is refused before it is read")
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	// --reader excelize reads .xlsx through excelize instead of our reader:
	// a way round a reader bug for an operator, not a feature, so hidden.
	reader := fs.String("reader", "", "")
	hideFlags(fs, "reader")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *reader == "xlsx" {
		*reader = ""
	}
	if *reader != "" && *reader != importer.ReaderExcelize {
		return usageError{fmt.Sprintf("--reader must be xlsx or excelize, not %q", *reader)}
	}
	if fs.NArg() == 0 {
		return usageError{"no FILE given"}
	}
	if *kind != "" && *kind != string(importer.KindPlan) && *kind != string(importer.KindMonthly) {
		return usageError{fmt.Sprintf("--kind must be plan or monthly, not %q", *kind)}
	}
	if *month < 0 || *month > 12 {
		return usageError{fmt.Sprintf("--month must be 1..12, not %d", *month)}
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	im := &importer.Importer{Store: s, Log: slog.New(slog.NewTextHandler(e.stderr, nil))}
	opt := importer.Options{
		ParseOptions: importer.ParseOptions{Kind: importer.Kind(*kind), Year: *year, Month: *month, MaxBytes: *maxMB << 20, Reader: *reader},
		DryRun:       *dry, SkipInvalid: *skip,
		Who: models.Who{Actor: models.ActorCLI, Source: models.SourceCLI},
	}
	// The bar goes to stderr on a terminal; --json output is for programs.
	bar := newProgressBar(e.stderr, *asJSON)
	opt.Progress = importProgress(bar)
	rejected := false
	for i, path := range fs.Args() {
		if fs.NArg() > 1 {
			bar.Prefix(fmt.Sprintf("[%d/%d] %s", i+1, fs.NArg(), filepath.Base(path)))
		} else {
			bar.Prefix(filepath.Base(path))
		}
		res, err := im.ImportFile(e.ctx, path, opt)
		bar.Done()
		if err != nil && !errors.Is(err, importer.ErrRejected) {
			return err
		}
		if err != nil {
			rejected = true
		}
		if *asJSON {
			b, err := json.Marshal(res)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, string(b))
		} else {
			printResult(e.stdout, res, err != nil)
		}
	}
	if rejected {
		return exitError{code: exitRejected, err: errors.New("数据有错误，未写入任何内容")}
	}
	return nil
}

// printResult writes a short human summary of one file's import.
func printResult(w io.Writer, r *importer.Result, rejected bool) {
	state := "已写入"
	switch {
	case rejected:
		state = "已拒绝，未写入"
	case r.DryRun:
		state = "试运行，未写入"
	case r.BatchID == 0:
		state = "无变化，未写入"
	}
	fmt.Fprintf(w, "%s（%s %d", r.File, r.Kind, r.Year)
	if r.Month > 0 {
		fmt.Fprintf(w, "年%d月", r.Month)
	} else {
		fmt.Fprint(w, "年")
	}
	fmt.Fprintf(w, "）：新增 %d，更新 %d，未变 %d，拒绝 %d —— %s", r.Created, r.Updated, r.Unchanged, r.Rejected, state)
	if r.BatchID != 0 {
		fmt.Fprintf(w, "（批次 %d）", r.BatchID)
	}
	fmt.Fprintln(w)
	if r.Kind == importer.KindSchedule {
		pl, mo := r.Parts.Plan, r.Parts.Monthly
		fmt.Fprintf(w, "  其中 年度计划：新增 %d，更新 %d，未变 %d；%d月完成投资：新增 %d，更新 %d，未变 %d\n",
			pl.Created, pl.Updated, pl.Unchanged, r.Month, mo.Created, mo.Updated, mo.Unchanged)
	}
	for _, is := range r.Errors {
		fmt.Fprintf(w, "  错误 %s\n", issueText(is))
	}
	for _, is := range r.Warnings {
		fmt.Fprintf(w, "  提示 %s\n", issueText(is))
	}
}

func issueText(is importer.Issue) string {
	where := ""
	if is.Sheet != "" {
		where = fmt.Sprintf("工作表“%s”", is.Sheet)
	}
	if is.Row > 0 {
		where += fmt.Sprintf("第%d行", is.Row)
	}
	if is.Column != "" {
		where += fmt.Sprintf("“%s”列", is.Column)
	}
	if is.Value != "" {
		where += fmt.Sprintf("（值：%s）", is.Value)
	}
	if where != "" {
		where += "："
	}
	return where + is.Message
}

// hideFlags leaves the named flags out of fs's usage text.
func hideFlags(fs *flag.FlagSet, names ...string) {
	fs.Usage = func() {
		shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
		shown.SetOutput(fs.Output())
		fs.VisitAll(func(f *flag.Flag) {
			if !slices.Contains(names, f.Name) {
				shown.Var(f.Value, f.Name, f.Usage)
			}
		})
		fmt.Fprintf(fs.Output(), "Usage of %s:\n", fs.Name())
		shown.PrintDefaults()
	}
}
