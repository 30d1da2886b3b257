package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/models/storetest"
)

// TestBrowserScheduleInOneStep: the admin uploads another server's
// exported 调度表 on the imports page of an empty one. The preview says
// it carries the plan and the month and counts both parts, at a desktop's
// width and a phone's (no sideways scrolling); one confirm writes both,
// and the imports list names the one batch.
func TestBrowserScheduleInOneStep(t *testing.T) {
	ctx, errs := browser(t)
	src := storetest.SQLite(t)
	seed(t, src)
	a := newServer(t, src)
	code, sched := get(t, a, a.URL+"/api/v1/export.xlsx?year=2024&month=6")
	if code != 200 {
		t.Fatalf("export %d", code)
	}
	file := filepath.Join(t.TempDir(), "2024年1-6月调度表.xlsx")
	if err := os.WriteFile(file, []byte(sched), 0o600); err != nil {
		t.Fatal(err)
	}
	b := newServer(t, storetest.SQLite(t))

	run(t, ctx, "sign-in", signInAction(b.URL, "admin"))
	var heading, parts string
	run(t, ctx, "upload",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(b.URL+"/imports"),
		chromedp.WaitVisible(`#upload`),
		chromedp.SetUploadFiles(`input[type=file]`, []string{file}),
		chromedp.Submit(`#upload`),
		chromedp.WaitVisible(`#parts`),
		textOf(`section.file h3`, &heading),
		textOf(`#parts`, &parts),
	)
	if !strings.Contains(heading, "2024年1-6月调度表，含年度计划") ||
		!strings.Contains(parts, "年度计划：新增 2，更新 0，未变 0") || !strings.Contains(parts, "6月完成投资：新增 1，更新 0，未变 1") {
		t.Fatalf("the preview says %q and %q", heading, parts)
	}
	saveShot(t, ctx, "schedule-preview-1440")
	var scrollWidth int64
	run(t, ctx, "phone",
		chromedp.EmulateViewport(390, 844),
		chromedp.Reload(),
		chromedp.WaitVisible(`#parts`),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth),
	)
	saveShot(t, ctx, "schedule-preview-390")
	if scrollWidth > 390 {
		t.Errorf("390 px: the preview scrolls sideways (%d px wide)", scrollWidth)
	}
	var batch string
	run(t, ctx, "apply",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Click(`#apply`),
		chromedp.WaitVisible(`#upload`),
		textOf(`table tbody tr`, &batch),
	)
	saveShot(t, ctx, "schedule-applied-1440")
	if !strings.Contains(batch, "2024年计划及6月调度") {
		t.Fatalf("the imports list's first batch: %q", batch)
	}
	var plan, done int64
	if err := src.DB().Raw("SELECT CAST(SUM(annual_plan_yuan) AS BIGINT) FROM plan_entries WHERE year = 2024").Scan(&plan).Error; err != nil {
		t.Fatal(err)
	}
	got := rollupOf(t, b)
	if err := src.DB().Raw("SELECT CAST(SUM(completed_yuan) AS BIGINT) FROM monthly_reports WHERE year = 2024").Scan(&done).Error; err != nil {
		t.Fatal(err)
	}
	if got.PlanYuan != plan || got.CompletedYuan != done || got.Projects != 2 {
		t.Fatalf("after the one confirm %+v; the source's plan %d, completed %d", got, plan, done)
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
