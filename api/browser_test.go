package api_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"portfolio/demo"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
)

// browser starts a headless Chromium for one test. Without Chromium the
// test is skipped with a message, unless PORTFOLIO_REQUIRE_BROWSER=1 (CI
// sets it), where it fails.
func browser(t *testing.T) (context.Context, *consoleErrors) {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("PORTFOLIO_REQUIRE_BROWSER") == "1" {
			t.Fatal("PORTFOLIO_REQUIRE_BROWSER=1 but no Chromium found (set CHROMIUM)")
		}
		t.Skip("Chromium not installed: apt-get install chromium to run the browser tests")
	}
	// Not t.TempDir: Chromium may still be writing its profile when the
	// test ends, and t.TempDir fails the test on a non-empty directory.
	profile, err := os.MkdirTemp("", "portfolio-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 1600))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelB()
		cancelA() // waits for the browser process to exit
		_ = os.RemoveAll(profile)
	})
	// Start the browser on the long-lived context: the first Run binds
	// the browser's life to its context, and each step has a shorter one.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	errs := &consoleErrors{}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			errs.add(e.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				errs.add("console.error")
			}
		}
	})
	return ctx, errs
}

type consoleErrors struct {
	mu   sync.Mutex
	list []string
}

func (c *consoleErrors) add(s string) { c.mu.Lock(); c.list = append(c.list, s); c.mu.Unlock() }
func (c *consoleErrors) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.list...)
}

// run runs browser actions and saves a screenshot when they fail.
func run(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action) {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(step, actions...); err != nil {
		var png []byte
		// Bounded too: a page stuck mid-navigation would hold the screenshot
		// (and the test) until the binary's timeout.
		shot, cancelShot := context.WithTimeout(ctx, 15*time.Second)
		defer cancelShot()
		if chromedp.Run(shot, chromedp.FullScreenshot(&png, 80)) == nil {
			dir := os.Getenv("PORTFOLIO_SCREENSHOTS")
			if dir == "" {
				dir = os.TempDir()
			}
			path := filepath.Join(dir, "failed-"+name+".png")
			if os.WriteFile(path, png, 0o644) == nil {
				t.Logf("screenshot of the failure: %s", path)
			}
		}
		t.Fatalf("%s: %v", name, err)
	}
}

// textOf waits until sel exists in the current document and reads its
// text by script: node ids from before a navigation can go stale, a
// script query cannot.
func textOf(sel string, out *string) chromedp.Action {
	return chromedp.Poll(`(() => { const el = document.querySelector(`+"`"+sel+"`"+`); return el ? el.textContent.trim() : null; })()`, out)
}

// signInAction signs name in through the form (the password is the name
// twice, as addUser makes it) and waits for the signed-in header.
func signInAction(base, name string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/login"),
		chromedp.WaitVisible(`#login`),
		chromedp.SendKeys(`input[name=username]`, name),
		chromedp.SendKeys(`input[name=password]`, name+name),
		chromedp.Submit(`#login`),
		chromedp.WaitVisible(`form.who`),
	}
}

// demoStore is a store with a small demo portfolio, imported as an upload would be.
func demoStore(t *testing.T) *models.Store {
	t.Helper()
	s := storetest.SQLite(t)
	files, err := demo.Write(filepath.Join(t.TempDir(), "demo.xlsx"), demo.Options{Projects: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Store: s}
	for _, f := range files {
		if _, err := im.ImportFile(context.Background(), f.Path, importer.Options{}); err != nil {
			t.Fatal(f.Path, err)
		}
	}
	return s
}

func TestBrowserDashboardProjectsAndUpload(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)

	// A leader signs in; the dashboard renders its figures and its charts.
	run(t, ctx, "sign-in", signInAction(srv.URL, "admin"))
	var completed, ready string
	var canvases int
	run(t, ctx, "dashboard",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#fig-completed"),
		textOf("#fig-completed", &completed),
		chromedp.Poll(`document.getElementById('charts').getAttribute('data-ready')`, &ready),
		chromedp.Evaluate(`document.querySelectorAll('#charts svg').length`, &canvases),
	)
	if completed == "" || completed == "0.00" || canvases < 3 {
		t.Fatalf("dashboard: completed %q, %d charts drawn", completed, canvases)
	}

	// Filtering the projects table changes the rows.
	var all, red string
	run(t, ctx, "projects",
		chromedp.Navigate(srv.URL+"/projects"),
		chromedp.WaitVisible("#projects"),
		textOf("main > p", &all),
		chromedp.SetValue(`select[name=light]`, "red"),
		chromedp.Submit(`form.filters`),
		chromedp.WaitReady(`select[name=light] option[value=red][selected]`),
		textOf("main > p", &red),
	)
	if all == red || !strings.Contains(red, "共") {
		t.Fatalf("filter did not change the rows: %q → %q", all, red)
	}

	// A project page opens from the table.
	var title string
	run(t, ctx, "project",
		chromedp.Click(`#projects tbody tr:first-child a`),
		chromedp.WaitVisible(`#reports`),
		textOf("main h2", &title),
	)
	if title == "" {
		t.Fatal("project page has no title")
	}

	// An official uploads a workbook, sees its preview, applies it, and
	// the dashboard's completed figure changes.
	book := filepath.Join(t.TempDir(), "2024年12月调度表.xlsx")
	if err := os.WriteFile(book, monthlyBook(t, s), 0o600); err != nil {
		t.Fatal(err)
	}
	var created, after string
	run(t, ctx, "upload",
		chromedp.Navigate(srv.URL+"/imports"),
		chromedp.WaitVisible(`#upload`),
		chromedp.SetUploadFiles(`input[type=file]`, []string{book}),
		chromedp.Submit(`#upload`),
		chromedp.WaitVisible(`#apply`),
		textOf(`[data-count=created]`, &created),
		chromedp.Click(`#apply`),
		chromedp.WaitVisible(`#batches`),
		chromedp.Navigate(srv.URL+"/?month=12"),
		chromedp.WaitVisible("#fig-completed"),
		textOf("#fig-completed", &after),
	)
	if created != "1" || after == "" {
		t.Fatalf("upload: created %q, completed after %q", created, after)
	}
	var before string
	run(t, ctx, "dashboard-11", chromedp.Navigate(srv.URL+"/?month=11"), textOf("#fig-completed", &before))
	if before == after {
		t.Fatalf("the applied December sheet did not change the completed figure (%s)", after)
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}

// monthlyBook is a December sheet for the first project of the 2024 list.
func monthlyBook(t *testing.T, s *models.Store) []byte {
	t.Helper()
	var name string
	if err := s.DB().Raw("SELECT name FROM plan_entries WHERE year = 2024 AND annual_plan_yuan > 0 ORDER BY id LIMIT 1").Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	return sheetBytes(t, [][]any{
		{"2024年12月省大中型项目调度表"},
		{"单位：万元"},
		{"序号", "项目名称", "12月完成投资", "形象进度"},
		{1, name, 1234.5, "按计划推进"},
	})
}

// TestBrowserManagerReportsCityApproves: a manager signs in and reports a
// month, a city officer approves it, and the dashboard shows the new total.
func TestBrowserManagerReportsCityApproves(t *testing.T) {
	ctx, errs := browser(t)
	s, srv, school := schoolWithManager(t)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	signInAs := func(name string) chromedp.Action { return signInAction(srv.URL, name) }
	var before, after, status, saved, locked, refused, typed, chosen string
	form := srv.URL + "/projects/" + strconv.FormatInt(school, 10) + "/report"
	run(t, ctx, "manager-reports",
		signInAs("builder"),
		// Without a period the form opens on the data's year, not the clock's.
		chromedp.Navigate(form),
		chromedp.WaitVisible(`#report-form`),
		chromedp.Value(`#report-year`, &chosen),
		// A refused amount comes back with what was typed and the reason by the field.
		chromedp.Navigate(form+"?year=2024&month=6"),
		chromedp.WaitVisible(`#report-form`),
		chromedp.SendKeys(`input[name=completed_wan]`, "2000000000"),
		chromedp.SendKeys(`textarea[name=progress]`, "主体结构施工"),
		chromedp.Click(`#submit-report`),
		chromedp.WaitVisible(`#completed-error`),
		textOf(`#completed-error`, &refused),
		chromedp.Value(`textarea[name=progress]`, &typed),
		chromedp.SetValue(`input[name=completed_wan]`, "20000"),
		chromedp.Click(`#submit-report`),
		chromedp.WaitVisible(`#report-saved`),
		textOf(`#report-saved`, &saved),
		textOf(`#report-locked strong`, &locked),
		chromedp.Navigate(srv.URL+"/projects/"+strconv.FormatInt(school, 10)),
		chromedp.WaitVisible(`#reports`),
		textOf(`#reports tbody tr:last-child td:last-child`, &status),
		chromedp.Evaluate(`document.querySelector('form.who').submit()`, nil),
		chromedp.WaitVisible(`#login`),
	)
	if chosen != "2024" {
		t.Errorf("the form opens on year %q; want the data's 2024", chosen)
	}
	if !strings.Contains(refused, "万元") || strings.Contains(refused, " 元") || typed != "主体结构施工" {
		t.Errorf("a refused amount says %q and keeps %q; want 万元 and what was typed", refused, typed)
	}
	if !strings.Contains(saved, "已提交 2024年6月月报") || !strings.Contains(locked, "待审核") {
		t.Errorf("after submitting: %q, %q", saved, locked)
	}
	if status != "待审核" {
		t.Fatalf("the submitted report shows %q", status)
	}
	run(t, ctx, "city-approves",
		signInAs("nanchang"),
		// The province's figures (a city official's dashboard opens on its city).
		chromedp.Navigate(srv.URL+"/?year=2024&month=6&city=%E5%85%A8%E7%9C%81"),
		textOf(`#fig-completed`, &before),
		chromedp.Navigate(srv.URL+"/approvals"),
		chromedp.WaitVisible(`#pending`),
		chromedp.Click(`#pending button.approve`),
		chromedp.WaitVisible(`main .empty`),
		chromedp.Navigate(srv.URL+"/?year=2024&month=6&city=%E5%85%A8%E7%9C%81"),
		textOf(`#fig-completed`, &after),
	)
	if before != "30.00" || after != "32.00" {
		t.Fatalf("completed (亿元) before %q, after approval %q; want 30.00 → 32.00", before, after)
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
