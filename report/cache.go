package report

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"portfolio/models"
)

// Fingerprint identifies a state of the data the rollups read. Every
// write path that changes projects, plan entries, reports, milestones or
// targets (imports and their reverts, report submission and review,
// milestone and plan edits, SetTarget) writes audit entries in the same
// transaction, so the newest audit entry changes with every such write,
// whichever process or app server made it.
//
// On SQLite the one writer commits audit ids in order and AUTOINCREMENT
// never reuses one, so the newest id alone is exact. On PostgreSQL ids are
// drawn from a sequence before commit and two writers may commit out of
// order: a transaction holding id 100 can commit after one holding 101.
// Recent counts the committed entries among the newest fingerprintWindow
// ids, so such a late commit changes the fingerprint too.
type Fingerprint struct {
	MaxAuditID int64
	Recent     int64
}

// fingerprintWindow is how far below the newest audit id a late commit
// on PostgreSQL is still noticed. Writers insert their audit entries last,
// just before COMMIT, so a late commit further back would need that many
// entries written and committed by others between one writer's last
// insert and its commit.
const fingerprintWindow = 4096

// ReadFingerprint reads the current fingerprint: one query on the audit
// table's primary key.
func ReadFingerprint(ctx context.Context, s *models.Store) (Fingerprint, error) {
	var f Fingerprint
	db := s.Read().WithContext(ctx)
	if s.Dialect() == models.Postgres {
		err := db.Raw(`SELECT m.max_id AS max_audit_id,
  (SELECT COUNT(*) FROM audit_entries WHERE id > m.max_id - ?) AS recent
FROM (SELECT COALESCE(MAX(id), 0) AS max_id FROM audit_entries) m`, fingerprintWindow).Scan(&f).Error
		if err != nil {
			return f, fmt.Errorf("report: fingerprint: %w", err)
		}
		return f, nil
	}
	if err := db.Raw(`SELECT COALESCE(MAX(id), 0) FROM audit_entries`).Scan(&f.MaxAuditID).Error; err != nil {
		return f, fmt.Errorf("report: fingerprint: %w", err)
	}
	return f, nil
}

// Cache keeps computed rollups (with their JSON), the dashboard's
// lagging-projects list and the default period, each valid for the
// Fingerprint it was computed at. A caller reads the fingerprint once per
// request and asks with it; an entry computed at another fingerprint is
// computed again, so any write, by this process or another, is seen by
// the next request. Concurrent misses of one key compute once and share
// the result. At most Size entries are kept, the least recently used
// going first. Safe for concurrent use; the zero value is not usable, make
// one with NewCache.
type Cache struct {
	rep  *Reporter
	size int

	mu      sync.Mutex
	tick    uint64
	entries map[cacheKey]*cacheEntry
}

type cacheKey struct {
	what        string // "rollup", "lagging", "period" or "value:" + a name
	year, month int
}

type cacheEntry struct {
	fp   Fingerprint
	done chan struct{} // closed when val and err are set
	val  any
	err  error
	used uint64
}

// NewCache makes a cache over a reporter holding at most size entries
// (size < 1 means 64).
func NewCache(rep *Reporter, size int) *Cache {
	if size < 1 {
		size = 64
	}
	return &Cache{rep: rep, size: size, entries: map[cacheKey]*cacheEntry{}}
}

// Fingerprint reads the current fingerprint of the cache's store.
func (c *Cache) Fingerprint(ctx context.Context) (Fingerprint, error) {
	return ReadFingerprint(ctx, c.rep.Store)
}

// CachedRollup is a rollup and its JSON encoding, shared by every caller
// that gets it: neither may be modified.
type CachedRollup struct {
	Rollup *Rollup
	JSON   []byte
}

// Period is DefaultPeriod at fingerprint fp.
func (c *Cache) Period(ctx context.Context, fp Fingerprint, year, month int) (int, int, error) {
	if year != 0 && month != 0 {
		return year, month, nil
	}
	v, err := c.get(ctx, cacheKey{"period", year, month}, fp, func(ctx context.Context) (any, error) {
		y, m, err := c.rep.DefaultPeriod(ctx, year, month)
		return [2]int{y, m}, err
	})
	if err != nil {
		return 0, 0, err
	}
	p := v.([2]int)
	return p[0], p[1], nil
}

// Rollup is Reporter.Rollup at fingerprint fp, with its JSON.
func (c *Cache) Rollup(ctx context.Context, fp Fingerprint, year, month int) (*CachedRollup, error) {
	v, err := c.get(ctx, cacheKey{"rollup", year, month}, fp, func(ctx context.Context) (any, error) {
		r, err := c.rep.Rollup(ctx, year, month)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		return &CachedRollup{Rollup: r, JSON: b}, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*CachedRollup), nil
}

// LaggingCount is how many projects the dashboard's lagging list shows.
const LaggingCount = 20

// Lagging is the dashboard's list of the LaggingCount projects furthest
// behind (listed, with a plan, not green; lowest completion rate first)
// at fingerprint fp. The page is shared: do not modify it.
func (c *Cache) Lagging(ctx context.Context, fp Fingerprint, year, month int) (*ProjectPage, error) {
	v, err := c.get(ctx, cacheKey{"lagging", year, month}, fp, func(ctx context.Context) (any, error) {
		return c.rep.Projects(ctx, ProjectFilter{Year: year, Month: month, Lagging: true, Sort: "rate", PerPage: LaggingCount})
	})
	if err != nil {
		return nil, err
	}
	return v.(*ProjectPage), nil
}

// Value is a value derived from the figures of year and month at
// fingerprint fp, such as a rendered page, computed once by compute and
// kept like the rest under its name. The value is shared: do not modify it.
func (c *Cache) Value(ctx context.Context, fp Fingerprint, name string, year, month int, compute func(context.Context) (any, error)) (any, error) {
	return c.get(ctx, cacheKey{"value:" + name, year, month}, fp, compute)
}

// get returns the value of key computed at fp, computing it once for all
// concurrent callers. An entry of another fingerprint, older or newer (a
// request that read the fingerprint just before a write), is replaced:
// only equality is trusted. The
// computation does not stop when the caller that started it goes away:
// others may be waiting for it.
func (c *Cache) get(ctx context.Context, key cacheKey, fp Fingerprint, compute func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	c.tick++
	e := c.entries[key]
	if e != nil && e.fp == fp {
		e.used = c.tick
		c.mu.Unlock()
		select {
		case <-e.done:
			return e.val, e.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	e = &cacheEntry{fp: fp, done: make(chan struct{}), used: c.tick}
	c.entries[key] = e
	c.evict()
	c.mu.Unlock()

	e.val, e.err = compute(context.WithoutCancel(ctx))
	close(e.done)
	if e.err != nil {
		// Errors are not kept: the next caller tries again.
		c.mu.Lock()
		if c.entries[key] == e {
			delete(c.entries, key)
		}
		c.mu.Unlock()
	}
	return e.val, e.err
}

// evict drops the least recently used finished entries beyond the size;
// c.mu is held.
func (c *Cache) evict() {
	for len(c.entries) > c.size {
		var oldest cacheKey
		var found bool
		var at uint64
		for k, e := range c.entries {
			select {
			case <-e.done:
			default:
				continue // being computed: waiters hold it
			}
			if !found || e.used < at {
				oldest, at, found = k, e.used, true
			}
		}
		if !found {
			return
		}
		delete(c.entries, oldest)
	}
}
