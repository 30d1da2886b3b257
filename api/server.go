// Package api is the web layer: routes, middleware, the HTML pages and the
// /api/v1 JSON handlers. Handlers are thin: parse, call importer, report or
// models, render.
package api

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
	"portfolio/static"
)

// server holds the parts the handlers use.
type server struct {
	cfg     Config
	pages   *pages
	logins  *limiter
	metrics *metrics
	proxies []*net.IPNet  // TrustedProxies, parsed
	rollups *report.Cache // the dashboard's and /api/v1/rollup's figures
	// dashPages are whole dashboard pages per signed-in user.
	dashPages *report.Cache
	// projectPages are pages of the project list per filter.
	projectPages *report.Cache
	refused      *refusals   // coalesces the audit rows of repeated refusals
	importing    *importGate // caps the imports that run at once
	geo          *asset      // GET /api/v1/geo/jiangxi.json, decoded at start (geo.go)
}

// New builds the HTTP handler. It parses every template first and fails
// if one is broken, so a bad template stops the start, not a request.
func New(cfg Config) (http.Handler, error) {
	r, err := newRouter(cfg)
	if err != nil {
		return nil, err
	}
	// Cross-site form posts are refused (Sec-Fetch-Site / Origin checks),
	// so another site cannot make a signed-in browser import or revert.
	return http.NewCrossOriginProtection().Handler(r), nil
}

// newRouter builds the Gin engine with every route; the tests read its
// route table.
func newRouter(cfg Config) (*gin.Engine, error) {
	cfg = cfg.withDefaults()
	if cfg.Staging == nil {
		return nil, errors.New("api: Config.Staging is required")
	}
	files, err := loadAssets(static.FS)
	if err != nil {
		return nil, err
	}
	geo, err := loadGeo()
	if err != nil {
		return nil, err
	}
	pg, err := parsePages(files)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, pages: pg, geo: geo, logins: newLimiter(cfg.Store), metrics: newMetrics(),
		rollups: report.NewCache(cfg.Reporter, 0), dashPages: report.NewCache(cfg.Reporter, 256),
		projectPages: report.NewCache(cfg.Reporter, 256),
		refused:      newRefusals(time.Minute, 10_000), importing: newImportGate(cfg.MaxImports, cfg.ImportQueue)}

	// Gin's debug mode prints every route at start; our own log says what matters.
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// No proxy is trusted unless one is configured: X-Forwarded-For from a
	// client must not decide the address we log and limit by.
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("api: trusted proxies: %w", err)
	}
	if s.proxies, err = parseProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	r.Use(securityHeaders, s.metrics.observe, s.logRequests, s.recoverPanics, s.limitBodies, s.authenticate)
	r.NoRoute(s.notFound)

	r.GET("/static/*file", files.serve(s))
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/static/favicon.svg") })
	r.GET("/healthz", s.healthz)
	r.GET("/metrics", s.metricsAccess, s.metricsText)
	r.GET("/login", s.loginPage)
	r.POST("/login", s.login)
	r.POST("/logout", s.logout)

	// Who may do what; handlers narrow further (a manager's own projects,
	// a city's own rows and batches).
	leaders := s.allow(models.RoleAdmin, models.RoleCity, models.RoleViewer)
	everyone := s.allow(models.RoleAdmin, models.RoleCity, models.RoleViewer, models.RoleManager)
	importers := s.allow(models.RoleAdmin, models.RoleCity)
	reporters := s.allow(models.RoleAdmin, models.RoleCity, models.RoleManager)

	r.GET("/", leaders, s.dashboardPage)
	r.GET("/county", leaders, s.countyPage)
	r.GET("/screen", leaders, s.screenPage)
	r.GET("/projects", everyone, s.projectsPage)
	r.GET("/projects/export.xlsx", everyone, s.projectsExport("xlsx"))
	r.GET("/projects/export.csv", everyone, s.projectsExport("csv"))
	r.GET("/projects/:id", everyone, s.projectPage)
	r.GET("/projects/:id/report", reporters, s.reportFormPage)
	r.POST("/projects/:id/report", reporters, s.reportFormPost)
	r.POST("/projects/:id/milestones", reporters, s.milestonePage)
	r.POST("/projects/:id/plan", importers, s.planEditPage)
	r.GET("/approvals", importers, s.approvalsPage)
	r.GET("/problems", everyone, s.problemsPage)
	r.GET("/problems/export.xlsx", everyone, s.problemsExport)
	r.POST("/projects/:id/problems", reporters, s.raiseProblemPage)
	r.GET("/reporting", leaders, s.reportingPage)
	r.GET("/todo", everyone, s.todoPage)
	r.GET("/audit", importers, s.auditPage)
	admins := s.allow(models.RoleAdmin)
	r.GET("/admin/users", admins, s.adminPage)
	r.GET("/admin/users/disable", admins, s.disableConfirmPage)
	r.POST("/admin/users/:action", admins, s.adminAction)
	r.GET("/admin/targets", admins, s.targetsPage)
	r.POST("/admin/targets", admins, s.targetsPost(false))
	r.POST("/admin/targets/delete", admins, s.targetsPost(true))
	r.GET("/admin/settings", admins, s.settingsPage)
	r.POST("/admin/settings/:action", admins, s.settingsAction)
	r.POST("/reports/:rid/approve", importers, s.reviewPage(true))
	r.POST("/reports/:rid/return", importers, s.reviewPage(false))
	r.POST("/reports/:rid/reopen", importers, s.reopenPage)
	r.GET("/imports", importers, s.importsPage)
	r.POST("/imports", importers, s.gateImports, s.importUploadPage)
	r.GET("/imports/preview/:id", importers, s.gateImports, s.importPreviewPage)
	r.POST("/imports/preview/:id/apply", importers, s.gateImports, s.importApplyPage)
	r.POST("/imports/preview/:id/discard", importers, s.importDiscardPage)
	r.GET("/imports/preview/:id/errors.xlsx", importers, s.gateImports, s.importErrorsXLSX)
	r.GET("/imports/template.xlsx", importers, s.templateXLSX)
	r.GET("/imports/batches/:batch/revert", importers, s.revertConfirmPage)
	r.POST("/imports/batches/:batch/revert", importers, s.revertPage)

	v1 := r.Group("/api/v1")
	v1.GET("/openapi.json", s.openAPI)
	v1.GET("/rollup", leaders, s.rollupJSON)
	v1.GET("/rollup/counties", leaders, s.countiesJSON)
	v1.GET("/flagships", leaders, s.flagshipsJSON)
	v1.GET("/reported-problems", leaders, s.reportedProblemsJSON)
	v1.GET("/geo/jiangxi.json", leaders, s.geoJSON)
	v1.GET("/projects", everyone, s.projectsJSON)
	v1.GET("/export.xlsx", everyone, s.projectsExport("xlsx"))
	v1.GET("/export.csv", everyone, s.projectsExport("csv"))
	v1.GET("/oc4ids", leaders, s.oc4idsJSON)
	v1.GET("/templates/:kind", importers, s.templateXLSX)
	v1.GET("/targets/:year", leaders, s.targetsJSON)
	v1.PUT("/targets/:year", admins, s.setTargetJSON)
	v1.DELETE("/targets/:year", admins, s.deleteTargetJSON)
	v1.GET("/projects/:id", everyone, s.projectJSON)
	v1.POST("/projects/:id/reports", reporters, s.reportJSON)
	v1.POST("/projects/:id/milestones", reporters, s.milestoneJSON)
	v1.PUT("/projects/:id/plan", importers, s.planEditJSON)
	v1.GET("/reports/pending", importers, s.pendingJSON)
	v1.POST("/projects/:id/problems", reporters, s.raiseProblemJSON)
	v1.GET("/problems", everyone, s.problemsJSON)
	v1.GET("/problems/export.xlsx", everyone, s.problemsExport)
	v1.GET("/problems/:pid", everyone, s.problemJSON)
	v1.GET("/audit", importers, s.auditJSON)
	v1.GET("/reporting", leaders, s.reportingJSON)
	v1.GET("/warnings", everyone, s.warningsJSON)
	v1.GET("/todo", everyone, s.todoJSON)
	v1.GET("/settings/reporting", admins, s.settingsJSON)
	v1.PUT("/settings/reporting", admins, s.putSettingsJSON)
	v1.POST("/settings/webhooks", admins, s.addWebhookJSON)
	v1.DELETE("/settings/webhooks/:wid", admins, s.deleteWebhookJSON)
	v1.GET("/users", admins, s.usersJSON)
	v1.POST("/users", admins, s.addUserJSON)
	v1.POST("/users/:username/disable", admins, s.disableUserJSON)
	v1.PUT("/users/:username/password", admins, s.passwordJSON)
	v1.POST("/users/:username/projects", admins, s.assignJSON)
	v1.POST("/users/:username/tokens", admins, s.tokenJSON)
	v1.DELETE("/tokens/:tid", admins, s.revokeTokenJSON)
	v1.POST("/reports/:rid/approve", importers, s.reviewJSON(true))
	v1.POST("/reports/:rid/return", importers, s.reviewJSON(false))
	v1.POST("/reports/:rid/reopen", importers, s.reopenJSON)
	v1.POST("/imports", importers, s.gateImports, s.importUploadJSON)
	v1.GET("/imports", importers, s.batchesJSON)
	v1.GET("/imports/previews/:id", importers, s.gateImports, s.importPreviewJSON)
	v1.POST("/imports/previews/:id/apply", importers, s.gateImports, s.importApplyJSON)
	v1.DELETE("/imports/previews/:id", importers, s.importDiscardJSON)
	v1.GET("/imports/previews/:id/errors.xlsx", importers, s.gateImports, s.importErrorsXLSX)
	v1.GET("/imports/batches/:batch", importers, s.batchJSON)
	v1.POST("/imports/batches/:batch/revert", importers, s.batchRevertJSON)
	for _, a := range province.ProblemActions() {
		r.POST("/problems/:pid/"+a, reporters, s.moveProblemPage(a))
		v1.POST("/problems/:pid/"+a, reporters, s.moveProblemJSON(a))
	}
	return r, nil
}

// securityHeaders: scripts only from this site (no inline script
// anywhere), no framing, no MIME sniffing, no referrer to other sites.
// Inline style attributes stay allowed for the progress bars.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "+
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	c.Next()
}

// logRequests writes one line per request; never bodies, never secrets.
func (s *server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.cfg.Log.Info("request", "method", c.Request.Method, "path", c.Request.URL.Path,
		"status", c.Writer.Status(), "duration", time.Since(start), "addr", c.ClientIP())
}

// recoverPanics turns a panic into a 500 without a stack trace for the
// user; the log keeps the detail.
func (s *server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.cfg.Log.Error("panic", "path", c.Request.URL.Path, "panic", v)
			s.fail(c, http.StatusInternalServerError, "internal", "服务器内部错误，请稍后再试", nil)
		}
	}()
	c.Next()
}

func (s *server) healthz(c *gin.Context) {
	if err := s.cfg.Store.Ping(c.Request.Context()); err != nil {
		s.cfg.Log.Error("healthz", "err", err)
		c.JSON(http.StatusServiceUnavailable, health{Status: "unavailable", Database: "unreachable"})
		return
	}
	c.JSON(http.StatusOK, health{Status: "ok", Database: string(s.cfg.Store.Dialect())})
}
