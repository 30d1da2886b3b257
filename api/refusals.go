package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

// refusals coalesces the audit rows of repeated refusals: one key (who,
// from where, why, which route) writes at most one row a window; the
// next row says how many were refused in between. 3,000 refused requests
// in two seconds are a few rows, not 3,000. It lives in the server and is
// bounded: expired keys are forgotten as it goes.
type refusals struct {
	mu      sync.Mutex
	window  time.Duration
	maxKeys int
	seen    map[string]*refusalWindow
}

type refusalWindow struct {
	start      time.Time
	suppressed int // refusals since the row that opened the window
}

func newRefusals(window time.Duration, maxKeys int) *refusals {
	return &refusals{window: window, maxKeys: maxKeys, seen: map[string]*refusalWindow{}}
}

// admit tells whether a refusal of key gets its audit row; when it does,
// earlier is how many refusals of the key went unwritten before it.
func (r *refusals) admit(key string, now time.Time) (write bool, earlier int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if w, ok := r.seen[key]; ok && now.Sub(w.start) < r.window {
		w.suppressed++
		return false, 0
	} else if ok {
		earlier = w.suppressed
	}
	if len(r.seen) >= r.maxKeys {
		for k, w := range r.seen {
			if now.Sub(w.start) >= r.window {
				delete(r.seen, k)
			}
		}
	}
	if len(r.seen) >= r.maxKeys {
		// Still full inside one window: a flood of distinct keys. Every
		// one of them past the bound shares one key, so the rows stay few.
		key = "overflow"
		if w, ok := r.seen[key]; ok && now.Sub(w.start) < r.window {
			w.suppressed++
			return false, 0
		}
	}
	r.seen[key] = &refusalWindow{start: now}
	return true, earlier
}

// refuse answers 403 and records the attempt (coalesced, see refusals).
func (s *server) refuse(c *gin.Context, u *models.User, why string) {
	s.refuseWith(c, u, why, http.StatusForbidden, "forbidden", "没有权限进行这个操作")
}

// refuseWith records a refusal and answers it with the status and message
// given (404 where even the existence of the thing is not the user's).
func (s *server) refuseWith(c *gin.Context, u *models.User, why string, status int, code, message string) {
	addr := c.ClientIP()
	s.cfg.Log.Warn("refused", "user", u.Username, "role", u.Role, "method", c.Request.Method, "path", c.Request.URL.Path, "why", why, "addr", addr)
	now := time.Now().UTC()
	key := strconv.FormatInt(u.ID, 10) + "|" + addr + "|" + why + "|" + c.Request.Method + " " + c.FullPath()
	if write, earlier := s.refused.admit(key, now); write {
		after := map[string]string{"method": c.Request.Method, "path": c.Request.URL.Path, "why": why}
		if earlier > 0 {
			after["repeated"] = strconv.Itoa(earlier)
		}
		s.audit(c, models.AuditEntry{At: now, Actor: u.Username, Source: source(c), RemoteAddr: addr, Action: "refused", Entity: "route",
			AfterJSON: models.AuditJSON(after)})
	}
	s.fail(c, status, code, message, nil)
}
