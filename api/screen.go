package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/province"
	"portfolio/report"
)

// Screen settings: the meeting-room screen reloads itself every
// screenRefresh seconds unless ?refresh= says otherwise (within bounds),
// and lists this many lagging projects and open problems of the ledger.
const (
	screenRefresh    = 300
	screenRefreshMin = 5
	screenRefreshMax = 3600
	screenRows       = 8
)

// screenPage is GET /screen: the 大屏 for the monthly 调度 meeting — the
// big figures, the cities' map, the monthly curve, the lagging projects
// and the ledger's open problems, dark and large, reloading itself.
// ?city= as on the dashboard (a city official's opens on its city).
func (s *server) screenPage(c *gin.Context) {
	refresh := screenRefresh
	if v := c.Query("refresh"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < screenRefreshMin || n > screenRefreshMax {
			s.badRequest(c, fmt.Sprintf("refresh 参数应为 %d 到 %d 之间的秒数", screenRefreshMin, screenRefreshMax))
			return
		}
		refresh = n
	}
	r, fp, ok := s.rollup(c, true)
	if !ok {
		return
	}
	year, month, city := r.Rollup.Year, r.Rollup.Month, r.Rollup.City
	ctx := c.Request.Context()
	lagging, err := s.rollups.Lagging(ctx, fp, year, month, city)
	if err != nil {
		s.internal(c, err)
		return
	}
	// The ledger's open problems (raising or moving one writes the audit,
	// so the fingerprint moves with them), oldest first.
	ledger, err := s.rollups.Value(ctx, fp, "screen-ledger:"+city+"@"+today(), year, month, func(ctx context.Context) (any, error) {
		return s.cfg.Store.ProblemSummary(ctx, today(), city, screenRows)
	})
	if err != nil {
		s.internal(c, err)
		return
	}
	rows := lagging.Rows
	if len(rows) > screenRows {
		rows = rows[:screenRows]
	}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "screen.html", map[string]any{"Title": "调度大屏", "Rollup": r.Rollup,
		"Lagging": rows, "Ledger": ledger, "Refresh": refresh,
		"At": time.Now().Format("15:04:05"), "NewArea": province.CityNewArea, "NewAreaAt": newAreaAt(),
		"WholeProvince": province.WholeProvince})
}

// monthProblems are the first limit problems reported in the rollup's
// month, from the cache.
func (s *server) monthProblems(ctx context.Context, fp report.Fingerprint, r *report.Rollup, limit int) ([]report.ReportedProblem, error) {
	v, err := s.rollups.Value(ctx, fp, fmt.Sprintf("problems:%s:%d", r.City, limit), r.Year, r.Month, func(ctx context.Context) (any, error) {
		return s.cfg.Reporter.MonthProblems(ctx, r.Year, r.Month, r.City, limit)
	})
	if err != nil {
		return nil, err
	}
	return v.([]report.ReportedProblem), nil
}

// monthProblemsList is what GET /api/v1/reported-problems answers.
type monthProblemsList struct {
	Year     int                      `json:"year"`
	Month    int                      `json:"month"`
	City     string                   `json:"city"`
	Problems []report.ReportedProblem `json:"problems"`
}

// reportedProblemsJSON is GET /api/v1/reported-problems: the problems the month's
// approved reports name (the screen's list), red projects first;
// ?limit= 1..100, 20 by default; ?city= as the rollup's.
func (s *server) reportedProblemsJSON(c *gin.Context) {
	limit := 20
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			s.badRequest(c, "limit 参数应为 1 到 100 之间的整数")
			return
		}
		limit = n
	}
	r, fp, ok := s.rollup(c, false)
	if !ok {
		return
	}
	list, err := s.monthProblems(c.Request.Context(), fp, r.Rollup, limit)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, monthProblemsList{Year: r.Rollup.Year, Month: r.Rollup.Month, City: r.Rollup.City, Problems: list})
}
