package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"portfolio/report"
)

func cmdExport(e env, args []string) error {
	fs := newFlags("export", e)
	db := dbFlag(fs)
	format := fs.String("format", "xlsx", "xlsx (the month's 调度表), csv (the project list) or oc4ids (the year's projects as an OC4IDS 0.9 project package)")
	out := fs.String("out", "-", "file to write; - writes to standard output")
	year := fs.Int("year", 0, "year (default: the newest list)")
	month := fs.Int("month", 0, "report month 1..12 (default: the newest month reported)")
	var f report.ProjectFilter
	fs.StringVar(&f.Sector, "sector", "", "only this sector (领域)")
	fs.StringVar(&f.City, "city", "", "only this city (设区市)")
	fs.StringVar(&f.Stage, "stage", "", "only this stage: new_start, continuing, completing, preparatory")
	fs.StringVar(&f.Light, "light", "", "only this light: green, yellow, red")
	fs.StringVar(&f.Tag, "tag", "", "only projects with this list tag (省重点 …)")
	fs.StringVar(&f.Q, "q", "", "only projects whose name, code or owner contains this text")
	fs.BoolVar(&f.Lagging, "lagging", false, "only projects behind their plan (yellow or red)")
	fs.BoolVar(&f.Overrun, "overrun", false, "only projects over their first list's total investment (超概算)")
	fs.BoolVar(&f.Delayed, "delayed", false, "only projects behind their first list's schedule (延期)")
	var cfg config
	set := newSettings(fs)
	cfg.reportFlags(set)
	if err := set.parse(args); err != nil {
		return err
	}
	if *month < 0 || *month > 12 {
		return usageError{fmt.Sprintf("--month must be 1..12, not %d", *month)}
	}
	switch *format {
	case "xlsx", "csv", "oc4ids":
	default:
		return usageError{fmt.Sprintf("--format must be xlsx, csv or oc4ids, not %q", *format)}
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	rep := cfg.reporter(s)
	f.Year, f.Month, err = rep.DefaultPeriod(e.ctx, *year, *month)
	if err != nil {
		return err
	}
	if err := f.Normalize(); err != nil {
		return usageError{err.Error()}
	}
	return writeOut(e.stdout, *out, func(w io.Writer) error {
		switch *format {
		case "csv":
			f.All = true
			page, err := rep.Projects(e.ctx, f)
			if err != nil {
				return err
			}
			return report.WriteProjectsCSV(w, page.Rows)
		case "oc4ids":
			// The open-data package is the whole year's list: filters do not apply.
			opt := cfg.OC4IDS
			opt.Year, opt.Month = f.Year, f.Month
			pkg, err := report.OC4IDS(e.ctx, s, opt)
			if err != nil {
				return err
			}
			return report.WriteOC4IDS(w, pkg)
		}
		return writeSchedule(e, rep, w, f, *out)
	})
}

// writeSchedule writes the 调度表, counting the rows written on stderr
// when it is a terminal (and the workbook does not go to that terminal too).
func writeSchedule(e env, rep *report.Reporter, w io.Writer, f report.ProjectFilter, out string) error {
	bar := newProgressBar(e.stderr, (out == "-" || out == "") && isTerminal(e.stdout))
	defer bar.Done()
	if out != "-" && out != "" {
		bar.Prefix(filepath.Base(out))
	}
	rows := 0
	err := rep.WriteSchedule(e.ctx, w, f, func(done, total int) {
		rows = total
		bar.Update("导出（行）", int64(done), int64(total))
		if done == total {
			// The workbook is zipped after its last row.
			bar.Update("压缩保存", 0, 0)
		}
	})
	if err == nil && rows > 0 {
		bar.Update("已导出（行）", int64(rows), int64(rows))
	}
	return err
}

// writeOut runs write into the file path ("-": stdout). A file is
// written beside its final name and renamed into place, so a failed
// export never leaves half a workbook under the name asked for.
func writeOut(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "-" || path == "" {
		bw := bufio.NewWriter(stdout)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; removes a failed export
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		_ = tmp.Close() // the export's error is the one to report
		return err
	}
	if err := bw.Flush(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
