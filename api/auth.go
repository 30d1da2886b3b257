package api

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

const userKey = "user"

// cookieName: the __Host- prefix (the browser then insists on Secure,
// Path=/ and no Domain) when served over TLS.
func cookieName(secure bool) string {
	if secure {
		return "__Host-portfolio"
	}
	return "portfolio_session"
}

// currentUser is the signed-in user, or nil.
func currentUser(c *gin.Context) *models.User {
	if v, ok := c.Get(userKey); ok {
		return v.(*models.User)
	}
	return nil
}

// authenticate loads the user of the session cookie, or of a personal
// access token sent as "Authorization: Bearer …" (API clients).
func (s *server) authenticate(c *gin.Context) {
	if h := c.GetHeader("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			s.fail(c, http.StatusUnauthorized, "unauthorized", "Authorization 应为 Bearer 令牌", nil)
			return
		}
		u, err := s.cfg.Store.TokenUser(c.Request.Context(), strings.TrimSpace(token), time.Now().UTC())
		if errors.Is(err, models.ErrNoSession) {
			s.fail(c, http.StatusUnauthorized, "unauthorized", "令牌无效或已撤销", nil)
			return
		}
		if err != nil {
			s.internal(c, err)
			return
		}
		c.Set(userKey, u)
		c.Next()
		return
	}
	secure := s.secure(c)
	if ck, err := c.Cookie(cookieName(secure)); err == nil {
		u, err := s.cfg.Store.SessionUser(c.Request.Context(), ck, s.cfg.Sessions, time.Now().UTC())
		if err == nil {
			c.Set(userKey, u)
		} else if !errors.Is(err, models.ErrNoSession) {
			s.internal(c, err)
			return
		}
	}
	c.Next()
}

// allow lets a request through when its user has one of the roles. No
// user: 401 for the API, the sign-in page otherwise. Wrong role: 403,
// logged and audited.
func (s *server) allow(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil {
			if wantsJSON(c) {
				s.fail(c, http.StatusUnauthorized, "unauthorized", "请先登录", nil)
				return
			}
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		for _, r := range roles {
			if u.Role == r {
				c.Next()
				return
			}
		}
		s.refuse(c, u, "role")
	}
}

// refuse answers 403 and records the attempt.
func (s *server) refuse(c *gin.Context, u *models.User, why string) {
	s.cfg.Log.Warn("refused", "user", u.Username, "role", u.Role, "method", c.Request.Method, "path", c.Request.URL.Path, "why", why, "addr", c.ClientIP())
	_ = models.WriteAudit(s.cfg.Store.DB().WithContext(c.Request.Context()), []models.AuditEntry{{At: time.Now().UTC(),
		Actor: u.Username, Source: source(c), RemoteAddr: c.ClientIP(), Action: "refused", Entity: "route",
		AfterJSON: models.AuditJSON(map[string]string{"method": c.Request.Method, "path": c.Request.URL.Path, "why": why})}})
	s.fail(c, http.StatusForbidden, "forbidden", "没有权限进行这个操作", nil)
}

// limiter counts failed sign-ins per account and per address in a
// sliding window. It lives in the server (one per process): several app
// servers each count their own.
type limiter struct {
	mu       sync.Mutex
	window   time.Duration
	failures map[string][]time.Time
}

func newLimiter(window time.Duration) *limiter {
	return &limiter{window: window, failures: map[string][]time.Time{}}
}

func (l *limiter) recent(key string, now time.Time) int {
	var keep []time.Time
	for _, t := range l.failures[key] {
		if now.Sub(t) < l.window {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = keep
	}
	return len(keep)
}

// blocked tells whether any of the keys has reached max failures.
func (l *limiter) blocked(now time.Time, max int, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if l.recent(k, now) >= max {
			return true
		}
	}
	return false
}

func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.failures[k] = append(l.failures[k], now)
	}
}

// Sign-in limits: 5 failures for one account, or 20 from one address,
// within 15 minutes lock further attempts until the window passes.
const (
	maxAccountFailures = 5
	maxAddressFailures = 20
)

func (s *server) loginPage(c *gin.Context) {
	s.render(c, http.StatusOK, "login.html", map[string]any{"Title": "登录", "Next": safeNext(c.Query("next"))})
}

// safeNext keeps a redirect after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

func (s *server) login(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("username"))
	password := c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	now := time.Now()
	keys := []string{"user:" + name, "addr:" + c.ClientIP()}
	again := func(status int, msg string) {
		s.render(c, status, "login.html", map[string]any{"Title": "登录", "Next": next, "Username": name, "Error": msg})
	}
	if s.logins.blocked(now, maxAccountFailures, keys[0]) || s.logins.blocked(now, maxAddressFailures, keys[1]) {
		s.cfg.Log.Warn("sign-in locked", "user", name, "addr", c.ClientIP())
		again(http.StatusTooManyRequests, "登录失败次数过多，请 15 分钟后再试")
		return
	}
	u, err := s.cfg.Store.Authenticate(c.Request.Context(), name, password)
	if errors.Is(err, models.ErrBadPassword) {
		s.logins.fail(now, keys...)
		s.cfg.Log.Warn("sign-in failed", "user", name, "addr", c.ClientIP())
		_ = models.WriteAudit(s.cfg.Store.DB().WithContext(c.Request.Context()), []models.AuditEntry{{At: now.UTC(), Actor: name,
			Source: models.SourceWeb, RemoteAddr: c.ClientIP(), Action: "login_failed", Entity: "users"}})
		again(http.StatusUnauthorized, "用户名或密码错误")
		return
	}
	if err != nil {
		s.internal(c, err)
		return
	}
	// A new session id at every sign-in: a cookie planted before sign-in
	// (session fixation) is worth nothing.
	if old, err := c.Cookie(cookieName(s.secure(c))); err == nil {
		_ = s.cfg.Store.DeleteSession(c.Request.Context(), old)
	}
	token, err := s.cfg.Store.CreateSession(c.Request.Context(), u.ID, s.cfg.Sessions, c.ClientIP(), c.Request.UserAgent(), now.UTC())
	if err != nil {
		s.internal(c, err)
		return
	}
	_ = models.WriteAudit(s.cfg.Store.DB().WithContext(c.Request.Context()), []models.AuditEntry{{At: now.UTC(), Actor: u.Username,
		Source: models.SourceWeb, RemoteAddr: c.ClientIP(), Action: "login", Entity: "users", EntityID: u.ID}})
	s.setCookie(c, token, int(s.cfg.Sessions.Absolute.Seconds()))
	if u.Role == models.RoleManager && next == "/" {
		next = "/projects"
	}
	c.Redirect(http.StatusSeeOther, next)
}

func (s *server) setCookie(c *gin.Context, value string, maxAge int) {
	secure := s.secure(c)
	// Secure whenever the browser came over TLS (directly or through a
	// trusted proxy); a plain-HTTP server on a closed network could not
	// keep a Secure cookie at all.
	http.SetCookie(c.Writer, &http.Cookie{Name: cookieName(secure), Value: value, Path: "/", MaxAge: maxAge, // #nosec G124 -- Secure follows TLS, see above
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

func (s *server) logout(c *gin.Context) {
	if ck, err := c.Cookie(cookieName(s.secure(c))); err == nil {
		if err := s.cfg.Store.DeleteSession(c.Request.Context(), ck); err != nil {
			s.internal(c, err)
			return
		}
	}
	s.setCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}
