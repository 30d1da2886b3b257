package report

import (
	"fmt"
	"portfolio/province"
	"strings"
)

// Yi formats yuan as 亿元 with two decimals, rounded half away from zero
// with integer arithmetic (no float ever touches the amount).
func Yi(yuan int64) string {
	return scaled(yuan, 100_000_000, 2)
}

// Wan formats yuan as 万元 with two decimals.
func Wan(yuan int64) string {
	return scaled(yuan, 10_000, 2)
}

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
	s := province.Thousands(whole)
	if decimals > 0 {
		s += fmt.Sprintf(".%0*d", decimals, frac)
	}
	if neg && q != 0 {
		s = "-" + s
	}
	return s
}

// Percent shows a rate (0.8123) as "81.23%".
func Percent(rate float64) string {
	return fmt.Sprintf("%.2f%%", rate*100)
}

// WanExact shows yuan as 万元 with as many decimals as it needs (at most
// four), exactly, with no separators: for a form field to read back.
func WanExact(yuan int64) string {
	sign := ""
	if yuan < 0 {
		sign, yuan = "-", -yuan
	}
	s := fmt.Sprintf("%s%d.%04d", sign, yuan/10000, yuan%10000)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
