// Command rollupbench times the rollup through Go (Reporter.Rollup, as the
// server and `portfolio rollup` run it) against its lower bound: the same
// SQL, parameters written in (report.RollupSQL), run by the sqlite3
// command-line tool on the same database file, alternating in one run.
// bench/rollup.sh runs it; the files come from bench/rollupdb.
//
//	go run ./bench/rollupbench -sizes 3670x12,100000x60 -runs 5
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
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
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		var z rollupdb.Size
		if _, err := fmt.Sscanf(strings.TrimSpace(s), "%dx%d", &z.Projects, &z.Months); err != nil {
			fail(fmt.Errorf("size %q: want PROJECTSxMONTHS", s))
		}
		if err := bench(z, *runs, *sqlite3); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "rollupbench:", err)
	os.Exit(1)
}

// bench times one size: a warm-up of each, then runs alternating.
func bench(z rollupdb.Size, runs int, sqlite3 string) error {
	ctx := context.Background()
	start := time.Now()
	path, err := rollupdb.Ensure(ctx, z)
	if err != nil {
		return err
	}
	if d := time.Since(start); d > time.Second {
		fmt.Printf("%s: built %s in %s\n", z, path, d.Round(time.Second))
	}
	s, err := models.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := newContest(ctx, z, s, path, sqlite3)
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
		fmt.Printf("%s run %d: go %s, sqlite3 %s\n", z, i, ms(g), ms(cl))
	}
	gm, cm := median(goT), median(cliT)
	fmt.Printf("%s (%s): go %s, sqlite3 %s (medians of %d): go/sqlite3 = %.2f\n",
		z, filepath.Base(path), ms(gm), ms(cm), runs, float64(gm)/float64(cm))
	return nil
}

// contest is the rollup of one database file, run both ways.
type contest struct {
	ctx         context.Context
	z           rollupdb.Size
	rep         *report.Reporter
	year, month int
	sqlite3     string // the command-line tool
	path        string // the database file
	script      string // the rollup's SQL for sqlite3
	sqlFile     string // where script is kept, for a failure's message
}

// newContest writes the rollup's SQL for the sqlite3 tool beside the
// database file.
func newContest(ctx context.Context, z rollupdb.Size, s *models.Store, path, sqlite3 string) (*contest, error) {
	c := &contest{ctx: ctx, z: z, rep: &report.Reporter{Store: s}, sqlite3: sqlite3, path: path}
	c.year, c.month = z.Period()
	stmts, err := c.rep.RollupSQL(c.year, c.month)
	if err != nil {
		return nil, err
	}
	// The same statements in the same read transaction as Rollup.
	c.script = ".timer on\n" + stmts[0] + ";\nBEGIN;\n" + strings.Join(stmts[1:], ";\n") + ";\nCOMMIT;\n"
	c.sqlFile = strings.TrimSuffix(path, ".db") + ".rollup.sql"
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

// cliRun times the script in the sqlite3 tool: the CLI's own "Run Time:
// real" of each statement, summed, the SQL alone, without starting the
// process and opening the file.
func (c *contest) cliRun() (time.Duration, error) {
	cmd := exec.Command(c.sqlite3, c.path) // #nosec G204 -- the sqlite3 found on PATH, on the benchmark's own file, no shell
	cmd.Stdin = strings.NewReader(c.script)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s %s < %s: %w: %s", c.sqlite3, c.path, c.sqlFile, err, out.String())
	}
	var total float64
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Run Time: real "); ok {
			f, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			if err != nil {
				return 0, err
			}
			total += f
		}
	}
	return time.Duration(total * float64(time.Second)), nil
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
