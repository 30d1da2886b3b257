package report

import (
	"context"

	"gorm.io/gorm"
)

// The default period is a province-level fact, never moved by one city or
// one report:
//   - the year is the newest whose list covers at least half as many
//     cities as the widest list (one city's list of a later year is not the
//     province's);
//   - the month is the newest that at least half of the year's cities have
//     reported (approved reports), so one city's sheet or one approved
//     report of a later month leaves every user's dashboard where it was.
//
// Later months show on the dashboard as how far they have been reported
// (MonthCoverage: "10月已报 1/11 地区").

// Period is the year and report month a report is of: what the
// dashboard, the 调度表 and the OC4IDS package all resolve the same way
// (resolvePeriod).
type Period struct {
	Year  int
	Month int
}

// DefaultPeriod fills a zero year with the province's year and a zero
// month with the province's month in that year (December for a year no
// month of which is the province's yet, so the whole plan shows).
func (r *Reporter) DefaultPeriod(ctx context.Context, year, month int) (int, int, error) {
	p, err := resolvePeriod(r.Store.Read().WithContext(ctx), year, month)
	return p.Year, p.Month, err
}

// resolvePeriod is DefaultPeriod read through db, so a writer can resolve
// the period in the same snapshot it reads the rows from.
func resolvePeriod(db *gorm.DB, year, month int) (Period, error) {
	if year == 0 {
		y, err := latestYear(db)
		if err != nil {
			return Period{}, err
		}
		year = y
	}
	if month == 0 {
		m, err := latestMonth(db, year)
		if err != nil {
			return Period{}, err
		}
		month = m
	}
	if month == 0 {
		month = 12
	}
	return Period{Year: year, Month: month}, nil
}

// LatestYear is the newest year whose list covers at least half as many
// cities as the widest list, 0 when there is no list.
func (r *Reporter) LatestYear(ctx context.Context) (int, error) {
	return latestYear(r.Store.Read().WithContext(ctx))
}

func latestYear(db *gorm.DB) (int, error) {
	var rows []struct{ Year, Cities int }
	err := db.Raw(`SELECT year, COUNT(DISTINCT city) AS cities
		FROM plan_entries GROUP BY year ORDER BY year`).Scan(&rows).Error
	if err != nil {
		return 0, err
	}
	widest, year := 0, 0
	for _, row := range rows {
		widest = max(widest, row.Cities)
	}
	for _, row := range rows {
		if 2*row.Cities >= widest {
			year = row.Year
		}
	}
	return year, nil
}

// Coverage is how far one month has been reported: the cities with an
// approved report of the month, of the cities of the year's list.
type Coverage struct {
	Month  int `json:"month"`
	Cities int `json:"cities"`
	Of     int `json:"of"`
}

// Published tells whether the month is the province's: at least half of
// the year's cities have reported it.
func (c Coverage) Published() bool { return c.Of > 0 && 2*c.Cities >= c.Of }

// MonthCoverage gives, month by month, how many of the year's cities have
// an approved report of each month that has any.
func (r *Reporter) MonthCoverage(ctx context.Context, year int) ([]Coverage, error) {
	return monthCoverage(r.Store.Read().WithContext(ctx), year)
}

func monthCoverage(db *gorm.DB, year int) ([]Coverage, error) {
	var of int
	if err := db.Raw(`SELECT COUNT(DISTINCT city) FROM plan_entries WHERE year = ?`, year).Scan(&of).Error; err != nil {
		return nil, err
	}
	var out []Coverage
	err := db.Raw(`SELECT m.month AS month, COUNT(DISTINCT p.city) AS cities
		FROM monthly_reports m JOIN plan_entries p ON p.project_id = m.project_id AND p.year = m.year
		WHERE m.year = ? AND m.status = 'approved' GROUP BY m.month ORDER BY m.month`, year).Scan(&out).Error
	for i := range out {
		out[i].Of = of
	}
	return out, err
}

// LatestMonth is the newest month of year that is the province's
// (Coverage.Published), 0 when none is.
func (r *Reporter) LatestMonth(ctx context.Context, year int) (int, error) {
	return latestMonth(r.Store.Read().WithContext(ctx), year)
}

func latestMonth(db *gorm.DB, year int) (int, error) {
	cov, err := monthCoverage(db, year)
	if err != nil {
		return 0, err
	}
	month := 0
	for _, c := range cov {
		if c.Published() {
			month = c.Month
		}
	}
	return month, nil
}

// LaterMonths are the months after month that some cities have reported
// but that are not the default yet: what the dashboard says beside it.
func LaterMonths(cov []Coverage, month int) []Coverage {
	var out []Coverage
	for _, c := range cov {
		if c.Month > month {
			out = append(out, c)
		}
	}
	return out
}
