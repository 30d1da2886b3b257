package api_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// paddedMonthlyBook is monthlyBook with a second sheet of random text
// (no project table: skipped with a warning), ~300 KB, so that a
// throttled upload takes long enough to be seen.
func paddedMonthlyBook(t *testing.T, book []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.NewSheet("附表"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("附表")
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 18)
	for r := 1; r <= 3500; r++ {
		row := make([]any, 4)
		for c := range row {
			_, _ = rand.Read(b)
			row[c] = base64.StdEncoding.EncodeToString(b)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBrowserUploadProgress: the upload form shows the percent sent,
// then an indeterminate bar while the server reads, then the preview.
func TestBrowserUploadProgress(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	run(t, ctx, "sign-in", signInAction(srv.URL, "admin"))
	data := paddedMonthlyBook(t, monthlyBook(t, s))
	if len(data) < 200<<10 || len(data) > 1<<20 {
		t.Fatalf("padded workbook of %d bytes: want 200 KB – 1 MB (the test server's limit)", len(data))
	}
	book := filepath.Join(t.TempDir(), "2024年12月调度表.xlsx")
	if err := os.WriteFile(book, data, 0o600); err != nil {
		t.Fatal(err)
	}

	// The states the page shows are recorded as they change: the page's
	// window outlives the document the preview replaces.
	const watch = `(() => {
  window.seen = [];
  const box = document.getElementById('progress'), text = document.getElementById('progress-text');
  new MutationObserver(() => {
    if (!box.hidden) { window.seen.push(text.textContent + '|' + (document.getElementById('upload-progress').hasAttribute('value') ? 'value' : 'indeterminate')); }
  }).observe(box, {subtree: true, childList: true, characterData: true, attributes: true});
  return true;
})()`
	var ok bool
	var seen []string
	var created, path, title string
	run(t, ctx, "upload",
		chromedp.Navigate(srv.URL+"/imports"),
		chromedp.WaitVisible(`#upload`),
		chromedp.Evaluate(watch, &ok),
		network.Enable(),
		// ~100 KB/s up: the ~300 KB workbook takes about three seconds.
		network.EmulateNetworkConditions(false, 0, -1, 100<<10),
		chromedp.SetUploadFiles(`input[type=file]`, []string{book}),
		chromedp.Click(`#upload button[type=submit]`),
		chromedp.WaitVisible(`#apply`),
		network.EmulateNetworkConditions(false, 0, -1, -1),
		textOf(`[data-count=created]`, &created),
		chromedp.Evaluate(`window.seen`, &seen),
		chromedp.Evaluate(`window.location.pathname`, &path),
		chromedp.Title(&title),
	)
	if created != "1" || !strings.HasPrefix(path, "/imports/preview/") || !strings.Contains(title, "导入预览") {
		t.Fatalf("preview: created %q at %q titled %q", created, path, title)
	}
	var between, reading bool
	for _, s := range seen {
		pct, _, _ := strings.Cut(strings.TrimPrefix(s, "正在上传… "), "|")
		if strings.HasPrefix(s, "正在上传… ") && strings.HasSuffix(s, "|value") && pct != "0%" && pct != "100%" {
			between = true
		}
		if s == "正在读取并检查…|indeterminate" {
			reading = true
		}
	}
	t.Logf("progress shown: %q", seen)
	if !between || !reading {
		t.Fatalf("progress shown: %q; want a percent between 0 and 100 and then 正在读取并检查…", seen)
	}

	// Back returns to the upload page.
	run(t, ctx, "back", chromedp.NavigateBack(), chromedp.WaitVisible(`#upload`))
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
