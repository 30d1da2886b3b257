package province

import "time"

// The reporting period of a unit's monthly report. Units report a month
// once it has ended (on 2 December, November); the province's closed
// month is the newest month it counts as reported (report's latest
// month), so the month due is the one after it.

// LastOpenMonth is the newest month of year a report may be made for at
// now: every month of a past year, the month before now's in the current
// year (January itself, so a new year's list is never without one), and
// only January of a year still to come.
func LastOpenMonth(year int, now time.Time) int {
	switch {
	case year < now.Year():
		return 12
	case year == now.Year():
		return max(1, int(now.Month())-1)
	}
	return 1
}

// ReportMonth is the month a unit reports for in year by default: the
// month after closed (0 when nothing is reported yet), no later than
// LastOpenMonth.
func ReportMonth(year, closed int, now time.Time) int {
	return max(1, min(closed+1, 12, LastOpenMonth(year, now)))
}
