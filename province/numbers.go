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
