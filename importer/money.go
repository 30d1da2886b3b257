package importer

import "cmp"

// Money is what a file's rows would move, in yuan: the annual plan the
// rows of a plan list state and its change to the store; for a monthly
// sheet, the completed amount of its month's reports and its change to
// the approved totals. Rows refused or skipped move nothing.
type Money struct {
	PlanYuan       int64 `json:"plan_yuan"`
	PlanChangeYuan int64 `json:"plan_change_yuan"`
	// Months holds a monthly sheet's month (one per sheet; an upload of
	// several sheets adds them up by month).
	Months []MonthMoney `json:"months"`
}

// MonthMoney is the completed amount a month's reports state, and how
// much the approved totals change by.
type MonthMoney struct {
	Year                int   `json:"year"`
	Month               int   `json:"month"`
	CompletedYuan       int64 `json:"completed_yuan"`
	CompletedChangeYuan int64 `json:"completed_change_yuan"`
}

// plan counts a plan row whose entry goes from before to after.
func (m *Money) plan(before, after int64) {
	m.PlanYuan += after
	m.PlanChangeYuan += after - before
}

// completed counts a month's report going from before to after.
func (m *Money) completed(year, month int, before, after int64) {
	m.Add(Money{Months: []MonthMoney{{Year: year, Month: month, CompletedYuan: after, CompletedChangeYuan: after - before}}})
}

// Add adds o's amounts to m's, month by month, the months in order.
func (m *Money) Add(o Money) {
	m.PlanYuan += o.PlanYuan
	m.PlanChangeYuan += o.PlanChangeYuan
	for _, om := range o.Months {
		i := m.month(om.Year, om.Month)
		m.Months[i].CompletedYuan += om.CompletedYuan
		m.Months[i].CompletedChangeYuan += om.CompletedChangeYuan
	}
}

// month is the index of the year's month in m.Months, added if missing.
func (m *Money) month(year, month int) int {
	for i, x := range m.Months {
		if x.Year == year && x.Month == month {
			return i
		}
	}
	m.Months = append(m.Months, MonthMoney{Year: year, Month: month})
	for i := len(m.Months) - 1; i > 0; i-- {
		a, b := m.Months[i-1], m.Months[i]
		if cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month)) <= 0 {
			return i
		}
		m.Months[i-1], m.Months[i] = b, a
	}
	return 0
}
