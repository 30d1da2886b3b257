package api_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/models"
)

// TestBrowserProblemLoop: a manager puts its report's 存在问题 in the
// ledger from the report form, the city escalates it twice (to the
// province), the province resolves it, and the dashboard's open count
// moves from 1 to 0.
func TestBrowserProblemLoop(t *testing.T) {
	ctx, errs := browser(t)
	s, srv, school := schoolWithManager(t)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	signOut := chromedp.Evaluate(`document.querySelector('form.who').submit()`, nil)
	var raised, before, levelAfter, statusAfter, after string
	run(t, ctx, "manager-raises",
		signInAction(srv.URL, "builder"),
		chromedp.Navigate(srv.URL+"/projects/"+strconv.FormatInt(school, 10)+"/report?year=2024&month=6"),
		chromedp.WaitVisible(`#report-form`),
		chromedp.SendKeys(`input[name=completed_wan]`, "100"),
		chromedp.SendKeys(`textarea[name=problems]`, "林地报批滞后，影响开工"),
		chromedp.Click(`#ledger-check`),
		chromedp.SetValue(`#problem-category`, "用林"),
		chromedp.SetValue(`#problem-due`, "2024-08-31"),
		chromedp.Click(`#submit-report`),
		chromedp.WaitVisible(`#report-raised`),
		textOf(`#report-raised`, &raised),
		signOut,
		chromedp.WaitVisible(`#login`),
	)
	run(t, ctx, "city-escalates",
		signInAction(srv.URL, "nanchang"),
		chromedp.Navigate(srv.URL+"/"),
		textOf(`#problems-open`, &before),
		chromedp.Navigate(srv.URL+"/problems"),
		chromedp.WaitVisible(`#problems tr[data-level="county"] button.act-escalate`),
		chromedp.SendKeys(`#problems tr[data-level="county"] input[name=note]`, "县级协调未果"),
		chromedp.Click(`#problems tr[data-level="county"] button.act-escalate`),
		chromedp.WaitVisible(`#problems tr[data-level="city"] button.act-escalate`),
		chromedp.Click(`#problems tr[data-level="city"] button.act-escalate`),
		chromedp.WaitVisible(`#problems tr[data-level="province"]`),
		signOut,
		chromedp.WaitVisible(`#login`),
	)
	run(t, ctx, "province-resolves",
		signInAction(srv.URL, "admin"),
		chromedp.Navigate(srv.URL+"/problems?level=province"),
		chromedp.WaitVisible(`#problems tr[data-level="province"] button.act-resolve`),
		chromedp.SendKeys(`#problems tr input[name=note]`, "省林业局已出具审核意见"),
		chromedp.Click(`#problems tr[data-level="province"] button.act-resolve`),
		chromedp.WaitVisible(`#problems tr[data-status="resolved"]`),
		textOf(`#problems tr[data-status="resolved"] td:nth-child(6)`, &levelAfter),
		textOf(`#problems tr[data-status="resolved"] td.status`, &statusAfter),
		chromedp.Navigate(srv.URL+"/"),
		textOf(`#problems-open`, &after),
	)
	if raised == "" || before != "1" || after != "0" || levelAfter != "省级" || statusAfter != "已解决" {
		t.Fatalf("raised %q; dashboard open %q → %q; the problem ends %q at %q", raised, before, after, statusAfter, levelAfter)
	}
	evs, err := s.ProblemEvents(t.Context(), 1)
	if err != nil || len(evs) != 4 || evs[0].Actor != "builder" || evs[1].Actor != "nanchang" || evs[1].Note != "县级协调未果" || evs[3].Actor != "admin" {
		t.Fatalf("history %+v %v", evs, err)
	}
	if e := errs.all(); len(e) > 0 {
		t.Fatalf("console errors: %v", e)
	}
}
