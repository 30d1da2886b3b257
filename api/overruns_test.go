package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"net/url"
	"strings"
	"testing"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// TestOverrunAndDelayFiltersAndRollup: on the demo, the 超概算 and 延期
// filters of /api/v1/projects keep exactly the projects whose 2024 total
// or end year is over their 2023 list's (counted here in SQL), their
// counts are the view's, the rollup counts the same in all and by sector
// and city, the CSV export of the view holds the same rows, and a bad
// value is a 400 naming the parameter.
func TestOverrunAndDelayFiltersAndRollup(t *testing.T) {
	s := demoStore(t)
	srv := newServer(t, s)
	c := srv.Client()
	var want struct{ Overruns, Delays int }
	s.DB().Raw(`SELECT SUM(CASE WHEN n.total_investment_yuan > o.total_investment_yuan AND o.total_investment_yuan > 0 THEN 1 ELSE 0 END) AS overruns,
  SUM(CASE WHEN n.end_year > o.end_year AND o.end_year > 0 THEN 1 ELSE 0 END) AS delays
FROM plan_entries n JOIN plan_entries o ON o.project_id = n.project_id AND o.year = 2023 WHERE n.year = 2024`).Scan(&want)
	if want.Overruns == 0 || want.Delays == 0 {
		t.Fatalf("the demo has %d overruns and %d delays: the demo must show some", want.Overruns, want.Delays)
	}
	all := listPage(t, c, srv.URL, "year=2024&month=9")
	if all.Sums.Overruns != want.Overruns || all.Sums.Delays != want.Delays {
		t.Fatalf("the whole list counts %d overruns, %d delays; SQL %+v", all.Sums.Overruns, all.Sums.Delays, want)
	}
	over := allRows(t, c, srv.URL, "year=2024&month=9&overrun=1")
	late := allRows(t, c, srv.URL, "year=2024&month=9&delayed=1")
	if len(over) != want.Overruns || len(late) != want.Delays {
		t.Fatalf("filters keep %d and %d rows, SQL %+v", len(over), len(late), want)
	}
	for _, r := range over {
		if !r.Overrun || r.TotalYuan <= r.OriginalTotalYuan {
			t.Errorf("超概算 row %s: total %d, first list %d", r.Name, r.TotalYuan, r.OriginalTotalYuan)
		}
	}
	for _, r := range late {
		if !r.Delayed || r.EndYear <= r.OriginalEndYear {
			t.Errorf("延期 row %s: end %d, first list %d", r.Name, r.EndYear, r.OriginalEndYear)
		}
	}
	both := listPage(t, c, srv.URL, "year=2024&month=9&overrun=1&delayed=1")
	if both.Sums.Overruns != both.Total || both.Sums.Delays != both.Total {
		t.Errorf("both filters: %d rows, counts %+v", both.Total, both.Sums)
	}

	_, body := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=9")
	var ru report.Rollup
	if err := json.Unmarshal([]byte(body), &ru); err != nil {
		t.Fatal(err)
	}
	if ru.Overruns != want.Overruns || ru.Delays != want.Delays {
		t.Fatalf("rollup counts %d, %d; SQL %+v", ru.Overruns, ru.Delays, want)
	}
	for _, groups := range [][]report.Group{ru.BySector, ru.ByCity} {
		o, d := 0, 0
		for _, g := range groups {
			o, d = o+g.Overruns, d+g.Delays
		}
		if o != ru.Overruns || d != ru.Delays {
			t.Errorf("groups sum to %d, %d; rollup %d, %d", o, d, ru.Overruns, ru.Delays)
		}
	}
	for _, g := range ru.ByCity {
		if g.Overruns == 0 {
			continue
		}
		v := listPage(t, c, srv.URL, "year=2024&month=9&overrun=1&city="+url.QueryEscape(g.Key))
		if v.Total != g.Overruns {
			t.Errorf("%s: rollup %d overruns, the filtered list %d", g.Key, g.Overruns, v.Total)
		}
	}

	code, dash := get(t, srv, srv.URL+"/?year=2024&month=9")
	sec := ru.BySector[0]
	for _, w := range []string{fmt.Sprintf(">超概算 %d 个</a>", ru.Overruns), fmt.Sprintf(">延期 %d 个</a>", ru.Delays),
		"<th>超概算 / 延期</th>", fmt.Sprintf(`<td class="num">%d / %d</td>`, sec.Overruns, sec.Delays)} {
		if code != 200 || !strings.Contains(dash, w) {
			t.Errorf("dashboard (%d) lacks %q", code, w)
		}
	}

	code, text := get(t, srv, srv.URL+"/api/v1/export.csv?year=2024&month=9&overrun=1")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\uFEFF"))).ReadAll()
	if code != 200 || err != nil || len(recs) != want.Overruns+1 {
		t.Fatalf("CSV of the 超概算 view: %d, %v, %d records", code, err, len(recs))
	}
	if h := recs[0]; h[len(h)-2] != "超概算" || h[len(h)-1] != "延期" || recs[1][len(h)-2] != "是" {
		t.Errorf("CSV header %v, first row %v", h, recs[1])
	}

	code, html := get(t, srv, srv.URL+"/projects?year=2024&month=9&overrun=1")
	for _, w := range []string{fmt.Sprintf("共 %d 个项目", want.Overruns), fmt.Sprintf("其中超概算 %d 个", want.Overruns),
		`name="overrun" value="1" checked`, "2024年重大项目清单（超概算）", `<span class="late">超概算</span>`} {
		if code != 200 || !strings.Contains(html, w) {
			t.Errorf("the 超概算 view (%d) lacks %q", code, w)
		}
	}
	for _, base := range []string{"/api/v1/projects?", "/projects?", "/api/v1/export.csv?"} {
		for _, q := range []string{"overrun=2", "delayed=yes"} {
			name, _, _ := strings.Cut(q, "=")
			if code, body := get(t, srv, srv.URL+base+q); code != 400 || !strings.Contains(body, name+" 参数应为 1 或 0") {
				t.Errorf("%s%s: %d, want 400 naming %s", base, q, code, name)
			}
		}
	}
}

// TestProjectPageSaysOverrunAndDelay: a project whose 2024 list raised
// its total by 8% and moved its end a year, with a 开工 planned later
// than first planned, says so on its page and in its JSON, on both
// databases.
func TestProjectPageSaysOverrunAndDelay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		im := &importer.Importer{Store: s}
		for _, y := range []struct {
			year       int
			total, end int64
		}{{2023, 15_000_000_000, 2025}, {2024, 16_200_000_000, 2026}} {
			p := &importer.Parsed{Kind: importer.KindPlan, Year: y.year, Plans: []importer.PlanRow{{Sheet: "S", Row: 5, Name: "赣深高铁配套工程",
				Sector: "综合交通", City: "赣州市", Stage: importer.StageContinuing, StartYear: 2022, EndYear: int(y.end), TotalYuan: y.total, PlanYuan: 1_000_000_000}}}
			if _, err := im.Apply(context.Background(), p, fmt.Sprint(y.year), importer.Options{}, nil); err != nil {
				t.Fatal(err)
			}
		}
		srv := newServer(t, s)
		var id int64
		s.DB().Raw("SELECT id FROM projects").Scan(&id)
		u := fmt.Sprintf("%s/api/v1/projects/%d/milestones", srv.URL, id)
		if code := postJSON(t, srv.Client(), u, `{"kind":"开工","planned_on":"2024-03-01"}`); code != 200 && code != 201 {
			t.Fatalf("add milestone: %d", code)
		}
		var m models.Milestone
		s.DB().Where("project_id = ?", id).Take(&m)
		if code := postJSON(t, srv.Client(), u, fmt.Sprintf(`{"id":%d,"version":%d,"kind":"开工","planned_on":"2024-06-30"}`, m.ID, m.Version)); code != 200 && code != 201 {
			t.Fatalf("move milestone: %d", code)
		}
		_, body := get(t, srv, fmt.Sprintf("%s/api/v1/projects/%d?year=2024&month=6", srv.URL, id))
		var d struct {
			Slippage report.Slippage `json:"slippage"`
		}
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			t.Fatal(err)
		}
		sl := d.Slippage
		if !sl.Overrun || sl.OverrunYuan != 1_200_000_000 || sl.OriginalEndYear != 2025 || sl.EndYear != 2026 || !sl.Delayed ||
			len(sl.Milestones) != 1 || sl.Milestones[0].Days != 121 {
			t.Fatalf("slippage %+v", sl)
		}
		code, html := get(t, srv, fmt.Sprintf("%s/projects/%d?year=2024&month=6", srv.URL, id))
		for _, w := range []string{"超概算 120,000.00 万元（+8.0%）", "工期延后 1 年（原定 2025 年，现 2026 年）",
			"开工 原计划 2024-03-01，现计划 2024-06-30，推迟 121 天", "（原计划 2024-03-01，推迟 121 天）"} {
			if code != 200 || !strings.Contains(stdhtml.UnescapeString(html), w) {
				t.Errorf("project page (%d) lacks %q", code, w)
			}
		}
		// In the 2023 list's year the project is as first listed.
		code, html = get(t, srv, fmt.Sprintf("%s/projects/%d?year=2023&month=12", srv.URL, id))
		if code != 200 || strings.Contains(html, "超概算 ") || strings.Contains(html, "工期延后") {
			t.Errorf("the 2023 page (%d) says an overrun or a delay of the first list", code)
		}
	})
}
