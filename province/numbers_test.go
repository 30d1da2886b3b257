package province

import (
	"math"
	"testing"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", -1234: "-1,234", 1234567: "1,234,567",
		1_000_000_000: "1,000,000,000", math.MaxInt64: "9,223,372,036,854,775,807", math.MinInt64: "-9,223,372,036,854,775,808"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestYiAndWan(t *testing.T) {
	for _, c := range []struct {
		yuan    int64
		yi, wan string
	}{
		{0, "0.00", "0.00"},
		{2_987_000_000, "29.87", "298,700.00"},
		{1_000_000_000_000, "10,000.00", "100,000,000.00"},
		{1_234_567, "0.01", "123.46"},
		{499_999, "0.00", "50.00"},
		{500_000, "0.01", "50.00"},
		{-2_987_000_000, "-29.87", "-298,700.00"},
		{12_345, "0.00", "1.23"},
		{12_355, "0.00", "1.24"},
	} {
		if got := Yi(c.yuan); got != c.yi {
			t.Errorf("Yi(%d) = %s, want %s", c.yuan, got, c.yi)
		}
		if got := Wan(c.yuan); got != c.wan {
			t.Errorf("Wan(%d) = %s, want %s", c.yuan, got, c.wan)
		}
	}
}
