package report

import (
	"context"
	"fmt"
	"slices"

	"portfolio/province"
)

// NoCounty labels the projects of a city whose list names no county.
const NoCounty = "未注明县区"

// CountyRollup is one city's figures by county (县（市、区）): the city
// view's county table and GET /api/v1/rollup/counties.
type CountyRollup struct {
	Year         int     `json:"year"`
	Month        int     `json:"month"`
	City         string  `json:"city"`
	TimeProgress float64 `json:"time_progress"`
	// Counties are in the province's order of the city's counties, then
	// other names (市本级, former counties) by name, then NoCounty.
	Counties []Group `json:"counties"`
}

// Counties totals one city's year list by county up to report month
// month, with the same per-project rows and lights as the rollup.
func (r *Reporter) Counties(ctx context.Context, year, month int, city string) (*CountyRollup, error) {
	if month < 1 || month > 12 {
		return nil, fmt.Errorf("report: month %d is not 1..12", month)
	}
	with, args := r.perProject(year, month, cityOnly(city))
	q := with + `
SELECT county AS city, ` + cubeSums + `
FROM pl WHERE city = ?
GROUP BY county`
	var rows []cubeRow // one a county, in City
	if err := r.Store.Read().WithContext(ctx).Raw(q, append(args, city)...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("report: counties of %s %d-%02d: %w", city, year, month, err)
	}
	out := &CountyRollup{Year: year, Month: month, City: city, TimeProgress: float64(month) / 12, Counties: make([]Group, 0, len(rows))}
	for _, c := range rows {
		label := c.City
		if label == "" {
			label = NoCounty
		}
		out.Counties = append(out.Counties, Group{Key: c.City, Label: label, Projects: c.Projects,
			PlanYuan: c.PlanYuan, CompletedYuan: c.DoneYuan, CompletionRate: rate(c.DoneYuan, c.PlanYuan),
			Light: Light(c.DoneYuan, c.PlanYuan, month, r.band()), Lights: Lights{Green: c.Green, Yellow: c.Yellow, Red: c.Red},
			Started: c.Started, Finished: c.Finished})
	}
	order := countyOrder(city)
	slices.SortFunc(out.Counties, func(a, b Group) int {
		switch {
		case a.Key == b.Key:
			return 0
		case a.Key == "":
			return 1
		case b.Key == "":
			return -1
		case orderLess(order, a.Key, b.Key):
			return -1
		}
		return 1
	})
	return out, nil
}

// countyOrder puts a city's counties in the province's order.
func countyOrder(city string) func(string) (int, string) {
	var list []string
	for _, cc := range province.CityCounties() {
		if cc[0] == city {
			list = cc[1:]
		}
	}
	return func(key string) (int, string) { return indexOf(list, key) }
}
