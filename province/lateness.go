package province

import "time"

// Milestone is what the lateness rule reads of a milestone: its kind and
// its planned and reached dates (YYYY-MM-DD, "" for none).
type Milestone struct {
	Kind, PlannedOn, ReachedOn string
}

// Dates are the cut-off dates of a report month: AsOf its last day,
// StartYellow and StartRed the last days of the months one and three
// before it. A new start's 开工 planned on or before StartYellow is
// yellow, on or before StartRed red.
type Dates struct {
	AsOf, StartYellow, StartRed string
}

// ReportDates gives the cut-off dates of month month of year.
func ReportDates(year, month int) Dates {
	last := func(back int) string {
		// Day 0 of the next month is the last day of this one.
		return time.Date(year, time.Month(month+1-back), 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	return Dates{AsOf: last(0), StartYellow: last(1), StartRed: last(3)}
}

// MilestoneLight is the light a milestone gives its project in report
// month month of year, by the rule of the package comment; stage is the
// project's stage in that year's list.
func MilestoneLight(m Milestone, stage string, year, month int) string {
	d := ReportDates(year, month)
	if m.PlannedOn == "" || (m.ReachedOn != "" && m.ReachedOn <= d.AsOf) {
		return Green
	}
	if m.Kind == MilestoneStart && stage == StageNewStart {
		switch {
		case m.PlannedOn <= d.StartRed:
			return Red
		case m.PlannedOn <= d.StartYellow:
			return Yellow
		}
		return Green
	}
	if m.PlannedOn < d.AsOf {
		return Red
	}
	return Green
}

// Late tells whether a milestone counts against its project's light in
// report month month: its light is yellow or red.
func Late(m Milestone, stage string, year, month int) bool {
	return MilestoneLight(m, stage, year, month) != Green
}

// Project is what the light rule reads of one project in one year.
type Project struct {
	Stage      string
	PlanYuan   int64
	DoneYuan   int64 // approved completed investment up to the report month
	Milestones []Milestone
}

// ProjectLight is a project's light for report month month of year: the
// worst of its completion light and its milestones' lights.
func ProjectLight(p Project, year, month, band int) string {
	l := Light(p.DoneYuan, p.PlanYuan, month, band)
	for _, m := range p.Milestones {
		l = Worse(l, MilestoneLight(m, p.Stage, year, month))
	}
	return l
}
