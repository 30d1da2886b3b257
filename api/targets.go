package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/province"
)

// targetRequest sets a year's target: the province's, or a sector's or a
// city's when one of them is named. JSON gives yuan; the admin page's
// form gives 亿元 or 万元 (unit), converted exactly.
type targetRequest struct {
	AmountYuan *int64 `json:"amount_yuan" form:"-"`
	Sector     string `json:"sector" form:"sector"`
	City       string `json:"city" form:"city"`
	Amount     string `json:"-" form:"amount"`
	Unit       string `json:"-" form:"unit"`
}

// targetList is GET /api/v1/targets/{year}'s answer.
type targetList struct {
	Year    int                   `json:"year"`
	Targets []models.AnnualTarget `json:"targets"`
}

// targetScope turns a sector or a city (at most one) into the store's
// scope and key; neither is the province's target.
func targetScope(sector, city string) (scope, key string, err error) {
	sector, city = strings.TrimSpace(sector), strings.TrimSpace(city)
	switch {
	case sector != "" && city != "":
		return "", "", &models.FieldError{Field: "city", Message: "领域和设区市只能指定其中之一"}
	case sector != "":
		return models.ScopeSector, sector, nil
	case city != "":
		return models.ScopeCity, city, nil
	}
	return models.ScopeProvince, "", nil
}

// target turns the request into the store's target for year.
func (r targetRequest) target(year int) (models.AnnualTarget, error) {
	t := models.AnnualTarget{Year: year}
	var err error
	if t.Scope, t.ScopeKey, err = targetScope(r.Sector, r.City); err != nil {
		return t, err
	}
	switch {
	case r.AmountYuan != nil:
		t.AmountYuan = *r.AmountYuan
	case strings.TrimSpace(r.Amount) != "":
		unit := importer.UnitYi
		if r.Unit == "万元" {
			unit = importer.UnitWan
		}
		y, _, perr := importer.ParseAmount(r.Amount, unit)
		if perr != nil {
			return t, &models.FieldError{Field: "amount", Message: "年度目标：" + perr.Error()}
		}
		t.AmountYuan = y
	default:
		return t, &models.FieldError{Field: "amount", Message: "请填写年度目标金额（0 到 " + models.AmountBoundText() + "）"}
	}
	return t, nil
}

// targetYear reads the path's year: 400 when it is not a number, 422 when
// it is outside the years a target may be set for.
func (s *server) targetYear(c *gin.Context, v string) (int, bool) {
	year, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		s.badRequest(c, fmt.Sprintf("年份应为 %d 到 %d 之间的整数", models.MinTargetYear, models.MaxTargetYear))
		return 0, false
	}
	if err := models.CheckTargetYear(year); err != nil {
		s.storeError(c, err, "")
		return 0, false
	}
	return year, true
}

// targetsJSON is GET /api/v1/targets/{year}.
func (s *server) targetsJSON(c *gin.Context) {
	year, ok := s.targetYear(c, c.Param("year"))
	if !ok {
		return
	}
	ts, err := s.cfg.Store.Targets(c.Request.Context(), year)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, targetList{Year: year, Targets: ts})
}

// setTargetJSON is PUT /api/v1/targets/{year}.
func (s *server) setTargetJSON(c *gin.Context) {
	year, ok := s.targetYear(c, c.Param("year"))
	if !ok {
		return
	}
	var req targetRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		if s.badAmount(c, err) {
			return
		}
		s.badBody(c, err, "请求体应为 JSON：amount_yuan（元），以及可选的 sector 或 city")
		return
	}
	t, err := req.target(year)
	if err == nil {
		t, err = s.cfg.Store.SetTarget(c.Request.Context(), t, s.who(c, source(c)))
	}
	if err != nil {
		s.storeError(c, err, "")
		return
	}
	c.JSON(http.StatusOK, t)
}

// deleteTargetJSON is DELETE /api/v1/targets/{year}?sector=|city=: the
// target is cleared, the year shows 未设定目标 again.
func (s *server) deleteTargetJSON(c *gin.Context) {
	year, ok := s.targetYear(c, c.Param("year"))
	if !ok {
		return
	}
	scope, key, err := targetScope(c.Query("sector"), c.Query("city"))
	if err == nil {
		err = s.cfg.Store.DeleteTarget(c.Request.Context(), year, scope, key, s.who(c, source(c)))
	}
	if err != nil {
		s.storeError(c, err, "这一年没有设定这个目标")
		return
	}
	c.Status(http.StatusNoContent)
}

// targetsPage is GET /admin/targets?year=: the year's targets and the
// form that sets them.
func (s *server) targetsPage(c *gin.Context) {
	year := 0
	if v := c.Query("year"); v != "" {
		var ok bool
		if year, ok = s.targetYear(c, v); !ok {
			return
		}
	}
	if year == 0 {
		y, _, err := s.cfg.Reporter.DefaultPeriod(c.Request.Context(), 0, 0)
		if err != nil {
			s.internal(c, err)
			return
		}
		year = max(y, models.MinTargetYear)
	}
	notice := map[string]string{"set": "目标已保存，投资完成情况页面已按新目标计算", "deleted": "目标已清除"}[c.Query("saved")]
	s.renderTargets(c, http.StatusOK, year, notice, "", targetRequest{})
}

// renderTargets answers the targets page of year, with a notice or an
// error (and what was typed) above the form.
func (s *server) renderTargets(c *gin.Context, status, year int, notice, errMsg string, typed targetRequest) {
	ts, err := s.cfg.Store.Targets(c.Request.Context(), year)
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, status, "targets.html", map[string]any{"Title": "年度目标", "Year": year, "Targets": ts,
		"Notice": notice, "Error": errMsg, "Typed": typed, "Sectors": province.Sectors(), "Places": province.Places(),
		"MinYear": models.MinTargetYear, "MaxYear": models.MaxTargetYear, "Bound": models.AmountBoundText()})
}

// targetsPost is POST /admin/targets (set) and, with del,
// POST /admin/targets/delete (clear).
func (s *server) targetsPost(del bool) gin.HandlerFunc {
	return func(c *gin.Context) { s.saveTarget(c, del) }
}

func (s *server) saveTarget(c *gin.Context, del bool) {
	var req targetRequest
	if err := c.ShouldBind(&req); err != nil {
		s.badBody(c, err, "表单内容无效")
		return
	}
	year, ok := s.targetYear(c, c.PostForm("year"))
	if !ok {
		return
	}
	ctx, who := c.Request.Context(), s.who(c, models.SourceWeb)
	saved := "set"
	scope, key, err := targetScope(req.Sector, req.City)
	if err == nil && del {
		saved, err = "deleted", s.cfg.Store.DeleteTarget(ctx, year, scope, key, who)
	} else if err == nil {
		var t models.AnnualTarget
		if t, err = req.target(year); err == nil {
			_, err = s.cfg.Store.SetTarget(ctx, t, who)
		}
	}
	if err != nil {
		r, ok := refusalOf(err, "这一年没有设定这个目标")
		if !ok {
			s.internal(c, err)
			return
		}
		s.renderTargets(c, r.status, year, "", r.message, req)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/targets?year=%d&saved=%s", year, saved))
}
