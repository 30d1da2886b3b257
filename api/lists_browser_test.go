package api_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/models"
)

// TestBrowserProjectListAndPage: at 1440 and 390 px the list shows its 合计
// row and 序号 across pages, the page jump goes to the page asked, and a
// project page lists its reports newest first with its light reason in
// words; at 390 px the page itself never scrolls sideways (tables scroll
// in their own box).
func TestBrowserProjectListAndPage(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	run(t, ctx, "sign-in", signInAction(srv.URL, "admin"))
	var id int64
	s.DB().Raw(`SELECT e.project_id FROM plan_entries e WHERE e.year = 2024 AND e.annual_plan_yuan > 0
		AND (SELECT COUNT(*) FROM monthly_reports r WHERE r.project_id = e.project_id AND r.year = 2024) >= 3 ORDER BY e.id LIMIT 1`).Scan(&id)
	reason := regexp.MustCompile(`^完成率 \d+\.\d%，(落后时序进度 \d+\.\d 个百分点|超过时序进度 \d+\.\d 个百分点|达到时序进度 \d+\.\d%)`)
	for _, width := range []int64{1440, 390} {
		w := strconv.FormatInt(width, 10)
		var total, firstNo, jumpedNo string
		var scroll int
		run(t, ctx, "list-"+w,
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(srv.URL+"/projects?year=2024&month=9&per_page=20&page=2"),
			chromedp.WaitVisible(`#projects`),
			textOf(`#total-row td:first-child`, &total),
			textOf(`#projects tbody tr:first-child td:first-child`, &firstNo),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
		)
		if total != "合计" || firstNo != "21" {
			t.Fatalf("%s px: 合计 row %q, first 序号 on page 2 %q", w, total, firstNo)
		}
		if width == 390 && scroll > 390 {
			t.Fatalf("the list scrolls sideways at 390 px: scrollWidth %d", scroll)
		}
		run(t, ctx, "jump-"+w,
			chromedp.SetValue(`#page-jump input[name=page]`, "4"),
			chromedp.Submit(`#page-jump`),
			chromedp.WaitVisible(`#page-jump input[name=page][value="4"]`),
			textOf(`#projects tbody tr:first-child td:first-child`, &jumpedNo),
		)
		if jumpedNo != "61" {
			t.Fatalf("%s px: after the jump to page 4 the first 序号 is %q", w, jumpedNo)
		}
		var months []string
		var why string
		run(t, ctx, "project-"+w,
			chromedp.Navigate(fmt.Sprintf("%s/projects/%d?year=2024&month=9", srv.URL, id)),
			chromedp.WaitVisible(`#reports`),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('#reports tbody tr td:first-child')).map(td => td.textContent.trim())`, &months),
			textOf(`#light-reasons li`, &why),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
		)
		if len(months) < 3 || months[0] != "2024年9月" || months[1] != "2024年8月" {
			t.Fatalf("%s px: reports in the order %q, want the newest first", w, months)
		}
		if !reason.MatchString(why) {
			t.Fatalf("%s px: light reason %q", w, why)
		}
		if width == 390 && scroll > 390 {
			t.Fatalf("the project page scrolls sideways at 390 px: scrollWidth %d", scroll)
		}
	}
	// The admin types part of a name; the suggestions come from the list's search.
	addUser(t, s, "builder", models.RoleManager, "")
	var name, suggested string
	s.DB().Raw(`SELECT name FROM projects WHERE id = ?`, id).Scan(&name)
	run(t, ctx, "suggest",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(srv.URL+"/admin/users"),
		chromedp.WaitVisible(`form.assign input[name=project]`),
		chromedp.SendKeys(`form.assign input[name=project]`, string([]rune(name)[:4])),
		chromedp.Poll(`(() => { const o = document.querySelector('#project-suggest option'); return o ? o.textContent : null; })()`, &suggested),
	)
	if suggested == "" {
		t.Fatal("no suggestion for the admin's search")
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
