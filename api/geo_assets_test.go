package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
)

// TestGeoJiangxi: the cities' map is a plain FeatureCollection, one
// feature a city named as the city, its rings decoded to degrees inside
// the province's box (113.5–118.5°E, 24.4–30.1°N) and closed.
func TestGeoJiangxi(t *testing.T) {
	st := storetest.SQLite(t)
	srv := newServer(t, st)
	code, body := get(t, srv, srv.URL+"/api/v1/geo/jiangxi.json")
	if code != http.StatusOK {
		t.Fatalf("geo: %d %s", code, body)
	}
	var g struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string `json:"type"`
			Properties struct {
				Name   string     `json:"name"`
				Center [2]float64 `json:"center"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(body), &g); err != nil {
		t.Fatal(err)
	}
	if g.Type != "FeatureCollection" || len(g.Features) != 11 {
		t.Fatalf("%s with %d features", g.Type, len(g.Features))
	}
	var names []string
	for _, f := range g.Features {
		names = append(names, f.Properties.Name)
		var rings [][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
				t.Fatal(f.Properties.Name, err)
			}
		case "MultiPolygon":
			var polys [][][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				t.Fatal(f.Properties.Name, err)
			}
			for _, p := range polys {
				rings = append(rings, p...)
			}
		default:
			t.Fatalf("%s: geometry %s", f.Properties.Name, f.Geometry.Type)
		}
		points := 0
		for _, r := range rings {
			points += len(r)
			for _, pt := range r {
				if pt[0] < 113.5 || pt[0] > 118.5 || pt[1] < 24.4 || pt[1] > 30.1 {
					t.Fatalf("%s: point %v outside Jiangxi", f.Properties.Name, pt)
				}
			}
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Errorf("%s: a ring of %d points, not closed (%v … %v)", f.Properties.Name, len(r), r[0], r[len(r)-1])
			}
		}
		if points < 100 {
			t.Errorf("%s: only %d points", f.Properties.Name, points)
		}
	}
	slices.Sort(names)
	want := province.Cities()
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("cities %v, want %v", names, want)
	}
	// Leaders read it; a project manager does not.
	addUser(t, st, "manager1", models.RoleManager, "")
	res, err := clientFor(t, srv, "manager1").Get(srv.URL + "/api/v1/geo/jiangxi.json")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a manager's geo: %d", res.StatusCode)
	}
}

// rawGet sends a GET with the Accept-Encoding given ("" for none) on a
// transport that does not decompress, so the test sees what was sent.
func rawGet(t *testing.T, c *http.Client, url, encoding string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if encoding != "" {
		req.Header.Set("Accept-Encoding", encoding)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	r, err := gzip.NewReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestCompressedAndVersionedAssets: pages name static files by their
// content hash; a hashed address is cached for a year (immutable), gzipped
// for a client that takes gzip, and revalidates by ETag; the page and the
// rollup are gzipped too; a client without gzip gets the plain bytes.
func TestCompressedAndVersionedAssets(t *testing.T) {
	st := storetest.SQLite(t)
	seed(t, st)
	srv := newServer(t, st)
	c := &http.Client{Jar: srv.Client().Jar, Transport: &http.Transport{DisableCompression: true}}

	res, body := rawGet(t, c, srv.URL+"/", "gzip, deflate, br")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("dashboard: %d %v", res.StatusCode, res.Header)
	}
	page := gunzip(t, body)
	if len(body)*2 > len(page) {
		t.Errorf("dashboard page: %d bytes gzipped of %d", len(body), len(page))
	}
	m := regexp.MustCompile(`src="(/static/vendor/echarts/echarts\.min\.js\?v=([0-9a-f]{16}))"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the dashboard names no versioned ECharts:\n%s", page)
	}
	res, js := rawGet(t, c, srv.URL+m[1], "gzip")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" ||
		res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || res.Header.Get("ETag") != `"`+m[2]+`"` ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("echarts: %d %v", res.StatusCode, res.Header)
	}
	plain := gunzip(t, js)
	if len(js)*2 > len(plain) || !strings.Contains(plain, "echarts") {
		t.Errorf("echarts: %d bytes gzipped of %d", len(js), len(plain))
	}
	res, body = rawGet(t, c, srv.URL+m[1], "")
	if res.Header.Get("Content-Encoding") != "" || string(body) != plain {
		t.Errorf("without gzip: %v, %d bytes", res.Header, len(body))
	}
	res, _ = rawGet(t, c, srv.URL+m[1], "gzip;q=0")
	if res.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip refused with q=0 but sent: %v", res.Header)
	}
	res, body = rawGet(t, c, srv.URL+m[1], "gzip", "If-None-Match", `"`+m[2]+`"`)
	if res.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation: %d, %d bytes", res.StatusCode, len(body))
	}
	// An old or missing version is not cached for long; an unknown file is 404.
	res, _ = rawGet(t, c, srv.URL+"/static/vendor/echarts/echarts.min.js?v=0000000000000000", "gzip")
	if res.Header.Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("an old version: %v", res.Header)
	}
	res, _ = rawGet(t, c, srv.URL+"/static/nothing.js", "gzip")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown file: %d", res.StatusCode)
	}
	res, body = rawGet(t, c, srv.URL+"/api/v1/rollup?year=2024&month=6", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(gunzip(t, body), `"year":2024`) {
		t.Errorf("rollup: %v", res.Header)
	}
	// The cached page and rollup are encoded once and kept both ways: a
	// client without gzip, after one with it, gets the same bytes plain.
	for _, u := range []string{"/", "/api/v1/rollup?year=2024&month=6"} {
		res, gz := rawGet(t, c, srv.URL+u, "gzip")
		_, again := rawGet(t, c, srv.URL+u, "gzip")
		res2, plain := rawGet(t, c, srv.URL+u, "identity")
		if res.Header.Get("Content-Encoding") != "gzip" || res2.Header.Get("Content-Encoding") != "" ||
			!strings.Contains(res2.Header.Get("Vary"), "Accept-Encoding") || gunzip(t, gz) != string(plain) || !bytes.Equal(gz, again) {
			t.Errorf("%s: gzip %v, plain %v (%d plain bytes, %d gzipped)", u, res.Header, res2.Header, len(plain), len(gz))
		}
	}
}
