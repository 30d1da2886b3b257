package report

import (
	"portfolio/models"
	"portfolio/province"
)

// Slippage is a project's overrun and delay in a year: its total
// investment and end year against the first list it appears in, and its
// milestones' plans against their first dates (province's rules and
// words). The project page and GET /api/v1/projects/{id} show it.
type Slippage struct {
	OriginalTotalYuan int64 `json:"original_total_yuan"`
	TotalYuan         int64 `json:"total_yuan"`
	// OverrunYuan and OverrunRate are the change of the total (negative
	// when it fell; 0 when the first list left it blank).
	OverrunYuan     int64           `json:"overrun_yuan"`
	OverrunRate     float64         `json:"overrun_rate"`
	Overrun         bool            `json:"overrun"`
	OverrunText     string          `json:"overrun_text"`
	OriginalEndYear int             `json:"original_end_year"`
	EndYear         int             `json:"end_year"`
	DelayText       string          `json:"delay_text"`
	Delayed         bool            `json:"delayed"`
	Milestones      []MilestoneSlip `json:"milestones"`
}

// MilestoneSlip is a milestone whose planned date moved later than its
// first one.
type MilestoneSlip struct {
	MilestoneID    int64  `json:"milestone_id"`
	Kind           string `json:"kind"`
	FirstPlannedOn string `json:"first_planned_on"`
	PlannedOn      string `json:"planned_on"`
	Days           int    `json:"days"`
	Text           string `json:"text"`
}

// SlippageOf is the slippage of a project's row in the year's list with
// its milestones.
func SlippageOf(row ProjectRow, milestones []models.Milestone) Slippage {
	out := Slippage{OriginalTotalYuan: row.OriginalTotalYuan, TotalYuan: row.TotalYuan,
		Overrun: row.Overrun, OverrunText: province.OverrunWords(row.OriginalTotalYuan, row.TotalYuan),
		OverrunRate:     province.OverrunRate(row.OriginalTotalYuan, row.TotalYuan),
		OriginalEndYear: row.OriginalEndYear, EndYear: row.EndYear, Delayed: row.Delayed,
		DelayText: province.DelayWords(row.OriginalEndYear, row.EndYear), Milestones: []MilestoneSlip{}}
	if row.OriginalTotalYuan > 0 {
		out.OverrunYuan = row.TotalYuan - row.OriginalTotalYuan
	}
	for _, m := range milestones {
		if province.MilestoneSlipped(m.FirstPlannedOn, m.PlannedOn) {
			out.Milestones = append(out.Milestones, MilestoneSlip{MilestoneID: m.ID, Kind: m.Kind, FirstPlannedOn: m.FirstPlannedOn,
				PlannedOn: m.PlannedOn, Days: province.SlipDays(m.FirstPlannedOn, m.PlannedOn),
				Text: province.SlipWords(m.Kind, m.FirstPlannedOn, m.PlannedOn)})
		}
	}
	return out
}
