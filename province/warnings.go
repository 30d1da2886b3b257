package province

import "fmt"

// Warnings that raise themselves (预警): each names the rule that raised
// it. The rules:
//   - WarnMilestone: a milestone late by the lateness rule of the lights
//     (MilestoneLight not green in the report month: planned date past and
//     not reached; a new start's 开工 after its month of grace);
//   - WarnLagging: year-to-date completion lags time progress by more than
//     the red band (Light is red) in the report month and in the month
//     before it, two months running;
//   - WarnOverdue: a month's report not reported once its due day has
//     ended (Overdue).
const (
	WarnMilestone = "milestone_late"
	WarnLagging   = "lagging_two_months"
	WarnOverdue   = "report_overdue"
)

// WarningRules are the rules in the order the pages list them.
func WarningRules() []string { return []string{WarnMilestone, WarnLagging, WarnOverdue} }

// WarningRuleText says a rule in the users' words; band is the yellow
// band in percentage points and dueDay the due day, the settings the rule
// reads.
func WarningRuleText(rule string, band, dueDay int) string {
	switch rule {
	case WarnMilestone:
		return "计划日期已过仍未完成（新开工项目的开工按月计，逾期一个月起）"
	case WarnLagging:
		return fmt.Sprintf("连续两个月累计完成落后时序进度超过 %d 个百分点（红灯）", band)
	case WarnOverdue:
		return fmt.Sprintf("次月 %d 日截止后仍未报送", dueDay)
	}
	return rule
}

// WarningRuleLabel is a rule's short name for a badge.
func WarningRuleLabel(rule string) string {
	switch rule {
	case WarnMilestone:
		return "里程碑逾期"
	case WarnLagging:
		return "连续两月红灯"
	case WarnOverdue:
		return "月报逾期"
	}
	return rule
}

// LagsTwoMonths is the WarnLagging rule: year-to-date completion red in
// report month month (done) and in the month before (donePrev), against
// the same annual plan. Never in January: there is no month before.
func LagsTwoMonths(donePrev, done, plan int64, month, band int) bool {
	return month >= 2 && Light(done, plan, month, band) == Red && Light(donePrev, plan, month-1, band) == Red
}
