package report

import "testing"

func TestWanExact(t *testing.T) {
	for y, want := range map[int64]string{0: "0", 123_456_789: "12345.6789", 2_987_000_000: "298700", 10_500: "1.05", -5: "-0.0005"} {
		if got := WanExact(y); got != want {
			t.Errorf("WanExact(%d) = %s, want %s", y, got, want)
		}
	}
}
