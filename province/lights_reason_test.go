package province

import "testing"

func TestLightReasonWords(t *testing.T) {
	for _, c := range []struct {
		done, plan int64
		month      int
		want       string
	}{
		{164_0000, 1000_0000, 9, "完成率 16.4%，落后时序进度 58.6 个百分点，超过 10 个百分点为红灯"},
		{70, 100, 9, "完成率 70.0%，落后时序进度 5.0 个百分点，在 10 个百分点以内为黄灯"},
		{80, 100, 9, "完成率 80.0%，超过时序进度 5.0 个百分点，为绿灯"},
		{75, 100, 9, "完成率 75.0%，达到时序进度 75.0%，为绿灯"},
		{0, 0, 9, "本年度没有计划投资，不按完成率亮灯"},
		// 1/3 of the plan in April: 33.3% against 33.3%, green (exactly on time).
		{1, 3, 4, "完成率 33.3%，达到时序进度 33.3%，为绿灯"},
	} {
		if got := LightReason(c.done, c.plan, c.month, DefaultBandPoints); got != c.want {
			t.Errorf("LightReason(%d, %d, %d) = %q, want %q", c.done, c.plan, c.month, got, c.want)
		}
	}
}
