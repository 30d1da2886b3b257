package importer

import (
	"errors"
	"math/big"
	"strings"

	"portfolio/models"
)

// Units an amount column can be stated in, as yuan per unit.
const (
	UnitYuan int64 = 1
	UnitWan  int64 = 10_000
	UnitYi   int64 = 100_000_000
)

// emptyAmount are the marks officials use for "no figure".
func emptyAmount(s string) bool {
	switch s {
	case "", "-", "--", "—", "——", "/", "\\", "无", "空", "－":
		return true
	}
	return false
}

// amountNoise is what an amount's text may carry besides the number:
// thousands separators, a quote, a currency sign. Built once (a Replacer
// is safe for concurrent use and never changes).
var amountNoise = strings.NewReplacer(",", "", "，", "", "'", "", "¥", "", "￥", "")

// ParseAmount converts a cell's text to yuan, exactly: the text is read as
// a decimal (never through float64), multiplied by unit and rounded half
// away from zero to the yuan, so "29.87" 亿元 is 2,987,000,000 yuan and a
// stored double like "29.870000000000001" gives the same. Thousands
// separators, full-width digits, spaces and a trailing 万元/亿元/元 are
// accepted (a trailing unit overrides unit). ok is false for an empty
// cell or a dash. An amount above models.MaxAmountYuan is an error that
// states the bound.
func ParseAmount(s string, unit int64) (yuan int64, ok bool, err error) {
	return parseBounded(s, unit, models.MaxAmountYuan)
}

// parseStated reads a section, subtotal or total row's figure, which sums
// many projects and so may pass one project's bound (up to maxStatedYuan).
func parseStated(s string, unit int64) (yuan int64, ok bool, err error) {
	return parseBounded(s, unit, maxStatedYuan)
}

func parseBounded(s string, unit, max int64) (int64, bool, error) {
	if y, ok := plainAmount(s, unit, max); ok {
		return y, true, nil
	}
	return exactAmount(s, unit, max)
}

// errTooLarge names the bound of one project's figure.
func errTooLarge(max int64) error {
	if max == models.MaxAmountYuan {
		return errors.New("金额不能超过 " + models.AmountBoundText())
	}
	return errors.New("金额过大")
}

// exactAmount is ParseAmount through big.Rat, for every text.
func exactAmount(s string, unit, max int64) (yuan int64, ok bool, err error) {
	s = squash(s)
	s = amountNoise.Replace(s)
	if emptyAmount(s) {
		return 0, false, nil
	}
	for _, u := range []struct {
		suffix string
		unit   int64
	}{{"亿元", UnitYi}, {"万元", UnitWan}, {"亿", UnitYi}, {"万", UnitWan}, {"元", UnitYuan}} {
		if strings.HasSuffix(s, u.suffix) {
			s, unit = strings.TrimSuffix(s, u.suffix), u.unit
			break
		}
	}
	if !numeric(s) {
		return 0, false, errors.New("不是有效的金额")
	}
	r, okRat := new(big.Rat).SetString(s)
	if !okRat {
		return 0, false, errors.New("不是有效的金额")
	}
	if r.Sign() < 0 {
		return 0, false, errors.New("金额不能为负数")
	}
	r.Mul(r, new(big.Rat).SetInt64(unit))
	// Round half away from zero: floor(r + 1/2) for r ≥ 0.
	num, den := r.Num(), r.Denom()
	q := new(big.Int).Mul(num, big.NewInt(2))
	q.Add(q, den)
	q.Quo(q, new(big.Int).Mul(den, big.NewInt(2)))
	if !q.IsInt64() || q.Int64() > max {
		return 0, false, errTooLarge(max)
	}
	return q.Int64(), true, nil
}

// plainAmount reads the common cell, ASCII digits with at most one
// point ("1234.5"), in integer arithmetic; ok is false for anything else
// (and for amounts near the limit), which ParseAmount reads exactly
// through big.Rat. Both round half away from zero.
func plainAmount(s string, unit, max int64) (int64, bool) {
	if len(s) == 0 || len(s) > 18 || unit <= 0 || unit > UnitYi {
		return 0, false
	}
	var whole, frac, scale int64 = 0, 0, 1
	dot, digits := false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if !dot {
				whole = whole*10 + int64(c-'0')
			} else if scale < 1_000_000_000 {
				frac, scale = frac*10+int64(c-'0'), scale*10
			} else {
				return 0, false
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || whole > max/unit {
		return 0, false
	}
	// frac < 10^9 and unit ≤ 10^8: 2·frac·unit stays far below 2^63.
	y := whole*unit + (2*frac*unit+scale)/(2*scale)
	if y > max {
		return 0, false
	}
	return y, true
}

// maxStatedYuan bounds a total row's figure well below int64's limit:
// ¥10^16 (one hundred million 亿元), a thousand projects at the bound.
const maxStatedYuan = 10_000_000_000_000_000

// numeric accepts a plain decimal with an optional sign and exponent,
// and nothing big.Rat would also take ("1/3", "0x1p-2", "Inf").
func numeric(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == 'e' || c == 'E') && digits > 0:
			rest := s[i+1:]
			if rest != "" && (rest[0] == '+' || rest[0] == '-') {
				rest = rest[1:]
			}
			if rest == "" || len(rest) > 3 {
				return false
			}
			for j := 0; j < len(rest); j++ {
				if rest[j] < '0' || rest[j] > '9' {
					return false
				}
			}
			return true
		default:
			return false
		}
	}
	return digits > 0
}

// wanText shows yuan as 万元, exactly, with up to four decimals:
// 123456789 → "12345.6789", 12000000 → "1200". Messages about amounts
// speak 万元, the unit of the sheets.
func wanText(y int64) string {
	s := new(big.Rat).SetFrac(big.NewInt(y), big.NewInt(10000)).FloatString(4)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
