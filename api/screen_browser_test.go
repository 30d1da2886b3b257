package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// TestBrowserScreen: the meeting-room screen shows the rollup's big
// figures in large type on a dark ground, the 11 cities' map, the
// monthly curve, the lagging projects and the month's problems; it
// reloads itself at ?refresh=; its button puts it in full-screen mode; a
// click on a city opens that city's screen.
func TestBrowserScreen(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	addUser(t, s, "leader", models.RoleViewer, "")
	var project int64
	s.DB().Raw("SELECT project_id FROM plan_entries WHERE year = 2024 ORDER BY id LIMIT 1").Scan(&project)
	if _, err := s.RaiseProblem(context.Background(), models.ProblemInput{ProjectID: project, Category: "征迁", Description: "沿线房屋征收未完成",
		Level: province.LevelProvince, DueOn: "2024-06-30"}, time.Now(), models.Who{Actor: "admin"}); err != nil {
		t.Fatal(err)
	}
	code, body := get(t, srv, srv.URL+"/api/v1/rollup")
	var r report.Rollup
	if code != http.StatusOK || json.Unmarshal([]byte(body), &r) != nil {
		t.Fatalf("rollup: %d %s", code, body)
	}
	var ready, cities, completed, lagging, problems, ledger, bg, size, reloaded, full string
	run(t, ctx, "screen",
		signInAction(srv.URL, "leader"),
		chromedp.Navigate(srv.URL+"/screen?refresh=5"),
		chromedp.Poll(`document.querySelector('#charts').getAttribute('data-ready')`, &ready),
		chromedp.Evaluate(`document.querySelector('#chart-map').getAttribute('data-cities')`, &cities),
		textOf(`#big-completed`, &completed),
		chromedp.Evaluate(`String(document.querySelectorAll('#screen-lagging li:not(.none)').length)`, &lagging),
		chromedp.Evaluate(`[...document.querySelectorAll('#screen-problems li:not(.none)')].map(li => li.textContent).join('|')`, &problems),
		textOf(`#screen-ledger`, &ledger),
		chromedp.Evaluate(`getComputedStyle(document.body).backgroundColor`, &bg),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('#big-completed')).fontSize`, &size),
		chromedp.Evaluate(`window.notReloaded = true; 'marked'`, nil),
	)
	if cities != "11" || completed != report.Yi(r.CompletedYuan) || lagging == "0" ||
		!strings.Contains(problems, "征迁：沿线房屋征收未完成（省级，已逾期）") || ledger != "未解决 1 个，逾期 1 个" {
		t.Errorf("screen: map %s cities, completed %q (rollup %s), %s lagging, problems %q (%q)", cities, completed, report.Yi(r.CompletedYuan), lagging, problems, ledger)
	}
	if px, _ := strconv.ParseFloat(strings.TrimSuffix(size, "px"), 64); bg != "rgb(10, 17, 29)" || px < 40 {
		t.Errorf("screen: background %s, big figures at %s", bg, size)
	}
	run(t, ctx, "reload",
		pollAcross(`window.notReloaded ? '' : (document.querySelector('#charts') && document.querySelector('#charts').getAttribute('data-ready'))`, &reloaded),
	)
	// The rest on a screen that does not reload under the test's hands
	// (a reload in the middle of a click can leave chromedp waiting).
	run(t, ctx, "full screen",
		chromedp.Navigate(srv.URL+"/screen?refresh=3600"),
		chromedp.Poll(`document.querySelector('#charts').getAttribute('data-ready')`, &ready),
		chromedp.Click(`#go-full`),
		chromedp.Poll(`document.fullscreenElement ? 'yes' : null`, &full),
	)
	var title string
	var xy []float64
	run(t, ctx, "city screen",
		chromedp.Evaluate(`document.exitFullscreen().then(() => 'ok')`, nil, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		// The window's resize event redraws the map after the promise: wait
		// until the map is drawn at its container's size, the same twice,
		// before reading where 赣州市 is (a click at the full-screen
		// coordinates missed it under the race detector).
		chromedp.Poll(`(() => {
			const el = document.querySelector('#chart-map'), c = echarts.getInstanceByDom(el);
			const now = c.getWidth() + 'x' + c.getHeight(), same = window.lastMapSize === now;
			window.lastMapSize = now;
			return !document.fullscreenElement && c.getWidth() === el.clientWidth && c.getHeight() === el.clientHeight && same ? now : null;
		})()`, nil, chromedp.WithPollingInterval(200*time.Millisecond)),
		chromedp.Evaluate(`(() => {
			const el = document.querySelector('#chart-map'), r = el.getBoundingClientRect(), c = echarts.getInstanceByDom(el);
			const p = c.convertToPixel({ geoIndex: 0 }, [114.94, 25.85]);
			return [r.left + p[0], r.top + p[1]];
		})()`, &xy),
	)
	run(t, ctx, "city click",
		chromedp.MouseClickXY(xy[0], xy[1]),
		pollAcross(`location.search.includes('city=') && document.querySelector('#screen-title') && document.querySelector('#screen-title').textContent`, &title),
	)
	if !strings.HasPrefix(title, "赣州市") {
		t.Errorf("a click on 赣州市 opens %q", title)
	}
	if e := errs.all(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}
