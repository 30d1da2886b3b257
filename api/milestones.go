package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

// milestoneRequest is a milestone as the form or JSON sends it.
type milestoneRequest struct {
	ID        int64  `json:"id" form:"id"`
	Kind      string `json:"kind" form:"kind"`
	Custom    string `json:"-" form:"custom_kind"`
	PlannedOn string `json:"planned_on" form:"planned_on"`
	ReachedOn string `json:"reached_on" form:"reached_on"`
	Note      string `json:"note" form:"note"`
	Version   int    `json:"version" form:"version"`
}

// saveMilestone checks who may edit the project and saves; it answers
// the failures itself.
func (s *server) saveMilestone(c *gin.Context, req milestoneRequest) (int64, *models.Milestone, bool) {
	id, ok := s.projectID(c)
	if !ok {
		return 0, nil, false
	}
	if ok, err := s.mayEditProject(c, id); err != nil {
		s.internal(c, err)
		return 0, nil, false
	} else if !ok {
		s.refuse(c, currentUser(c), "milestone of a project not its own")
		return 0, nil, false
	}
	kind := req.Kind
	if kind == "其他" || kind == "" {
		kind = req.Custom
	}
	m, err := s.cfg.Store.SaveMilestone(c.Request.Context(), models.MilestoneInput{ID: req.ID, ProjectID: id, Kind: kind,
		PlannedOn: req.PlannedOn, ReachedOn: req.ReachedOn, Note: req.Note, Version: req.Version}, time.Now(), s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, "没有这个里程碑")
		return 0, nil, false
	}
	return id, m, true
}

// milestoneJSON is POST /api/v1/projects/:id/milestones.
func (s *server) milestoneJSON(c *gin.Context) {
	var req milestoneRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badBody(c, err, "请求体应为 JSON：id, kind, planned_on, reached_on, note, version")
		return
	}
	if _, m, ok := s.saveMilestone(c, req); ok {
		c.JSON(http.StatusOK, m)
	}
}

// milestonePage is POST /projects/:id/milestones from the project page.
func (s *server) milestonePage(c *gin.Context) {
	var req milestoneRequest
	if err := c.ShouldBind(&req); err != nil {
		s.badBody(c, err, "表单内容无效")
		return
	}
	if id, _, ok := s.saveMilestone(c, req); ok {
		c.Redirect(http.StatusSeeOther, savedURL(id, 0, 0, "milestone", "#milestones"))
	}
}
