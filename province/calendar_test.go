package province

import (
	"strings"
	"testing"
	"time"
)

func TestDueOnAndOverdue(t *testing.T) {
	if got := DueOn(2024, 10, 5); got != "2024-11-05" {
		t.Errorf("DueOn(2024, 10, 5) = %s", got)
	}
	if got := DueOn(2024, 12, 28); got != "2025-01-28" {
		t.Errorf("DueOn(2024, 12, 28) = %s (December's reports are due in January of the next year)", got)
	}
	cst := time.FixedZone("CST", 8*3600)
	for _, tc := range []struct {
		status string
		now    time.Time
		want   bool
	}{
		{"", time.Date(2024, 11, 5, 23, 59, 0, 0, cst), false},        // the due day itself is on time
		{"", time.Date(2024, 11, 6, 0, 0, 0, 0, cst), true},           // the day after: overdue
		{"", time.Date(2024, 11, 5, 16, 30, 0, 0, time.UTC), true},    // 00:30 on the 6th in the province
		{"draft", time.Date(2024, 12, 1, 0, 0, 0, 0, cst), true},      // a draft is not reported
		{"returned", time.Date(2024, 12, 1, 0, 0, 0, 0, cst), true},   // nor a returned one
		{"submitted", time.Date(2024, 12, 1, 0, 0, 0, 0, cst), false}, // awaiting approval counts
		{"approved", time.Date(2026, 12, 1, 0, 0, 0, 0, cst), false},  // approved counts
		{"", time.Date(2024, 10, 20, 0, 0, 0, 0, cst), false},         // the month itself is not over
	} {
		if got := Overdue(tc.status, 2024, 10, 5, tc.now); got != tc.want {
			t.Errorf("Overdue(%q, 2024-10, due 5, %s) = %v, want %v", tc.status, tc.now, got, tc.want)
		}
	}
}

func TestLastPastDue(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, tc := range []struct {
		now        time.Time
		due        int
		year, mon  int
		months2024 int
	}{
		{time.Date(2024, 11, 5, 12, 0, 0, 0, cst), 5, 2024, 9, 9},
		{time.Date(2024, 11, 6, 0, 0, 0, 0, cst), 5, 2024, 10, 10},
		{time.Date(2025, 1, 6, 0, 0, 0, 0, cst), 5, 2024, 12, 12},
		{time.Date(2025, 1, 3, 0, 0, 0, 0, cst), 5, 2024, 11, 11},
		{time.Date(2024, 2, 1, 0, 0, 0, 0, cst), 28, 2023, 12, 0},
		{time.Date(2026, 12, 6, 0, 0, 0, 0, cst), 5, 2026, 11, 12}, // the demo's clock: 2024 all past due
	} {
		y, m := LastPastDue(tc.now, tc.due)
		if y != tc.year || m != tc.mon {
			t.Errorf("LastPastDue(%s, %d) = %d-%d, want %d-%d", tc.now, tc.due, y, m, tc.year, tc.mon)
		}
		// The two rules agree: 2024's months up to months2024 are past due, the rest not.
		for m := 1; m <= 12; m++ {
			if want := m <= tc.months2024; PastDue(2024, m, tc.due, tc.now) != want {
				t.Errorf("PastDue(2024, %d, %d, %s) = %v, want %v", m, tc.due, tc.now, !want, want)
			}
		}
	}
}

func TestCheckDueDay(t *testing.T) {
	for _, d := range []int{1, 5, 28} {
		if err := CheckDueDay(d); err != nil {
			t.Errorf("CheckDueDay(%d) = %v", d, err)
		}
	}
	for _, d := range []int{0, -1, 29, 31} {
		err := CheckDueDay(d)
		if err == nil || !strings.Contains(err.Error(), "1 日到 28 日") {
			t.Errorf("CheckDueDay(%d) = %v, want a refusal naming 1..28", d, err)
		}
	}
}

func TestLagsTwoMonths(t *testing.T) {
	const plan = 1_200_000 // 100,000 a month keeps pace with time progress
	for _, tc := range []struct {
		prev, now   int64
		month, band int
		want        bool
	}{
		{50_000, 100_000, 3, 10, true},   // 4.2% at Feb (16.7%), 8.3% at Mar (25%): red twice
		{50_000, 200_000, 3, 10, false},  // caught up to yellow in March
		{90_000, 100_000, 3, 10, false},  // February only yellow (7.5% vs 16.7%)
		{0, 0, 2, 10, false},             // January cannot be red with a 10-point band (8.3% < 10)
		{0, 0, 2, 5, true},               // with a 5-point band it can
		{0, 0, 1, 5, false},              // January has no month before
		{1_199_999, 0, 12, 10, false},    // prev green
		{700_000, 800_000, 12, 10, true}, // 63.6% at Nov, 66.7% at Dec: red twice
	} {
		if got := LagsTwoMonths(tc.prev, tc.now, plan, tc.month, tc.band); got != tc.want {
			t.Errorf("LagsTwoMonths(%d, %d, plan, month %d, band %d) = %v, want %v", tc.prev, tc.now, tc.month, tc.band, got, tc.want)
		}
	}
	if LagsTwoMonths(0, 0, 0, 6, 10) {
		t.Error("nothing planned is never lagging")
	}
}

func TestWarningRuleText(t *testing.T) {
	for _, r := range WarningRules() {
		if WarningRuleText(r, 10, 5) == r || WarningRuleLabel(r) == r {
			t.Errorf("rule %s has no words", r)
		}
	}
	if !strings.Contains(WarningRuleText(WarnLagging, 15, 5), "15 个百分点") || !strings.Contains(WarningRuleText(WarnOverdue, 10, 7), "次月 7 日") {
		t.Error("the rule's words name the settings it reads")
	}
}
