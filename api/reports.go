package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// reportRequest is a monthly report as a form or JSON sends it. The form
// gives 万元 (completed_wan); JSON gives yuan (completed_yuan).
type reportRequest struct {
	Year          int    `json:"year" form:"year"`
	Month         int    `json:"month" form:"month"`
	CompletedYuan *int64 `json:"completed_yuan" form:"-"`
	CompletedWan  string `json:"-" form:"completed_wan"`
	Progress      string `json:"progress" form:"progress"`
	Problems      string `json:"problems" form:"problems"`
	Version       int    `json:"version" form:"version"`
}

// input checks a request into the store's ReportInput; one function for
// the page and the JSON API.
func (r reportRequest) input(projectID int64) (models.ReportInput, error) {
	in := models.ReportInput{ProjectID: projectID, Year: r.Year, Month: r.Month, Version: r.Version,
		Progress: strings.TrimSpace(r.Progress), Problems: strings.TrimSpace(r.Problems)}
	switch {
	case r.CompletedYuan != nil:
		in.CompletedYuan = *r.CompletedYuan
	default:
		y, ok, err := importer.ParseAmount(r.CompletedWan, importer.UnitWan)
		if err != nil || !ok {
			msg := "请填写本月完成投资（万元）"
			if err != nil {
				msg = "本月完成投资：" + err.Error()
			}
			return in, &models.FieldError{Field: "completed", Message: msg}
		}
		in.CompletedYuan = y
	}
	return in, nil
}

// mayEditProject is province.MayEdit for the signed-in user: admin any
// project, a city official the projects its city owns (whatever year a
// request names), a manager its assigned ones.
func (s *server) mayEditProject(c *gin.Context, projectID int64) (bool, error) {
	u := currentUser(c)
	ctx := c.Request.Context()
	var owner string
	var assigned bool
	var err error
	switch u.Role {
	case models.RoleCity:
		owner, err = s.cfg.Store.OwnerCity(ctx, projectID)
	case models.RoleManager:
		assigned, err = s.cfg.Store.Assigned(ctx, u.ID, projectID)
	}
	return province.MayEdit(u.Role, u.City, owner, assigned), err
}

func (s *server) projectID(c *gin.Context) (int64, bool) {
	return s.pathID(c, "id", "没有这个项目")
}

// pathID reads a positive id from the path; anything else is a 404.
func (s *server) pathID(c *gin.Context, param, notFound string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(param), 10, 64)
	if err != nil || id < 1 {
		s.fail(c, http.StatusNotFound, "not_found", notFound, nil)
		return 0, false
	}
	return id, true
}

// submitReport saves and submits a report; it answers the failures.
func (s *server) submitReport(c *gin.Context, id int64, req reportRequest) (*models.MonthlyReport, bool) {
	if ok, err := s.mayEditProject(c, id); err != nil {
		s.internal(c, err)
		return nil, false
	} else if !ok {
		s.refuse(c, currentUser(c), "report for a project not its own")
		return nil, false
	}
	in, err := req.input(id)
	if err == nil {
		var r *models.MonthlyReport
		r, err = s.cfg.Store.SubmitReport(c.Request.Context(), in, time.Now(), s.who(c, source(c)))
		if err == nil {
			return r, true
		}
	}
	s.storeError(c, err, "没有这份月报")
	return nil, false
}

func statusLabel(st string) string {
	return report.StatusLabel(st)
}

// reportJSON is POST /api/v1/projects/:id/reports.
func (s *server) reportJSON(c *gin.Context) {
	id, ok := s.projectID(c)
	if !ok {
		return
	}
	var req reportRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		if s.badAmount(c, err) {
			return
		}
		s.badBody(c, err, "请求体应为 JSON：year, month, completed_yuan, progress, problems, version")
		return
	}
	if req.CompletedYuan == nil {
		s.fail(c, http.StatusUnprocessableEntity, "invalid", "缺少 completed_yuan", gin.H{"field": "completed"})
		return
	}
	if r, ok := s.submitReport(c, id, req); ok {
		c.JSON(http.StatusCreated, r)
	}
}

// pending lists the reports the user may review.
func (s *server) pending(c *gin.Context) ([]models.PendingReport, error) {
	city := ""
	if u := currentUser(c); u.Role == models.RoleCity {
		city = u.City
	}
	return s.cfg.Store.PendingReports(c.Request.Context(), city)
}

func (s *server) pendingJSON(c *gin.Context) {
	ps, err := s.pending(c)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, pendingList{Reports: ps})
}

func (s *server) approvalsPage(c *gin.Context) {
	ps, err := s.pending(c)
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "approvals.html", map[string]any{"Title": "月报审核", "Pending": ps})
}

// cityReport reads the report of the path's :rid and lets through an
// admin, or a city official of the report's city; it answers the failures.
func (s *server) cityReport(c *gin.Context, refusal string) (int64, bool) {
	id, ok := s.pathID(c, "rid", "没有这份月报")
	if !ok {
		return 0, false
	}
	r, err := s.cfg.Store.Report(c.Request.Context(), id)
	if err != nil {
		s.storeError(c, err, "没有这份月报")
		return 0, false
	}
	if u := currentUser(c); u.Role == models.RoleCity {
		ok, err := s.mayEditProject(c, r.ProjectID)
		if err != nil {
			s.internal(c, err)
			return 0, false
		}
		if !ok {
			s.refuse(c, u, refusal)
			return 0, false
		}
	}
	return id, true
}

// review approves or returns a report for the user's city (or any, admin).
func (s *server) review(c *gin.Context, approve bool, version int) (*models.MonthlyReport, bool) {
	id, ok := s.cityReport(c, "review of another city's report")
	if !ok {
		return nil, false
	}
	out, err := s.cfg.Store.ReviewReport(c.Request.Context(), id, approve, version, time.Now(), s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, "没有这份月报")
		return nil, false
	}
	if !approve {
		s.notifyReturned(c, out)
	}
	return out, true
}

func (s *server) reviewJSON(approve bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Version int `json:"version"`
		}
		if err := c.ShouldBindJSON(&req); err != nil {
			s.badBody(c, err, "请求体应为 JSON：{\"version\": N}")
			return
		}
		if r, ok := s.review(c, approve, req.Version); ok {
			c.JSON(http.StatusOK, r)
		}
	}
}

func (s *server) reviewPage(approve bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		v, _ := strconv.Atoi(c.PostForm("version"))
		if _, ok := s.review(c, approve, v); ok {
			c.Redirect(http.StatusSeeOther, "/approvals")
		}
	}
}
