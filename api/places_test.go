package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestCountiesAndCountyView: a city's figures by county add up to the
// city's; a county's view lists its projects and the projects list
// filters by county; a missing or bad city or county is a 4xx naming it.
func TestCountiesAndCountyView(t *testing.T) {
	s := demoStore(t)
	srv := newServer(t, s)
	var city struct {
		PlanYuan int64 `json:"plan_yuan"`
		Projects int   `json:"projects"`
	}
	code, body := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=6&city="+url.QueryEscape("赣州市"))
	if code != http.StatusOK || json.Unmarshal([]byte(body), &city) != nil {
		t.Fatalf("city rollup: %d %s", code, body)
	}
	code, body = get(t, srv, srv.URL+"/api/v1/rollup/counties?year=2024&month=6&city="+url.QueryEscape("赣州市"))
	var cr struct {
		City     string `json:"city"`
		Counties []struct {
			Key, Label string
			Projects   int   `json:"projects"`
			PlanYuan   int64 `json:"plan_yuan"`
			Light      string
		} `json:"counties"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &cr) != nil || cr.City != "赣州市" || len(cr.Counties) < 2 {
		t.Fatalf("counties: %d %s", code, body)
	}
	var n int
	var plan int64
	for _, c := range cr.Counties {
		n += c.Projects
		plan += c.PlanYuan
		if c.Light == "" || c.Label == "" {
			t.Errorf("county %+v", c)
		}
	}
	if n != city.Projects || plan != city.PlanYuan {
		t.Errorf("counties add up to %d projects, %d yuan; the city has %d, %d", n, plan, city.Projects, city.PlanYuan)
	}
	first := cr.Counties[0]
	code, body = get(t, srv, srv.URL+"/county?year=2024&month=6&city="+url.QueryEscape("赣州市")+"&county="+url.QueryEscape(first.Key))
	if code != http.StatusOK || strings.Count(body, `<a href="/projects/`) != first.Projects || !strings.Contains(body, `id="crumbs"`) {
		t.Errorf("county view of %s (%d projects): %d, %d project links", first.Key, first.Projects, code, strings.Count(body, `<a href="/projects/`))
	}
	code, body = get(t, srv, srv.URL+"/api/v1/projects?year=2024&month=6&city="+url.QueryEscape("赣州市")+"&county="+url.QueryEscape(first.Key))
	var page struct {
		Total int `json:"total"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &page) != nil || page.Total != first.Projects {
		t.Errorf("projects of %s: %d %s", first.Key, code, body)
	}
	checkAnswers(t, srv, []answerCase{
		{"/api/v1/rollup/counties", http.StatusBadRequest, "city 参数必填"},
		{"/api/v1/rollup/counties?city=" + url.QueryEscape("长沙市"), http.StatusBadRequest, "city 参数"},
		{"/api/v1/rollup/counties?city=" + url.QueryEscape("赣州市") + "&month=13", http.StatusBadRequest, "month"},
		{"/county?city=" + url.QueryEscape("赣州市"), http.StatusBadRequest, "county 参数必填"},
		{"/county?county=" + url.QueryEscape("章贡区"), http.StatusBadRequest, "city 参数必填"},
		{"/county?city=" + url.QueryEscape("赣州市") + "&county=" + url.QueryEscape("新建区"), http.StatusNotFound, "没有新建区的项目"},
		{"/county?city=" + url.QueryEscape("赣州市") + "&county=" + strings.Repeat("区", 31), http.StatusBadRequest, "不能超过 30 个字"},
		{"/api/v1/projects?county=" + strings.Repeat("区", 31), http.StatusBadRequest, "不能超过 30 个字"},
	})
}

// answerCase is a request's path and the status and words its answer must have.
type answerCase struct {
	path string
	code int
	word string
}

// checkAnswers GETs each case's path as srv's admin.
func checkAnswers(t *testing.T, srv *httptest.Server, cases []answerCase) {
	t.Helper()
	for _, tc := range cases {
		if code, body := get(t, srv, srv.URL+tc.path); code != tc.code || !strings.Contains(body, tc.word) {
			t.Errorf("%s: %d %.200s", tc.path, code, body)
		}
	}
}
