package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"portfolio/bench/rollupdb"
)

// cliTool is the database's own command-line tool: sqlite3 on a SQLite
// file, or psql on a PostgreSQL database of the server of admin.
type cliTool struct {
	name  string // sqlite3 | psql
	path  string // the executable
	admin string // psql: the DSN the databases are built through
}

// ensure builds the database of size z when it is not there and returns
// its file path or DSN.
func (t cliTool) ensure(ctx context.Context, z rollupdb.Size) (string, error) {
	if t.name == "psql" {
		return rollupdb.EnsurePostgres(ctx, t.admin, z)
	}
	return rollupdb.Ensure(ctx, z)
}

// label names the database in the summary line, without a password.
func (t cliTool) label(db string) string {
	if t.name == "psql" {
		return dbName(db)
	}
	return filepath.Base(db)
}

// dbName is the database name at the end of a DSN's path.
func dbName(dsn string) string {
	name := dsn[strings.LastIndex(dsn, "/")+1:]
	name, _, _ = strings.Cut(name, "?")
	return name
}

// script is the rollup's statements in the same read transaction as
// Reporter.Rollup runs them (Store.Snapshot: REPEATABLE READ, READ ONLY on
// PostgreSQL), with the tool's per-statement timer on. psql's results go
// to /dev/null; its timings still go to standard output.
func (t cliTool) script(stmts []string) string {
	if t.name == "psql" {
		return "\\set ON_ERROR_STOP on\n\\timing on\n\\o /dev/null\n" + stmts[0] +
			";\nBEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n" + strings.Join(stmts[1:], ";\n") + ";\nCOMMIT;\n"
	}
	return ".timer on\n" + stmts[0] + ";\nBEGIN;\n" + strings.Join(stmts[1:], ";\n") + ";\nCOMMIT;\n"
}

// sqlFile is where the script is written: beside the SQLite file, or in
// the temp directory for a PostgreSQL database.
func (t cliTool) sqlFile(db string, size rollupdb.Size) string {
	if t.name == "psql" {
		return filepath.Join(os.TempDir(), size.DatabaseName()+".rollup.sql")
	}
	return strings.TrimSuffix(db, ".db") + ".rollup.sql"
}

// total sums the tool's timer lines: sqlite3's "Run Time: real 0.123 …"
// (seconds), psql's "Time: 12.345 ms".
func (t cliTool) total(out io.Reader) (time.Duration, error) {
	prefix, unit := "Run Time: real ", float64(time.Second)
	if t.name == "psql" {
		prefix, unit = "Time: ", float64(time.Millisecond)
	}
	var total float64
	sc := bufio.NewScanner(out)
	n := 0
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), prefix); ok {
			f, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			if err != nil {
				return 0, err
			}
			total += f
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("%s printed no timings", t.name)
	}
	return time.Duration(total * unit), nil
}
