package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// txConnKey is the context key under which Store.Tx on PostgreSQL keeps
// the connection its transaction runs on: database/sql's *sql.Tx does not
// hand out its connection, and COPY needs pgx's own.
type txConnKey struct{}

// pgTx runs fn in a transaction begun on a connection taken from the pool
// for it, and makes that connection reachable from the transaction's
// context so insertRows can COPY on it: a COPY sent on the connection of
// an open transaction runs inside that transaction.
func (s *Store) pgTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	db := s.db.WithContext(context.WithValue(ctx, txConnKey{}, conn))
	db.Statement.ConnPool = conn // begin the transaction on this connection
	return db.Transaction(fn)
}

// copyConn is the connection of tx's transaction when pgTx began it, nil
// otherwise (SQLite, a write outside a transaction, or a handle whose
// context was replaced): those write with INSERTs.
func copyConn(tx *gorm.DB) *sql.Conn {
	if _, inTx := tx.Statement.ConnPool.(*sql.Tx); !inTx {
		return nil
	}
	c, _ := tx.Statement.Context.Value(txConnKey{}).(*sql.Conn)
	return c
}

// copyRows writes rows into table with one COPY on conn, inside the
// transaction open on it. COPY returns no ids, so when setID is given the
// ids are taken from the table's sequence first, in the same order as the
// INSERTs would have numbered the rows, and copied with the rows; setID
// gets them once the COPY succeeded.
func copyRows[T any](tx *gorm.DB, conn *sql.Conn, table, cols string, rows []T, args func([]any, T) []any, setID func(T, int64)) error {
	ctx := tx.Statement.Context
	names := strings.Split(cols, ",")
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	var ids []int64
	err := conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		if setID != nil {
			var err error
			if ids, err = reserveIDs(ctx, pc, table, len(rows)); err != nil {
				return err
			}
			names = append([]string{"id"}, names...)
		}
		src := &copySource[T]{rows: rows, ids: ids, args: args, i: -1}
		_, err := pc.CopyFrom(ctx, pgx.Identifier{table}, names, src)
		return err
	})
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return translate(tx, pe)
		}
		return err
	}
	if setID != nil {
		for i, r := range rows {
			setID(r, ids[i])
		}
	}
	return nil
}

// reserveIDs takes n ids from table's id sequence, ascending. Taken ids
// are never handed out again, so a concurrent writer cannot collide with
// them; an import rolled back leaves a gap, as a rolled-back INSERT does.
func reserveIDs(ctx context.Context, c *pgx.Conn, table string, n int) ([]int64, error) {
	rs, err := c.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rs, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("models: reserved %d ids of %s for %d rows", len(ids), table, n)
	}
	slices.Sort(ids)
	return ids, nil
}

// copySource hands pgx the rows one at a time, each with its id first
// when ids are given. pgx encodes a row's values before asking for the
// next, so one buffer serves every row.
type copySource[T any] struct {
	rows []T
	ids  []int64
	args func([]any, T) []any
	i    int
	buf  []any
}

func (s *copySource[T]) Next() bool {
	s.i++
	return s.i < len(s.rows)
}

func (s *copySource[T]) Values() ([]any, error) {
	s.buf = s.buf[:0]
	if s.ids != nil {
		s.buf = append(s.buf, s.ids[s.i])
	}
	s.buf = s.args(s.buf, s.rows[s.i])
	return s.buf, nil
}

func (s *copySource[T]) Err() error { return nil }

// PlanEachQuery makes PostgreSQL plan every query of tx's transaction for
// its own arguments (SQLite: nothing to do). A bulk import reads the rows
// it matches with the same prepared statements part after part while it
// grows the tables they read. After five runs PostgreSQL may switch to a
// generic plan costed on the statistics of the tables before the import.
// Without statistics, that plan looked up a part's 500 names by reading
// every plan entry of the year: 3.4 s a part at 50,000 entries, most of
// a 100,000-row import. A custom plan takes the (year, norm_name) index.
func PlanEachQuery(tx *gorm.DB) error {
	if Dialect(tx.Dialector.Name()) != Postgres {
		return nil
	}
	return tx.Exec(`SET LOCAL plan_cache_mode = force_custom_plan`).Error
}
