package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// crossingBook is a year's list with one row: a project code and a place.
func crossingBook(t *testing.T, year, code, place string) []byte {
	return sheetBytes(t, [][]any{
		{year + "年省大中型项目计划表"},
		{"单位：万元"},
		{"序号", "项目代码", "项目名称", "建设地点", "建设性质", "总投资", year + "年计划投资"},
		{"一、综合交通"},
		{1, code, "赣州港航枢纽", place, "续建", 500000, 1000},
	})
}

type crossingPreview struct {
	ID         string
	Applicable bool
	Files      []struct {
		Created          int
		SkippedOtherCity int `json:"skipped_other_city"`
		Errors           []struct{ Message string }
		Warnings         []struct{ Message string }
	}
}

func postJSON(t *testing.T, c *http.Client, u, body string) int {
	t.Helper()
	res, err := c.Post(u, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestCityCannotCrossThroughAnotherYear: 南昌市 imports a 2025 list whose
// one row carries a 赣州市 project's code and a place in 南昌市. It is a row
// error, nothing is written, 南昌市 still may not touch the project and
// 赣州市 still may; the province admin may move it, with a warning in the
// preview, and then the project is 南昌市's.
func TestCityCannotCrossThroughAnotherYear(t *testing.T) {
	const code = "2024-360700-48-01-002315"
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		addUser(t, s, "nanchang", models.RoleCity, "南昌市")
		addUser(t, s, "ganzhou", models.RoleCity, "赣州市")
		admin, nanchang, ganzhou := srv.Client(), clientFor(t, srv, "nanchang"), clientFor(t, srv, "ganzhou")
		p := importPlan(t, srv, admin, crossingBook(t, "2024", code, "赣州市章贡区"))
		if !p.Applicable {
			t.Fatalf("the 2024 list: %+v", p)
		}
		var id int64
		if err := s.DB().Raw("SELECT id FROM projects WHERE code = ?", code).Scan(&id).Error; err != nil || id == 0 {
			t.Fatalf("project: %d %v", id, err)
		}
		milestone := func(c *http.Client) int {
			return postJSON(t, c, srv.URL+"/api/v1/projects/"+strconv.FormatInt(id, 10)+"/milestones", `{"kind":"开工","planned_on":"2025-03-01"}`)
		}

		p = preview(t, srv, nanchang, crossingBook(t, "2025", code, "南昌市东湖区"))
		if p.Applicable || len(p.Files[0].Errors) != 1 || !strings.Contains(p.Files[0].Errors[0].Message, "属于“赣州市”") {
			t.Fatalf("Nanchang's 2025 row was not refused: %+v", p)
		}
		if code := postJSON(t, nanchang, srv.URL+"/api/v1/imports/previews/"+p.ID+"/apply", ""); code < 400 {
			t.Fatalf("apply of a refused preview: %d", code)
		}
		var entries int64
		s.DB().Model(&models.PlanEntry{}).Where("year = 2025").Count(&entries)
		if entries != 0 {
			t.Fatalf("%d 2025 entries written", entries)
		}
		if got := milestone(nanchang); got != http.StatusForbidden {
			t.Errorf("Nanchang's milestone on Ganzhou's project: %d", got)
		}
		if got := milestone(ganzhou); got >= 300 {
			t.Errorf("Ganzhou's milestone on its own project: %d", got)
		}

		// The admin moves it: a warning, then the project is Nanchang's.
		p = importPlan(t, srv, admin, crossingBook(t, "2025", code, "南昌市东湖区"))
		if !p.Applicable || len(p.Files[0].Warnings) == 0 || !strings.Contains(p.Files[0].Warnings[0].Message, "从“赣州市”调整为“南昌市”") {
			t.Fatalf("the admin's move: %+v", p)
		}
		if got := milestone(ganzhou); got != http.StatusForbidden {
			t.Errorf("Ganzhou after the move: %d", got)
		}
		if got := milestone(nanchang); got >= 300 {
			t.Errorf("Nanchang after the move: %d", got)
		}
		// Nor may Ganzhou send that project's figures for 2024 any more:
		// its 2024 entry still says 赣州市, but the project is Nanchang's,
		// so its row is another city's: skipped and counted, not written.
		sheet := sheetBytes(t, [][]any{{"2024年6月省大中型项目调度表"}, {"单位：万元"},
			{"序号", "项目代码", "项目名称", "6月完成投资"}, {1, code, "赣州港航枢纽", 100}})
		if p := preview(t, srv, ganzhou, sheet); len(p.Files[0].Errors) != 0 || p.Files[0].Created != 0 || p.Files[0].SkippedOtherCity != 1 {
			t.Errorf("Ganzhou's 2024 sheet for a project now Nanchang's: %+v", p)
		}
	})
}

// preview uploads a plan list and reads the preview.
func preview(t *testing.T, srv *httptest.Server, c *http.Client, book []byte) crossingPreview {
	t.Helper()
	var p crossingPreview
	decode(t, uploadAs(t, c, srv.URL+"/api/v1/imports", "list.xlsx", book, nil), &p)
	return p
}

// importPlan previews and, when it is applicable, applies a plan list.
func importPlan(t *testing.T, srv *httptest.Server, c *http.Client, book []byte) crossingPreview {
	t.Helper()
	p := preview(t, srv, c, book)
	if p.Applicable {
		if code := postJSON(t, c, srv.URL+"/api/v1/imports/previews/"+p.ID+"/apply", ""); code != 200 {
			t.Fatalf("apply: %d", code)
		}
	}
	return p
}
