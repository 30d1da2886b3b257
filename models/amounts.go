package models

import (
	"fmt"
	"math"
	"portfolio/province"
	"strconv"
	"unicode/utf8"
)

// MaxAmountYuan bounds every amount that enters the store (a report's
// completed investment, a plan entry's total, completed-before and annual
// plan, a target): ¥10 trillion. Any sum of up to 922,337 such figures
// fits int64 (the province's 3,670 projects × 12 months are 44,040), so
// the SQL sums cannot overflow; the Go sums saturate (AddSat) regardless.
// No real project comes near it.
const MaxAmountYuan int64 = 10_000_000_000_000

// Text bounds, in characters (runes): a report's 形象进度 and 存在问题,
// a note, a reason, and a short name (an owner, a milestone's kind).
const (
	MaxLongText  = 2000
	MaxShortText = 200
	MaxReason    = 500
)

// AmountBoundText is the bound as the sheets speak it:
// "1,000,000,000.00 万元（10 万亿元）".
func AmountBoundText() string {
	return province.Thousands(MaxAmountYuan/10_000) + ".00 万元（" + strconv.FormatInt(MaxAmountYuan/1_000_000_000_000, 10) + " 万亿元）"
}

// CheckAmount refuses an amount below 0 or above MaxAmountYuan with a
// Chinese message naming the field (label) and the bound.
func CheckAmount(field, label string, yuan int64) error {
	switch {
	case yuan < 0:
		return &FieldError{field, label + "不能为负数"}
	case yuan > MaxAmountYuan:
		return &FieldError{field, label + "不能超过 " + AmountBoundText()}
	}
	return nil
}

// CheckText refuses a text longer than max characters (runes, not bytes).
func CheckText(field, label, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return &FieldError{field, fmt.Sprintf("%s不能超过 %s 个字（现在 %s 个字）", label, province.Thousands(int64(max)), province.Thousands(int64(n)))}
	}
	return nil
}

// AddChecked adds two amounts; ok is false when the sum would wrap.
func AddChecked(a, b int64) (sum int64, ok bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// AddSat adds two amounts, saturating at int64's limits instead of
// wrapping: a total read from data stored before the bound existed shows
// as the largest figure, never as a negative one and never as a failure.
func AddSat(a, b int64) int64 {
	if s, ok := AddChecked(a, b); ok {
		return s
	}
	if b > 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}
