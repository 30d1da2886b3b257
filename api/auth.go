package api

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

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

func (s *server) loginPage(c *gin.Context) {
	s.render(c, http.StatusOK, "login.html", map[string]any{"Title": "登录", "Next": safeNext(c.Query("next"))})
}

// safeNext keeps a redirect after sign-in on this site: an absolute path
// of this site and nothing else. A second slash or a backslash after the
// first (//evil, /\evil), or a control character anywhere (a browser strips
// the tab of /<TAB>/evil and goes off-site), sends the user home instead.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "/"
		}
	}
	if strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

func (s *server) login(c *gin.Context) {
	if !s.readLoginForm(c) {
		return
	}
	name := strings.TrimSpace(c.Request.PostForm.Get("username"))
	password := c.Request.PostForm.Get("password")
	next := safeNext(c.Request.PostForm.Get("next"))
	now := time.Now()
	again := func(status int, msg string) {
		s.render(c, status, "login.html", map[string]any{"Title": "登录", "Next": next, "Username": name, "Error": msg})
	}
	// Reserve the attempt before the password is checked: a burst of
	// parallel guesses gets at most the limit's checks.
	r, ok, err := s.logins.reserve(c.Request.Context(), now, name, c.ClientIP())
	if err != nil {
		s.cfg.Log.Error("sign-in limiter", "user", name, "err", err)
		s.fail(c, http.StatusServiceUnavailable, "unavailable", "暂时无法登录，请稍后再试", nil)
		return
	}
	if !ok {
		s.cfg.Log.Warn("sign-in locked", "user", name, "addr", c.ClientIP())
		again(http.StatusTooManyRequests, "登录失败次数过多，请 15 分钟后再试")
		return
	}
	u, err := s.cfg.Store.Authenticate(c.Request.Context(), name, password)
	if errors.Is(err, models.ErrBadPassword) {
		s.cfg.Log.Warn("sign-in failed", "user", name, "addr", c.ClientIP())
		s.audit(c, models.AuditEntry{At: now.UTC(), Actor: name, Source: models.SourceWeb, RemoteAddr: c.ClientIP(), Action: "login_failed", Entity: "users"})
		again(http.StatusUnauthorized, "用户名或密码错误")
		return
	}
	if err != nil {
		// The store failed, not the password: the attempt is given back,
		// so an outage locks nobody out.
		s.releaseSignIn(c, r)
		s.internal(c, err)
		return
	}
	s.releaseSignIn(c, r)
	s.startSession(c, u, now, next)
}

// releaseSignIn gives an attempt back; a failure is logged (the attempt
// then counts until its window passes).
func (s *server) releaseSignIn(c *gin.Context, r reservation) {
	if err := s.logins.release(c.Request.Context(), r); err != nil {
		s.cfg.Log.Error("sign-in limiter release", "err", err)
	}
}

// startSession gives a signed-in user a new session and sends them on. A
// session that cannot be written fails the sign-in with 503, never 500.
func (s *server) startSession(c *gin.Context, u *models.User, now time.Time, next string) {
	// A new session id at every sign-in: a cookie planted before sign-in
	// (session fixation) is worth nothing.
	if old, err := c.Cookie(cookieName(s.secure(c))); err == nil {
		if err := s.cfg.Store.DeleteSession(c.Request.Context(), old); err != nil {
			s.cfg.Log.Error("delete old session at sign-in", "user", u.Username, "err", err)
		}
	}
	token, err := s.cfg.Store.CreateSession(c.Request.Context(), u.ID, s.cfg.Sessions, c.ClientIP(), c.Request.UserAgent(), now.UTC())
	if err != nil {
		s.cfg.Log.Error("create session", "user", u.Username, "err", err)
		s.fail(c, http.StatusServiceUnavailable, "unavailable", "暂时无法登录（会话无法保存），请稍后再试", nil)
		return
	}
	s.audit(c, models.AuditEntry{At: now.UTC(), Actor: u.Username, Source: models.SourceWeb, RemoteAddr: c.ClientIP(), Action: "login", Entity: "users", EntityID: u.ID})
	s.setCookie(c, token, int(s.cfg.Sessions.Absolute.Seconds()))
	if u.Role == models.RoleManager && next == "/" {
		next = "/projects"
	}
	c.Redirect(http.StatusSeeOther, next)
}

// audit writes one audit entry; a failed write is logged, never dropped.
func (s *server) audit(c *gin.Context, e models.AuditEntry) bool {
	if err := s.cfg.Store.RecordAudit(c.Request.Context(), e); err != nil {
		s.cfg.Log.Error("audit write failed", "action", e.Action, "actor", e.Actor, "path", c.Request.URL.Path, "err", err)
		return false
	}
	return true
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
