package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestTargetsAPI: the admin sets, lists and clears targets through
// /api/v1/targets/{year}, audited as the admin from the API; city,
// manager and viewer are refused; bad amounts, years, sectors and cities
// get 400/422 in Chinese naming the field and the bound; the dashboard
// says 未设定目标 until the year has one.
func TestTargetsAPI(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	admin := srv.Client()
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	addUser(t, s, "leader", models.RoleViewer, "")
	addUser(t, s, "builder", models.RoleManager, "")
	u := srv.URL + "/api/v1/targets/2024"
	// The first migration sets 2024's ¥1 trillion: clear it.
	if code, body := status(t, admin, "DELETE", u); code != http.StatusNoContent {
		t.Fatalf("clear 2024's target: %d %s", code, body)
	}

	for _, who := range []string{"nanchang", "leader", "builder"} {
		if code, body := putJSON(t, clientFor(t, srv, who), u, map[string]any{"amount_yuan": 1}); code != http.StatusForbidden {
			t.Errorf("%s setting a target: %d %v", who, code, body)
		}
	}
	if code, body := get(t, srv, srv.URL+"/?year=2024&month=6"); code != 200 || !strings.Contains(body, "未设定目标") ||
		strings.Contains(body, "可完成年度目标") {
		t.Errorf("a year without a target: %d, 未设定目标 %v, 可完成 %v", code, strings.Contains(body, "未设定目标"), strings.Contains(body, "可完成年度目标"))
	}

	for _, bad := range []struct {
		url    string
		body   any
		status int
		field  string
		words  string
	}{
		{u, map[string]any{"amount_yuan": -1}, 422, "amount", "年度目标不能为负数"},
		{u, map[string]any{"amount_yuan": models.MaxAmountYuan + 1}, 422, "amount", boundText},
		{u, map[string]any{"amount_yuan": 1e19}, 422, "amount", "年度目标应为 0 到 " + boundText},
		{u, map[string]any{"amount_yuan": "很多"}, 422, "amount", "年度目标应为"},
		{u, map[string]any{}, 422, "amount", "请填写年度目标金额"},
		{u, map[string]any{"amount_yuan": 5, "sector": "航天"}, 422, "sector", "领域应为以下之一"},
		{u, map[string]any{"amount_yuan": 5, "city": "长沙市"}, 422, "city", "设区市应为以下之一"},
		{u, map[string]any{"amount_yuan": 5, "city": "南昌市", "sector": "能源"}, 422, "city", "只能指定其中之一"},
		{srv.URL + "/api/v1/targets/1999", map[string]any{"amount_yuan": 5}, 422, "year", "2000 到 2100"},
		{srv.URL + "/api/v1/targets/abc", map[string]any{"amount_yuan": 5}, 400, "", "2000 到 2100"},
	} {
		code, body := putJSON(t, admin, bad.url, bad.body)
		msg, field := errorOf(body)
		if code != bad.status || field != bad.field || !strings.Contains(msg, bad.words) {
			t.Errorf("PUT %s %v: %d %q field %q (want %d, %q, field %q)", bad.url, bad.body, code, msg, field, bad.status, bad.words, bad.field)
		}
	}

	code, body := putJSON(t, admin, u, map[string]any{"amount_yuan": 1_050_000_000_000})
	if code != 200 || body["amount_yuan"] != float64(1_050_000_000_000) || body["scope"] != "province" {
		t.Fatalf("set the province's target: %d %v", code, body)
	}
	if code, body = putJSON(t, admin, u, map[string]any{"amount_yuan": 3_000_000_000, "city": "南昌市"}); code != 200 || body["scope_key"] != "南昌市" {
		t.Fatalf("set 南昌市's target: %d %v", code, body)
	}
	code, list := status(t, admin, "GET", u)
	if code != 200 || !strings.Contains(list, `"amount_yuan":1050000000000`) || !strings.Contains(list, `"scope_key":"南昌市"`) {
		t.Fatalf("list: %d %s", code, list)
	}
	if code, _ := status(t, clientFor(t, srv, "leader"), "GET", u); code != 200 {
		t.Errorf("a leader reading the targets: %d", code)
	}
	if code, _ := status(t, clientFor(t, srv, "builder"), "GET", u); code != 403 {
		t.Errorf("a manager reading the targets: %d", code)
	}
	if _, page := get(t, srv, srv.URL+"/?year=2024&month=6"); !strings.Contains(page, "10,500.00") || strings.Contains(page, "未设定目标") {
		t.Errorf("the dashboard after the target was set does not show 10,500.00 亿元")
	}

	entries, _, err := s.Audit(t.Context(), models.AuditFilter{Actor: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	var audited int
	for _, e := range entries {
		if e.Entity == "annual_targets" {
			audited++
			if e.Source != models.SourceAPI || e.RemoteAddr == "" {
				t.Errorf("audit entry %+v", e)
			}
		}
	}
	if audited != 3 {
		t.Errorf("%d audit entries of targets by admin, want 3", audited)
	}

	if code, _ := status(t, admin, "DELETE", u+"?city="+url.QueryEscape("南昌市")); code != http.StatusNoContent {
		t.Fatalf("clear 南昌市's target: %d", code)
	}
	if code, _ := status(t, admin, "DELETE", u+"?city="+url.QueryEscape("南昌市")); code != http.StatusNotFound {
		t.Errorf("clear it again: %d", code)
	}
	if code, _ := status(t, clientFor(t, srv, "nanchang"), "DELETE", u); code != http.StatusForbidden {
		t.Errorf("a city official clearing the target: %d", code)
	}
}

// TestTargetsPage: the admin's form takes 亿元 or 万元, converted exactly;
// a bad amount answers the form again with the message and what was typed.
func TestTargetsPage(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	admin := srv.Client()
	code, _ := postForm(t, admin, srv.URL+"/admin/targets", url.Values{"year": {"2026"}, "sector": {"能源"}, "amount": {"12,345.6789"}, "unit": {"万元"}})
	if code != http.StatusSeeOther {
		t.Fatalf("set by form: %d", code)
	}
	if yuan, ok, _ := s.Target(t.Context(), 2026, models.ScopeSector, "能源"); !ok || yuan != 123_456_789 {
		t.Fatalf("12,345.6789 万元 stored as %d %v", yuan, ok)
	}
	if code, page := get(t, srv, srv.URL+"/admin/targets?year=2026"); code != 200 || !strings.Contains(page, "12,345.68") || !strings.Contains(page, "能源") {
		t.Errorf("the page lists the target: %d", code)
	}
	code, page := postForm(t, admin, srv.URL+"/admin/targets", url.Values{"year": {"2026"}, "amount": {"二十亿"}, "unit": {"亿元"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "年度目标：不是有效的金额") || !strings.Contains(page, `value="二十亿"`) {
		t.Errorf("a bad amount: %d %.300s", code, page)
	}
	code, _ = postForm(t, admin, srv.URL+"/admin/targets", url.Values{"year": {"2026"}, "amount": {"2"}, "unit": {"亿元"}})
	if yuan, _, _ := s.Target(t.Context(), 2026, models.ScopeProvince, ""); code != http.StatusSeeOther || yuan != 200_000_000 {
		t.Errorf("2 亿元: %d, stored %d", code, yuan)
	}
	if code, _ := postForm(t, admin, srv.URL+"/admin/targets/delete", url.Values{"year": {"2026"}, "sector": {"能源"}}); code != http.StatusSeeOther {
		t.Errorf("clear by form: %d", code)
	}
	if _, ok, _ := s.Target(t.Context(), 2026, models.ScopeSector, "能源"); ok {
		t.Error("the sector's target is still set")
	}
	if code, _ := postForm(t, clientFor(t, srv, "admin"), srv.URL+"/admin/targets", url.Values{"year": {"2026"}, "amount": {"1"}}); code != http.StatusSeeOther {
		t.Errorf("a second admin session: %d", code)
	}
}
