// Command rollupbench times the rollup through Go (Reporter.Rollup, as the
// server and `portfolio rollup` run it) against its lower bound: the same
// SQL, parameters written in (report.RollupSQL), run by the database's
// own command-line tool on the same database, alternating in one run:
// sqlite3 on the SQLite files, or psql with -pg on PostgreSQL databases
// built on that server. bench/rollup.sh runs it; the databases come from
// bench/rollupdb.
//
//	go run ./bench/rollupbench -sizes 3670x12,100000x60 -runs 5
//	go run ./bench/rollupbench -pg postgres://… -sizes 3670x12,100000x60
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"portfolio/bench/rollupdb"
	"portfolio/models"
	"portfolio/report"
)

func main() {
	sizes := flag.String("sizes", "3670x12,100000x60", "comma-separated projects x months")
	runs := flag.Int("runs", 5, "timed runs of each, after one warm-up")
	sqlite3 := flag.String("sqlite3", "sqlite3", "the sqlite3 command-line tool")
	pg := flag.String("pg", "", "a postgres:// DSN whose role may create databases: bench PostgreSQL with psql instead of SQLite")
	psql := flag.String("psql", "psql", "the psql command-line tool")
	pages := flag.Bool("pages", false, "also time the rollup through report.Cache and the projects page's views")
	explain := flag.Bool("explain", false, "with -pages: write each view's EXPLAIN (ANALYZE, BUFFERS) to the temp directory")
	ensure := flag.Bool("ensure", false, "only build the databases that are missing and print their names")
	flag.Parse()
	tool := cliTool{name: "sqlite3", path: *sqlite3}
	if *pg != "" {
		tool = cliTool{name: "psql", path: *psql, admin: *pg}
	}
	for _, s := range strings.Split(*sizes, ",") {
		var z rollupdb.Size
		if _, err := fmt.Sscanf(strings.TrimSpace(s), "%dx%d", &z.Projects, &z.Months); err != nil {
			fail(fmt.Errorf("size %q: want PROJECTSxMONTHS", s))
		}
		if *ensure {
			db, err := tool.ensure(context.Background(), z)
			if err != nil {
				fail(err)
			}
			fmt.Println(tool.label(db))
			continue
		}
		if err := bench(z, *runs, tool, pageOpts{*pages, *explain}); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "rollupbench:", err)
	os.Exit(1)
}

// bench times one size: a warm-up of each, then runs alternating.
func bench(z rollupdb.Size, runs int, tool cliTool, po pageOpts) error {
	ctx := context.Background()
	start := time.Now()
	path, err := tool.ensure(ctx, z)
	if err != nil {
		return err
	}
	if d := time.Since(start); d > time.Second {
		fmt.Printf("%s: built %s in %s\n", z, tool.label(path), d.Round(time.Second))
	}
	s, err := models.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := newContest(ctx, z, s, path, tool)
	if err != nil {
		return err
	}
	if _, err := c.goRun(); err != nil { // warm the page cache
		return err
	}
	if _, err := c.cliRun(); err != nil {
		return err
	}
	var goT, cliT []time.Duration
	for i := 1; i <= runs; i++ {
		g, err := c.goRun()
		if err != nil {
			return err
		}
		cl, err := c.cliRun()
		if err != nil {
			return err
		}
		goT, cliT = append(goT, g), append(cliT, cl)
		fmt.Printf("%s run %d: go %s, %s %s\n", z, i, ms(g), tool.name, ms(cl))
	}
	gm, cm := median(goT), median(cliT)
	fmt.Printf("%s (%s): go %s, %s %s (medians of %d): go/%s = %.2f\n",
		z, tool.label(path), ms(gm), tool.name, ms(cm), runs, tool.name, float64(gm)/float64(cm))
	if po.pages {
		return benchPages(ctx, z, s, runs, po.explain)
	}
	return nil
}

// contest is the rollup of one database, run both ways.
type contest struct {
	ctx         context.Context
	z           rollupdb.Size
	rep         *report.Reporter
	year, month int
	tool        cliTool
	db          string // the database file or DSN
	script      string // the rollup's SQL for the tool
	sqlFile     string // where script is kept, for a failure's message
}

// newContest writes the rollup's SQL for the command-line tool to a file
// (beside the SQLite file, or in the temp directory).
func newContest(ctx context.Context, z rollupdb.Size, s *models.Store, db string, tool cliTool) (*contest, error) {
	c := &contest{ctx: ctx, z: z, rep: &report.Reporter{Store: s}, tool: tool, db: db}
	c.year, c.month = z.Period()
	stmts, err := c.rep.RollupSQL(c.year, c.month)
	if err != nil {
		return nil, err
	}
	c.script = tool.script(stmts)
	c.sqlFile = tool.sqlFile(db, z)
	if err := os.WriteFile(c.sqlFile, []byte(c.script), 0o600); err != nil {
		return nil, err
	}
	return c, nil
}

// goRun times one Reporter.Rollup.
func (c *contest) goRun() (time.Duration, error) {
	t := time.Now()
	r, err := c.rep.Rollup(c.ctx, c.year, c.month)
	if err == nil && r.Projects != c.z.Projects {
		err = fmt.Errorf("rollup counted %d projects, want %d", r.Projects, c.z.Projects)
	}
	return time.Since(t), err
}

// cliRun times the script in the command-line tool: the tool's own timer
// of each statement, summed, the SQL alone, without starting the process
// and connecting.
func (c *contest) cliRun() (time.Duration, error) {
	cmd := exec.Command(c.tool.path, c.db) // #nosec G204 -- the tool found on PATH, on the benchmark's own database, no shell
	cmd.Stdin = strings.NewReader(c.script)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s %s < %s: %w: %s", c.tool.path, c.db, c.sqlFile, err, out.String())
	}
	return c.tool.total(&out)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
