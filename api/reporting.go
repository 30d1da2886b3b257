package api

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// The calendar's lists of projects not reported are bounded (the counts
// are of all of them): the API's at maxMissing, the page's shorter, with
// a city's own list one click away.
const (
	maxMissing     = 500
	maxMissingPage = 50
)

// reportingCity is one city's line of the calendar.
type reportingCity struct {
	models.CityReporting
	Overdue int64 `json:"overdue"`
}

// reportingView is GET /api/v1/reporting: a month's reports by city,
// the projects that have not reported (the first maxMissing), and the
// month's due date.
type reportingView struct {
	Year         int                   `json:"year"`
	Month        int                   `json:"month"`
	DueDay       int                   `json:"due_day"`
	DueOn        string                `json:"due_on"`
	PastDue      bool                  `json:"past_due"`
	ByCity       []reportingCity       `json:"by_city"`
	Total        reportingCity         `json:"total"`
	Missing      []models.ProjectMonth `json:"missing"`
	MissingTotal int64                 `json:"missing_total"`
	MissingMore  bool                  `json:"-"`    // the list shows the first ones only
	City         string                `json:"city"` // the city the missing list is of ("" all)
}

// now is the server's clock (a test's, when it sets one).
func (s *server) now() time.Time { return s.cfg.Now() }

// userScope narrows what a user acts on: a city official's city, a
// manager's projects, all for the province.
func userScope(u *models.User) models.ProjectScope {
	switch u.Role {
	case models.RoleCity:
		return models.ProjectScope{City: u.City}
	case models.RoleManager:
		return models.ProjectScope{ManagerID: u.ID}
	}
	return models.ProjectScope{}
}

// reporting reads the calendar of the request's period (by default the
// month the province is chasing: the one after its newest closed month).
func (s *server) reporting(c *gin.Context, limit int) (*reportingView, bool) {
	year, month, ok := s.parsePeriod(c)
	if !ok {
		return nil, false
	}
	city := c.Query("city")
	if city != "" && !slices.Contains(province.Places(), city) {
		s.badRequest(c, "city 参数应为设区市名称（如 南昌市）")
		return nil, false
	}
	ctx := c.Request.Context()
	if year == 0 || month == 0 {
		y, m, err := s.chasePeriod(ctx, year)
		if err != nil {
			s.internal(c, err)
			return nil, false
		}
		year, month = y, cmp.Or(month, m)
	}
	due, err := s.cfg.Store.DueDay(ctx)
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	scope := userScope(currentUser(c))
	v := &reportingView{Year: year, Month: month, DueDay: due, DueOn: province.DueOn(year, month, due),
		PastDue: province.PastDue(year, month, due, s.now()), ByCity: []reportingCity{}, City: cmp.Or(scope.City, city)}
	rows, err := s.cfg.Store.ReportingByCity(ctx, year, month, scope)
	if err == nil {
		v.Missing, v.MissingTotal, err = s.cfg.Store.Unreported(ctx, year, month, models.ProjectScope{City: v.City}, limit)
	}
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	v.MissingMore = v.MissingTotal > int64(len(v.Missing))
	v.Total.City = "合计"
	for _, r := range rows {
		rc := reportingCity{CityReporting: r}
		if v.PastDue {
			rc.Overdue = r.Projects - r.Reported
		}
		v.ByCity = append(v.ByCity, rc)
		v.Total.Projects += r.Projects
		v.Total.Reported += r.Reported
		v.Total.Approved += r.Approved
		v.Total.Overdue += rc.Overdue
	}
	return v, true
}

func (s *server) reportingJSON(c *gin.Context) {
	if v, ok := s.reporting(c, maxMissing); ok {
		c.JSON(http.StatusOK, v)
	}
}

// chasePeriod is the year (the province's newest unless given) and the
// month whose reports are chased in it: the one after the province's
// newest closed month (province.ReportMonth).
func (s *server) chasePeriod(ctx context.Context, year int) (int, int, error) {
	if year == 0 {
		y, err := s.cfg.Reporter.LatestYear(ctx)
		if err != nil {
			return 0, 0, err
		}
		year = y
	}
	closed, err := s.cfg.Reporter.LatestMonth(ctx, year)
	return year, province.ReportMonth(year, closed, s.now()), err
}

// warnings raises the warnings of the user's scope at report month
// month of year.
func (s *server) warnings(c *gin.Context, year, month, limit int) (*report.Warnings, bool) {
	ctx := c.Request.Context()
	due, err := s.cfg.Store.DueDay(ctx)
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	w, err := s.cfg.Reporter.Warnings(ctx, year, month, due, userScope(currentUser(c)), s.now(), limit)
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	return w, true
}

// warningsJSON is GET /api/v1/warnings: the warnings at the province's
// period, or the request's year and report month.
func (s *server) warningsJSON(c *gin.Context) {
	year, month, ok := s.period(c)
	if !ok {
		return
	}
	if w, ok := s.warnings(c, year, month, 200); ok {
		c.JSON(http.StatusOK, w)
	}
}

func (s *server) reportingPage(c *gin.Context) {
	v, ok := s.reporting(c, maxMissingPage)
	if !ok {
		return
	}
	year, month, err := s.cfg.Reporter.DefaultPeriod(c.Request.Context(), v.Year, 0)
	if err != nil {
		s.internal(c, err)
		return
	}
	w, ok := s.warnings(c, year, month, 30)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "reporting.html", map[string]any{"Title": "月报报送进度", "R": v, "W": w,
		"Months": []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}})
}
