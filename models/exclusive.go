package models

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// Exclusive runs fn unless another process is running under the same
// name. On PostgreSQL, shared by any number of app servers, the name is a
// session advisory lock (pg_try_advisory_lock) held on one connection
// while fn runs: of several servers' janitors one does the work and the
// rest pass (ran false). On SQLite, one server's file, fn just runs.
func (s *Store) Exclusive(ctx context.Context, name string, fn func(context.Context) error) (ran bool, err error) {
	if s.dialect != Postgres {
		return true, fn(ctx)
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return false, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("models: exclusive %s: %w", name, err)
	}
	defer conn.Close()
	id := lockID("exclusive " + name)
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, id).Scan(&got); err != nil {
		return false, fmt.Errorf("models: exclusive %s: %w", name, err)
	}
	if !got {
		return false, nil
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, id); err != nil {
			// A connection that may still hold the lock must not go back
			// to the pool: closing it ends the session and the lock.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return true, fn(ctx)
}
