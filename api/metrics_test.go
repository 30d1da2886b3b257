package api_test

import (
	"bufio"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// scrape is one parsed /metrics reply: samples by series ("name{k="v",…}"
// with the labels sorted), and each family's type.
type scrape struct {
	samples map[string]float64
	types   map[string]string
	order   []string // series in the order written
}

// series names a sample the way parseMetrics keys it; labels come as
// name, value pairs.
func series(name string, labels ...string) string {
	var kv []string
	for i := 0; i+1 < len(labels); i += 2 {
		kv = append(kv, labels[i]+"="+strconv.Quote(labels[i+1]))
	}
	slices.Sort(kv)
	return name + "{" + strings.Join(kv, ",") + "}"
}

func getMetrics(t *testing.T, c *http.Client, base string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusOK && res.Header.Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" {
		t.Fatalf("content type %q", res.Header.Get("Content-Type"))
	}
	return res.StatusCode, string(b)
}

func scrapeMetrics(t *testing.T, c *http.Client, base string) scrape {
	t.Helper()
	code, text := getMetrics(t, c, base)
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d %s", code, text)
	}
	return parseMetrics(t, text)
}

// parseMetrics reads the text exposition format: # HELP and # TYPE
// before each family's samples, then `name{label="value",…} number`.
func parseMetrics(t *testing.T, text string) scrape {
	t.Helper()
	sc := scrape{samples: map[string]float64{}, types: map[string]string{}}
	help := map[string]bool{}
	lines := bufio.NewScanner(strings.NewReader(text))
	for n := 1; lines.Scan(); n++ {
		line := lines.Text()
		if rest, ok := strings.CutPrefix(line, "# HELP "); ok {
			name, text, _ := strings.Cut(rest, " ")
			if text == "" {
				t.Fatalf("line %d: HELP without text", n)
			}
			help[name] = true
			continue
		}
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(rest, " ")
			if !help[name] || !slices.Contains([]string{"counter", "gauge", "histogram", "summary", "untyped"}, typ) {
				t.Fatalf("line %d: %q", n, line)
			}
			sc.types[name] = typ
			continue
		}
		name, labels, value := parseSample(t, n, line)
		family := name
		for _, suffix := range []string{"_bucket", "_sum", "_count"} {
			if base, ok := strings.CutSuffix(name, suffix); ok && (sc.types[base] == "histogram" || sc.types[base] == "summary") {
				family = base
			}
		}
		if sc.types[family] == "" {
			t.Fatalf("line %d: sample of %s before its # TYPE", n, name)
		}
		key := series(name, labels...)
		if _, dup := sc.samples[key]; dup {
			t.Fatalf("line %d: %s twice", n, key)
		}
		sc.samples[key] = value
		sc.order = append(sc.order, key)
	}
	return sc
}

// parseSample splits `name{a="x",b="y"} 1.5` with the format's escapes.
func parseSample(t *testing.T, n int, line string) (string, []string, float64) {
	t.Helper()
	bad := func(why string) { t.Fatalf("line %d: %s: %q", n, why, line) }
	i := strings.IndexAny(line, "{ ")
	if i <= 0 {
		bad("no name")
	}
	name, rest := line[:i], line[i:]
	var labels []string
	if rest[0] == '{' {
		rest = rest[1:]
		for rest != "" && rest[0] != '}' {
			eq := strings.Index(rest, "=\"")
			if eq <= 0 {
				bad("label without =\"")
			}
			key := rest[:eq]
			rest = rest[eq+2:]
			var v strings.Builder
			for {
				if rest == "" {
					bad("unterminated label value")
				}
				c := rest[0]
				rest = rest[1:]
				if c == '"' {
					break
				}
				if c == '\\' {
					if rest == "" {
						bad("dangling escape")
					}
					switch rest[0] {
					case 'n':
						v.WriteByte('\n')
					case '\\', '"':
						v.WriteByte(rest[0])
					default:
						bad("unknown escape")
					}
					rest = rest[1:]
					continue
				}
				v.WriteByte(c)
			}
			labels = append(labels, key, v.String())
			rest = strings.TrimPrefix(rest, ",")
		}
		if rest == "" {
			bad("unterminated labels")
		}
		rest = rest[1:]
	}
	value, err := strconv.ParseFloat(strings.TrimPrefix(rest, " "), 64)
	if err != nil || !strings.HasPrefix(rest, " ") {
		bad("bad value")
	}
	return name, labels, value
}

// checkHistograms: every histogram's buckets grow with le, and +Inf is
// its _count.
func checkHistograms(t *testing.T, sc scrape) {
	t.Helper()
	type bucket struct {
		le    float64
		count float64
	}
	buckets := map[string][]bucket{} // by the series' other labels
	for _, key := range sc.order {
		name, labels, _ := strings.Cut(key, "{")
		base, ok := strings.CutSuffix(name, "_bucket")
		if !ok || sc.types[base] != "histogram" {
			continue
		}
		var le string
		var rest []string
		for _, l := range strings.Split(strings.TrimSuffix(labels, "}"), ",") {
			if v, ok := strings.CutPrefix(l, "le="); ok {
				le, _ = strconv.Unquote(v)
			} else {
				rest = append(rest, l)
			}
		}
		bound, err := strconv.ParseFloat(le, 64) // "+Inf" parses as +Inf
		if err != nil {
			t.Fatalf("%s: le %q", key, le)
		}
		id := base + "{" + strings.Join(rest, ",") + "}"
		buckets[id] = append(buckets[id], bucket{bound, sc.samples[key]})
	}
	if len(buckets) == 0 {
		t.Fatal("no histogram buckets")
	}
	for id, bs := range buckets {
		for i := 1; i < len(bs); i++ {
			if bs[i].le <= bs[i-1].le || bs[i].count < bs[i-1].count {
				t.Errorf("%s: bucket le=%v holds %v after le=%v holding %v: not cumulative", id, bs[i].le, bs[i].count, bs[i-1].le, bs[i-1].count)
			}
		}
		last := bs[len(bs)-1]
		base, labels, _ := strings.Cut(id, "{")
		count := sc.samples[base+"_count{"+labels]
		if !math.IsInf(last.le, 1) || last.count != count {
			t.Errorf("%s: +Inf bucket %v (le %v), _count %v", id, last.count, last.le, count)
		}
		if _, ok := sc.samples[base+"_sum{"+labels]; !ok {
			t.Errorf("%s: no _sum", id)
		}
	}
}

func TestMetricsCountRequestsAndImports(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	addUser(t, s, "jingdezhen", models.RoleCity, "景德镇市")
	city := clientFor(t, srv, "jingdezhen")
	before := scrapeMetrics(t, srv.Client(), srv.URL)
	checkHistograms(t, before)

	for range 3 {
		if code, _ := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=6"); code != 200 {
			t.Fatalf("rollup %d", code)
		}
	}
	get(t, srv, srv.URL+"/api/v1/rollup?month=13")
	get(t, srv, srv.URL+"/api/v1/nothing")
	get(t, srv, srv.URL+"/no/such/page")

	// Applied through the JSON API and through the page; rejected (a city
	// official's list with a row in error); reverted.
	apply := func(c *http.Client, book []byte, page bool) int {
		res := uploadAs(t, c, srv.URL+"/api/v1/imports", "list.xlsx", book, nil)
		var p struct{ ID string }
		decode(t, res, &p)
		u := srv.URL + "/api/v1/imports/previews/" + p.ID + "/apply"
		if page {
			u = srv.URL + "/imports/preview/" + p.ID + "/apply"
		}
		noFollow := &http.Client{Jar: c.Jar, Transport: c.Transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := noFollow.Post(u, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := apply(srv.Client(), planBook(t, 600000), false); code != 200 {
		t.Fatalf("JSON apply %d", code)
	}
	if code := apply(srv.Client(), planBook(t, 650000), true); code != http.StatusSeeOther {
		t.Fatalf("page apply %d", code)
	}
	if code := apply(city, badPlanBook(t, 1000), false); code != http.StatusUnprocessableEntity {
		t.Fatalf("rejected apply %d", code)
	}
	var list struct{ Batches []models.ImportBatch }
	res, _ := srv.Client().Get(srv.URL + "/api/v1/imports")
	decode(t, res, &list)
	if res := post(t, srv, srv.URL+"/api/v1/imports/batches/"+jsonID(list.Batches[0].ID)+"/revert"); res.StatusCode != 200 {
		t.Fatalf("revert %d", res.StatusCode)
	}

	after := scrapeMetrics(t, srv.Client(), srv.URL)
	checkHistograms(t, after)
	for _, c := range []struct {
		series string
		delta  float64
	}{
		{series("portfolio_http_requests_total", "method", "GET", "route", "/api/v1/rollup", "code", "200"), 3},
		{series("portfolio_http_requests_total", "method", "GET", "route", "/api/v1/rollup", "code", "400"), 1},
		{series("portfolio_http_requests_total", "method", "GET", "route", "unmatched", "code", "404"), 2},
		{series("portfolio_http_requests_total", "method", "POST", "route", "/api/v1/imports", "code", "201"), 3},
		{series("portfolio_http_requests_total", "method", "POST", "route", "/api/v1/imports/previews/:id/apply", "code", "200"), 1},
		{series("portfolio_http_requests_total", "method", "POST", "route", "/api/v1/imports/previews/:id/apply", "code", "422"), 1},
		{series("portfolio_http_requests_total", "method", "POST", "route", "/imports/preview/:id/apply", "code", "303"), 1},
		{series("portfolio_http_requests_total", "method", "GET", "route", "/metrics", "code", "200"), 1},
		{series("portfolio_http_request_duration_seconds_count", "route", "/api/v1/rollup"), 4},
		{series("portfolio_http_request_duration_seconds_count", "route", "/api/v1/imports/previews/:id/apply"), 2},
		{series("portfolio_http_request_duration_seconds_count", "route", "unmatched"), 2},
		{series("portfolio_imports_total", "kind", "plan", "outcome", "applied"), 2},
		{series("portfolio_imports_total", "kind", "plan", "outcome", "rejected"), 1},
		{series("portfolio_imports_total", "kind", "plan", "outcome", "reverted"), 1},
		{series("portfolio_imports_total", "kind", "plan", "outcome", "failed"), 0},
		{series("portfolio_imports_total", "kind", "monthly", "outcome", "applied"), 0},
		{series("portfolio_import_duration_seconds_count", "kind", "plan"), 2},
		{series("portfolio_import_duration_seconds_count", "kind", "monthly"), 0},
	} {
		got, ok := after.samples[c.series]
		if !ok {
			t.Errorf("%s missing", c.series)
			continue
		}
		if d := got - before.samples[c.series]; d != c.delta {
			t.Errorf("%s moved by %v, want %v", c.series, d, c.delta)
		}
	}
	// Nothing else hit the rollup: its histogram counts exactly the requests.
	if n := after.samples[series("portfolio_http_request_duration_seconds_count", "route", "/api/v1/rollup")]; n != 4 {
		t.Errorf("rollup latency _count %v, want 4", n)
	}
	if s := after.samples[series("portfolio_import_duration_seconds_sum", "kind", "plan")]; s <= 0 {
		t.Errorf("import duration sum %v", s)
	}
	for _, fam := range []string{"portfolio_http_requests_total", "portfolio_imports_total"} {
		if after.types[fam] != "counter" {
			t.Errorf("%s: type %q", fam, after.types[fam])
		}
	}
	for _, fam := range []string{"portfolio_http_request_duration_seconds", "portfolio_import_duration_seconds"} {
		if after.types[fam] != "histogram" {
			t.Errorf("%s: type %q", fam, after.types[fam])
		}
	}

	// The runtime's and the process's collectors are there too.
	for _, fam := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_cpu_seconds_total", "process_resident_memory_bytes"} {
		if after.types[fam] == "" {
			t.Errorf("no %s", fam)
		}
	}

	// Two scrapes with nothing between differ only in the count of the
	// scrape itself and in the runtime's and process's own figures: our
	// series are sorted, not in map order.
	_, one := getMetrics(t, srv.Client(), srv.URL)
	_, two := getMetrics(t, srv.Client(), srv.URL)
	drop := func(text string) string {
		var keep []string
		for _, l := range strings.Split(text, "\n") {
			if !strings.Contains(l, `route="/metrics"`) && strings.Contains(l, "portfolio_") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	if drop(one) != drop(two) {
		t.Error("two scrapes of the same state differ")
	}
}

// TestMetricsAccess: anonymous from this host; through a proxy (or from
// elsewhere) only an admin.
func TestMetricsAccess(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	addUser(t, s, "leader", models.RoleViewer, "")
	anon := &http.Client{Transport: srv.Client().Transport}
	viewer := clientFor(t, srv, "leader")
	for _, c := range []struct {
		who    string
		client *http.Client
		header []string
		want   int
	}{
		{"anonymous, loopback", anon, nil, 200},
		{"anonymous, proxied", anon, []string{"X-Forwarded-For", "203.0.113.7"}, 401},
		{"anonymous, Forwarded", anon, []string{"Forwarded", "for=203.0.113.7"}, 401},
		{"viewer, proxied", viewer, []string{"X-Forwarded-For", "203.0.113.7"}, 403},
		{"admin, proxied", srv.Client(), []string{"X-Forwarded-For", "203.0.113.7"}, 200},
	} {
		if code, body := getMetrics(t, c.client, srv.URL, c.header...); code != c.want {
			t.Errorf("%s: %d, want %d", c.who, code, c.want)
		} else if code == 200 && !strings.Contains(body, "# TYPE portfolio_http_requests_total counter") {
			t.Errorf("%s: %.200s", c.who, body)
		}
	}
}
