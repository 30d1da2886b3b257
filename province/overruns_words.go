package province

import "fmt"

// OverrunWords says a project's overrun as the project page shows it,
// "超概算 12,000.00 万元（+8.0%）"; "" when it is no overrun.
func OverrunWords(originalYuan, currentYuan int64) string {
	if !Overrun(originalYuan, currentYuan) {
		return ""
	}
	return fmt.Sprintf("超概算 %s 万元（+%.1f%%）", Wan(currentYuan-originalYuan), 100*OverrunRate(originalYuan, currentYuan))
}

// DelayWords says a later end year, "工期延后 1 年（原定 2025 年，现 2026
// 年）"; "" when the end year did not move later.
func DelayWords(originalEnd, currentEnd int) string {
	if !EndDelayed(originalEnd, currentEnd) {
		return ""
	}
	return fmt.Sprintf("工期延后 %d 年（原定 %d 年，现 %d 年）", currentEnd-originalEnd, originalEnd, currentEnd)
}

// SlipWords says a milestone's moved plan, "开工 原计划 2024-03-01，现计划
// 2024-06-30，推迟 121 天"; "" when it did not move later.
func SlipWords(kind, firstPlanned, planned string) string {
	if !MilestoneSlipped(firstPlanned, planned) {
		return ""
	}
	return fmt.Sprintf("%s 原计划 %s，现计划 %s，推迟 %d 天", kind, firstPlanned, planned, SlipDays(firstPlanned, planned))
}
