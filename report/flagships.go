package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"portfolio/province"
)

// FlagshipRow is one project of the leaders' flagship panel: its row of
// the list, whether the Government Work Report names it, and where its
// milestones stand at the report month.
type FlagshipRow struct {
	ProjectRow
	Named bool `json:"named"`
	// Reached of Milestones are reached by the month's end; Next is the
	// first one not reached (by planned date), NextOn its planned date,
	// Overdue whether that date has passed.
	Milestones int    `json:"milestones"`
	Reached    int    `json:"reached"`
	Next       string `json:"next,omitempty"`
	NextOn     string `json:"next_on,omitempty"`
	Overdue    bool   `json:"overdue"`
}

// Flagships are the year's flagship projects (示范引领性, at least
// province.FlagshipMinYuan of total investment) and those the year's
// Government Work Report names, of one city when city is not "": named
// first, then by total investment.
func (r *Reporter) Flagships(ctx context.Context, year, month int, city string) ([]FlagshipRow, error) {
	yes := true
	flagship, err := r.Projects(ctx, ProjectFilter{Year: year, Month: month, City: city, Flagship: &yes,
		MinTotalYuan: province.FlagshipMinYuan, All: true})
	if err != nil {
		return nil, err
	}
	named, err := r.Projects(ctx, ProjectFilter{Year: year, Month: month, City: city,
		Names: append([]string{}, province.NamedProjects(year)...), All: true})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*FlagshipRow{}
	var out []*FlagshipRow
	for i, rows := range [][]ProjectRow{named.Rows, flagship.Rows} {
		for _, p := range rows {
			if byID[p.ID] == nil {
				byID[p.ID] = &FlagshipRow{ProjectRow: p, Named: i == 0}
				out = append(out, byID[p.ID])
			}
		}
	}
	if err := r.milestoneStates(ctx, year, month, byID); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b *FlagshipRow) int {
		if a.Named != b.Named {
			if a.Named {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.TotalYuan, a.TotalYuan)
	})
	rows := make([]FlagshipRow, len(out))
	for i, f := range out {
		rows[i] = *f
	}
	return rows, nil
}

// milestoneStates fills each row's milestone counts and next milestone
// as of the end of report month month.
func (r *Reporter) milestoneStates(ctx context.Context, year, month int, rows map[int64]*FlagshipRow) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	var ms []struct {
		ProjectID                  int64
		Kind, PlannedOn, ReachedOn string
	}
	err := r.Store.Read().WithContext(ctx).Raw(`SELECT project_id, kind, planned_on, reached_on FROM milestones
WHERE project_id IN ? ORDER BY project_id, CASE WHEN planned_on = '' THEN 1 ELSE 0 END, planned_on, id`, ids).Scan(&ms).Error
	if err != nil {
		return fmt.Errorf("report: flagship milestones: %w", err)
	}
	asOf := province.ReportDates(year, month).AsOf
	for _, m := range ms {
		f := rows[m.ProjectID]
		f.Milestones++
		if m.ReachedOn != "" && m.ReachedOn <= asOf {
			f.Reached++
			continue
		}
		if f.Next == "" {
			f.Next, f.NextOn = m.Kind, m.PlannedOn
			f.Overdue = m.PlannedOn != "" && m.PlannedOn <= asOf
		}
	}
	return nil
}
