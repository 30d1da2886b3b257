package api

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"portfolio/province"
	"portfolio/report"
)

// parsePeriod reads ?year= and ?month= (both optional, 0 when absent).
func (s *server) parsePeriod(c *gin.Context) (year, month int, ok bool) {
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
	return year, month, true
}

// fingerprintKey is where a request keeps the data's fingerprint.
const fingerprintKey = "portfolio.fingerprint"

// fingerprint is the data's fingerprint that every cached part of one
// request is read at: one query a request, however many parts it reads.
func (s *server) fingerprint(c *gin.Context) (report.Fingerprint, error) {
	if fp, ok := c.Get(fingerprintKey); ok {
		return fp.(report.Fingerprint), nil
	}
	fp, err := s.rollups.Fingerprint(c.Request.Context())
	if err == nil {
		c.Set(fingerprintKey, fp)
	}
	return fp, err
}

// period reads ?year= and ?month= (both optional) and fills the defaults.
func (s *server) period(c *gin.Context) (year, month int, ok bool) {
	if year, month, ok = s.parsePeriod(c); !ok {
		return 0, 0, false
	}
	// The default period as the rollup finds it, cached per state of the
	// data (a list page without ?year=&month= computed it on every request).
	fp, err := s.fingerprint(c)
	if err == nil {
		year, month, err = s.rollups.Period(c.Request.Context(), fp, year, month)
	}
	if err != nil {
		s.internal(c, err)
		return 0, 0, false
	}
	return year, month, true
}

// rollupCity reads ?city=: a place of the province, or absent, empty or
// 全省 for the whole province (""). Absent, the dashboard page opens on a
// city official's own city; the API answers the province's figures.
func (s *server) rollupCity(c *gin.Context, page bool) (string, bool) {
	city, given := c.GetQuery("city")
	city = strings.TrimSpace(city)
	switch {
	case !given && page:
		return onlyCity(c), true
	case city == "" || city == province.WholeProvince:
		return "", true
	case slices.Contains(province.Places(), city):
		return city, true
	}
	s.badRequest(c, "city 参数应为"+province.WholeProvince+"或以下之一："+strings.Join(province.Places(), "、"))
	return "", false
}

// rollup is the period's rollup (of the province or of one city, see
// rollupCity) from the cache: one indexed query for the data's
// fingerprint, the figures computed only when the data changed. fp is
// what the dashboard's other cached parts are read at.
func (s *server) rollup(c *gin.Context, page bool) (r *report.CachedRollup, fp report.Fingerprint, ok bool) {
	year, month, ok := s.parsePeriod(c)
	if !ok {
		return nil, fp, false
	}
	city, ok := s.rollupCity(c, page)
	if !ok {
		return nil, fp, false
	}
	ctx := c.Request.Context()
	fp, err := s.fingerprint(c)
	if err == nil {
		year, month, err = s.rollups.Period(ctx, fp, year, month)
	}
	if err == nil {
		r, err = s.rollups.RollupFor(ctx, fp, year, month, city)
	}
	if err != nil {
		s.internal(c, err)
		return nil, fp, false
	}
	return r, fp, true
}

// rollupJSON is GET /api/v1/rollup: the object `portfolio rollup --json` prints.
func (s *server) rollupJSON(c *gin.Context) {
	r, fp, ok := s.rollup(c, false)
	if !ok {
		return
	}
	const ctype = "application/json; charset=utf-8"
	e, err := s.rollups.Value(c.Request.Context(), fp, "rollup.json:"+r.Rollup.City, r.Rollup.Year, r.Rollup.Month, func(context.Context) (any, error) {
		return encode(ctype, r.JSON), nil
	})
	if err != nil {
		s.internal(c, err)
		return
	}
	writeEncoded(c, http.StatusOK, ctype, e.(*encoded))
}

// dashboardPage is GET /: the same rollup as a page. Its content is the
// same for every leader, so it is rendered once per state of the data;
// only the layout around it (who is signed in) is rendered per request.
func (s *server) dashboardPage(c *gin.Context) {
	r, fp, ok := s.rollup(c, true)
	if !ok {
		return
	}
	year, month, city := r.Rollup.Year, r.Rollup.Month, r.Rollup.City
	body, err := s.rollups.Value(c.Request.Context(), fp, "dashboard.html:"+city+"@"+today(), year, month, func(ctx context.Context) (any, error) {
		lagging, err := s.rollups.Lagging(ctx, fp, year, month, city)
		if err != nil {
			return nil, err
		}
		cov, err := s.cfg.Reporter.MonthCoverage(ctx, year)
		if err != nil {
			return nil, err
		}
		problems, err := s.cfg.Store.ProblemSummary(ctx, today(), city, dashboardOldestProblems)
		if err != nil {
			return nil, err
		}
		flagships, err := s.flagships(ctx, fp, r.Rollup)
		if err != nil {
			return nil, err
		}
		var counties *report.CountyRollup
		if city != "" {
			if counties, err = s.cfg.Reporter.Counties(ctx, year, month, city); err != nil {
				return nil, err
			}
		}
		var buf bytes.Buffer
		if err := s.pages.sets["dashboard.html"].ExecuteTemplate(&buf, "dashboard-body", map[string]any{"Rollup": r.Rollup, "Lagging": lagging,
			"Later": report.LaterMonths(cov, month), "Places": province.Places(), "WholeProvince": province.WholeProvince,
			"Counties": counties, "Flagships": flagships, "NewArea": province.CityNewArea, "NewAreaAt": newAreaAt(), "Problems": problems}); err != nil {
			return nil, fmt.Errorf("api: render dashboard: %w", err)
		}
		return template.HTML(buf.String()), nil // #nosec G203 -- the output of our own html/template, escaped there
	})
	if err != nil {
		s.internal(c, err)
		return
	}
	// The whole page, per signed-in user (the layout names the user and
	// the role), in a cache of its own so many users cannot push the
	// figures out. A change to a user writes the audit trail too, so the
	// fingerprint covers it.
	u := currentUser(c)
	key := fmt.Sprintf("dashboard-page:%d:%s:%s:%s:%s", u.ID, u.Username, u.Role, u.City, city+"@"+today())
	page, err := s.dashPages.Value(c.Request.Context(), fp, key, year, month, func(context.Context) (any, error) {
		// Not c: the computation may outlive this request (others wait on it).
		b, err := s.renderBytes(u, "dashboard.html", map[string]any{"Title": "投资完成情况", "Rollup": r.Rollup, "Body": body})
		if err != nil {
			return nil, err
		}
		return encode(htmlType, b), nil
	})
	if err != nil {
		s.internal(c, err)
		return
	}
	writeEncoded(c, http.StatusOK, htmlType, page.(*encoded))
}

// newAreaAt is where the map marks 赣江新区, "lon,lat".
func newAreaAt() string {
	at := province.NewAreaLocation()
	return strconv.FormatFloat(at[0], 'f', -1, 64) + "," + strconv.FormatFloat(at[1], 'f', -1, 64)
}
