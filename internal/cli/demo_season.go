package cli

import (
	"context"
	"errors"
	"time"

	"portfolio/models"
	"portfolio/province"
)

// The demo's reporting season: the demo's data run to September 2024,
// so October is the month being chased (its reports were due on
// 5 November 2024, long past on today's clock). Through the managers'
// and the cities' own workflow, a few cities have reported October and
// been approved, one has half its reports awaiting approval, 南昌市 has
// some awaiting its review and the demo manager one report returned;
// the rest are overdue. Fewer than half the cities approved, so the
// province's month stays September and every page reads as before.
func demoSeason(ctx context.Context, s *models.Store, managerProjects []int64) error {
	const year, month = 2024, 10
	who := models.Who{Actor: models.ActorDemo, Source: models.SourceWeb}
	now := time.Now()
	c := province.Cities() // 南昌市, 景德镇市, 萍乡市, 九江市, 新余市, 鹰潭市, …
	plan := []struct {
		city    string
		skip, n int // projects in list order: skip the first skip, take n (0: all)
		approve bool
	}{
		{c[1], 0, 0, true}, {c[2], 0, 0, true}, {c[4], 0, 0, true}, {c[5], 0, 0, true},
		{c[3], 0, 200, false},
		{c[0], len(managerProjects), 20, false},
	}
	for _, p := range plan {
		if err := demoReports(ctx, s, year, month, p.city, p.skip, p.n, p.approve, now, who); err != nil {
			return err
		}
	}
	// The demo manager's last project: submitted, then returned by the city.
	if len(managerProjects) > 0 {
		id := managerProjects[len(managerProjects)-1]
		r, err := s.SubmitReport(ctx, models.ReportInput{ProjectID: id, Year: year, Month: month, CompletedYuan: 1_000_000,
			Progress: "主体施工中", Problems: ""}, now, who)
		if err != nil {
			return err
		}
		_, err = s.ReviewReport(ctx, r.ID, false, r.Version, now, who)
		return err
	}
	return nil
}

// demoReports submits (and approves, when approve) October reports for
// a city's projects, each at the project's average month so far; a
// project whose remaining investment refuses it is left unreported.
func demoReports(ctx context.Context, s *models.Store, year, month int, city string, skip, n int, approve bool, now time.Time, who models.Who) error {
	scope := models.ProjectScope{City: city}
	todo, _, err := s.Unreported(ctx, year, month, scope, 10_000)
	if err != nil {
		return err
	}
	done, err := s.YearToDate(ctx, year, month-1, scope)
	if err != nil {
		return err
	}
	avg := map[int64]int64{}
	for _, p := range done {
		avg[p.ProjectID] = p.DoneYuan / int64(month-1)
	}
	todo = todo[min(skip, len(todo)):]
	if n > 0 {
		todo = todo[:min(n, len(todo))]
	}
	for _, p := range todo {
		r, err := s.SubmitReport(ctx, models.ReportInput{ProjectID: p.ProjectID, Year: year, Month: month, CompletedYuan: avg[p.ProjectID],
			Progress: "按计划推进"}, now, who)
		var fe *models.FieldError
		if errors.As(err, &fe) {
			continue
		}
		if err != nil {
			return err
		}
		if approve {
			if _, err := s.ReviewReport(ctx, r.ID, true, r.Version, now, who); err != nil {
				return err
			}
		}
	}
	return nil
}
