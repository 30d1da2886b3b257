package api_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/models"
)

// TestBrowserTargetSetOnThePage: a year without a target says 未设定目标,
// draws no target line and promises nothing; the admin sets the
// province's and a sector's targets on /admin/targets and the dashboard
// shows them, the sector table with 目标 and 未设定 for the others.
func TestBrowserTargetSetOnThePage(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	if err := s.DeleteTarget(t.Context(), 2024, models.ScopeProvince, "", models.Who{Actor: "test", Source: models.SourceCLI}); err != nil {
		t.Fatal(err)
	}
	var unset, forecast, legend, notice, target, head, energy, water, ready string
	run(t, ctx, "no-target",
		signInAction(srv.URL, "admin"),
		chromedp.Navigate(srv.URL+"/?year=2024&month=9"),
		chromedp.Poll(`document.querySelector('#charts').getAttribute('data-ready')`, &ready),
		textOf(`#fig-target`, &unset),
		chromedp.Evaluate(`document.querySelector('main').innerText`, &forecast),
		chromedp.Evaluate(`document.querySelector('#chart-months').textContent`, &legend),
	)
	if unset != "未设定目标" || strings.Contains(forecast, "可完成年度目标") || !strings.Contains(forecast, "未设定年度目标") || strings.Contains(legend, "目标时序线") {
		t.Errorf("a year without a target: figure %q, 可完成 %v, target line %v", unset,
			strings.Contains(forecast, "可完成年度目标"), strings.Contains(legend, "目标时序线"))
	}
	run(t, ctx, "set-targets",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(`header nav a[href="/admin/targets"]`),
		chromedp.WaitVisible(`#set-target`),
		chromedp.SetValue(`#set-target input[name=year]`, "2024"),
		chromedp.SendKeys(`#set-target input[name=amount]`, "9876.5"),
		chromedp.Click(`#set-target button`),
		chromedp.WaitVisible(`#targets-notice`),
		textOf(`#targets-notice`, &notice),
		chromedp.SetValue(`#set-target select[name=sector]`, "能源"),
		chromedp.SetValue(`#set-target select[name=unit]`, "万元"),
		chromedp.SendKeys(`#set-target input[name=amount]`, "1,234,567.8"),
		// Waited for by the row it writes, not by the notice the page
		// shows already (a navigation would race the form's).
		chromedp.Click(`#set-target button`),
		chromedp.WaitVisible(`#targets tr[data-scope="sector:能源"]`),
		chromedp.Navigate(srv.URL+"/?year=2024&month=9"),
		chromedp.Poll(`document.querySelector('#charts').getAttribute('data-ready')`, &ready),
		textOf(`#fig-target`, &target),
		chromedp.Evaluate(`document.querySelector('#chart-months').textContent`, &legend),
		textOf(`#by-sector thead`, &head),
		chromedp.Evaluate(`[...document.querySelectorAll('#by-sector tbody tr')].find(r => r.cells[0].textContent === '能源').innerText`, &energy),
		chromedp.Evaluate(`[...document.querySelectorAll('#by-sector tbody tr')].find(r => r.cells[0].textContent === '水利').innerText`, &water),
	)
	if !strings.Contains(notice, "目标已保存") || target != "9,876.50" || !strings.Contains(legend, "目标时序线") {
		t.Errorf("after setting 9876.5 亿元: notice %q, figure %q, target line %v", notice, target, strings.Contains(legend, "目标时序线"))
	}
	if !strings.Contains(head, "目标（亿元）") || !strings.Contains(head, "完成目标") || !strings.Contains(energy, "123.46") || !strings.Contains(water, "未设定") {
		t.Errorf("sector table: head %q, 能源 %q, 水利 %q", head, energy, water)
	}
	if yuan, _, _ := s.Target(t.Context(), 2024, models.ScopeSector, "能源"); yuan != 12_345_678_000 {
		t.Errorf("1,234,567.8 万元 stored as %d yuan", yuan)
	}
	if e := errs.all(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// TestBrowserCityOfficialsDashboard: nanchang's dashboard opens on 南昌市
// (its figures, charts and lagging projects only, no table of cities),
// with a switch to the province that keeps the period.
func TestBrowserCityOfficialsDashboard(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	var title, picked, cities, src, after, afterPicked, url, ready string
	run(t, ctx, "nanchang",
		signInAction(srv.URL, "nanchang"),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Poll(`document.querySelector('#charts').getAttribute('data-ready')`, &ready),
		textOf(`#dashboard-title`, &title),
		chromedp.Value(`#pick-city`, &picked),
		chromedp.Evaluate(`[...new Set([...document.querySelectorAll('#lagging tbody tr')].map(r => r.cells[2].textContent))].join(',')`, &cities),
		chromedp.Evaluate(`document.querySelector('#charts').getAttribute('data-src')`, &src),
		chromedp.Click(`#switch-province`),
		// The cities' table is the province's only (not the title, which
		// the city's page has too).
		chromedp.WaitVisible(`#by-city`),
		textOf(`#dashboard-title`, &after),
		chromedp.Value(`#pick-city`, &afterPicked),
		chromedp.Location(&url),
	)
	if !strings.HasPrefix(title, "南昌市") || picked != "南昌市" || cities != "南昌市" || !strings.Contains(src, "city=") {
		t.Errorf("nanchang's dashboard: title %q, picker %q, lagging cities %q, charts %q", title, picked, cities, src)
	}
	if !strings.HasPrefix(after, "全省") || afterPicked != "全省" || !strings.Contains(url, "year=") {
		t.Errorf("after the switch: title %q, picker %q at %s", after, afterPicked, url)
	}
	if e := errs.all(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}
