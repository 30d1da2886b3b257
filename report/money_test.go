package report

import "testing"

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

func TestWanExact(t *testing.T) {
	for y, want := range map[int64]string{0: "0", 123_456_789: "12345.6789", 2_987_000_000: "298700", 10_500: "1.05", -5: "-0.0005"} {
		if got := WanExact(y); got != want {
			t.Errorf("WanExact(%d) = %s, want %s", y, got, want)
		}
	}
}
