package province

import "testing"

func TestOverrun(t *testing.T) {
	for _, c := range []struct {
		orig, cur int64
		want      bool
		rate      float64
	}{
		{1_500_000_000, 1_620_000_000, true, 0.08},
		{1_500_000_000, 1_500_000_001, true, 1.0 / 1_500_000_000},
		{1_500_000_000, 1_500_000_000, false, 0},
		{1_500_000_000, 1_400_000_000, false, -1.0 / 15},
		{0, 1_000, false, 0}, // the first list left it blank
	} {
		if got := Overrun(c.orig, c.cur); got != c.want {
			t.Errorf("Overrun(%d, %d) = %v, want %v", c.orig, c.cur, got, c.want)
		}
		if got := OverrunRate(c.orig, c.cur); got-c.rate > 1e-12 || c.rate-got > 1e-12 {
			t.Errorf("OverrunRate(%d, %d) = %v, want %v", c.orig, c.cur, got, c.rate)
		}
	}
}

func TestDelayed(t *testing.T) {
	for _, c := range []struct {
		name string
		s    Schedule
		want bool
	}{
		{"end year later", Schedule{OriginalEnd: 2025, CurrentEnd: 2026}, true},
		{"end year earlier", Schedule{OriginalEnd: 2026, CurrentEnd: 2025}, false},
		{"end year unknown", Schedule{OriginalEnd: 0, CurrentEnd: 2026}, false},
		{"milestone later", Schedule{2025, 2025, []PlannedDates{{"2024-03-01", "2024-06-30"}}}, true},
		{"milestone earlier", Schedule{2025, 2025, []PlannedDates{{"2024-03-01", "2024-02-01"}}}, false},
		{"milestone never planned before", Schedule{2025, 2025, []PlannedDates{{"", "2024-06-30"}}}, false},
		{"milestone unplanned now", Schedule{2025, 2025, []PlannedDates{{"2024-03-01", ""}}}, false},
	} {
		if got := Delayed(c.s); got != c.want {
			t.Errorf("%s: Delayed = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSlipDays(t *testing.T) {
	for _, c := range []struct {
		first, now string
		want       int
	}{
		{"2024-03-01", "2024-06-30", 121},
		{"2024-12-31", "2025-01-01", 1},
		{"2024-03-01", "2024-03-01", 0},
		{"2024-06-30", "2024-03-01", 0},
		{"", "2024-03-01", 0},
	} {
		if got := SlipDays(c.first, c.now); got != c.want {
			t.Errorf("SlipDays(%q, %q) = %d, want %d", c.first, c.now, got, c.want)
		}
	}
}

func TestOverrunWords(t *testing.T) {
	if got, want := OverrunWords(1_500_000_000, 1_620_000_000), "超概算 12,000.00 万元（+8.0%）"; got != want {
		t.Errorf("OverrunWords = %q, want %q", got, want)
	}
	if got, want := DelayWords(2025, 2026), "工期延后 1 年（原定 2025 年，现 2026 年）"; got != want {
		t.Errorf("DelayWords = %q, want %q", got, want)
	}
	if got, want := SlipWords("开工", "2024-03-01", "2024-06-30"), "开工 原计划 2024-03-01，现计划 2024-06-30，推迟 121 天"; got != want {
		t.Errorf("SlipWords = %q, want %q", got, want)
	}
	for _, s := range []string{OverrunWords(100, 100), OverrunWords(0, 100), DelayWords(2026, 2025), SlipWords("开工", "2024-06-30", "2024-03-01")} {
		if s != "" {
			t.Errorf("no overrun or delay said %q", s)
		}
	}
}
