package province

import (
	"fmt"
	"time"
)

// The reporting calendar (催报). A month's reports are due by a day of the
// next month, the due day (the 5th unless the admin sets another, 1..28 so
// every month has it). A project has reported a month when its report is
// submitted or approved; a draft or a returned report is still owed. A
// month's report is overdue once its due day has ended: due on 5 November
// for October, it is overdue from 6 November on.

// Due day bounds and default.
const (
	DefaultDueDay = 5
	MinDueDay     = 1
	MaxDueDay     = 28
)

// CheckDueDay refuses a due day outside 1..28, naming the field.
func CheckDueDay(day int) error {
	if day < MinDueDay || day > MaxDueDay {
		return fmt.Errorf("报送截止日应为每月 %d 日到 %d 日（收到 %d）", MinDueDay, MaxDueDay, day)
	}
	return nil
}

// DueOn is the date a month's reports are due: day dueDay of the next
// month, as YYYY-MM-DD.
func DueOn(year, month, dueDay int) string {
	return time.Date(year, time.Month(month+1), dueDay, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// ReportedStatuses are the report statuses that count as reported.
func ReportedStatuses() []string { return []string{"submitted", "approved"} }

// Reported tells whether a report of status status counts as reported
// ("" is no report at all).
func Reported(status string) bool {
	for _, s := range ReportedStatuses() {
		if status == s {
			return true
		}
	}
	return false
}

// PastDue tells whether the due day of a month has ended at now (read in
// the province's time, China Standard Time).
func PastDue(year, month, dueDay int, now time.Time) bool {
	return Today(now) > DueOn(year, month, dueDay)
}

// Overdue tells whether a project's report of a month, of status status
// ("" for none), is overdue at now: not reported and past its due day.
func Overdue(status string, year, month, dueDay int, now time.Time) bool {
	return !Reported(status) && PastDue(year, month, dueDay, now)
}

// LastPastDue is the newest month whose due day has ended at now.
func LastPastDue(now time.Time, dueDay int) (year, month int) {
	t := now.In(chinaTime())
	back := 1
	if t.Day() <= dueDay {
		back = 2
	}
	m := time.Date(t.Year(), t.Month()-time.Month(back), 1, 0, 0, 0, 0, time.UTC)
	return m.Year(), int(m.Month())
}

// chinaTime is UTC+8, the province's clock (no daylight saving), fixed
// so the rule needs no time-zone database.
func chinaTime() *time.Location { return time.FixedZone("CST", 8*3600) }

// Today is now's date in the province, YYYY-MM-DD.
func Today(now time.Time) string { return now.In(chinaTime()).Format(time.DateOnly) }
