package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/importer"
	"portfolio/models"
)

// planEditRequest is a hand edit of a plan entry; the form gives 万元,
// JSON gives yuan.
type planEditRequest struct {
	Year       int    `json:"year" form:"year"`
	Owner      string `json:"owner" form:"owner"`
	Stage      string `json:"stage" form:"stage"`
	TotalYuan  *int64 `json:"total_investment_yuan" form:"-"`
	BeforeYuan *int64 `json:"completed_before_yuan" form:"-"`
	PlanYuan   *int64 `json:"annual_plan_yuan" form:"-"`
	TotalWan   string `json:"-" form:"total_wan"`
	BeforeWan  string `json:"-" form:"before_wan"`
	PlanWan    string `json:"-" form:"plan_wan"`
	Note       string `json:"note" form:"note"`
	Version    int    `json:"version" form:"version"`
}

// edit turns the request into the store's PlanEdit, reading 万元 where
// the form sent them.
func (r planEditRequest) edit() (models.PlanEdit, error) {
	ed := models.PlanEdit{Owner: r.Owner, Stage: r.Stage, Note: r.Note, Version: r.Version}
	for _, a := range []struct {
		yuan  *int64
		wan   string
		dst   *int64
		label string
	}{{r.TotalYuan, r.TotalWan, &ed.TotalInvestmentYuan, "总投资"}, {r.BeforeYuan, r.BeforeWan, &ed.CompletedBeforeYuan, "截至上年底累计完成"},
		{r.PlanYuan, r.PlanWan, &ed.AnnualPlanYuan, "年度计划投资"}} {
		if a.yuan != nil {
			*a.dst = *a.yuan
			continue
		}
		y, _, err := importer.ParseAmount(a.wan, importer.UnitWan)
		if err != nil {
			return ed, &models.FieldError{Field: "amount", Message: a.label + "：" + err.Error()}
		}
		*a.dst = y
	}
	return ed, nil
}

// editPlan checks the editor's rights and saves; it answers failures.
func (s *server) editPlan(c *gin.Context, req planEditRequest) (int64, *models.PlanEntry, bool) {
	id, ok := s.projectID(c)
	if !ok {
		return 0, nil, false
	}
	if ok, err := s.mayEditProject(c, id); err != nil {
		s.internal(c, err)
		return 0, nil, false
	} else if !ok || currentUser(c).Role == models.RoleManager {
		s.refuse(c, currentUser(c), "plan edit of a project not its city's")
		return 0, nil, false
	}
	ed, err := req.edit()
	var e *models.PlanEntry
	if err == nil {
		e, err = s.cfg.Store.EditPlanEntry(c.Request.Context(), id, req.Year, ed, time.Now(), s.who(c, source(c)))
	}
	if err != nil {
		s.storeError(c, err, "该项目不在这一年的计划中")
		return 0, nil, false
	}
	return id, e, true
}

// planEditJSON is PUT /api/v1/projects/:id/plan.
func (s *server) planEditJSON(c *gin.Context) {
	var req planEditRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		if s.badAmount(c, err) {
			return
		}
		s.badBody(c, err, "请求体应为 JSON：year, owner, stage, total_investment_yuan, completed_before_yuan, annual_plan_yuan, note, version")
		return
	}
	if _, e, ok := s.editPlan(c, req); ok {
		c.JSON(http.StatusOK, e)
	}
}

// planEditPage is POST /projects/:id/plan from the project page.
func (s *server) planEditPage(c *gin.Context) {
	var req planEditRequest
	if err := c.ShouldBind(&req); err != nil {
		s.badBody(c, err, "表单内容无效")
		return
	}
	if id, _, ok := s.editPlan(c, req); ok {
		c.Redirect(http.StatusSeeOther, savedURL(id, req.Year, 0, "plan", ""))
	}
}
