package province

import "testing"

func TestReportDates(t *testing.T) {
	for _, c := range []struct {
		year, month int
		want        Dates
	}{
		{2024, 6, Dates{"2024-06-30", "2024-05-31", "2024-03-31"}},
		{2024, 3, Dates{"2024-03-31", "2024-02-29", "2023-12-31"}}, // not 2024-03-02 (31 Feb normalised)
		{2024, 1, Dates{"2024-01-31", "2023-12-31", "2023-10-31"}},
		{2024, 12, Dates{"2024-12-31", "2024-11-30", "2024-09-30"}},
	} {
		if got := ReportDates(c.year, c.month); got != c.want {
			t.Errorf("ReportDates(%d, %d) = %+v, want %+v", c.year, c.month, got, c.want)
		}
	}
}

// TestMilestoneLight holds the rule of the package comment, with the case
// of issue 13.7: 开工 planned 2024-06-20, not reached, of a new start.
func TestMilestoneLight(t *testing.T) {
	start := func(planned, reached string) Milestone { return Milestone{MilestoneStart, planned, reached} }
	for _, c := range []struct {
		name  string
		m     Milestone
		stage string
		month int
		want  string
	}{
		{"new start 开工 in its planned month", start("2024-06-20", ""), StageNewStart, 6, Green},
		{"one month on", start("2024-06-20", ""), StageNewStart, 7, Yellow},
		{"two months on", start("2024-06-20", ""), StageNewStart, 8, Yellow},
		{"three months on", start("2024-06-20", ""), StageNewStart, 9, Red},
		{"planned on the last day of the month before", start("2024-05-31", ""), StageNewStart, 6, Yellow},
		{"planned on the first day of the month", start("2024-06-01", ""), StageNewStart, 6, Green},
		{"across the year", start("2023-12-31", ""), StageNewStart, 1, Yellow},
		{"across the year, red", start("2023-10-31", ""), StageNewStart, 1, Red},
		{"reached in time", start("2024-03-10", "2024-05-01"), StageNewStart, 6, Green},
		{"reached after the report month", start("2024-03-10", "2024-07-01"), StageNewStart, 6, Red},
		{"开工 of a continuing project is any milestone", start("2024-06-20", ""), StageContinuing, 6, Red},
		{"other milestone past its date", Milestone{"主体完工", "2024-06-29", ""}, StageNewStart, 6, Red},
		{"other milestone due on the last day", Milestone{"主体完工", "2024-06-30", ""}, StageContinuing, 6, Green},
		{"no planned date", Milestone{"竣工", "", ""}, StageContinuing, 12, Green},
	} {
		if got := MilestoneLight(c.m, c.stage, 2024, c.month); got != c.want {
			t.Errorf("%s: MilestoneLight(%+v, %s, 2024, %d) = %s, want %s", c.name, c.m, c.stage, c.month, got, c.want)
		}
		if Late(c.m, c.stage, 2024, c.month) != (c.want != Green) {
			t.Errorf("%s: Late disagrees with the light %s", c.name, c.want)
		}
	}
}

func TestProjectLightIsTheWorst(t *testing.T) {
	p := Project{Stage: StageNewStart, PlanYuan: 100, DoneYuan: 50,
		Milestones: []Milestone{{MilestoneStart, "2024-05-10", ""}}}
	if got := ProjectLight(p, 2024, 6, 10); got != Yellow {
		t.Errorf("on time but 开工 a month late: %s, want yellow", got)
	}
	p.DoneYuan = 30
	if got := ProjectLight(p, 2024, 6, 10); got != Red {
		t.Errorf("20 points behind: %s, want red", got)
	}
}

func TestStageWordsAndLists(t *testing.T) {
	if got := StageWords(); got != "新开工、续建、竣工投产 或 前期" {
		t.Errorf("StageWords = %q", got)
	}
	if len(Sectors()) != 10 || len(Cities()) != 11 || len(Places()) != 13 {
		t.Errorf("%d sectors, %d cities, %d places", len(Sectors()), len(Cities()), len(Places()))
	}
	for _, s := range Stages() {
		if c, ok := StageOf(StageLabel(s)); !ok || c != s {
			t.Errorf("StageOf(StageLabel(%s)) = %s, %v", s, c, ok)
		}
	}
}
