package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"portfolio/report"
)

func cmdRollup(e env, args []string) error {
	fs := newFlags("rollup", e)
	db := dbFlag(fs)
	year := fs.Int("year", 0, "year (default: the newest list)")
	month := fs.Int("month", 0, "report month 1..12 (default: the newest month reported)")
	asJSON := fs.Bool("json", false, "print the rollup as JSON")
	var cfg config
	set := newSettings(fs)
	cfg.reportFlags(set)
	if err := set.parse(args); err != nil {
		return err
	}
	if *month < 0 || *month > 12 {
		return usageError{fmt.Sprintf("--month must be 1..12, not %d", *month)}
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	rep := cfg.reporter(s)
	y, m, err := rep.DefaultPeriod(e.ctx, *year, *month)
	if err != nil {
		return err
	}
	r, err := rep.Rollup(e.ctx, y, m)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	printRollup(e.stdout, r)
	return nil
}

// printRollup writes the rollup as a table for the terminal (amounts in 亿元).
func printRollup(w io.Writer, r *report.Rollup) {
	fmt.Fprintf(w, "%d年1-%d月  时序进度 %s  项目 %d 个\n", r.Year, r.Month, report.Percent(r.TimeProgress), r.Projects)
	target := "未设定目标"
	if r.TargetSet {
		target = "年度目标 " + report.Yi(r.TargetYuan) + " 亿元"
	}
	fmt.Fprintf(w, "%s  年度计划 %s 亿元  累计完成 %s 亿元  完成率 %s\n",
		target, report.Yi(r.PlanYuan), report.Yi(r.CompletedYuan), report.Percent(r.CompletionRate))
	fmt.Fprintf(w, "亮灯  绿 %d  黄 %d  红 %d\n", r.Lights.Green, r.Lights.Yellow, r.Lights.Red)
	for _, part := range []struct {
		title  string
		groups []report.Group
	}{{"领域", r.BySector}, {"设区市", r.ByCity}, {"建设性质", r.ByStage}} {
		fmt.Fprintf(w, "\n按%s\n", part.title)
		fmt.Fprintf(w, "%s %8s %16s %16s %9s  %s\n", padWide("", 12), "项目数", "年度计划(亿元)", "累计完成(亿元)", "完成率", "亮灯")
		for _, g := range part.groups {
			fmt.Fprintf(w, "%s %8d %16s %16s %9s  %s\n", padWide(g.Label, 12), g.Projects, report.Yi(g.PlanYuan), report.Yi(g.CompletedYuan),
				report.Percent(g.CompletionRate), report.LightLabel(g.Light))
		}
	}
}

// padWide pads s to width terminal cells, counting a CJK character as two.
func padWide(s string, width int) string {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	if n >= width {
		return s
	}
	return s + strings.Repeat(" ", width-n)
}
