package report

import (
	"fmt"
	"portfolio/province"
	"strings"
)

// Yi formats yuan as 亿元 with two decimals (province.Yi).
func Yi(yuan int64) string { return province.Yi(yuan) }

// Wan formats yuan as 万元 with two decimals (province.Wan).
func Wan(yuan int64) string { return province.Wan(yuan) }

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
