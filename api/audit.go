package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

// auditFilter reads the audit filters; a city official sees its city's
// projects only.
func (s *server) auditFilter(c *gin.Context) (models.AuditFilter, bool) {
	f := models.AuditFilter{Actor: c.Query("user")}
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"project", &f.ProjectID}, {"batch", &f.BatchID}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				s.badRequest(c, p.name+" 参数应为编号")
				return f, false
			}
			*p.dst = n
		}
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := c.Query(p.name); v != "" {
			d, err := time.ParseInLocation("2006-01-02", v, time.Local)
			if err != nil {
				s.badRequest(c, p.name+" 参数应写作 2024-06-30")
				return f, false
			}
			*p.dst = d.AddDate(0, 0, p.add).UTC()
		}
	}
	if v := c.Query("page"); v != "" {
		f.Page, _ = strconv.Atoi(v)
	}
	if u := currentUser(c); u.Role == models.RoleCity {
		f.City = u.City
	}
	return f, true
}

func (s *server) auditJSON(c *gin.Context) {
	f, ok := s.auditFilter(c)
	if !ok {
		return
	}
	es, total, err := s.cfg.Store.Audit(c.Request.Context(), f)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, auditPage{Total: total, Entries: es})
}

func (s *server) auditPage(c *gin.Context) {
	f, ok := s.auditFilter(c)
	if !ok {
		return
	}
	es, total, err := s.cfg.Store.Audit(c.Request.Context(), f)
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "audit.html", map[string]any{"Title": "变更记录", "Entries": es, "Total": total,
		"Query": c.Request.URL.Query(), "F": f, "Next": f.Page*100 < int(total), "Page": max(f.Page, 1)})
}
