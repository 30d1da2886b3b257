package api_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"portfolio/models"
)

// pageFit is what a page measures at one width: the document's width,
// the nav links whose words break over two lines, and the dashboard's
// charts that share a row.
type pageFit struct {
	ScrollWidth int      `json:"scrollWidth"`
	BrokenNav   []string `json:"brokenNav"`
	ChartRows   int      `json:"chartRows"`
	Charts      int      `json:"charts"`
	Viewport    bool     `json:"viewport"`
	// SmallControls are the report form's fields, pickers and buttons
	// under 16 px text (a phone zooms into them) or 40 px height (too
	// small a target for a thumb).
	SmallControls []string `json:"smallControls"`
	// Folded are table cells whose text runs two characters a line or
	// fewer over four lines or more: a column squeezed until its words
	// stand one character a line.
	Folded []string `json:"folded"`
}

// measureFit reads a pageFit in the page. A nav link's text is broken when
// its text covers more than one line box; charts are one a row when no two
// share a top edge.
const measureFit = `(() => {
  const broken = [...document.querySelectorAll('header nav a')].filter(a => {
    const r = document.createRange(); r.selectNodeContents(a);
    return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1;
  }).map(a => a.textContent.trim());
  const charts = [...document.querySelectorAll('#charts .chart')];
  const tops = new Set(charts.map(c => Math.round(c.getBoundingClientRect().top)));
  const small = [...document.querySelectorAll('#report-form :is(input,textarea,select,button), #period-form :is(input,select,button)')]
    .filter(e => e.type !== 'hidden' && (parseFloat(getComputedStyle(e).fontSize) < 16 || e.getBoundingClientRect().height < 40))
    .map(e => e.name || e.id || e.tagName);
  const folded = [...document.querySelectorAll('main td')].filter(td => td.offsetParent !== null).filter(td => {
    const text = td.innerText.trim(); if (text.length < 4) return false;
    const tops = new Set(), walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim()) continue; // the spaces between a cell's controls
      const r = document.createRange(); r.selectNodeContents(n);
      for (const x of r.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top));
    }
    const lines = tops.size;
    return lines >= 4 && text.replace(/\s/g, '').length <= 2.5 * lines;
  }).map(td => td.innerText.trim().slice(0, 12));
  return {smallControls: small, folded: folded, scrollWidth: document.documentElement.scrollWidth, brokenNav: broken,
    chartRows: tops.size, charts: charts.length,
    viewport: !!document.querySelector('meta[name=viewport][content*="width=device-width"]')};
})()`

// phonePages are the pages each demo role reaches from the nav, with a
// project of its own and its report form.
func phonePages(role string, project int64) []string {
	p := "/projects/" + strconv.FormatInt(project, 10)
	switch role {
	case models.RoleManager:
		return []string{"/projects", "/problems", p, p + "/report"}
	case models.RoleViewer:
		return []string{"/", "/projects", "/problems", p}
	case models.RoleCity:
		return []string{"/", "/projects", "/problems", p, p + "/report", "/imports", "/approvals", "/audit"}
	}
	return []string{"/", "/projects", "/problems", p, p + "/report", "/imports", "/approvals", "/audit", "/admin/users"}
}

// TestBrowserEveryPageFitsAPhone: every page each role reaches works at
// 390 px: a viewport meta, no horizontal scroll of the page, nav words
// unbroken, the dashboard's charts one a row; at 1440 px the charts share
// rows again. With PORTFOLIO_SCREENSHOTS set, each page is saved at both
// widths for a person to look at.
func TestBrowserEveryPageFitsAPhone(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	var project int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE year = 2024 AND city = '南昌市' AND annual_plan_yuan > 0 ORDER BY id LIMIT 1").Scan(&project)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	addUser(t, s, "leader", models.RoleViewer, "")
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	if err := s.Assign(context.Background(), mgr.ID, project, models.Who{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RaiseProblem(context.Background(), models.ProblemInput{ProjectID: project, Category: "征迁", Description: "沿线房屋征收补偿未谈妥，施工便道无法贯通",
		Department: "县（市、区）人民政府", DueOn: "2024-06-30"}, time.Now(), models.Who{Actor: "builder"}); err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{"admin": models.RoleAdmin, "nanchang": models.RoleCity, "builder": models.RoleManager, "leader": models.RoleViewer}
	for _, name := range []string{"admin", "nanchang", "builder", "leader"} {
		run(t, ctx, "sign-in-"+name, network.ClearBrowserCookies(), signInAction(srv.URL, name))
		for _, path := range phonePages(roles[name], project) {
			checkFit(t, ctx, srv.URL, name, path)
		}
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}

// checkFit opens one page at 390 and at 1440 px and checks its fit.
func checkFit(t *testing.T, ctx context.Context, base, who, path string) {
	t.Helper()
	for _, width := range []int64{390, 1440} {
		var fit pageFit
		name := fmt.Sprintf("%s-%s-%d", who, strings.NewReplacer("/", "_").Replace(strings.Trim(path, "/")), width)
		run(t, ctx, "fit-"+name,
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(base+path),
			chromedp.WaitReady("main"),
			// The charts and the map drawn: the map is sized by its container, as
			// the table beside it may widen the row (a track of minmax(0, 1fr) keeps it).
			chromedp.Poll(`(!document.getElementById('charts') || document.getElementById('charts').getAttribute('data-ready')) && (!document.getElementById('chart-map') || document.getElementById('chart-map').getAttribute('data-ready'))`, nil),
			chromedp.Evaluate(measureFit, &fit),
		)
		saveShot(t, ctx, name)
		if !fit.Viewport {
			t.Errorf("%s %s: no viewport meta", who, path)
		}
		if width == 390 && fit.ScrollWidth > 390 {
			t.Errorf("%s %s at 390 px: the page is %d px wide", who, path, fit.ScrollWidth)
		}
		if width == 390 && len(fit.SmallControls) > 0 {
			t.Errorf("%s %s at 390 px: report form controls too small for a phone: %v", who, path, fit.SmallControls)
		}
		if len(fit.Folded) > 0 {
			t.Errorf("%s %s at %d px: table cells folded a character or two a line: %q", who, path, width, fit.Folded)
		}
		if len(fit.BrokenNav) > 0 {
			t.Errorf("%s %s at %d px: nav links broken over lines: %v", who, path, width, fit.BrokenNav)
		}
		if width == 390 && fit.ChartRows != fit.Charts {
			t.Errorf("%s %s at 390 px: %d charts in %d rows; want one a row", who, path, fit.Charts, fit.ChartRows)
		}
		if width == 1440 && fit.Charts >= 3 && fit.ChartRows == fit.Charts { // the province's: sector and city side by side
			t.Errorf("%s %s at 1440 px: %d charts each on its own row", who, path, fit.Charts)
		}
	}
}

// saveShot keeps a full-page screenshot when PORTFOLIO_SCREENSHOTS names a directory.
func saveShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PORTFOLIO_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	run(t, ctx, "shot-"+name, chromedp.FullScreenshot(&png, 100)) // 100: a PNG
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
