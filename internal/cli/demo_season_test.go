package cli

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"portfolio/demo"
	"portfolio/importer"
	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
)

// TestDemoSeason: on a small demo, October 2024 is part reported through
// the workflow (four cities approved, 九江市 awaiting approval, 南昌市
// some awaiting review past the manager's projects, the manager's last
// one returned) and the province's month stays September.
func TestDemoSeason(t *testing.T) {
	ctx := context.Background()
	s, err := openStore(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	files, err := demo.Write(filepath.Join(t.TempDir(), "demo.xlsx"), demo.Options{Projects: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Store: s}
	for _, f := range files {
		if _, err := im.ImportFile(ctx, f.Path, importer.Options{}); err != nil {
			t.Fatal(f.Path, err)
		}
	}
	c := province.Cities()
	mine, err := s.CityProjects(ctx, c[0], 3)
	if err != nil || len(mine) != 3 {
		t.Fatal(mine, err)
	}
	if err := demoSeason(ctx, s, mine); err != nil {
		t.Fatal(err)
	}
	rows, err := s.ReportingByCity(ctx, 2024, 10, models.ProjectScope{})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]models.CityReporting{}
	for _, r := range rows {
		by[r.City] = r
	}
	for _, city := range []string{c[1], c[2], c[4], c[5]} {
		if r := by[city]; r.Projects == 0 || r.Approved != r.Reported || 10*r.Approved < 8*r.Projects {
			t.Errorf("%s approved: %+v", city, r)
		}
	}
	if r := by[c[3]]; r.Reported == 0 || r.Approved != 0 || r.Reported == r.Projects {
		t.Errorf("%s part awaiting approval: %+v", c[3], r)
	}
	if r := by[c[6]]; r.Reported != 0 {
		t.Errorf("%s reported nothing: %+v", c[6], r)
	}
	owed, err := s.OwedMonths(ctx, 2024, 10, models.ProjectScope{City: c[0]}, 3)
	if err != nil || len(owed) != 3 || owed[0].ProjectID != mine[0] || owed[2].Status != models.ReportReturned {
		t.Errorf("the manager's projects owe October, the last returned: %+v %v", owed, err)
	}
	rep := &report.Reporter{Store: s}
	if m, err := rep.LatestMonth(ctx, 2024); err != nil || m != 9 {
		t.Errorf("the province's month: %d %v, want 9", m, err)
	}
	if !province.Overdue("", 2024, 10, province.DefaultDueDay, time.Now()) {
		t.Error("on today's clock October 2024 is overdue")
	}
}
