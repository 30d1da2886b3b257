package report

import (
	"fmt"
	"strings"
	"time"
)

// Amounts and dates as the package writes them: yuan in CNY, RFC 3339
// in China time.

func yuan(amount int64) *OC4IDSValue {
	return &OC4IDSValue{Amount: amount, Currency: "CNY"}
}

// chinaTime is UTC+8, the list's time; fixed, so no time zone database is needed.
func chinaTime() *time.Location { return time.FixedZone("CST", 8*60*60) }

// monthsTo names the months from January to m: 1月, 1-6月.
func monthsTo(m int) string {
	if m == 1 {
		return "1月"
	}
	return fmt.Sprintf("1-%d月", m)
}

func yearStart(y int) string { return monthStart(y, 1) }

func yearEnd(y int) string { return monthEnd(y, 12) }

func monthStart(y, m int) string {
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, chinaTime()).Format(time.RFC3339)
}

func monthEnd(y, m int) string {
	return time.Date(y, time.Month(m)+1, 0, 23, 59, 59, 0, chinaTime()).Format(time.RFC3339)
}

// dayStart turns a YYYY-MM-DD date into the start of that day, "" for
// anything else.
func dayStart(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(day), chinaTime())
	if err != nil {
		return ""
	}
	return t.Format(time.RFC3339)
}
