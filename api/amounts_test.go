package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// boundText is the bound as every refusal of a too large amount states it.
const boundText = "1,000,000,000.00 万元（10 万亿元）"

// errorOf is the {"error": {"message", "field"}} of a refusal.
func errorOf(body map[string]any) (msg, field string) {
	e, _ := body["error"].(map[string]any)
	msg, _ = e["message"].(string)
	if d, ok := e["details"].(map[string]any); ok {
		field, _ = d["field"].(string)
	}
	return msg, field
}

func putJSON(t *testing.T, c *http.Client, u string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPut, u, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	c2 := *c
	c2.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c2.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// amountsServer is the seed with a manager on the school and Nanchang's
// and Jiujiang's officials; it returns the school's and the rail's ids.
func amountsServer(t *testing.T, s *models.Store) (srv *httptest.Server, school, rail int64) {
	t.Helper()
	seed(t, s)
	srv = newServer(t, s)
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '南昌市'").Scan(&school)
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE city = '跨设区市'").Scan(&rail)
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	if err := s.Assign(t.Context(), mgr.ID, school, models.Who{}); err != nil {
		t.Fatal(err)
	}
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	addUser(t, s, "jiujiang", models.RoleCity, "九江市")
	return srv, school, rail
}

// TestReportAmountBound: a report of 2^63−1 yuan (which the old check
// `others + completed > remaining` let through by wrapping negative) is a
// 422 naming the field and the bound, through JSON and the form; the
// bound itself is accepted; texts are counted in characters.
func TestReportAmountBound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv, school, _ := amountsServer(t, s)
		m := clientFor(t, srv, "builder")
		reports := srv.URL + "/api/v1/projects/" + strconv.FormatInt(school, 10) + "/reports"
		code, body := sendJSON(t, m, reports, map[string]any{"year": 2024, "month": 5, "completed_yuan": int64(math.MaxInt64)})
		if msg, field := errorOf(body); code != 422 || field != "completed" || msg != "本月完成投资不能超过 "+boundText {
			t.Fatalf("2^63−1 by JSON: %d %v", code, body)
		}
		code, page := postForm(t, m, srv.URL+"/projects/"+strconv.FormatInt(school, 10)+"/report",
			url.Values{"year": {"2024"}, "month": {"5"}, "completed_wan": {"922337203685477.5807"}})
		if code != 422 || !strings.Contains(page, "本月完成投资：金额不能超过 "+boundText) {
			t.Fatalf("2^63−1 by the form: %d %.400s", code, page)
		}
		if code, body := sendJSON(t, m, reports, map[string]any{"year": 2024, "month": 4, "completed_yuan": models.MaxAmountYuan + 1}); code != 422 {
			t.Fatalf("a yuan over the bound: %d %v", code, body)
		}
		// Past int64 itself, the decoder refuses; the answer still names the field and the bound.
		res, err := m.Post(reports, "application/json", strings.NewReader(`{"year": 2024, "month": 4, "completed_yuan": 1e19}`))
		if err != nil {
			t.Fatal(err)
		}
		var past map[string]any
		_ = json.NewDecoder(res.Body).Decode(&past)
		res.Body.Close()
		if msg, field := errorOf(past); res.StatusCode != 422 || field != "completed" || !strings.Contains(msg, boundText) {
			t.Fatalf("1e19: %d %v", res.StatusCode, past)
		}
		long := strings.Repeat("进", models.MaxLongText+1)
		code, body = sendJSON(t, m, reports, map[string]any{"year": 2024, "month": 4, "completed_yuan": 1, "progress": long})
		if msg, field := errorOf(body); code != 422 || field != "progress" || !strings.Contains(msg, "形象进度不能超过 2,000 个字") {
			t.Fatalf("2,001 characters of progress: %d %v", code, body)
		}
		code, body = sendJSON(t, m, reports, map[string]any{"year": 2024, "month": 4, "completed_yuan": 1, "problems": long})
		if _, field := errorOf(body); code != 422 || field != "problems" {
			t.Fatalf("2,001 characters of problems: %d %v", code, body)
		}
		// 2,000 Chinese characters are 6,000 bytes: counted as characters they pass.
		code, body = sendJSON(t, m, reports, map[string]any{"year": 2024, "month": 4, "completed_yuan": models.MaxAmountYuan, "progress": long[:len(long)-len("进")]})
		if code != 201 || body["completed_yuan"] != float64(models.MaxAmountYuan) {
			t.Fatalf("the bound itself and 2,000 characters: %d %v", code, body)
		}
	})
}

// TestPlanEditAndMilestoneBounds: a plan edit of completed_before_yuan =
// 2^63−1 (accepted on the old main: the sum with the annual plan wrapped
// below the total) is a 422 naming the field and the bound, from JSON and
// the form; a milestone's note is bounded in characters.
func TestPlanEditAndMilestoneBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv, school, _ := amountsServer(t, s)
		nc := clientFor(t, srv, "nanchang")
		plan := srv.URL + "/api/v1/projects/" + strconv.FormatInt(school, 10) + "/plan"
		edit := map[string]any{"year": 2024, "stage": "new_start", "total_investment_yuan": 2_000_000_000,
			"completed_before_yuan": int64(math.MaxInt64), "annual_plan_yuan": 1_100_000_000, "version": 1}
		code, body := putJSON(t, nc, plan, edit)
		if msg, field := errorOf(body); code != 422 || field != "completed_before" || msg != "截至上年底累计完成不能超过 "+boundText {
			t.Fatalf("completed before 2^63−1: %d %v", code, body)
		}
		for _, f := range []string{"total_investment_yuan", "annual_plan_yuan"} {
			e := map[string]any{"year": 2024, "stage": "new_start", "total_investment_yuan": 0, "completed_before_yuan": 0, "annual_plan_yuan": 0, "version": 1}
			e[f] = int64(math.MaxInt64)
			if code, body := putJSON(t, nc, plan, e); code != 422 || !strings.Contains(body["error"].(map[string]any)["message"].(string), boundText) {
				t.Fatalf("%s 2^63−1: %d %v", f, code, body)
			}
		}
		code, page := postForm(t, nc, srv.URL+"/projects/"+strconv.FormatInt(school, 10)+"/plan", url.Values{"year": {"2024"}, "stage": {"new_start"},
			"total_wan": {"0"}, "before_wan": {"922337203685477.5807"}, "plan_wan": {"100"}, "version": {"1"}})
		if code != 422 || !strings.Contains(page, boundText) {
			t.Fatalf("completed before 2^63−1 by the form: %d %.300s", code, page)
		}
		e := map[string]any{"year": 2024, "stage": "new_start", "total_investment_yuan": 0, "completed_before_yuan": 0, "annual_plan_yuan": 0,
			"note": strings.Repeat("注", models.MaxLongText+1), "version": 1}
		if code, body := putJSON(t, nc, plan, e); code != 422 {
			t.Fatalf("a note of 2,001 characters: %d %v", code, body)
		}
		ms := srv.URL + "/api/v1/projects/" + strconv.FormatInt(school, 10) + "/milestones"
		code, body = sendJSON(t, nc, ms, map[string]any{"kind": "开工", "planned_on": "2024-06-01", "note": strings.Repeat("注", models.MaxLongText+1)})
		if msg, field := errorOf(body); code != 422 || field != "note" || !strings.Contains(msg, "2,000") {
			t.Fatalf("a milestone note of 2,001 characters: %d %v", code, body)
		}
		code, body = sendJSON(t, nc, ms, map[string]any{"kind": strings.Repeat("节", models.MaxShortText+1), "planned_on": "2024-06-01"})
		if _, field := errorOf(body); code != 422 || field != "kind" {
			t.Fatalf("a milestone name of 201 characters: %d %v", code, body)
		}
	})
}
