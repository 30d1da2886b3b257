package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// insertPart is how many rows one INSERT writes: 26 values a row (a plan
// entry) stays far under SQLite's 32,766 parameters, and the statement
// SQLite compiles and keeps prepared stays small.
const insertPart = 200

// insertRows writes rows into table, insertPart rows a statement, with
// plain SQL sent straight to the transaction's connection: no reflection
// and no placeholder rewriting per value, which cost more than SQLite's
// own work on a big import. args appends a row's values in the order of
// cols. When setID is given the statement returns the new ids, which are
// handed to setID in the order of the rows. Inside a PostgreSQL
// transaction begun by Store.Tx the rows go in one COPY instead (copyRows).
func insertRows[T any](tx *gorm.DB, table, cols string, rows []T, args func([]any, T) []any, setID func(T, int64)) error {
	if len(rows) == 0 {
		return nil
	}
	if conn := copyConn(tx); conn != nil {
		return copyRows(tx, conn, table, cols, rows, args, setID)
	}
	n := strings.Count(cols, ",") + 1
	numbered := Dialect(tx.Dialector.Name()) == Postgres // $1, $2 … instead of ?
	full := ""                                           // the statement for a whole part, built once
	if len(rows) >= insertPart {
		full = insertSQL(table, cols, n, insertPart, numbered, setID != nil)
	}
	vals := make([]any, 0, n*min(len(rows), insertPart))
	for len(rows) > 0 {
		k := min(insertPart, len(rows))
		sql := full
		if k < insertPart {
			sql = insertSQL(table, cols, n, k, numbered, setID != nil)
		}
		vals = vals[:0]
		for _, r := range rows[:k] {
			vals = args(vals, r)
		}
		var err error
		if setID == nil {
			_, err = tx.Statement.ConnPool.ExecContext(tx.Statement.Context, sql, vals...)
		} else {
			err = returnIDs(tx, sql, vals, rows[:k], setID)
		}
		if err != nil {
			return translate(tx, err)
		}
		rows = rows[k:]
	}
	return nil
}

// insertSQL is an INSERT of k rows of n values, with RETURNING id when
// the ids are wanted.
func insertSQL(table, cols string, n, k int, numbered, returning bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, cols)
	for i := range k {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range n {
			if j > 0 {
				b.WriteByte(',')
			}
			if numbered {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(i*n + j + 1))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	if returning {
		b.WriteString(" RETURNING id")
	}
	return b.String()
}

// translate lets callers test the error as GORM's (errors.Is with
// gorm.ErrDuplicatedKey …), since these statements bypass GORM, and keeps
// the driver's text, which names the table and the constraint.
func translate(tx *gorm.DB, err error) error {
	if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok && tx.Config.TranslateError {
		if tr := t.Translate(err); tr != err {
			if strings.Contains(tr.Error(), err.Error()) { // PostgreSQL's keeps it already
				return tr
			}
			return fmt.Errorf("%w: %v", tr, err)
		}
	}
	return err
}

// returnIDs runs an INSERT … RETURNING id and hands each row its id.
// The ids are handed out in ascending order: both databases number the
// rows of one INSERT in the order of its VALUES, while the order in
// which RETURNING lists them is not promised.
func returnIDs[T any](tx *gorm.DB, sql string, vals []any, rows []T, setID func(T, int64)) error {
	rs, err := tx.Statement.ConnPool.QueryContext(tx.Statement.Context, sql, vals...)
	if err != nil {
		return err
	}
	defer rs.Close()
	ids := make([]int64, 0, len(rows))
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if err := rs.Err(); err != nil {
		return err
	}
	if len(ids) != len(rows) {
		return fmt.Errorf("models: insert of %d rows returned %d ids", len(rows), len(ids))
	}
	slices.Sort(ids)
	for i, r := range rows {
		setID(r, ids[i])
	}
	return nil
}

// InsertProjects adds projects, setting their ids.
func InsertProjects(tx *gorm.DB, ps []*Project) error {
	return insertRows(tx, "projects", "code, name, norm_name, created_at, updated_at", ps,
		func(a []any, p *Project) []any {
			return append(a, p.Code, p.Name, p.NormName, p.CreatedAt, p.UpdatedAt)
		},
		func(p *Project, id int64) { p.ID = id })
}

// InsertPlanEntries adds plan entries, setting their ids.
func InsertPlanEntries(tx *gorm.DB, es []*PlanEntry) error {
	return insertRows(tx, "plan_entries", "project_id, year, seq, name, norm_name, owner, responsible, content, sector, subsector, "+
		"city, county, start_year, end_year, stage, total_investment_yuan, completed_before_yuan, annual_plan_yuan, "+
		"flagship, tags, note, version, batch_id, created_at, updated_at", es,
		func(a []any, e *PlanEntry) []any {
			return append(a, e.ProjectID, e.Year, e.Seq, e.Name, e.NormName, e.Owner, e.Responsible, e.Content, e.Sector, e.Subsector,
				e.City, e.County, e.StartYear, e.EndYear, e.Stage, e.TotalInvestmentYuan, e.CompletedBeforeYuan, e.AnnualPlanYuan,
				e.Flagship, e.Tags, e.Note, e.Version, e.BatchID, e.CreatedAt, e.UpdatedAt)
		},
		func(e *PlanEntry, id int64) { e.ID = id })
}

// InsertMonthlyReports adds monthly reports, setting their ids.
func InsertMonthlyReports(tx *gorm.DB, rs []*MonthlyReport) error {
	return insertRows(tx, "monthly_reports", "project_id, year, month, completed_yuan, progress, problems, status, version, batch_id, created_at, updated_at", rs,
		func(a []any, r *MonthlyReport) []any {
			return append(a, r.ProjectID, r.Year, r.Month, r.CompletedYuan, r.Progress, r.Problems, r.Status, r.Version, r.BatchID, r.CreatedAt, r.UpdatedAt)
		},
		func(r *MonthlyReport, id int64) { r.ID = id })
}
