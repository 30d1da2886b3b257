package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/models"
	"portfolio/province"
)

type flagshipJSON struct {
	Named    int `json:"named"`
	Projects []struct {
		ID         int64  `json:"id"`
		Name       string `json:"name"`
		Named      bool   `json:"named"`
		Flagship   bool   `json:"flagship"`
		TotalYuan  int64  `json:"total_yuan"`
		Light      string `json:"light"`
		Milestones int    `json:"milestones"`
		Reached    int    `json:"reached"`
		Next       string `json:"next"`
		NextOn     string `json:"next_on"`
		Overdue    bool   `json:"overdue"`
	} `json:"projects"`
}

func flagships(t *testing.T, srv interface{ Client() *http.Client }, url string) flagshipJSON {
	t.Helper()
	res, err := srv.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out flagshipJSON
	if res.StatusCode != http.StatusOK || json.NewDecoder(res.Body).Decode(&out) != nil {
		t.Fatalf("flagships: %d", res.StatusCode)
	}
	return out
}

// TestBrowserFlagshipPanel: the flagship panel lists the Government Work
// Report's named projects first, then the flagship projects of ¥2bn and
// more; a milestone reached and one overdue (entered through the API)
// show in the JSON and on the dashboard with the project's light.
func TestBrowserFlagshipPanel(t *testing.T) {
	ctx, errs := browser(t)
	s := demoStore(t)
	srv := newServer(t, s)
	addUser(t, s, "leader", models.RoleViewer, "")
	f := flagships(t, srv, srv.URL+"/api/v1/flagships?year=2024&month=9")
	named := map[string]bool{}
	for _, n := range province.NamedProjects(2024) {
		named[n] = true
	}
	if f.Named == 0 || len(f.Projects) <= f.Named {
		t.Fatalf("%d named of %d projects", f.Named, len(f.Projects))
	}
	for i, p := range f.Projects {
		if p.Named != named[p.Name] || (i < f.Named) != p.Named || (!p.Named && (!p.Flagship || p.TotalYuan < province.FlagshipMinYuan)) || p.Light == "" {
			t.Errorf("row %d: %+v", i, p)
		}
	}
	first := f.Projects[0]
	for _, m := range []map[string]any{
		{"kind": "可研批复", "planned_on": "2024-03-01", "reached_on": "2024-02-20"},
		{"kind": province.MilestoneStart, "planned_on": "2024-05-31"},
	} {
		if code, out := sendJSON(t, srv.Client(), fmt.Sprintf("%s/api/v1/projects/%d/milestones", srv.URL, first.ID), m); code != http.StatusOK && code != http.StatusCreated {
			t.Fatalf("milestone %v: %d %v", m, code, out)
		}
	}
	f = flagships(t, srv, srv.URL+"/api/v1/flagships?year=2024&month=9")
	got := f.Projects[0]
	if got.ID != first.ID || got.Milestones != 2 || got.Reached != 1 || got.Next != province.MilestoneStart || got.NextOn != "2024-05-31" || !got.Overdue {
		t.Errorf("after two milestones: %+v", got)
	}
	var rows, firstRow, summary string
	run(t, ctx, "flagships",
		signInAction(srv.URL, "leader"),
		chromedp.Navigate(srv.URL+"/?year=2024&month=9"),
		chromedp.Click(`#flagships summary`),
		chromedp.WaitVisible(`#flagship-projects`),
		textOf(`#flagships summary`, &summary),
		chromedp.Evaluate(`String(document.querySelectorAll('#flagship-projects tbody tr').length)`, &rows),
		textOf(`#flagship-projects tbody tr:first-child`, &firstRow),
	)
	if rows != fmt.Sprint(len(f.Projects)) || !strings.Contains(summary, fmt.Sprintf("重大标志性项目 %d 个", len(f.Projects))) {
		t.Errorf("panel: %s rows, summary %q; the API has %d", rows, summary, len(f.Projects))
	}
	for _, want := range []string{got.Name, "报告", "1/2", "下一项 " + province.MilestoneStart + " 2024-05-31", "已逾期"} {
		if !strings.Contains(firstRow, want) {
			t.Errorf("first row %q lacks %q", firstRow, want)
		}
	}
	if e := errs.all(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}
