package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"portfolio/models"
)

// TestBrowserProjectPageShowsOverrunAndDelay: on the demo, a project
// over its 2023 total and with a moved 开工 shows its overrun, its moved
// milestone and its place in the table, all inside the page at 390 and
// at 1440 px; the projects list's 超概算 box narrows the list to it and
// its likes.
func TestBrowserProjectPageShowsOverrunAndDelay(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	var id int64
	s.DB().Raw(`SELECT n.project_id FROM plan_entries n JOIN plan_entries o ON o.project_id = n.project_id AND o.year = 2023
WHERE n.year = 2024 AND n.total_investment_yuan > o.total_investment_yuan ORDER BY n.id LIMIT 1`).Scan(&id)
	if id == 0 {
		t.Fatal("the demo has no project over its 2023 total")
	}
	now := time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveMilestone(context.Background(), models.MilestoneInput{ProjectID: id, Kind: "开工", PlannedOn: "2024-03-01"}, now, models.Who{Actor: "admin"}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "sign-in", signInAction(srv.URL, "admin"))
	path := fmt.Sprintf("/projects/%d?year=2024&month=9", id)
	// The official moves the 开工 on the page (改期).
	run(t, ctx, "replan",
		chromedp.Navigate(srv.URL+path),
		chromedp.WaitVisible(`form.replan`),
		chromedp.SetValue(`form.replan input[name=planned_on]`, "2024-06-30"),
		chromedp.Submit(`form.replan`),
		chromedp.WaitVisible(`#saved`),
	)
	checkFit(t, ctx, srv.URL, "admin", path)
	for _, width := range []int64{390, 1440} {
		var text, cell string
		var right float64
		run(t, ctx, fmt.Sprintf("slippage-%d", width),
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(srv.URL+path),
			chromedp.WaitVisible("#slippage"),
			textOf("#slippage", &text),
			textOf("#milestone-table .slip", &cell),
			chromedp.Evaluate(`Math.max(...[...document.querySelectorAll('#slippage li, #milestone-table .slip')].map(e => e.getBoundingClientRect().right))`, &right),
		)
		for _, w := range []string{"超概算 ", "万元（+", "开工 原计划 2024-03-01，现计划 2024-06-30，推迟 121 天"} {
			if !strings.Contains(text, w) {
				t.Errorf("at %d px the slippage says %q, lacking %q", width, text, w)
			}
		}
		if cell != "（原计划 2024-03-01，推迟 121 天）" || right > float64(width) {
			t.Errorf("at %d px: milestone cell %q, text reaching %.0f px", width, cell, right)
		}
	}
	var url, counts string
	run(t, ctx, "filter",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(srv.URL+"/projects?year=2024&month=9"),
		chromedp.Click(`input[name=overrun]`),
		chromedp.Evaluate(`document.body.dataset.before = '1'`, nil), // gone once the next page is in
		chromedp.Submit(`form.filters`),
		chromedp.WaitVisible(`body:not([data-before]) #slip-counts`),
		chromedp.Location(&url),
		textOf("#slip-counts", &counts),
	)
	if !strings.Contains(url, "overrun=1") || !strings.Contains(counts, "其中超概算") {
		t.Errorf("after ticking 超概算: %s, %q", url, counts)
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
