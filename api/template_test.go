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
	"portfolio/report"
)

// getAs sends a GET with client c and returns the status, the body and
// the Content-Disposition.
func getAs(t *testing.T, c *http.Client, u string) (int, []byte, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header.Get("Content-Disposition")
}

// TestTemplateDownloads: an official downloads the blank templates; a
// city official's monthly template lists only its city's projects and
// another city's is refused; a manager gets none; bad parameters are 400.
func TestTemplateDownloads(t *testing.T) {
	s := storetest.SQLite(t)
	seed(t, s)
	srv := newServer(t, s)
	addUser(t, s, "nanchang", models.RoleCity, "南昌市")
	addUser(t, s, "builder", models.RoleManager, "")
	city, manager := clientFor(t, srv, "nanchang"), clientFor(t, srv, "builder")
	base := srv.URL + "/api/v1/templates/"

	code, body, disp := getAs(t, srv.Client(), base+"plan?year=2025")
	if code != http.StatusOK || !strings.Contains(disp, url.PathEscape("2025年项目计划表（模板）.xlsx")) {
		t.Fatalf("plan template: %d %q", code, disp)
	}
	if names := sheetNames(t, body); len(names) != 3 || names[2] != report.TemplateNotesSheet {
		t.Fatalf("plan template sheets %v", names)
	}
	code, body, disp = getAs(t, city, base+"monthly?year=2024&month=7")
	if code != http.StatusOK || !strings.Contains(disp, url.PathEscape("2024年7月调度表（南昌市·模板）.xlsx")) {
		t.Fatalf("the city's monthly template: %d %q", code, disp)
	}
	if rows := tableRows(t, body); len(rows) != 4 || !strings.Contains(rows[3][2], "学校") || rows[3][3] != "南昌市" || rows[3][4] != "100000.00" {
		t.Fatalf("the city's monthly template rows: %q", rows)
	}
	for _, tc := range []struct {
		c      *http.Client
		path   string
		status int
		says   string
	}{
		{city, "monthly?city=九江市", http.StatusForbidden, "没有权限"},
		{manager, "plan", http.StatusForbidden, "没有权限"},
		{srv.Client(), "monthly?year=abc", http.StatusBadRequest, "年份应为数字"},
		{srv.Client(), "monthly?month=13", http.StatusBadRequest, "月份应在 1 到 12 之间"},
		{srv.Client(), "monthly?city=北京市", http.StatusBadRequest, "不是江西省的设区市"},
		{srv.Client(), "yearly", http.StatusBadRequest, "模板类型"},
	} {
		if code, body, _ := getAs(t, tc.c, base+tc.path); code != tc.status || !strings.Contains(string(body), tc.says) {
			t.Errorf("%s: %d %s; want %d with %q", tc.path, code, body, tc.status, tc.says)
		}
	}
}

func sheetNames(t *testing.T, book []byte) []string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	return x.GetSheetList()
}

// tableRows are the rows of a template's first sheet.
func tableRows(t *testing.T, book []byte) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
