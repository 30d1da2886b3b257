package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"portfolio/report"
)

// period reads ?year= and ?month= (both optional) and fills the defaults.
func (s *server) period(c *gin.Context) (year, month int, ok bool) {
	var err error
	if v := c.Query("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil || year < 2000 || year > 2100 {
			s.badRequest(c, "year 参数应为 2000 到 2100 之间的年份")
			return 0, 0, false
		}
	}
	if v := c.Query("month"); v != "" {
		if month, err = strconv.Atoi(v); err != nil || month < 1 || month > 12 {
			s.badRequest(c, "month 参数应为 1 到 12 之间的月份")
			return 0, 0, false
		}
	}
	year, month, err = s.cfg.Reporter.DefaultPeriod(c.Request.Context(), year, month)
	if err != nil {
		s.internal(c, err)
		return 0, 0, false
	}
	return year, month, true
}

func (s *server) rollup(c *gin.Context) (*report.Rollup, bool) {
	year, month, ok := s.period(c)
	if !ok {
		return nil, false
	}
	r, err := s.cfg.Reporter.Rollup(c.Request.Context(), year, month)
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	return r, true
}

// rollupJSON is GET /api/v1/rollup: the object `portfolio rollup --json` prints.
func (s *server) rollupJSON(c *gin.Context) {
	if r, ok := s.rollup(c); ok {
		c.JSON(http.StatusOK, r)
	}
}

// dashboardPage is GET /: the same rollup as a page.
func (s *server) dashboardPage(c *gin.Context) {
	r, ok := s.rollup(c)
	if !ok {
		return
	}
	lagging, err := s.cfg.Reporter.Projects(c.Request.Context(), report.ProjectFilter{Year: r.Year, Month: r.Month,
		Lagging: true, Sort: "rate", PerPage: 20})
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "dashboard.html", map[string]any{"Title": "投资完成情况", "Rollup": r, "Lagging": lagging})
}
