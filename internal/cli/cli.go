// Package cli is the portfolio command: it parses the command line, wires
// the parts together and runs a subcommand; the work is done in models,
// importer, report and api.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"portfolio/models"
)

// Exit codes (a contract: scripts depend on them).
const (
	exitOK       = 0
	exitRejected = 1 // data rejected, nothing written
	exitUsage    = 2
	exitFailure  = 3
)

const usage = `portfolio: track a province's major investment projects

usage:
  portfolio serve   [--db DSN] [--addr :8080] [--demo] [--max-upload-mb 50] [--trusted-proxies IP,CIDR…]
  portfolio import  [--db DSN] [--kind plan|monthly] [--year Y] [--month M] [--dry-run] [--skip-invalid] [--json] FILE...
  portfolio rollup  [--db DSN] [--year Y] [--month M] [--json]
  portfolio export  [--db DSN] [--format xlsx|csv|oc4ids] [--year Y] [--month M] [--out FILE] [--sector S] [--city C] [--stage S] [--light L] [--tag T] [--q TEXT] [--lagging] [--overrun] [--delayed]
  portfolio demo    --out FILE.xlsx [--projects 3670] [--seed N]
  portfolio template [--db DSN] --kind plan|monthly [--year Y] [--month M] [--city C] [--out FILE]
  portfolio problems list [--status S] [--level L] [--category C] [--city C] [--overdue] [--json]
  portfolio problems export [same filters] --out FILE.xlsx
  portfolio user    add|passwd|list|disable …   (portfolio user for details)
  portfolio target  set|list|clear --year Y [--amount-yuan N] [--sector S | --city C]
  portfolio backup  [--db DSN] --out FILE
  portfolio migrate [--db DSN]

--db defaults to $PORTFOLIO_DB, else portfolio.db (SQLite); a postgres:// URL selects PostgreSQL.
exit codes: 0 done, 1 data rejected (nothing written), 2 usage, 3 other failure.
`

// env is what every subcommand gets: where to write and when to stop.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
}

// usageError marks a command-line mistake (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError carries a specific exit code with its message.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }

// Run runs the command line args (args[0] the program's name), writing
// to stdout and stderr, and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{ctx: ctx, stdout: stdout, stderr: stderr}
	cmds := map[string]func(env, []string) error{
		"serve":    cmdServe,
		"import":   cmdImport,
		"rollup":   cmdRollup,
		"export":   cmdExport,
		"demo":     cmdDemo,
		"backup":   cmdBackup,
		"migrate":  cmdMigrate,
		"user":     cmdUser,
		"template": cmdTemplate,
		"target":   cmdTarget,
		"problems": cmdProblems,
	}
	name := args[1]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "portfolio: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	err := cmd(e, args[2:])
	var ue usageError
	var xe exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "portfolio %s: %s\n", name, ue.msg)
		return exitUsage
	case errors.As(err, &xe):
		if xe.err.Error() != "" {
			fmt.Fprintf(stderr, "portfolio %s: %v\n", name, xe.err)
		}
		return xe.code
	default:
		fmt.Fprintf(stderr, "portfolio %s: %v\n", name, err)
		return exitFailure
	}
}

// newFlags makes a flag set that reports mistakes as usage errors.
func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses args, turning flag mistakes into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// dbFlag registers --db with its default from $PORTFOLIO_DB.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("PORTFOLIO_DB")
	if def == "" {
		def = "portfolio.db"
	}
	return fs.String("db", def, "database: a SQLite file path or a postgres:// URL")
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, dsn string) (*models.Store, error) {
	s, err := models.Open(dsn)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}
