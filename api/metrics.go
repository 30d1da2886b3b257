package api

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"

	"portfolio/importer"
	"portfolio/models"
)

// Import outcomes, the outcome label of portfolio_imports_total.
const (
	importApplied  = "applied"  // a file written as a batch
	importRejected = "rejected" // a file refused for errors in its data (422)
	importFailed   = "failed"   // a file that failed for another reason (500)
	importReverted = "reverted" // a batch undone
)

// metrics are what /metrics serves, on a registry of this server's own
// (not the default global one, so each test server counts its own), with
// the Go runtime's and the process's collectors beside ours.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // method, route, code
	latency   *prometheus.HistogramVec // route
	imports   *prometheus.CounterVec   // kind, outcome
	importDur *prometheus.HistogramVec // kind
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portfolio_http_requests_total",
			Help: "HTTP requests by method, route template and status code.",
		}, []string{"method", "route", "code"}),
		// Requests take milliseconds; an import of a province's list takes
		// seconds to a minute or two.
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "portfolio_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		imports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portfolio_imports_total",
			Help: "Imported files by kind and outcome: applied, rejected (errors in the data), failed (other errors) or reverted (batches undone).",
		}, []string{"kind", "outcome"}),
		importDur: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "portfolio_import_duration_seconds",
			Help:    "Time to apply one imported file (read, check and write), by kind.",
			Buckets: []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300},
		}, []string{"kind"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.imports, m.importDur,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// The known series start at zero, so a rate() sees the first import.
	for _, k := range []importer.Kind{importer.KindPlan, importer.KindMonthly, importer.KindSchedule} {
		for _, o := range []string{importApplied, importRejected, importFailed, importReverted} {
			m.imports.WithLabelValues(string(k), o)
		}
		m.importDur.WithLabelValues(string(k))
	}
	return m
}

// methodLabel bounds the method label: a client cannot invent series.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return method
	}
	return "other"
}

// observe is the middleware counting every request by method, route
// template (never the raw path, which would make a series per id) and
// status, and timing it by route. It runs outside recoverPanics, so a
// panic is counted as the 500 it becomes.
func (m *metrics) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(methodLabel(c.Request.Method), route, strconv.Itoa(c.Writer.Status())).Inc()
	m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
}

// imported counts one file's apply and times it; kind "unknown" when the
// file was not read far enough to know.
func (m *metrics) imported(res *importer.Result, err error, d time.Duration) {
	outcome := importApplied
	switch {
	case errors.Is(err, importer.ErrRejected):
		outcome = importRejected
	case err != nil:
		outcome = importFailed
	}
	kind := ""
	if res != nil {
		kind = string(res.Kind)
	}
	m.imports.WithLabelValues(importKind(kind), outcome).Inc()
	m.importDur.WithLabelValues(importKind(kind)).Observe(d.Seconds())
}

// rejected counts the files of an upload refused at apply because its
// preview found errors: each file with errors is one rejected import.
func (m *metrics) rejected(p *Preview) {
	for _, f := range p.Files {
		if len(f.Errors) > 0 {
			m.imports.WithLabelValues(importKind(string(f.Kind)), importRejected).Inc()
		}
	}
}

// reverted counts an undone batch.
func (m *metrics) reverted(b *models.ImportBatch) {
	m.imports.WithLabelValues(importKind(b.Kind), importReverted).Inc()
}

func importKind(kind string) string {
	if kind == "" {
		return "unknown"
	}
	return kind
}

// write renders every metric in the Prometheus text format 0.0.4; the
// registry sorts families and series, so two scrapes of the same state
// are identical.
func (m *metrics) write(w *bytes.Buffer) error {
	families, err := m.reg.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}

// metricsAccess decides who may read /metrics. Request counts and routes
// are not secret but not public either, so: a scraper on this host reads
// them without signing in, and signed-in admins (session cookie or a
// personal access token) read them from anywhere. "On this host" means the
// connection itself comes from a loopback address and carries no
// forwarding header: behind a reverse proxy on the same host every request
// arrives from 127.0.0.1, and such a request is someone else's, so it
// needs an admin like any other. (Proxies set X-Forwarded-For or
// Forwarded; one that sets neither should not forward /metrics at all.)
// Other users get 403, as for any admin route; nobody signed in gets 401.
func (s *server) metricsAccess(c *gin.Context) {
	if fromThisHost(c.Request) {
		c.Next()
		return
	}
	u := currentUser(c)
	if u == nil {
		c.Header("WWW-Authenticate", `Bearer realm="portfolio"`)
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	if u.Role != models.RoleAdmin {
		s.refuse(c, u, "metrics")
		return
	}
	c.Next()
}

// fromThisHost: a loopback peer that no proxy speaks for.
func fromThisHost(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// metricsText is GET /metrics in the Prometheus text exposition format 0.0.4.
func (s *server) metricsText(c *gin.Context) {
	var buf bytes.Buffer
	if err := s.metrics.write(&buf); err != nil {
		s.cfg.Log.ErrorContext(c.Request.Context(), "metrics", "err", err)
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Header("Cache-Control", "no-store")
	writeBytes(c, http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", buf.Bytes())
}
