package api_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A4 at 96 dpi, the page a leader prints on.
const (
	a4Width  = 794
	a4Height = 1123
)

// printCheck is what a page looks like in print: hidden controls, charts
// drawn within the page's width, nothing wider than the page.
type printCheck struct {
	Hidden  bool `json:"hidden"`
	Charts  int  `json:"charts"`
	Fit     bool `json:"fit"`
	Overrun int  `json:"overrun"`
}

const printProbe = `(() => {
  const shown = sel => [...document.querySelectorAll(sel)].some(e => getComputedStyle(e).display !== 'none');
  const svgs = [...document.querySelectorAll('.chart:not(.map) svg')]; // the map gives way to its table
  return {
    hidden: !shown('header nav') && !shown('form.filters') && !shown('button'),
    charts: svgs.length,
    fit: svgs.every(s => { const w = s.getBoundingClientRect().width; return w > 200 && w <= ` + "794" + `; }),
    overrun: document.documentElement.scrollWidth - ` + "794" + `,
  };
})()`

// printPage loads url, switches to print media at A4's width, lets the
// charts redraw, probes the layout and prints a PDF.
func printPage(t *testing.T, ctx context.Context, name, url, ready string) (printCheck, []byte) {
	t.Helper()
	var got printCheck
	var pdf []byte
	var done string
	run(t, ctx, name,
		chromedp.Navigate(url),
		chromedp.Poll(`document.querySelector('`+ready+`') && document.querySelector('`+ready+`').getAttribute('data-ready')`, &done),
		emulation.SetEmulatedMedia().WithMedia("print"),
		emulation.SetDeviceMetricsOverride(a4Width, a4Height, 1, false),
		chromedp.Evaluate(`window.dispatchEvent(new Event('beforeprint')); true`, nil),
		chromedp.Evaluate(printProbe, &got),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).WithPreferCSSPageSize(true).
				WithPrintBackground(true).Do(ctx)
			return err
		}),
		emulation.ClearDeviceMetricsOverride(),
		emulation.SetEmulatedMedia().WithMedia(""),
	)
	return got, pdf
}

// TestBrowserPrintsOnA4 prints the dashboard and a project page as a
// leader would: controls hidden, the charts drawn at the page's width,
// a PDF of a few A4 pages.
func TestBrowserPrintsOnA4(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	run(t, ctx, "sign-in", signInAction(srv.URL, "admin"))
	var projectURL string
	run(t, ctx, "find a project",
		chromedp.Navigate(srv.URL+"/projects"),
		chromedp.WaitVisible(`#projects`),
		chromedp.Evaluate(`document.querySelector('#projects tbody tr a').href`, &projectURL),
	)
	for _, p := range []struct {
		name, url, ready string
		charts           int
	}{
		{"print-dashboard", srv.URL + "/", "#charts", 3},
		{"print-project", projectURL, "#project-chart", 1},
	} {
		got, pdf := printPage(t, ctx, p.name, p.url, p.ready)
		if !got.Hidden || got.Charts < p.charts || !got.Fit || got.Overrun > 0 {
			t.Errorf("%s in print: %+v (want controls hidden, %d charts within %dpx, no overrun)", p.name, got, p.charts, a4Width)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 10_000 {
			t.Errorf("%s: not a PDF (%d bytes)", p.name, len(pdf))
		}
		t.Logf("%s: PDF %d bytes", p.name, len(pdf))
	}
	if e := errs.all(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}

// printableWidth is A4's width less style.css's 12 mm margins at 96 dpi
// (186 mm): what a printed chart must fit in.
const printableWidth = 702

// TestBrowserDashboardChartsFitThePrintedPage prints the dashboard from a
// window as wide as a desktop screen, as a leader would: without any help
// from the test (no beforeprint dispatched, no narrower window), the
// charts must redraw within A4's printable width when print media
// applies, print to a PDF, and return to the window's width after.
func TestBrowserDashboardChartsFitThePrintedPage(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	type widths struct {
		Charts int       `json:"charts"`
		Widths []float64 `json:"widths"`
	}
	const probe = `(() => { const w = [...document.querySelectorAll('.chart:not(.map) svg')].map(s => s.getBoundingClientRect().width);
	  return { charts: w.length, widths: w }; })()`
	var ready string
	var screen, print, after widths
	var pdf []byte
	run(t, ctx, "print-dashboard-wide",
		signInAction(srv.URL, "admin"),
		emulation.SetDeviceMetricsOverride(1440, 900, 1, false),
		chromedp.Navigate(srv.URL+"/?year=2024&month=9"),
		chromedp.Poll(`document.querySelector('#charts').getAttribute('data-ready')`, &ready),
		chromedp.Evaluate(probe, &screen),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Poll(`matchMedia('print').matches && document.querySelector('#chart-months svg').getBoundingClientRect().width <= `+strconv.Itoa(printableWidth), nil, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Evaluate(probe, &print),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
			return err
		}),
		emulation.SetEmulatedMedia().WithMedia(""),
		chromedp.Evaluate(probe, &after),
		emulation.ClearDeviceMetricsOverride(),
	)
	if screen.Charts != 3 || slices.Max(screen.Widths) <= printableWidth {
		t.Fatalf("on a 1440 px screen the charts are %v px: the test would prove nothing", screen.Widths)
	}
	if print.Charts != 3 || slices.Max(print.Widths) > printableWidth || slices.Min(print.Widths) < printableWidth*3/4 {
		t.Errorf("printing, the charts are %v px; want each within A4's printable %d px and near it", print.Widths, printableWidth)
	}
	if slices.Max(after.Widths) <= printableWidth {
		t.Errorf("after printing the charts stay %v px", after.Widths)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 10_000 {
		t.Errorf("not a PDF (%d bytes)", len(pdf))
	}
	if dir := os.Getenv("PORTFOLIO_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "dashboard-print.pdf"), pdf, 0o644)
	}
	if e := errs.all(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}
