package province

import "strconv"

// Thousands writes an integer the way the province's sheets and messages
// do, with thousands separators: 1000000000 → "1,000,000,000", -1234 →
// "-1,234". The one grouping function of the code (the CLI's progress,
// the store's messages, the reports' 万元 and 亿元).
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

// Yi formats yuan as 亿元 with two decimals, rounded half away from zero
// with integer arithmetic (no float ever touches the amount).
func Yi(yuan int64) string { return scaled(yuan, 100_000_000, 2) }

// Wan formats yuan as 万元 with two decimals and separators: the unit of
// the province's sheets and of every message that names an amount.
func Wan(yuan int64) string { return scaled(yuan, 10_000, 2) }

// scaled divides yuan by unit and shows it with the given decimals and
// thousands separators.
func scaled(yuan, unit int64, decimals int) string {
	neg := yuan < 0
	if neg {
		yuan = -yuan
	}
	pow := int64(1)
	for range decimals {
		pow *= 10
	}
	// round(yuan * pow / unit), half away from zero
	q := (yuan/unit)*pow + ((yuan%unit)*pow+unit/2)/unit
	whole, frac := q/pow, q%pow
	s := Thousands(whole)
	if decimals > 0 {
		s += "." + strconv.FormatInt(frac+pow, 10)[1:]
	}
	if neg && q != 0 {
		s = "-" + s
	}
	return s
}
