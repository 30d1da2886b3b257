package api_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"portfolio/models"
)

// TestBrowserMapDrillDown: the province's dashboard draws the 11 cities
// on the map, each filled with its light's colour; a click on 赣州市 opens
// its dashboard, with its counties' table; a county opens its view with
// its projects; the back button walks back up, each step its own URL.
func TestBrowserMapDrillDown(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	addUser(t, s, "leader", models.RoleViewer, "")
	var cities, filled, ready, title, loc, county, countyTitle, crumbs string
	var rows, figProjects string
	var xy []float64
	run(t, ctx, "map",
		signInAction(srv.URL, "leader"),
		chromedp.Navigate(srv.URL+"/?year=2024&month=6"),
		chromedp.Poll(`document.querySelector('#chart-map') && document.querySelector('#chart-map').getAttribute('data-ready')`, &ready),
		chromedp.Evaluate(`document.querySelector('#chart-map').getAttribute('data-cities')`, &cities),
		// The regions' paths in the three light colours (the SVG renderer
		// writes them as rgb() or hex).
		chromedp.Evaluate(`String([...document.querySelectorAll('#chart-map svg path')].filter(p => {
			const f = (p.getAttribute('fill') || '').replace(/\s/g, '').toLowerCase();
			return ['#188038', '#e8a600', '#d93025', 'rgb(24,128,56)', 'rgb(232,166,0)', 'rgb(217,48,37)'].includes(f);
		}).length)`, &filled),
	)
	if cities != "11" {
		t.Fatalf("the map drew %s of the 11 cities", cities)
	}
	if n, _ := strconv.Atoi(filled); n < 11 {
		t.Errorf("%s regions filled with a light's colour, want 11 or more", filled)
	}
	// Where 赣州市's label point is on the page, as the chart computes it.
	run(t, ctx, "map click",
		chromedp.Evaluate(`(() => { const el = document.querySelector('#chart-map'); el.scrollIntoView(); const r = el.getBoundingClientRect(); const c = echarts.getInstanceByDom(el); const p = c.convertToPixel({ geoIndex: 0 }, [114.94, 25.85]); return [r.left + p[0], r.top + p[1]]; })()`, &xy),
	)
	run(t, ctx, "city view",
		chromedp.MouseClickXY(xy[0], xy[1]),
		chromedp.WaitVisible(`#by-county`),
		textOf(`#dashboard-title`, &title),
		chromedp.Location(&loc),
		chromedp.Evaluate(`document.querySelector('#by-county tbody tr a').textContent`, &county),
	)
	if !strings.HasPrefix(title, "赣州市") || query(t, loc).Get("city") != "赣州市" {
		t.Fatalf("after the click on 赣州市: %q at %s", title, loc)
	}
	run(t, ctx, "county view",
		chromedp.Click(`#by-county tbody tr a`),
		chromedp.WaitVisible(`#county-title`),
		textOf(`#county-title`, &countyTitle),
		textOf(`#crumbs`, &crumbs),
		textOf(`#fig-projects`, &figProjects),
		chromedp.Evaluate(`String(document.querySelectorAll('#county-projects tbody tr').length)`, &rows),
		chromedp.Location(&loc),
	)
	if !strings.Contains(countyTitle, "赣州市 "+county) || !strings.Contains(crumbs, "全省") || query(t, loc).Get("county") != county {
		t.Errorf("county view: %q, trail %q at %s", countyTitle, crumbs, loc)
	}
	if rows == "0" || rows != figProjects {
		t.Errorf("county view: %s project rows for %s projects", rows, figProjects)
	}
	// Back to the city, then to the province: the history holds each view.
	var backTitle string
	run(t, ctx, "back",
		// history.back() as the button does; chromedp's NavigateBack waits
		// for a load event that a page restored from the back-forward
		// cache does not send.
		chromedp.Evaluate(`setTimeout(() => history.back(), 0)`, nil),
		pollAcross(`!document.querySelector('#county-title') && document.querySelector('#by-county') && document.querySelector('#dashboard-title').textContent`, &backTitle),
		chromedp.Evaluate(`setTimeout(() => history.back(), 0)`, nil),
		pollAcross(`document.querySelector('#chart-map') && document.querySelector('#chart-map').getAttribute('data-ready') && document.querySelector('#dashboard-title').textContent.trim()`, &title),
	)
	if !strings.HasPrefix(backTitle, "赣州市") || !strings.HasPrefix(title, "全省") {
		t.Errorf("back: %q, then %q", backTitle, title)
	}
	// A city's name in the table beside the map opens it too.
	run(t, ctx, "table link",
		chromedp.Evaluate(`setTimeout(() => document.querySelector('#by-city tbody tr:first-child a').click(), 0)`, nil),
		pollAcross(`document.querySelector('#by-county') && document.querySelector('#dashboard-title').textContent`, &title),
	)
	if !strings.HasPrefix(title, "南昌市") {
		t.Errorf("the table's first city opens %q", title)
	}
	if e := errs.all(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// query is the query of a page's address.
func query(t *testing.T, loc string) url.Values {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// pollAcross evaluates expr until it gives a non-empty string, across a
// navigation (chromedp.Poll fails when the page it polls goes away).
func pollAcross(expr string, out *string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var v any
			// A page restored from the back-forward cache can leave an
			// evaluation without an answer: each try has its own deadline.
			try, cancel := context.WithTimeout(ctx, 2*time.Second)
			err := chromedp.Evaluate(expr, &v).Do(try)
			cancel()
			if err == nil {
				if s, ok := v.(string); ok && s != "" {
					*out = s
					return nil
				}
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}
