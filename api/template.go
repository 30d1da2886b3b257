package api

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/report"
)

// templateXLSX is GET /api/v1/templates/:kind (plan or monthly) with
// optional year, month and city: a blank template to fill in; the pages
// link to /imports/template.xlsx?kind=…, the same handler. A city official's monthly
// template lists their city's projects; another city's is refused.
func (s *server) templateXLSX(c *gin.Context) {
	o := report.TemplateOptions{Kind: c.Param("kind"), City: c.Query("city")}
	if o.Kind == "" {
		o.Kind = c.DefaultQuery("kind", report.TemplatePlan)
	}
	for _, q := range []struct {
		name, label string
		dst         *int
	}{{"year", "年份", &o.Year}, {"month", "月份", &o.Month}} {
		if v := c.Query(q.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				s.badRequest(c, q.label+"应为数字")
				return
			}
			*q.dst = n
		}
	}
	u := currentUser(c)
	if u.Role == models.RoleCity {
		if o.City != "" && o.City != u.City {
			s.refuse(c, u, "template of another city")
			return
		}
		o.City = u.City
	}
	if o.Kind != report.TemplatePlan && o.Kind != report.TemplateMonthly {
		s.badRequest(c, "模板类型应为 plan（项目计划表）或 monthly（月度调度表）")
		return
	}
	o, err := s.cfg.Reporter.TemplateDefaults(c.Request.Context(), o, time.Now())
	if err != nil {
		s.internal(c, err)
		return
	}
	if err := o.Check(); err != nil {
		s.badRequest(c, err.Error())
		return
	}
	var buf bytes.Buffer
	if err := s.cfg.Reporter.WriteTemplate(c.Request.Context(), &buf, o); err != nil {
		s.internal(c, err)
		return
	}
	c.Header("Content-Disposition", "attachment; filename=\"template-"+o.Kind+".xlsx\"; filename*=UTF-8''"+url.PathEscape(o.FileName()))
	writeBytes(c, http.StatusOK, xlsxType, buf.Bytes())
}
