package province

import (
	"testing"
	"time"
)

func TestReportMonth(t *testing.T) {
	dec2 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	jan5 := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		year, closed int
		now          time.Time
		open, month  int
	}{
		{2024, 9, dec2, 12, 10},  // the demo: 2024 reported to September, October is due
		{2024, 12, dec2, 12, 12}, // a closed year stays on December
		{2026, 10, dec2, 11, 11}, // on 2 December units report November
		{2026, 11, dec2, 11, 11}, // November closed early: December has not ended
		{2026, 0, dec2, 11, 1},   // nothing reported yet: January
		{2027, 0, jan5, 1, 1},    // a new year's list in January
		{2028, 0, jan5, 1, 1},    // a list of a year to come
	} {
		if got := LastOpenMonth(tc.year, tc.now); got != tc.open {
			t.Errorf("LastOpenMonth(%d, %s) = %d, want %d", tc.year, tc.now.Format("2006-01-02"), got, tc.open)
		}
		if got := ReportMonth(tc.year, tc.closed, tc.now); got != tc.month {
			t.Errorf("ReportMonth(%d, closed %d, %s) = %d, want %d", tc.year, tc.closed, tc.now.Format("2006-01-02"), got, tc.month)
		}
	}
}
