package api

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

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

// metrics are the counters /metrics serves, one set per server (not
// package globals, so each test server counts its own). One mutex guards
// them all: an increment is a map update, far cheaper than the request.
type metrics struct {
	// Histogram bounds, in seconds: requests take milliseconds; an import
	// of a province's list takes seconds to a minute or two.
	requestBuckets, importBuckets []float64

	mu        sync.Mutex
	requests  map[requestKey]uint64
	latency   map[string]*histogram // by route template
	imports   map[importKey]uint64
	importDur map[string]*histogram // by kind
}

type requestKey struct {
	method, route string
	code          int
}

type importKey struct{ kind, outcome string }

// histogram keeps per-bucket counts; they are summed into Prometheus'
// cumulative buckets when written.
type histogram struct {
	bounds []float64
	counts []uint64 // counts[i]: observations in (bounds[i-1], bounds[i]]; the last is above every bound
	sum    float64
	count  uint64
}

func newHistogram(bounds []float64) *histogram {
	return &histogram{bounds: bounds, counts: make([]uint64, len(bounds)+1)}
}

func (h *histogram) observe(v float64) {
	i, _ := slices.BinarySearch(h.bounds, v) // first bound >= v: buckets are "le"
	h.counts[i]++
	h.sum += v
	h.count++
}

func newMetrics() *metrics {
	m := &metrics{
		requestBuckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		importBuckets:  []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300},
		requests:       map[requestKey]uint64{}, latency: map[string]*histogram{},
		imports: map[importKey]uint64{}, importDur: map[string]*histogram{},
	}
	// The known series start at zero, so a rate() sees the first import.
	for _, k := range []importer.Kind{importer.KindPlan, importer.KindMonthly} {
		for _, o := range []string{importApplied, importRejected, importFailed, importReverted} {
			m.imports[importKey{string(k), o}] = 0
		}
		m.importDur[string(k)] = newHistogram(m.importBuckets)
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
	d := time.Since(start).Seconds()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{methodLabel(c.Request.Method), route, c.Writer.Status()}]++
	h := m.latency[route]
	if h == nil {
		h = newHistogram(m.requestBuckets)
		m.latency[route] = h
	}
	h.observe(d)
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
	m.mu.Lock()
	defer m.mu.Unlock()
	m.countImport(kind, outcome)
	h := m.importDur[importKind(kind)]
	if h == nil {
		h = newHistogram(m.importBuckets)
		m.importDur[importKind(kind)] = h
	}
	h.observe(d.Seconds())
}

// rejected counts the files of an upload refused at apply because its
// preview found errors: each file with errors is one rejected import.
func (m *metrics) rejected(p *Preview) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range p.Files {
		if len(f.Errors) > 0 {
			m.countImport(string(f.Kind), importRejected)
		}
	}
}

// reverted counts an undone batch.
func (m *metrics) reverted(b *models.ImportBatch) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.countImport(b.Kind, importReverted)
}

// countImport needs m.mu held.
func (m *metrics) countImport(kind, outcome string) {
	m.imports[importKey{importKind(kind), outcome}]++
}

func importKind(kind string) string {
	if kind == "" {
		return "unknown"
	}
	return kind
}

// write renders every metric in the Prometheus text format 0.0.4, series
// sorted by their labels so two scrapes of the same state are identical.
func (m *metrics) write(w *bytes.Buffer) {
	m.mu.Lock()
	defer m.mu.Unlock()

	family(w, "portfolio_http_requests_total", "counter", "HTTP requests by method, route template and status code.")
	reqs := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqs = append(reqs, k)
	}
	slices.SortFunc(reqs, func(a, b requestKey) int {
		return cmpAll(strings.Compare(a.route, b.route), strings.Compare(a.method, b.method), a.code-b.code)
	})
	for _, k := range reqs {
		fmt.Fprintf(w, "portfolio_http_requests_total{method=%s,route=%s,code=\"%d\"} %d\n", quote(k.method), quote(k.route), k.code, m.requests[k])
	}

	family(w, "portfolio_http_request_duration_seconds", "histogram", "Time to answer an HTTP request, by route template.")
	writeHistograms(w, "portfolio_http_request_duration_seconds", "route", m.latency)

	family(w, "portfolio_imports_total", "counter",
		"Imported files by kind and outcome: applied, rejected (errors in the data), failed (other errors) or reverted (batches undone).")
	imps := make([]importKey, 0, len(m.imports))
	for k := range m.imports {
		imps = append(imps, k)
	}
	slices.SortFunc(imps, func(a, b importKey) int {
		return cmpAll(strings.Compare(a.kind, b.kind), strings.Compare(a.outcome, b.outcome))
	})
	for _, k := range imps {
		fmt.Fprintf(w, "portfolio_imports_total{kind=%s,outcome=%s} %d\n", quote(k.kind), quote(k.outcome), m.imports[k])
	}

	family(w, "portfolio_import_duration_seconds", "histogram", "Time to apply one imported file (read, check and write), by kind.")
	writeHistograms(w, "portfolio_import_duration_seconds", "kind", m.importDur)
}

func family(w *bytes.Buffer, name, typ, help string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

func writeHistograms(w *bytes.Buffer, name, label string, hs map[string]*histogram) {
	keys := make([]string, 0, len(hs))
	for k := range hs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		h, lv := hs[k], quote(k)
		var cum uint64
		for i, b := range h.bounds {
			cum += h.counts[i]
			fmt.Fprintf(w, "%s_bucket{%s=%s,le=\"%s\"} %d\n", name, label, lv, formatFloat(b), cum)
		}
		fmt.Fprintf(w, "%s_bucket{%s=%s,le=\"+Inf\"} %d\n", name, label, lv, h.count)
		fmt.Fprintf(w, "%s_sum{%s=%s} %s\n", name, label, lv, formatFloat(h.sum))
		fmt.Fprintf(w, "%s_count{%s=%s} %d\n", name, label, lv, h.count)
	}
}

func cmpAll(cs ...int) int {
	for _, c := range cs {
		if c != 0 {
			return c
		}
	}
	return 0
}

// quote writes a label value with the escapes the text format knows:
// backslash, double quote and newline.
func quote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v) + `"`
}

func formatFloat(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
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
	s.metrics.write(&buf)
	c.Header("Cache-Control", "no-store")
	writeBytes(c, http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", buf.Bytes())
}
