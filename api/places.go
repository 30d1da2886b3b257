package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"portfolio/province"
	"portfolio/report"
)

// maxCountyRunes bounds ?county=: the longest county-level name the lists
// carry (龙虎山风景名胜区) is 8 characters.
const maxCountyRunes = 30

// oneCity reads ?city= where a place is required (a 设区市, 赣江新区 or 跨设区市).
func (s *server) oneCity(c *gin.Context) (string, bool) {
	city, ok := s.rollupCity(c, false)
	if ok && city == "" {
		s.badRequest(c, "city 参数必填，应为以下之一："+strings.Join(province.Places(), "、"))
		return "", false
	}
	return city, ok
}

// countyParam reads ?county=: absent or a name of at most maxCountyRunes characters.
func (s *server) countyParam(c *gin.Context) (string, bool) {
	county := strings.TrimSpace(c.Query("county"))
	if utf8.RuneCountInString(county) > maxCountyRunes {
		s.badRequest(c, "county 参数（县区名称）不能超过 30 个字")
		return "", false
	}
	return county, true
}

// counties is one city's figures by county for the period of the
// request, from the cache, with the city's own rollup.
func (s *server) counties(c *gin.Context) (*report.CachedRollup, *report.CountyRollup, bool) {
	if _, ok := s.oneCity(c); !ok {
		return nil, nil, false
	}
	r, fp, ok := s.rollup(c, false)
	if !ok {
		return nil, nil, false
	}
	year, month, city := r.Rollup.Year, r.Rollup.Month, r.Rollup.City
	v, err := s.rollups.Value(c.Request.Context(), fp, "counties:"+city, year, month, func(ctx context.Context) (any, error) {
		return s.cfg.Reporter.Counties(ctx, year, month, city)
	})
	if err != nil {
		s.internal(c, err)
		return nil, nil, false
	}
	return r, v.(*report.CountyRollup), true
}

// countiesJSON is GET /api/v1/rollup/counties?city=: a city's figures by county.
func (s *server) countiesJSON(c *gin.Context) {
	if _, cr, ok := s.counties(c); ok {
		c.JSON(http.StatusOK, cr)
	}
}

// countyPage is GET /county?city=&county=: one county's figures and its
// projects, the drill-down below a city's dashboard.
func (s *server) countyPage(c *gin.Context) {
	county, ok := s.countyParam(c)
	if !ok {
		return
	}
	if county == "" {
		s.badRequest(c, "county 参数必填：县（市、区）名称")
		return
	}
	r, cr, ok := s.counties(c)
	if !ok {
		return
	}
	var group *report.Group
	for i := range cr.Counties {
		if cr.Counties[i].Key == county {
			group = &cr.Counties[i]
		}
	}
	if group == nil {
		s.fail(c, http.StatusNotFound, "not_found", fmt.Sprintf("%s %d 年的项目清单中没有%s的项目", cr.City, cr.Year, county), nil)
		return
	}
	projects, err := s.cfg.Reporter.Projects(c.Request.Context(), report.ProjectFilter{Year: cr.Year, Month: cr.Month,
		City: cr.City, County: county, Sort: "rate", PerPage: 500})
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "county.html", map[string]any{"Title": cr.City + county, "Rollup": r.Rollup,
		"County": group, "Projects": projects, "WholeProvince": province.WholeProvince})
}
