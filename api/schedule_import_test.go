package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// rollupOf is the server's rollup of 2024 to June.
func rollupOf(t *testing.T, srv *httptest.Server) report.Rollup {
	t.Helper()
	code, body := get(t, srv, srv.URL+"/api/v1/rollup?year=2024&month=6")
	var r report.Rollup
	if err := json.Unmarshal([]byte(body), &r); code != 200 || err != nil {
		t.Fatalf("rollup %d: %v", code, err)
	}
	return r
}

// TestScheduleImportsInOneStepThroughTheWeb exports one server's 调度表
// and uploads it to an empty one through the imports page: the preview
// shows the plan part and the month part, one apply brings the same
// plan and completion, and one revert of its one batch takes both away.
func TestScheduleImportsInOneStepThroughTheWeb(t *testing.T) {
	src := storetest.SQLite(t)
	seed(t, src)
	a := newServer(t, src)
	code, sched := get(t, a, a.URL+"/api/v1/export.xlsx?year=2024&month=6")
	if code != 200 {
		t.Fatalf("export %d", code)
	}
	want := rollupOf(t, a)
	if want.Projects != 2 || want.PlanYuan == 0 || want.CompletedYuan == 0 {
		t.Fatalf("the source's rollup %+v", want)
	}
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		b := newServer(t, s)
		res := upload(t, b, b.URL+"/imports", "调度表.xlsx", []byte(sched), nil)
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := string(raw)
		id := strings.TrimPrefix(res.Request.URL.Path, "/imports/preview/")
		if res.StatusCode != 200 || id == res.Request.URL.Path {
			t.Fatalf("upload: %d at %s", res.StatusCode, res.Request.URL)
		}
		for _, w := range []string{"2024年1-6月调度表，含年度计划", "年度计划：新增 2，更新 0，未变 0", "6月完成投资：新增 1，更新 0，未变 1", "新增计划", "新增月报"} {
			if !strings.Contains(page, w) {
				t.Errorf("the preview page lacks %q", w)
			}
		}
		var p struct {
			Files []importer.Result
		}
		res, _ = b.Client().Get(b.URL + "/api/v1/imports/previews/" + id)
		decode(t, res, &p)
		want := importer.Parts{Plan: importer.PartCounts{Created: 2}, Monthly: importer.PartCounts{Created: 1, Unchanged: 1}}
		if len(p.Files) != 1 || p.Files[0].Kind != importer.KindSchedule || p.Files[0].Parts != want || p.Files[0].Created != 3 {
			t.Fatalf("the preview's JSON: %+v", p.Files)
		}
		if got := rollupOf(t, b); got.Projects != 0 {
			t.Fatalf("a preview wrote %d projects", got.Projects)
		}
		if code, _ := postForm(t, b.Client(), b.URL+"/imports/preview/"+id+"/apply", nil); code != http.StatusSeeOther {
			t.Fatalf("apply %d", code)
		}
		got := rollupOf(t, b)
		if got.Projects != want.Plan.Created || got.PlanYuan != rollupOf(t, a).PlanYuan || got.CompletedYuan != rollupOf(t, a).CompletedYuan {
			t.Fatalf("after the one import %+v, the source %+v", got, rollupOf(t, a))
		}
		var list struct{ Batches []models.ImportBatch }
		res, _ = b.Client().Get(b.URL + "/api/v1/imports")
		decode(t, res, &list)
		if len(list.Batches) != 1 || list.Batches[0].Kind != string(importer.KindSchedule) || list.Batches[0].Created != 3 {
			t.Fatalf("batches %+v", list.Batches)
		}
		if _, body := get(t, b, b.URL+"/imports"); !strings.Contains(body, "2024年计划及6月调度") {
			t.Error("the imports page does not name the 调度表's batch")
		}
		res = post(t, b, b.URL+"/api/v1/imports/batches/"+jsonID(list.Batches[0].ID)+"/revert")
		res.Body.Close()
		if got := rollupOf(t, b); res.StatusCode != 200 || got.Projects != 0 || got.PlanYuan != 0 || got.CompletedYuan != 0 {
			t.Fatalf("revert %d: %+v", res.StatusCode, got)
		}
		for _, table := range []string{"projects", "plan_entries", "monthly_reports"} {
			var n int64
			if s.DB().Table(table).Count(&n); n != 0 {
				t.Fatalf("%d %s after the revert", n, table)
			}
		}
	})
}
