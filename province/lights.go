package province

import (
	"fmt"
	"strconv"
)

// Light colours.
const (
	Green  = "green"
	Yellow = "yellow"
	Red    = "red"
)

// DefaultBandPoints is the yellow band when no setting gives one: a lag of
// up to 10 percentage points behind time progress is yellow.
const DefaultBandPoints = 10

// Light is the completion light for report month month: green when
// done/plan ≥ month/12, yellow when it lags by up to band percentage
// points, red beyond; nothing planned is green. Integer arithmetic, the
// same the SQL of CompletionLightSQL does.
func Light(done, plan int64, month, band int) string {
	switch {
	case plan <= 0 || done*12 >= plan*int64(month):
		return Green
	case done*1200 >= plan*int64(100*month-12*band):
		return Yellow
	}
	return Red
}

// LightCode is the SQL's code of a light: 0 green, 1 yellow, 2 red.
func LightCode(l string) int {
	switch l {
	case Yellow:
		return 1
	case Red:
		return 2
	}
	return 0
}

// LightOfCode is the light of an SQL light code; anything but 1 and 2
// reads as green.
func LightOfCode(code int) string {
	switch code {
	case 1:
		return Yellow
	case 2:
		return Red
	}
	return Green
}

// Worse is the worse of two lights.
func Worse(a, b string) string {
	if LightCode(b) > LightCode(a) {
		return b
	}
	return a
}

// LightLabel is a light as the users read it: 绿, 黄, 红 ("" for none).
func LightLabel(l string) string {
	switch l {
	case Green:
		return "绿"
	case Yellow:
		return "黄"
	case Red:
		return "红"
	}
	return ""
}

// LightReason says in plain words why completion gives a project (or a
// sector, a city) its light in report month month: "完成率 16.4%，落后时序进度
// 58.6 个百分点，超过 10 个百分点为红灯". The colour named is Light's; the
// figures are rounded to a tenth of a percent, the lag from the rounded
// figures so the sentence adds up. The one home of these words: the
// project page and the API read them here.
func LightReason(done, plan int64, month, band int) string {
	if plan <= 0 {
		return "本年度没有计划投资，不按完成率亮灯"
	}
	rate := roundDiv(done*1000, plan)     // tenths of a percent
	tp := roundDiv(int64(month)*1000, 12) // tenths of a percent
	head := "完成率 " + tenths(rate) + "%，"
	switch lag := tp - rate; Light(done, plan, month, band) {
	case Red:
		return head + fmt.Sprintf("落后时序进度 %s 个百分点，超过 %d 个百分点为红灯", tenths(lag), band)
	case Yellow:
		return head + fmt.Sprintf("落后时序进度 %s 个百分点，在 %d 个百分点以内为黄灯", tenths(lag), band)
	default:
		if lag < 0 {
			return head + "超过时序进度 " + tenths(-lag) + " 个百分点，为绿灯"
		}
		return head + "达到时序进度 " + tenths(tp) + "%，为绿灯"
	}
}

// roundDiv is a/b rounded half away from zero (b > 0).
func roundDiv(a, b int64) int64 {
	if a < 0 {
		return -((-a + b/2) / b)
	}
	return (a + b/2) / b
}

// tenths writes a count of tenths as a decimal: 164 → "16.4", -5 → "-0.5".
func tenths(n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.FormatInt(n/10, 10) + "." + strconv.FormatInt(n%10, 10)
}
