package report

import "context"

// DefaultPeriod fills a zero year with the newest list's year and a zero
// month with the newest month reported in that year (December for a year
// with no reports yet, so the whole plan shows).
func (r *Reporter) DefaultPeriod(ctx context.Context, year, month int) (int, int, error) {
	if year == 0 {
		y, err := r.LatestYear(ctx)
		if err != nil {
			return 0, 0, err
		}
		year = y
	}
	if month == 0 {
		m, err := r.LatestMonth(ctx, year)
		if err != nil {
			return 0, 0, err
		}
		month = m
	}
	if month == 0 {
		month = 12
	}
	return year, month, nil
}
