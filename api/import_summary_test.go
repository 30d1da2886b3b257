package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"portfolio/models"
	"portfolio/models/storetest"
)

// badPlanBook is planBook(planWan) with a third row whose total is not a number.
func badPlanBook(t *testing.T, planWan float64) []byte {
	t.Helper()
	return sheetBytes(t, [][]any{
		{"2024年省大中型项目计划表"},
		{"单位：万元"},
		{"序号", "项目名称", "建设地点", "建设性质", "总投资", "2024年计划投资"},
		{"一、综合交通"},
		{1, "长赣高铁", "跨设区市", "新开工", 5000000, planWan},
		{2, "昌江航道提升", "景德镇市", "新开工", 200000, 30000},
		{3, "赣江新区码头", "南昌市", "新开工", "约三亿", 1000},
	})
}

// previewOf uploads a book through the API and decodes its preview.
func previewOf(t *testing.T, c *http.Client, srv string, name string, book []byte) apiPreview {
	t.Helper()
	var p apiPreview
	decode(t, uploadAs(t, c, srv+"/api/v1/imports", name, book, nil), &p)
	return p
}

type apiPreview struct {
	ID         string
	Applicable bool
	Files      []struct {
		Created int
		BatchID int64 `json:"batch_id"`
		Errors  []struct{ Row int }
		Changes []struct {
			Action  string
			Changes []struct {
				Field string
				After any
			}
		}
	}
	Summary struct {
		Created, Rejected, Errors int
		SkippedOtherCity          int `json:"skipped_other_city"`
		Money                     struct {
			PlanYuan int64 `json:"plan_yuan"`
			Months   []struct {
				Month         int
				CompletedYuan int64 `json:"completed_yuan"`
			}
		}
		ErrorGroups []struct {
			Column string
			Count  int
		} `json:"error_groups"`
	}
}

// skip_invalid: without it nothing is written; with it the valid rows
// are, and the invalid one is listed. The page's form does the same.
func TestApplySkipInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		c := srv.Client()
		p := previewOf(t, c, srv.URL, "list.xlsx", badPlanBook(t, 600000))
		if p.Applicable || p.Summary.Created != 2 || p.Summary.Rejected != 1 || len(p.Summary.ErrorGroups) != 1 ||
			p.Summary.ErrorGroups[0].Column != "总投资" || p.Summary.Money.PlanYuan != 6_300_000_000 {
			t.Fatalf("preview %+v", p)
		}
		apply := func(body string) *http.Response {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/imports/previews/"+p.ID+"/apply", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		for _, body := range []string{"", `{"skip_invalid": false}`} {
			if res := apply(body); res.StatusCode != http.StatusUnprocessableEntity || planTotal(t, srv) != 0 {
				t.Fatalf("apply %q without skip_invalid: %d, plan %d", body, res.StatusCode, planTotal(t, srv))
			}
		}
		if res := apply(`{"skip_invalid": "yes"}`); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("a skip_invalid that is not a boolean: %d", res.StatusCode)
		}
		var applied apiPreview
		res := apply(`{"skip_invalid": true}`)
		decode(t, res, &applied)
		if res.StatusCode != 200 || applied.Files[0].BatchID == 0 || len(applied.Files[0].Errors) != 1 || applied.Files[0].Errors[0].Row != 7 ||
			applied.Summary.Rejected != 1 || planTotal(t, srv) != 6_300_000_000 {
			t.Fatalf("apply with skip_invalid: %d %+v, plan %d", res.StatusCode, applied, planTotal(t, srv))
		}

		// The page: the form's skip_invalid, answered with the rows left out.
		p = previewOf(t, c, srv.URL, "list2.xlsx", badPlanBook(t, 650000))
		code, page := get(t, srv, srv.URL+"/imports/preview/"+p.ID)
		if code != 200 || !strings.Contains(page, `id="apply-skip"`) || strings.Contains(page, `id="apply"`) {
			t.Fatalf("preview page %d without the skip button", code)
		}
		res, err := c.PostForm(srv.URL+"/imports/preview/"+p.ID+"/apply", url.Values{"skip_invalid": {"1"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), `id="not-applied"`) || !strings.Contains(string(b), "第 7 行") {
			t.Fatalf("page apply with skip_invalid: %d %s", res.StatusCode, b)
		}
		if got := planTotal(t, srv); got != 6_800_000_000 {
			t.Fatalf("plan after the page's apply %d", got)
		}
	})
}

// The errors workbook has every error, one a row, and is the uploader's
// alone, on the page's route and the API's.
func TestPreviewErrorsXLSX(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	city := clientFor(t, srv, "nanchang")
	p := previewOf(t, city, srv.URL, "list.xlsx", badPlanBook(t, 600000))
	if p.Summary.SkippedOtherCity != 2 || p.Summary.Errors != 1 {
		t.Fatalf("nanchang's preview %+v", p.Summary)
	}
	for _, path := range []string{"/api/v1/imports/previews/", "/imports/preview/"} {
		res, err := city.Get(srv.URL + path + p.ID + "/errors.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("错误")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || strings.Join(rows[0], ",") != "文件,工作表,行,列,值,说明" ||
			rows[1][0] != "list.xlsx" || rows[1][2] != "7" || rows[1][3] != "总投资" || rows[1][4] != "约三亿" || rows[1][5] == "" {
			t.Fatalf("%s: rows %q", path, rows)
		}
	}
	// Another city's official may not read nanchang's upload.
	addUser(t, s, "jiujiang", models.RoleCity, "九江市")
	res, err := clientFor(t, srv, "jiujiang").Get(srv.URL + "/api/v1/imports/previews/" + p.ID + "/errors.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Fatalf("another official's read of the errors: %d", res.StatusCode)
	}
}

// A monthly sheet's preview shows each new report's amount, and its
// summary the month's money.
func TestMonthlyPreviewShowsAmounts(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	p := previewOf(t, srv.Client(), srv.URL, "plan.xlsx", planBook(t, 600000))
	if res := post(t, srv, srv.URL+"/api/v1/imports/previews/"+p.ID+"/apply"); res.StatusCode != 200 {
		t.Fatalf("apply the plan: %d", res.StatusCode)
	}
	book := sheetBytes(t, [][]any{
		{"2024年3月省大中型项目调度表"},
		{"单位：万元"},
		{"序号", "项目名称", "3月完成投资", "形象进度"},
		{1, "昌江航道提升", 1234.5, "航道疏浚"},
	})
	m := previewOf(t, srv.Client(), srv.URL, "3月.xlsx", book)
	if len(m.Summary.Money.Months) != 1 || m.Summary.Money.Months[0].Month != 3 || m.Summary.Money.Months[0].CompletedYuan != 12_345_000 {
		t.Fatalf("monthly summary %+v", m.Summary.Money)
	}
	ch := m.Files[0].Changes
	if len(ch) != 1 || ch[0].Action != "create" || len(ch[0].Changes) == 0 || ch[0].Changes[0].Field != "completed_yuan" || ch[0].Changes[0].After != float64(12_345_000) {
		t.Fatalf("the new report's row %+v", ch)
	}
	code, page := get(t, srv, srv.URL+"/imports/preview/"+m.ID)
	if code != 200 || !strings.Contains(page, "<td>本月完成投资</td><td>—</td><td>1,234.50 万元</td>") || !strings.Contains(page, "2024年3月完成投资") {
		t.Fatalf("monthly preview page %d lacks the amount:\n%s", code, page)
	}
}

// The imports page's template link answers the full template (the
// API's /api/v1/templates/{kind}, TestTemplateDownloads).
func TestImportTemplate(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	res, err := srv.Client().Get(srv.URL + "/imports/template.xlsx?kind=monthly&year=2024&month=5")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("monthly template: %d %v", res.StatusCode, err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	f.Close()
	if len(rows) != 3 || !strings.Contains(rows[2][2], "项目名称") || !strings.Contains(rows[0][0], "2024年5月") {
		t.Fatalf("monthly template: %q", rows)
	}
	if code, body := get(t, srv, srv.URL+"/imports/template.xlsx?kind=monthly&month=13"); code != 400 || !strings.Contains(body, "月份应在 1 到 12 之间") {
		t.Fatalf("month 13: %d %s", code, body)
	}
}

// Empty states offer the upload and the blank sheet, never the command
// line.
func TestEmptyStatesOfferTheUpload(t *testing.T) {
	s := storetest.SQLite(t)
	srv := newServer(t, s)
	for _, u := range []string{"/", "/projects", "/imports"} {
		code, page := get(t, srv, srv.URL+u)
		if code != 200 || strings.Contains(page, "portfolio import") || !strings.Contains(page, `href="/imports/template.xlsx?kind=plan"`) {
			t.Errorf("%s: %d, the empty state does not offer the upload and the blank sheet", u, code)
		}
	}
}
