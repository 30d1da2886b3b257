package province

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
