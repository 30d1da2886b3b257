package api_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/models"
)

// TestBrowserTodoAndReporting: on the demo portfolio (reported to
// September 2024) on 6 November 2024, October's reports are overdue. At
// 1440 and 390 px: a manager's nav counts the to-do and the 待办 page
// lists October as overdue; the province's 报送进度 shows the due date
// passed, the cities' counts and, a city picked, its missing projects;
// the dashboard's 预警 panel names the rules. No page scrolls sideways
// at 390 px.
func TestBrowserTodoAndReporting(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := calendarServer(t, s, &clock{t: cst(2024, 11, 6, 9)}, nil)
	mgr := addUser(t, s, "builder", models.RoleManager, "")
	ids, err := s.CityProjects(t.Context(), "南昌市", 2)
	if err != nil || len(ids) != 2 {
		t.Fatal(ids, err)
	}
	for _, id := range ids {
		if err := s.Assign(t.Context(), mgr.ID, id, models.Who{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, width := range []int64{1440, 390} {
		w := strconv.FormatInt(width, 10)
		var badge, first, firstClass, due, city, head, panel string
		var rows, scroll, items int
		run(t, ctx, "manager-"+w,
			chromedp.EmulateViewport(width, 900),
			signInAction(srv.URL, "builder"),
			chromedp.WaitVisible(`#todo-count`),
			textOf(`#todo-count`, &badge),
			chromedp.Click(`#nav-todo`),
			chromedp.WaitVisible(`#todo`),
			textOf(`#todo li:first-child a`, &first),
			chromedp.Evaluate(`document.querySelectorAll('#todo li').length`, &items),
			chromedp.AttributeValue(`#todo li:first-child`, "class", &firstClass, nil),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
			chromedp.Submit(`form.who`),
			chromedp.WaitVisible(`#login`),
		)
		if badge != strconv.Itoa(items) || items < 2 || !strings.Contains(first, "2024年10月月报已逾期") || !strings.Contains(firstClass, "overdue") {
			t.Fatalf("%s px: badge %q for %d items, first item %q (%q)", w, badge, items, first, firstClass)
		}
		if width == 390 && scroll > 390 {
			t.Fatalf("the to-do scrolls sideways at 390 px: %d", scroll)
		}
		run(t, ctx, "reporting-"+w,
			signInAction(srv.URL, "admin"),
			chromedp.Navigate(srv.URL+"/reporting"),
			chromedp.WaitVisible(`#by-city`),
			textOf(`#due-line`, &due),
			chromedp.Evaluate(`document.querySelectorAll('#by-city tbody tr').length`, &rows),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
			textOf(`#by-city tbody tr:first-child td:first-child a`, &city),
			chromedp.Click(`#by-city tbody tr:first-child td:first-child a`),
			chromedp.WaitVisible(`#by-city tr.chosen`),
			textOf(`#missing-head`, &head),
		)
		if !strings.Contains(due, "2024-11-05") || !strings.Contains(due, "已过截止日") || rows < 5 {
			t.Fatalf("%s px: due line %q, %d cities", w, due, rows)
		}
		if !strings.HasPrefix(head, city+"未报送的项目") {
			t.Fatalf("%s px: picked %s, the list says %q", w, city, head)
		}
		if width == 390 && scroll > 390 {
			t.Fatalf("the calendar scrolls sideways at 390 px: %d", scroll)
		}
		run(t, ctx, "dashboard-"+w,
			chromedp.Navigate(srv.URL+"/"),
			chromedp.WaitVisible(`#warnings-panel ul.warnings`),
			textOf(`#warnings-panel`, &panel),
			chromedp.Submit(`form.who`),
			chromedp.WaitVisible(`#login`),
		)
		for _, want := range []string{"预警", "月报逾期", "连续两月红灯", "里程碑逾期"} {
			if !strings.Contains(panel, want) {
				t.Fatalf("%s px: the dashboard's warnings panel %q lacks %s", w, panel, want)
			}
		}
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
