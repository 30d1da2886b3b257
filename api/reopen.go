package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

// reopenRequest reopens an approved report: the version the reopener saw
// and why (required, at most models.MaxReason characters).
type reopenRequest struct {
	Version int    `json:"version" form:"version"`
	Reason  string `json:"reason" form:"reason"`
}

// reopen sends an approved report of the user's city (any, admin) back
// to the manager; the totals of approved reports drop it.
func (s *server) reopen(c *gin.Context, req reopenRequest) (*models.MonthlyReport, bool) {
	id, ok := s.cityReport(c, "reopen of another city's report")
	if !ok {
		return nil, false
	}
	out, err := s.cfg.Store.ReopenReport(c.Request.Context(), id, req.Reason, req.Version, time.Now(), s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, "没有这份月报")
		return nil, false
	}
	s.notifyReturned(c, out)
	return out, true
}

// reopenJSON is POST /api/v1/reports/:rid/reopen.
func (s *server) reopenJSON(c *gin.Context) {
	var req reopenRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badRequest(c, "请求体应为 JSON：{\"version\": N, \"reason\": \"原因\"}")
		return
	}
	if r, ok := s.reopen(c, req); ok {
		c.JSON(http.StatusOK, r)
	}
}

// reopenPage is POST /reports/:rid/reopen from the project page.
func (s *server) reopenPage(c *gin.Context) {
	v, _ := strconv.Atoi(c.PostForm("version"))
	r, ok := s.reopen(c, reopenRequest{Version: v, Reason: c.PostForm("reason")})
	if ok {
		c.Redirect(http.StatusSeeOther, savedURL(r.ProjectID, r.Year, r.Month, "reopen", "#reports"))
	}
}
