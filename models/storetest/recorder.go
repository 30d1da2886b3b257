package storetest

import (
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"portfolio/models"
)

// Statement is one SQL statement a store sent, with its arguments.
type Statement struct {
	SQL  string
	Vars []any
}

// Text is the statement's SQL on one line.
func (s Statement) Text() string { return strings.Join(strings.Fields(s.SQL), " ") }

// Recorder records the SQL statements a store sends while it is on. It
// hooks every GORM processor that sends a statement, on the write and
// the read handles: Query (First, Take, Find, Pluck, Count), Row
// (Raw(…).Scan, Row, Rows), Raw (Exec), Create, Update and Delete. The
// multi-row INSERTs of the models package's bulk writes (imported rows,
// audit entries) go straight to the connection and are not recorded. A
// server runs handlers on its own goroutines, so it is locked.
type Recorder struct {
	mu   sync.Mutex
	on   bool
	list []Statement
}

// Record hooks a recorder on s (one handle on PostgreSQL, two on SQLite).
func Record(t testing.TB, s *models.Store) *Recorder {
	t.Helper()
	r := &Recorder{}
	dbs := []*gorm.DB{s.DB()}
	if s.Read() != s.DB() {
		dbs = append(dbs, s.Read())
	}
	for _, db := range dbs {
		cb := db.Callback()
		for name, reg := range map[string]func(string, func(*gorm.DB)) error{
			"query":  func(n string, fn func(*gorm.DB)) error { return cb.Query().After("gorm:query").Register(n, fn) },
			"row":    func(n string, fn func(*gorm.DB)) error { return cb.Row().After("gorm:row").Register(n, fn) },
			"raw":    func(n string, fn func(*gorm.DB)) error { return cb.Raw().After("gorm:raw").Register(n, fn) },
			"create": func(n string, fn func(*gorm.DB)) error { return cb.Create().After("gorm:create").Register(n, fn) },
			"update": func(n string, fn func(*gorm.DB)) error { return cb.Update().After("gorm:update").Register(n, fn) },
			"delete": func(n string, fn func(*gorm.DB)) error { return cb.Delete().After("gorm:delete").Register(n, fn) },
		} {
			if err := reg("storetest:record_"+name, r.record); err != nil {
				t.Fatal(err)
			}
		}
	}
	return r
}

func (r *Recorder) record(db *gorm.DB) {
	if db.Statement.SQL.Len() == 0 { // nothing was sent (an error before the statement)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.list = append(r.list, Statement{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
	}
}

// During returns the statements sent while fn runs.
func (r *Recorder) During(fn func()) []Statement {
	r.mu.Lock()
	r.on, r.list = true, nil
	r.mu.Unlock()
	fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.list
}
