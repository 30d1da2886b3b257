package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/report"
)

// projectFilter reads the list's filter from the query string; the page
// and the JSON API read the same parameters.
func (s *server) projectFilter(c *gin.Context) (report.ProjectFilter, bool) {
	year, month, ok := s.period(c)
	if !ok {
		return report.ProjectFilter{}, false
	}
	// Text parameters are bounded: they go into SQL as bound values and
	// into the key of a cached page.
	for _, name := range []string{"sector", "subsector", "city", "county", "stage", "light", "tag", "q", "sort"} {
		if utf8.RuneCountInString(c.Query(name)) > maxFilterText {
			s.badRequest(c, fmt.Sprintf("%s 参数最长 %d 个字符", name, maxFilterText))
			return report.ProjectFilter{}, false
		}
	}
	f := report.ProjectFilter{Year: year, Month: month, UserID: managerID(c),
		Sector: c.Query("sector"), Subsector: c.Query("subsector"), City: c.Query("city"), Stage: c.Query("stage"),
		Light: c.Query("light"), Tag: c.Query("tag"), Q: c.Query("q"), Sort: c.Query("sort"), Desc: c.Query("desc") == "1"}
	for _, p := range []struct {
		name string
		dst  *bool
	}{{"overrun", &f.Overrun}, {"delayed", &f.Delayed}} {
		switch c.Query(p.name) {
		case "", "0":
		case "1":
			*p.dst = true
		default:
			s.badRequest(c, p.name+" 参数应为 1 或 0")
			return f, false
		}
	}
	var ok2 bool
	if f.County, ok2 = s.countyParam(c); !ok2 {
		return f, false
	}
	switch c.Query("flagship") {
	case "":
	case "1":
		t := true
		f.Flagship = &t
	case "0":
		no := false
		f.Flagship = &no
	default:
		s.badRequest(c, "flagship 参数应为 1 或 0")
		return f, false
	}
	for _, p := range []struct {
		name  string
		dst   *int
		bound int
	}{{"page", &f.Page, maxPage}, {"per_page", &f.PerPage, maxPerPage}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > p.bound {
				s.badRequest(c, fmt.Sprintf("%s 参数应为 1 到 %d 之间的整数", p.name, p.bound))
				return f, false
			}
			*p.dst = n
		}
	}
	if err := f.Normalize(); err != nil {
		s.badRequest(c, "筛选或排序参数无效："+err.Error())
		return f, false
	}
	return f, true
}

// maxPage and maxPerPage bound the list's page parameters; a page past
// the view's last is refused with the last one named.
const (
	maxPage    = 1_000_000
	maxPerPage = 500
	// maxFilterText bounds each text parameter of the list's filter.
	maxFilterText = 100
)

func (s *server) projects(c *gin.Context) (*report.ProjectPage, report.ProjectFilter, bool) {
	f, ok := s.projectFilter(c)
	if !ok {
		return nil, f, false
	}
	page, err := s.cachedProjects(c, f)
	var pr *report.PageRangeError
	switch {
	case errors.As(err, &pr):
		s.badRequest(c, fmt.Sprintf("page 参数应为 1 到 %d 之间的整数（共 %d 页）", pr.Pages, pr.Pages))
		return nil, f, false
	case err != nil:
		s.internal(c, err)
		return nil, f, false
	}
	return page, f, true
}

// cachedProjects is one page of the list, computed once per filter (the
// manager's scope included) and state of the data, in a cache of its
// own: a page computes every listed project's figures (30-40 ms at
// 3,670 projects), and leaders open the same views. The page is shared:
// callers read it only.
func (s *server) cachedProjects(c *gin.Context, f report.ProjectFilter) (*report.ProjectPage, error) {
	fp, err := s.fingerprint(c)
	if err != nil {
		return nil, err
	}
	key, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	v, err := s.projectPages.Value(c.Request.Context(), fp, "projects:"+string(key), f.Year, f.Month, func(ctx context.Context) (any, error) {
		return s.cfg.Reporter.Projects(ctx, f)
	})
	if err != nil {
		return nil, err
	}
	return v.(*report.ProjectPage), nil
}

// managerID scopes lists to a manager's assigned projects (0 for others).
func managerID(c *gin.Context) int64 {
	if u := currentUser(c); u != nil && u.Role == models.RoleManager {
		return u.ID
	}
	return 0
}

// projectsJSON is GET /api/v1/projects.
func (s *server) projectsJSON(c *gin.Context) {
	if page, _, ok := s.projects(c); ok {
		c.JSON(http.StatusOK, page)
	}
}

// projectsPage is GET /projects.
func (s *server) projectsPage(c *gin.Context) {
	page, f, ok := s.projects(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "projects.html", map[string]any{
		"Title": "项目清单", "Page": page, "F": f, "Query": c.Request.URL.Query(), "FlagshipOn": f.Flagship != nil && *f.Flagship,
		"Sectors": report.SectorNames(), "Cities": report.CityNames(), "Tags": []string{"省大中型", "省重点", "专项债", "中央预算内"},
	})
}

// projectsExport is GET /projects/export.xlsx and /projects/export.csv
// (and the same under /api/v1): the view as filtered on the page, every
// page of it. The workbook is the month's 调度表 in the province's
// layout, its title naming the filter; the CSV is the list as sorted on
// the page. The file name names the year and the filter.
func (s *server) projectsExport(format string) gin.HandlerFunc {
	return func(c *gin.Context) {
		f, ok := s.projectFilter(c)
		if !ok {
			return
		}
		var buf bytes.Buffer
		var err error
		ctype := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		if format == "csv" {
			ctype = "text/csv; charset=utf-8"
			f.All = true
			var page *report.ProjectPage
			if page, err = s.cfg.Reporter.Projects(c.Request.Context(), f); err == nil {
				err = report.WriteProjectsCSV(&buf, page.Rows)
			}
		} else {
			err = s.cfg.Reporter.WriteSchedule(c.Request.Context(), &buf, f, nil)
		}
		if err != nil {
			s.internal(c, err)
			return
		}
		c.Header("Content-Disposition", attachment(fmt.Sprintf("projects-%d.%s", f.Year, format), f.ExportFileName(format)))
		writeBytes(c, http.StatusOK, ctype, buf.Bytes())
	}
}

// attachment is a Content-Disposition for a download: an ASCII filename
// for old clients and the real name as an RFC 5987 filename* (UTF-8,
// every byte outside attr-char percent-encoded).
func attachment(ascii, name string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range []byte(name) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + b.String()
}

// projectDetail is GET /api/v1/projects/:id, and what the project page shows.
type projectDetail struct {
	History *models.ProjectHistory `json:"history"`
	Year    int                    `json:"year"`
	Month   int                    `json:"month"`
	// Current is the project's row in the year's list (absent when it is
	// not listed that year), LightReasons why its light is what it is.
	Current        *report.ProjectRow `json:"current,omitempty"`
	LightReasons   []string           `json:"light_reasons,omitempty"`
	LateMilestones map[int64]bool     `json:"late_milestones"`
	// Slippage is the overrun and delay against the first list (absent
	// when the project is not listed that year).
	Slippage *report.Slippage `json:"slippage,omitempty"`
	// Changes are the history's audit entries in words, newest first.
	Changes []report.Change `json:"changes"`
}

// pageData is the detail as the project template reads it.
func (d *projectDetail) pageData() map[string]any {
	slipDays := map[int64]int{} // milestone id → days its plan moved later
	out := map[string]any{"history": d.History, "year": d.Year, "month": d.Month, "late_milestones": d.LateMilestones, "changes": d.Changes,
		"slip_days": slipDays}
	if d.Current != nil {
		out["current"], out["light_reasons"], out["slippage"] = *d.Current, d.LightReasons, d.Slippage
		for _, m := range d.Slippage.Milestones {
			slipDays[m.MilestoneID] = m.Days
		}
	}
	return out
}

// loadProjectDetail loads one project with its row in the year's list.
func (s *server) loadProjectDetail(c *gin.Context) (*projectDetail, bool) {
	id, ok := s.projectID(c)
	if !ok {
		return nil, false
	}
	if uid := managerID(c); uid != 0 {
		ok, err := s.cfg.Store.Assigned(c.Request.Context(), uid, id)
		if err != nil {
			s.internal(c, err)
			return nil, false
		}
		if !ok {
			s.refuse(c, currentUser(c), "project not assigned")
			return nil, false
		}
	}
	h, err := s.cfg.Store.ProjectHistory(c.Request.Context(), id, 200)
	if err != nil {
		s.storeError(c, err, "没有这个项目")
		return nil, false
	}
	year, month, ok := s.period(c)
	if !ok {
		return nil, false
	}
	page, err := s.cfg.Reporter.Projects(c.Request.Context(), report.ProjectFilter{ID: id, Year: year, Month: month})
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	out := &projectDetail{History: h, Year: year, Month: month, LateMilestones: map[int64]bool{}, Changes: report.Changes(h.Audit)}
	stage := ""
	if len(page.Rows) == 1 {
		row := page.Rows[0]
		out.Current, out.LightReasons, stage = &row, s.cfg.Reporter.Explain(row, year, month, h.Milestones), row.Stage
		slip := report.SlippageOf(row, h.Milestones)
		out.Slippage = &slip
	}
	for _, m := range h.Milestones {
		out.LateMilestones[m.ID] = report.Late(m, stage, year, month)
	}
	return out, true
}

// savedMessage is the confirmation the project page shows after a save
// redirected to it (POST → redirect → GET with ?saved=what); "" for
// anything else, so no text of the URL reaches the page.
func savedMessage(what string) string {
	return map[string]string{"plan": "已保存年度计划", "milestone": "已保存里程碑", "reopen": "已重新打开月报，项目单位可以修改后再次提交", "problem": "已列入问题台账"}[what]
}

// savedURL is the project page a save redirects to, saying what it saved.
func savedURL(id int64, year, month int, what, anchor string) string {
	u := fmt.Sprintf("/projects/%d?saved=%s", id, what)
	if year != 0 {
		u += fmt.Sprintf("&year=%d", year)
	}
	if month != 0 {
		u += fmt.Sprintf("&month=%d", month)
	}
	return u + anchor
}

// projectJSON is GET /api/v1/projects/:id.
func (s *server) projectJSON(c *gin.Context) {
	if d, ok := s.loadProjectDetail(c); ok {
		c.JSON(http.StatusOK, d)
	}
}

// projectPage is GET /projects/:id.
func (s *server) projectPage(c *gin.Context) {
	d, ok := s.loadProjectDetail(c)
	if !ok {
		return
	}
	canEdit, err := s.mayEditProject(c, d.History.Project.ID)
	if err != nil {
		s.internal(c, err)
		return
	}
	data := d.pageData()
	data["Title"] = d.History.Project.Name
	data["CanEdit"] = canEdit
	data["CanEditPlan"] = canEdit && currentUser(c).Role != models.RoleManager
	data["Saved"] = savedMessage(c.Query("saved"))
	if data["Problems"], err = s.projectProblems(c, d.History.Project.ID, canEdit); err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "project.html", data)
}
