package report

import (
	"fmt"
	"strconv"
	"strings"
)

// RollupSQL renders the statements Rollup runs for a year and month, with
// their parameters written in as literals, in the order it runs them: the
// year's targets, then (inside one read transaction) the cube, the
// month-by-month curve and last year's curve. It is for benchmarks and
// debugging: bench/rollup.sh feeds the result to the sqlite3 command-line
// tool to time the same SQL without Go. Never execute it with user input;
// the application always binds parameters.
func (r *Reporter) RollupSQL(year, month int) ([]string, error) {
	if month < 1 || month > 12 {
		return nil, fmt.Errorf("report: month %d is not 1..12", month)
	}
	type stmt struct {
		q    string
		args []any
	}
	cq, cargs := r.cubeQuery(year, month, "")
	mq, margs := byMonthQuery(year, month, "")
	lq, largs := byMonthQuery(year-1, 12, "")
	var out []string
	for _, s := range []stmt{
		{`SELECT * FROM annual_targets WHERE year = ? ORDER BY scope, scope_key`, []any{year}},
		{cq, cargs}, {mq, margs}, {lq, largs},
	} {
		q, err := inlineArgs(s.q, s.args)
		if err != nil {
			return nil, err
		}
		out = append(out, strings.TrimSpace(q))
	}
	return out, nil
}

// inlineArgs replaces each ? placeholder outside quoted literals with its
// argument as an SQL literal (integers, and strings in single quotes).
func inlineArgs(q string, args []any) (string, error) {
	var b strings.Builder
	n := 0
	quote := byte(0)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			if n >= len(args) {
				return "", fmt.Errorf("report: more placeholders than %d arguments", len(args))
			}
			lit, err := literal(args[n])
			if err != nil {
				return "", err
			}
			b.WriteString(lit)
			n++
			continue
		}
		b.WriteByte(c)
	}
	if n != len(args) {
		return "", fmt.Errorf("report: %d placeholders for %d arguments", n, len(args))
	}
	return b.String(), nil
}

func literal(v any) (string, error) {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'", nil
	}
	return "", fmt.Errorf("report: no SQL literal for %T", v)
}
