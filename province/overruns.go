package province

import "time"

// The overrun and delay rules. A project's original total investment and
// end year are those of the first list it appears in (up to the year
// read); its current ones those of the year's list. Any increase counts:
// 超概算 is exceeding the approved figure, and the page shows the 万元 and
// the share beside it so a reader weighs its size. A figure of 0 (the
// list left it blank) is unknown and never an overrun or a delay.

// Overrun tells whether a project whose first list said originalYuan and
// whose year's list says currentYuan has overrun its total investment.
func Overrun(originalYuan, currentYuan int64) bool {
	return originalYuan > 0 && currentYuan > originalYuan
}

// OverrunRate is the overrun as a share of the original total (0.08 for
// 8%), 0 when the original is unknown.
func OverrunRate(originalYuan, currentYuan int64) float64 {
	if originalYuan <= 0 {
		return 0
	}
	return float64(currentYuan-originalYuan) / float64(originalYuan)
}

// EndDelayed tells whether a project's end year moved later than the
// first list's.
func EndDelayed(originalEnd, currentEnd int) bool {
	return originalEnd > 0 && currentEnd > originalEnd
}

// MilestoneSlipped tells whether a milestone's planned date (YYYY-MM-DD)
// is later than the first date planned for it.
func MilestoneSlipped(firstPlanned, planned string) bool {
	return firstPlanned != "" && planned != "" && planned > firstPlanned
}

// SlipDays is how many days a milestone's planned date moved later than
// its first planned date; 0 when it did not, or a date does not parse.
func SlipDays(firstPlanned, planned string) int {
	if !MilestoneSlipped(firstPlanned, planned) {
		return 0
	}
	a, err1 := time.Parse("2006-01-02", firstPlanned)
	b, err2 := time.Parse("2006-01-02", planned)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}

// Schedule is what the delay rule reads of a project: its first and
// current end year and its milestones' first and current planned dates.
type Schedule struct {
	OriginalEnd, CurrentEnd int
	Milestones              []PlannedDates
}

// PlannedDates are a milestone's first and current planned dates.
type PlannedDates struct {
	FirstPlannedOn, PlannedOn string
}

// Delayed tells whether a project is delayed: its end year moved later,
// or any milestone's planned date did.
func Delayed(s Schedule) bool {
	if EndDelayed(s.OriginalEnd, s.CurrentEnd) {
		return true
	}
	for _, m := range s.Milestones {
		if MilestoneSlipped(m.FirstPlannedOn, m.PlannedOn) {
			return true
		}
	}
	return false
}

// OverrunSQL is Overrun as an SQL condition over columns original and
// current (yuan).
func OverrunSQL(original, current string) string {
	return "(" + original + " > 0 AND " + current + " > " + original + ")"
}

// MilestoneSlippedSQL is MilestoneSlipped as an SQL condition over a
// milestones row aliased m (columns first_planned_on, planned_on): ISO
// dates compare as strings, as in Go.
func MilestoneSlippedSQL(m string) string {
	return "(" + m + ".first_planned_on <> '' AND " + m + ".planned_on <> '' AND " + m + ".planned_on > " + m + ".first_planned_on)"
}

// DelayedSQL is Delayed as an SQL condition over columns originalEnd and
// currentEnd (years) and slipped (the count of the project's milestones
// for which MilestoneSlippedSQL holds, 0 for none).
func DelayedSQL(originalEnd, currentEnd, slipped string) string {
	return "((" + originalEnd + " > 0 AND " + currentEnd + " > " + originalEnd + ") OR " + slipped + " > 0)"
}
