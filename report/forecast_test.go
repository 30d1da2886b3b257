package report

import "testing"

func curve(monthly ...int64) []MonthPoint {
	var out []MonthPoint
	var cum int64
	for i, m := range monthly {
		cum += m
		out = append(out, MonthPoint{Month: i + 1, CompletedYuan: m, CumulativeYuan: cum})
	}
	return out
}

func TestForecastSeasonalAndLinear(t *testing.T) {
	// Last year: half the year's work in the last three months.
	last := curve(50, 50, 50, 50, 50, 50, 50, 50, 100, 200, 200, 100)
	// This year so far (9 months) did 500, as last year by September.
	done := curve(50, 50, 50, 50, 50, 50, 50, 50, 100)
	f := forecast(done, last, 9, 1200)
	if f.Method != "seasonal" || f.YearEndYuan != 1000 || f.GapYuan != 200 || f.MonthlyNeededYuan != 234 || len(f.Curve) != 3 || f.Curve[0].CumulativeYuan != 700 {
		t.Fatalf("seasonal: %+v", f)
	}
	f = forecast(done, nil, 9, 600)
	if f.Method != "linear" || f.YearEndYuan != 666 || f.GapYuan != -66 || f.MonthlyNeededYuan != 34 {
		t.Fatalf("linear: %+v", f)
	}
	f = forecast(curve(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10), last, 12, 100)
	if f.YearEndYuan != 120 || len(f.Curve) != 0 || f.MonthlyNeededYuan != 0 {
		t.Fatalf("december: %+v", f)
	}
}
