package api_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/demo"
	"portfolio/models"
	"portfolio/province"
)

// TestBrowserCityUploadsProvinceList: nanchang, a city official, uploads
// the province's whole 2024 list. The preview leads with the summary and
// the count of other cities' rows skipped (not errors), and confirm and
// discard are at the top of the page, at a desktop's width and a phone's,
// with no sideways scrolling on the phone.
func TestBrowserCityUploadsProvinceList(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	files, err := demo.Write(filepath.Join(t.TempDir(), "2024年省大中型项目.xlsx"), demo.Options{Projects: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var list string
	for _, f := range files {
		if f.Kind == demo.KindPlan && f.Year == 2024 {
			list = f.Path
		}
	}
	var others, ours int
	if err := s.DB().Raw("SELECT COUNT(*) FROM plan_entries WHERE year = 2024 AND city <> '南昌市'").Scan(&others).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Raw("SELECT COUNT(*) FROM plan_entries WHERE year = 2024 AND city = '南昌市'").Scan(&ours).Error; err != nil {
		t.Fatal(err)
	}
	if others == 0 || ours == 0 {
		t.Fatalf("the demo list has %d rows of other cities and %d of 南昌市", others, ours)
	}

	run(t, ctx, "sign-in", signInAction(srv.URL, "nanchang"))
	var skipped, rejected string
	run(t, ctx, "upload",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(srv.URL+"/imports"),
		chromedp.WaitVisible(`#upload`),
		chromedp.SetUploadFiles(`input[type=file]`, []string{list}),
		chromedp.Submit(`#upload`),
		chromedp.WaitVisible(`#summary`),
		textOf(`#skipped`, &skipped),
		textOf(`[data-count=rejected]`, &rejected),
	)
	if want := province.Thousands(int64(others)) + " 行属于其他设区市，已跳过"; !strings.Contains(skipped, want) || rejected != "0" {
		t.Fatalf("summary: skipped %q (want %q), rejected %q", skipped, want, rejected)
	}
	for _, width := range []int64{1440, 390} {
		var atTop bool
		var scrollWidth int64
		run(t, ctx, "buttons-at-top",
			chromedp.EmulateViewport(width, 844),
			chromedp.Reload(),
			chromedp.WaitVisible(`#apply`),
			// Both buttons lie within the first screen, above the summary.
			chromedp.Evaluate(`(() => {
				const a = document.getElementById('apply').getBoundingClientRect();
				const d = document.getElementById('discard').getBoundingClientRect();
				const s = document.getElementById('summary').getBoundingClientRect();
				return a.bottom <= window.innerHeight && d.bottom <= window.innerHeight && a.top < s.top && d.top < s.top && a.width > 0 && d.width > 0;
			})()`, &atTop),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth),
		)
		if !atTop {
			t.Errorf("%d px: confirm and discard are not at the top", width)
		}
		if width == 390 && scrollWidth > 390 {
			t.Errorf("390 px: the page scrolls sideways (%d px wide)", scrollWidth)
		}
	}
	// Scrolled to the bottom, confirm is still in reach (sticky).
	var stuck bool
	run(t, ctx, "sticky",
		chromedp.Evaluate(`window.scrollTo(0, document.body.scrollHeight)`, nil),
		chromedp.Evaluate(`(() => { const r = document.getElementById('apply').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })()`, &stuck),
	)
	if !stuck {
		t.Error("scrolled down, confirm is out of reach")
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
