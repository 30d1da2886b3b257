// Package models is the store: the tables, the versioned migrations that
// create them, and the queries the rest of the program runs. It opens
// SQLite (the embedded default) or PostgreSQL with the same code.
package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Sentinel errors the callers map to messages and HTTP statuses.
var (
	ErrNotFound = errors.New("models: not found")
	ErrConflict = errors.New("models: conflict")
)

// ExistsError says a row with the name given exists already (a user of
// that username, say); it is an ErrConflict.
type ExistsError struct {
	Field string // the input that named it: "username"
	What  string // what it is, in the users' language: "用户名"
	Name  string
}

func (e *ExistsError) Error() string { return fmt.Sprintf("models: %s %q exists", e.Field, e.Name) }

// Unwrap makes it an ErrConflict.
func (e *ExistsError) Unwrap() error { return ErrConflict }

// Store holds the database handles. On SQLite writes go through one
// connection (SQLite has one writer; a pool of writers only queues on the
// file lock and risks SQLITE_BUSY) and reads through a separate pool, so
// readers never wait behind the writer under WAL. On PostgreSQL both are
// the same pool.
type Store struct {
	db      *gorm.DB
	read    *gorm.DB
	dialect Dialect
	dsn     string
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// selects PostgreSQL, anything else is a SQLite file path. It does not
// migrate; call Migrate.
func Open(dsn string) (*Store, error) {
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		TranslateError:         true,
		SkipDefaultTransaction: true, // our writes are already in explicit transactions
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err := gorm.Open(postgres.Open(withPgDefaults(dsn)), cfg)
		if err != nil {
			return nil, fmt.Errorf("models: open postgres: %w", err)
		}
		sqlDB, err := db.DB()
		if err != nil {
			return nil, err
		}
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20) // the default keeps 2: busy servers would reconnect all the time
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		if err := sqlDB.Ping(); err != nil {
			return nil, fmt.Errorf("models: connect postgres: %w", err)
		}
		return &Store{db: db, read: db, dialect: Postgres, dsn: dsn}, nil
	}
	return openSQLite(dsn, cfg)
}

// sqliteDSN puts the settings into the DSN so every pooled connection gets
// them (a PRAGMA run once would reach only one connection):
//   - WAL lets readers run beside the writer; synchronous=NORMAL is safe
//     under WAL (a power cut may lose the last commit, never corrupts);
//   - busy_timeout waits for the lock instead of failing at once;
//   - foreign_keys is off by default in SQLite;
//   - _txlock=immediate takes the write lock at BEGIN, so a transaction
//     that reads and then writes cannot fail with SQLITE_BUSY_SNAPSHOT;
//   - _stmt_cache_size keeps each connection's recently used statements
//     prepared: the per-request queries (session, user, the rollup
//     cache's fingerprint) skip SQLite's parse and plan, which cost more
//     than running them.
//
// Never cache=shared: it serialises everything and brings table locks.
func sqliteDSN(path string, write bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_stmt_cache_size", "64")
	if write {
		q.Set("_txlock", "immediate")
	} else {
		q.Set("_txlock", "deferred")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(path string, cfg *gorm.Config) (*Store, error) {
	if path == "" {
		return nil, errors.New("models: empty database path")
	}
	path = strings.TrimPrefix(path, "sqlite://")
	w, err := gorm.Open(sqlite.Open(sqliteDSN(path, true)), cfg)
	if err != nil {
		return nil, fmt.Errorf("models: open sqlite %s: %w", path, err)
	}
	wdb, err := w.DB()
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	if err := wdb.Ping(); err != nil {
		return nil, fmt.Errorf("models: open sqlite %s: %w", path, err)
	}
	r, err := gorm.Open(sqlite.Open(sqliteDSN(path, false)), cfg)
	if err != nil {
		_ = wdb.Close()
		return nil, fmt.Errorf("models: open sqlite %s: %w", path, err)
	}
	rdb, err := r.DB()
	if err != nil {
		_ = wdb.Close()
		return nil, err
	}
	// As many idle as open: with database/sql's default of 2 idle, a busy
	// server closed and reopened read connections (and lost their
	// prepared statements) on almost every query.
	rdb.SetMaxOpenConns(8)
	rdb.SetMaxIdleConns(8)
	return &Store{db: w, read: r, dialect: SQLite, dsn: path}, nil
}

// Dialect tells which database the store runs on.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB is the handle for writes (and reads that must see them).
func (s *Store) DB() *gorm.DB { return s.db }

// Read is the handle for reads that need no write lock.
func (s *Store) Read() *gorm.DB { return s.read }

// Tx runs fn in one write transaction: all of it or none of it. On
// PostgreSQL the transaction runs on a connection of its own, on which
// the bulk writes COPY (see pgTx).
func (s *Store) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.dialect == Postgres {
		return s.pgTx(ctx, fn)
	}
	return s.db.WithContext(ctx).Transaction(fn)
}

// Snapshot runs fn in a read-only transaction that sees one state of the
// database throughout, for reports built from several queries (an export
// that sums groups first and streams the rows after). SQLite's deferred
// transaction on the read pool keeps the snapshot of its first read;
// PostgreSQL needs REPEATABLE READ for the same.
func (s *Store) Snapshot(ctx context.Context, fn func(tx *gorm.DB) error) error {
	var opts *sql.TxOptions
	if s.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return s.read.WithContext(ctx).Transaction(fn, opts)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes both pools.
func (s *Store) Close() error {
	var errs []error
	for _, g := range []*gorm.DB{s.read, s.db} {
		sqlDB, err := g.DB()
		if err == nil {
			errs = append(errs, sqlDB.Close())
		}
		if s.read == s.db {
			break
		}
	}
	return errors.Join(errs...)
}
