package report

import (
	"math/big"
)

// Forecast is the year-end estimate from the months reported so far.
type Forecast struct {
	// Method is "seasonal" (last year's monthly pattern) or "linear"
	// (no usable history).
	Method      string `json:"method"`
	YearEndYuan int64  `json:"year_end_yuan"`
	// GapYuan is what the forecast falls short of the target (negative
	// when it exceeds it).
	GapYuan int64 `json:"gap_yuan"`
	// MonthlyNeededYuan is the completion per remaining month that reaches
	// the target (0 when it is reached or no month is left).
	MonthlyNeededYuan int64 `json:"monthly_needed_yuan"`
	// Curve is the forecast cumulative completion for each month after
	// the report month.
	Curve []MonthPoint `json:"curve"`
}

// forecast extends the year's completion to December: the remaining
// months follow last year's seasonal pattern (each month's share of last
// year's total), or a straight line at the average month so far when last
// year has no reports. Integer arithmetic on big.Int: no float touches money.
func forecast(done []MonthPoint, lastYear []MonthPoint, month int, target int64) Forecast {
	f := Forecast{Method: "linear", Curve: []MonthPoint{}}
	cum := int64(0)
	if len(done) > 0 {
		cum = done[len(done)-1].CumulativeYuan
	}
	var lastCum [13]int64
	for _, p := range lastYear {
		if p.Month >= 1 && p.Month <= 12 {
			lastCum[p.Month] = p.CumulativeYuan
		}
	}
	seasonal := lastCum[12] > 0 && lastCum[month] > 0
	if seasonal {
		f.Method = "seasonal"
	}
	// estimate(k) is the cumulative at month k ≥ month.
	estimate := func(k int) int64 {
		if seasonal {
			// cum × lastCum[k] / lastCum[month]
			v := new(big.Int).Mul(big.NewInt(cum), big.NewInt(lastCum[k]))
			return v.Quo(v, big.NewInt(lastCum[month])).Int64()
		}
		v := new(big.Int).Mul(big.NewInt(cum), big.NewInt(int64(k)))
		return v.Quo(v, big.NewInt(int64(month))).Int64()
	}
	for k := month + 1; k <= 12; k++ {
		c := estimate(k)
		prev := cum
		if n := len(f.Curve); n > 0 {
			prev = f.Curve[n-1].CumulativeYuan
		}
		f.Curve = append(f.Curve, MonthPoint{Month: k, CompletedYuan: c - prev, CumulativeYuan: c})
	}
	f.YearEndYuan = cum
	if n := len(f.Curve); n > 0 {
		f.YearEndYuan = f.Curve[n-1].CumulativeYuan
	}
	f.GapYuan = target - f.YearEndYuan
	if left := int64(12 - month); left > 0 && target > cum {
		f.MonthlyNeededYuan = (target - cum + left - 1) / left
	}
	return f
}
