package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/report"
)

// oc4idsJSON is GET /api/v1/oc4ids: the year's projects up to the month
// as an OC4IDS 0.9 project package, what `portfolio export --format
// oc4ids` writes: the whole list, so for the roles that read the
// dashboard (a project manager sees only its own projects).
func (s *server) oc4idsJSON(c *gin.Context) {
	year, month, ok := s.period(c)
	if !ok {
		return
	}
	opt := s.cfg.OC4IDS
	opt.Year, opt.Month = year, month
	pkg, err := report.OC4IDS(c.Request.Context(), s.cfg.Store, opt)
	if errors.Is(err, models.ErrNotFound) {
		s.fail(c, http.StatusNotFound, "not_found", fmt.Sprintf("%d年还没有项目清单", year), nil)
		return
	}
	if err != nil {
		s.internal(c, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteOC4IDS(&buf, pkg); err != nil {
		s.internal(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf("inline; filename=\"oc4ids-%d-%02d.json\"", year, month))
	writeBytes(c, http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}
