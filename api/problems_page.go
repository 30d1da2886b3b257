package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// problemView is a problem row as the pages show it: its history and
// the actions the signed-in user may take on it now.
type problemView struct {
	models.ProblemRow
	Events  []models.ProblemEvent
	Actions []string
}

// problemViews adds to rows their history and the user's actions. Rows
// come from a scoped list, so the user may edit each one's project
// (province.MayEdit) unless it is a viewer.
func (s *server) problemViews(c *gin.Context, rows []models.ProblemRow) ([]problemView, error) {
	u := currentUser(c)
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	evs, err := s.cfg.Store.ProblemEventsOf(c.Request.Context(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]problemView, len(rows))
	for i, r := range rows {
		out[i] = problemView{ProblemRow: r, Events: evs[r.ID]}
		for _, a := range province.ProblemActions() {
			if _, _, ok := province.ProblemNext(a, r.Status, r.Level); ok && province.MayMoveProblem(u.Role, a, r.Level, u.Role != models.RoleViewer) {
				out[i].Actions = append(out[i].Actions, a)
			}
		}
	}
	return out, nil
}

// problemsPage is GET /problems: the ledger with the same filters as
// GET /api/v1/problems.
func (s *server) problemsPage(c *gin.Context) {
	f, rows, total, ok := s.listProblems(c)
	if !ok {
		return
	}
	views, err := s.problemViews(c, rows)
	if err != nil {
		s.internal(c, err)
		return
	}
	page := max(f.Page, 1)
	s.render(c, http.StatusOK, "problems.html", map[string]any{
		"Title": "问题台账", "Rows": views, "Total": total, "Query": c.Request.URL.Query(), "Page": page,
		"Next": int64(page*max(f.PerPage, 100)) < total, "Here": c.Request.URL.RequestURI(),
		"Statuses": province.ProblemStatuses(), "Levels": province.ProblemLevels(), "Categories": province.ProblemCategories(),
		"Cities": report.CityNames(), "ExportQuery": c.Request.URL.RawQuery,
	})
}

// problemsExport is GET /problems/export.xlsx and /api/v1/problems/export.xlsx:
// the filtered ledger as the 问题清单 workbook.
func (s *server) problemsExport(c *gin.Context) {
	f, ok := s.problemFilter(c)
	if !ok {
		return
	}
	rows, err := report.AllProblems(c.Request.Context(), s.cfg.Store, f)
	if err != nil {
		s.internal(c, err)
		return
	}
	title := report.ProblemsTitle(f)
	var buf bytes.Buffer
	if err := report.WriteProblems(&buf, title, rows); err != nil {
		s.internal(c, err)
		return
	}
	c.Header("Content-Disposition", attachment("problems.xlsx", title+".xlsx"))
	writeBytes(c, http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// raiseProblemPage is POST /projects/:id/problems from the project page.
func (s *server) raiseProblemPage(c *gin.Context) {
	var req problemRequest
	if err := c.ShouldBind(&req); err != nil {
		s.badBody(c, err, "表单内容无效")
		return
	}
	if p, ok := s.raiseProblem(c, req, nil); ok {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/projects/%d?saved=problem#problems", p.ProjectID))
	}
}

// moveProblemPage is POST /problems/:pid/{action} from a page; it goes
// back to the page it came from (next, on this site only).
func (s *server) moveProblemPage(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		v, _ := strconv.Atoi(c.PostForm("version"))
		if _, ok := s.moveProblem(c, action, problemMoveRequest{Version: v, Note: c.PostForm("note")}); ok {
			c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
		}
	}
}

// projectProblems is the project page's ledger section: the project's
// problems and, for a user who may raise one, the form's choices.
func (s *server) projectProblems(c *gin.Context, projectID int64, canEdit bool) (map[string]any, error) {
	f := problemScope(currentUser(c))
	f.ProjectID = projectID
	rows, _, err := s.cfg.Store.Problems(c.Request.Context(), f)
	if err != nil {
		return nil, err
	}
	views, err := s.problemViews(c, rows)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"Rows": views, "Here": fmt.Sprintf("/projects/%d#problems", projectID)}
	u := currentUser(c)
	var levels []string
	for _, l := range province.ProblemLevels() {
		if province.MayRaiseProblem(u.Role, l, canEdit) {
			levels = append(levels, l)
		}
	}
	if len(levels) > 0 {
		out["Raise"] = map[string]any{"ProjectID": projectID, "Levels": levels, "Categories": province.ProblemCategories(), "Departments": province.ProblemDepartments()}
	}
	return out, nil
}

// dashboardOldestProblems is how many of the oldest open problems the
// dashboard lists.
const dashboardOldestProblems = 5
