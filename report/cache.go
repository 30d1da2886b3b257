package report

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"portfolio/models"
)

// Fingerprint identifies a state of the data the rollups read: the
// store's data version, which every write of projects, plan entries,
// reports, milestones or targets moves in its own transaction (imports and
// their reverts, report submission and review, milestone and plan edits,
// SetTarget: models.WriteAudit bumps it with their audit entries), and
// which sign-ins, refusals and user administration leave alone, so anyone
// sending wrong passwords cannot flush the caches. It is read from the
// database, so a write by another process or app server is seen too.
type Fingerprint struct {
	DataVersion int64
}

// ReadFingerprint reads the current fingerprint: one row by primary key.
func ReadFingerprint(ctx context.Context, s *models.Store) (Fingerprint, error) {
	v, err := s.DataVersion(ctx)
	if err != nil {
		return Fingerprint{}, fmt.Errorf("report: fingerprint: %w", err)
	}
	return Fingerprint{DataVersion: v}, nil
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
	what        string // "rollup:" or "lagging:" + a city, "period" or "value:" + a name
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
	return c.RollupFor(ctx, fp, year, month, "")
}

// RollupFor is Reporter.RollupFor (one city's, or the province's when
// city is "") at fingerprint fp, with its JSON.
func (c *Cache) RollupFor(ctx context.Context, fp Fingerprint, year, month int, city string) (*CachedRollup, error) {
	v, err := c.get(ctx, cacheKey{"rollup:" + city, year, month}, fp, func(ctx context.Context) (any, error) {
		r, err := c.rep.RollupFor(ctx, year, month, city)
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
// behind (listed, with a plan, not green; lowest completion rate first;
// of one city when city is not "") at fingerprint fp. The page is shared:
// do not modify it.
func (c *Cache) Lagging(ctx context.Context, fp Fingerprint, year, month int, city string) (*ProjectPage, error) {
	v, err := c.get(ctx, cacheKey{"lagging:" + city, year, month}, fp, func(ctx context.Context) (any, error) {
		return c.rep.Projects(ctx, ProjectFilter{Year: year, Month: month, City: city, Lagging: true, Sort: "rate", PerPage: LaggingCount})
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
