package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// The schema and codelists of OC4IDS 0.9.5, as published, kept in
// testdata so the tests need nothing outside the repository.
const (
	oc4idsDir        = "testdata/oc4ids"
	oc4idsSchemaBase = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/"
)

// oc4idsPartyRoles is OC4IDS's partyRole codelist (open-contracting/
// infrastructure schema/project-level/codelists/partyRole.csv), which the
// reference files do not carry.
func oc4idsPartyRoles() []string {
	return []string{"buyer", "procuringEntity", "supplier", "tenderer", "funder", "enquirer", "payer", "payee",
		"reviewBody", "publicAuthority", "administrativeEntity"}
}

// oc4idsSchema compiles the package schema with the project schema it
// $refs, both under the URLs their ids give, as a draft-04 validator that
// asserts formats (uri, date-time).
func oc4idsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	for _, name := range []string{"project-package-schema.json", "project-schema.json"} {
		f, err := os.Open(filepath.Join(oc4idsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(oc4idsSchemaBase+name, doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile(oc4idsSchemaBase + "project-package-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func oc4idsValidate(sch *jsonschema.Schema, raw []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// oc4idsCodes reads the codes (first column) of a codelist.
func oc4idsCodes(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(oc4idsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 || recs[0][0] != "Code" {
		t.Fatalf("%s: %v", name, err)
	}
	var codes []string
	for _, r := range recs[1:] {
		codes = append(codes, r[0])
	}
	return codes
}

// oc4idsListed adds a project to the 2024 list with the columns the
// export reads beyond those fixture.project sets.
func oc4idsListed(f fixture, name, sector, subsector, city, county, stage, code, owner string,
	total, before, plan int64, startYear, endYear int) int64 {
	f.t.Helper()
	id := f.project(name, sector, city, stage, plan)
	if err := f.s.DB().Model(&models.PlanEntry{}).Where("project_id = ? AND year = 2024", id).Updates(map[string]any{
		"subsector": subsector, "county": county, "owner": owner, "content": name + "：建设内容",
		"total_investment_yuan": total, "completed_before_yuan": before, "start_year": startYear, "end_year": endYear,
	}).Error; err != nil {
		f.t.Fatal(err)
	}
	if code != "" {
		if err := f.s.DB().Model(&models.Project{}).Where("id = ?", id).Update("code", code).Error; err != nil {
			f.t.Fatal(err)
		}
	}
	return id
}

func TestOC4IDSExport(t *testing.T) {
	sch := oc4idsSchema(t)
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		f := fixture{t, s}
		ids := newOC4IDSFixture(f)
		published := time.Date(2024, 7, 15, 10, 30, 0, 0, time.FixedZone("CST", 8*3600))
		pkg, err := report.OC4IDS(ctx, s, report.OC4IDSOptions{Year: 2024, Month: 6, PublishedDate: published})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := report.WriteOC4IDS(&buf, pkg); err != nil {
			t.Fatal(err)
		}
		raw := buf.Bytes()
		if err := oc4idsValidate(sch, raw); err != nil {
			t.Fatalf("the package does not validate against OC4IDS 0.9.5:\n%v\n%s", err, raw)
		}
		checkOC4IDSValid(t, sch, pkg, raw)
		var got report.OC4IDSPackage
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if got.Version != "0.9" || got.PublishedDate != "2024-07-15T10:30:00+08:00" || got.Publisher.Name != "江西省发展和改革委员会" ||
			got.URI == "" || len(got.Projects) != 4 {
			t.Fatalf("package %+v", got)
		}

		// Text comes through as plain JSON strings: no formula guard, no
		// HTML entities, Chinese unescaped.
		if !bytes.Contains(raw, []byte(`"昌景黄高速铁路"`)) || bytes.Contains(raw, []byte("<script>")) || bytes.Contains(raw, []byte(`"'=`)) {
			t.Fatalf("text escaped wrongly:\n%s", raw)
		}
		pid := oc4idsByID(t, &got)
		if p := pid(ids.school); p.Title != oc4idsScript || p.Parties[1].Name != oc4idsFormula {
			t.Fatalf("school %q %+v", p.Title, p.Parties)
		}
		if p := pid(ids.levee); p.Title != oc4idsFormula {
			t.Fatalf("levee title %q", p.Title)
		}

		checkOC4IDSCodes(t, &got)
		checkOC4IDSMappings(t, pid, ids)
		checkOC4IDSFigures(t, s, &got, pid, ids)
		checkOC4IDSLatest(t, f, ids, published)
	})
}

// The export fixture's hostile texts: markup and a formula.
const (
	oc4idsScript  = "<script>alert(1)</script>学校"
	oc4idsFormula = `=HYPERLINK("http://evil.example","点我")`
)

// oc4idsIDs are the export fixture's projects.
type oc4idsIDs struct{ rail, school, levee, solar int64 }

// newOC4IDSFixture lists four projects for 2024 (a railway across cities,
// a school and a levee with hostile names, a solar plant with nothing
// but a name), with reports, milestones and the railway in 2023's list.
func newOC4IDSFixture(f fixture) oc4idsIDs {
	f.t.Helper()
	var ids oc4idsIDs
	ids.rail = oc4idsListed(f, "昌景黄高速铁路", "综合交通", "铁路", "跨设区市", "", "continuing", "2019-360000-53-01-000001",
		"国铁集团", 12_345_678_901, 5_000_000_000, 1_200_000_000, 2019, 2025)
	f.report(ids.rail, 1, 100_000_000, models.ReportApproved)
	f.report(ids.rail, 3, 250_000_001, models.ReportApproved)
	f.report(ids.rail, 5, 999_000_000, models.ReportSubmitted) // not approved: not counted
	f.report(ids.rail, 7, 777_000_000, models.ReportApproved)  // after the report month
	if err := f.s.DB().Model(&models.MonthlyReport{}).Where("project_id = ? AND month = 3", ids.rail).
		Update("progress", "完成路基60%，桥梁架设过半").Error; err != nil {
		f.t.Fatal(err)
	}
	f.milestone(ids.rail, "开工", "2019-12-01", "2019-12-01")
	f.milestone(ids.rail, "竣工", "2025-12-31", "")
	ids.school = oc4idsListed(f, oc4idsScript, "公共服务", "教育", "南昌市", "南昌县", "new_start", "",
		oc4idsFormula, 900_000_000, 0, 300_000_000, 2024, 2026)
	f.report(ids.school, 6, 12_345, models.ReportApproved)
	f.milestone(ids.school, "开工", "2024-03-31", "") // three months late: notMet
	f.milestone(ids.school, "可研批复", "2023-10-01", "2023-09-20")
	ids.levee = oc4idsListed(f, oc4idsFormula, "水利", "防洪", "九江市", "彭泽县", "completing", "",
		"九江市水利局", 456_000_000, 400_000_000, 56_000_000, 2022, 2024)
	f.report(ids.levee, 2, 56_000_000, models.ReportApproved)
	f.milestone(ids.levee, "竣工", "2024-06-30", "2024-05-20")
	ids.solar = oc4idsListed(f, "赣州光伏电站", "能源", "", "赣州市", "", "preparatory", "", "", 0, 0, 0, 0, 0)
	// The project's row in another year's list stays out of the 2024 package.
	if err := f.s.DB().Create(&models.PlanEntry{ProjectID: ids.rail, Year: 2023, Name: "昌景黄高速铁路（2023）", NormName: "x",
		Stage: "continuing", TotalInvestmentYuan: 1, Version: 1, CreatedAt: time.Now(), UpdatedAt: time.Now()}).Error; err != nil {
		f.t.Fatal(err)
	}
	return ids
}

// oc4idsByID finds a project of the package by its row's project id.
func oc4idsByID(t *testing.T, pkg *report.OC4IDSPackage) func(int64) report.OC4IDSProject {
	byID := map[string]report.OC4IDSProject{}
	for _, p := range pkg.Projects {
		byID[p.ID] = p
	}
	pid := func(id int64) report.OC4IDSProject {
		t.Helper()
		p, ok := byID["oc4ids-jxfgw-"+strconv.FormatInt(id, 10)]
		if !ok {
			t.Fatalf("project %d missing", id)
		}
		return p
	}
	return pid
}

// checkOC4IDSValid: the package validates, and the same package with
// one status off the codelist does not, or the check proves nothing.
func checkOC4IDSValid(t *testing.T, sch *jsonschema.Schema, pkg *report.OC4IDSPackage, raw []byte) {
	t.Helper()
	bad := *pkg
	bad.Projects = slices.Clone(pkg.Projects)
	bad.Projects[0].Status = "underConstruction"
	var badBuf bytes.Buffer
	if err := report.WriteOC4IDS(&badBuf, &bad); err != nil {
		t.Fatal(err)
	}
	if err := oc4idsValidate(sch, badBuf.Bytes()); err == nil || !strings.Contains(err.Error(), "status") {
		t.Fatalf("a package with status %q passed validation: %v", bad.Projects[0].Status, err)
	}
}

// checkOC4IDSCodes: every code is in its codelist.
func checkOC4IDSCodes(t *testing.T, got *report.OC4IDSPackage) {
	t.Helper()
	statuses, types, sectors := oc4idsCodes(t, "projectStatus.csv"), oc4idsCodes(t, "projectType.csv"), oc4idsCodes(t, "projectSector.csv")
	msTypes, metricIDs, roles := oc4idsCodes(t, "milestoneType.csv"), oc4idsCodes(t, "metricID.csv"), oc4idsPartyRoles()
	in := func(what, code string, list []string) {
		t.Helper()
		if !slices.Contains(list, code) {
			t.Errorf("%s %q is not in the codelist", what, code)
		}
	}
	for _, p := range got.Projects {
		in("status", p.Status, statuses)
		in("type", p.Type, types)
		for _, c := range p.Sector {
			in("sector", c, sectors)
			if parent, _, sub := strings.Cut(c, "."); sub && !slices.Contains(p.Sector, parent) {
				t.Errorf("%s: sector %s without %s", p.ID, c, parent)
			}
		}
		for _, m := range p.Milestones {
			in("milestone type", m.Type, msTypes)
		}
		for _, m := range append(slices.Clone(p.Metrics), p.Forecasts...) {
			in("metric id", m.ID, metricIDs)
		}
		for _, o := range p.Parties {
			for _, r := range o.Roles {
				in("party role", r, roles)
			}
		}
		if p.PublicAuthority == nil || p.Parties[0].ID != p.PublicAuthority.ID || p.Parties[0].Roles[0] != "publicAuthority" {
			t.Errorf("%s: public authority %+v, parties %+v", p.ID, p.PublicAuthority, p.Parties)
		}
	}
}

// checkOC4IDSMappings: the list's words as the codelists' codes.
func checkOC4IDSMappings(t *testing.T, pid func(int64) report.OC4IDSProject, ids oc4idsIDs) {
	t.Helper()
	for _, c := range []struct {
		id             int64
		status, typ    string
		sector         []string
		milestones     []string // statuses in planned order
		location, code string
	}{
		{ids.rail, "implementation", "construction", []string{"transport", "transport.rail"}, []string{"met", "scheduled"}, "江西省跨设区市", "2019-360000-53-01-000001"},
		{ids.school, "implementation", "construction", []string{"education"}, []string{"met", "notMet"}, "江西省南昌市南昌县", ""},
		{ids.levee, "completion", "construction", []string{"naturalResources", "naturalResources.floodProtection"}, []string{"met"}, "江西省九江市彭泽县", ""},
		{ids.solar, "preparation", "construction", []string{"energy", "energy.solar"}, nil, "江西省赣州市", ""},
	} {
		p := pid(c.id)
		var ms []string
		for _, m := range p.Milestones {
			ms = append(ms, m.Status)
		}
		if p.Status != c.status || p.Type != c.typ || !slices.Equal(p.Sector, c.sector) || !slices.Equal(ms, c.milestones) ||
			p.Locations[0].Description != c.location {
			t.Errorf("%s: status %s type %s sector %v milestones %v location %s", p.Title, p.Status, p.Type, p.Sector, ms, p.Locations[0].Description)
		}
		if (c.code == "") != (p.Identifiers == nil) || (c.code != "" && p.Identifiers[0].ID != c.code) {
			t.Errorf("%s: identifiers %+v", p.Title, p.Identifiers)
		}
	}
	if p := pid(ids.rail); p.Period == nil || p.Period.StartDate != "2019-01-01T00:00:00+08:00" || p.Period.EndDate != "2025-12-31T23:59:59+08:00" {
		t.Errorf("period %+v", p.Period)
	}
	if p := pid(ids.rail); p.Milestones[0].DateMet != "2019-12-01T00:00:00+08:00" || p.Milestones[0].Type != "delivery" {
		t.Errorf("milestone %+v", p.Milestones[0])
	}
	if p := pid(ids.school); p.Locations[0].Address.Region != "南昌市" || p.Locations[0].Address.Locality != "南昌县" {
		t.Errorf("address %+v", p.Locations[0].Address)
	}
	if p := pid(ids.solar); p.Budget != nil || p.Period != nil || len(p.Parties) != 1 {
		t.Errorf("a project without amounts, years or owner: %+v", p)
	}
}

// checkOC4IDSFigures: the figures, to the yuan, against the list and the rollup.
func checkOC4IDSFigures(t *testing.T, s *models.Store, got *report.OC4IDSPackage, pid func(int64) report.OC4IDSProject, ids oc4idsIDs) {
	t.Helper()
	ctx := context.Background()
	var totals, budget int64
	if err := s.DB().Raw("SELECT SUM(total_investment_yuan) FROM plan_entries WHERE year = 2024").Scan(&totals).Error; err != nil {
		t.Fatal(err)
	}
	var june int64
	for _, p := range got.Projects {
		if p.Budget != nil && p.Budget.Amount != nil {
			if p.Budget.Amount.Currency != "CNY" {
				t.Errorf("currency %q", p.Budget.Amount.Currency)
			}
			budget += p.Budget.Amount.Amount
		}
		obs := p.Metrics[0].Observations
		if last := obs[len(obs)-1]; last.ID != "2024-06" || len(obs) != 7 {
			t.Fatalf("%s: financial observations %+v", p.Title, obs)
		} else {
			june += last.Value.Amount
		}
	}
	if budget != totals || totals != 12_345_678_901+900_000_000+456_000_000 {
		t.Errorf("budgets sum to %d, the list's totals to %d", budget, totals)
	}
	r, err := (&report.Reporter{Store: s}).Rollup(ctx, 2024, 6)
	if err != nil {
		t.Fatal(err)
	}
	if june != r.CompletedYuan || june != 350_000_001+12_345+56_000_000 {
		t.Errorf("June observations sum to %d, the rollup says %d", june, r.CompletedYuan)
	}
	p := pid(ids.rail)
	fin := p.Metrics[0]
	if fin.ID != "financialProgress" || fin.Observations[0].Value.Amount != 5_000_000_000 ||
		fin.Observations[1].Value.Amount != 100_000_000 || fin.Observations[3].Value.Amount != 350_000_001 ||
		fin.Observations[5].Value.Amount != 350_000_001 || fin.Observations[6].Period.EndDate != "2024-06-30T23:59:59+08:00" {
		t.Errorf("rail financial progress %+v", fin.Observations)
	}
	if len(p.Metrics) != 2 || p.Metrics[1].ID != "physicalProgress" || len(p.Metrics[1].Observations) != 1 ||
		p.Metrics[1].Observations[0].Measure != "完成路基60%，桥梁架设过半" {
		t.Errorf("rail physical progress %+v", p.Metrics)
	}
	if p.Forecasts[0].Observations[0].Value.Amount != 1_200_000_000 ||
		p.Budget.BudgetBreakdowns[0].BudgetBreakdown[0].Amount.Amount != 1_200_000_000 {
		t.Errorf("rail plan %+v %+v", p.Forecasts, p.Budget)
	}
}

// checkOC4IDSLatest: month 0 is the province's month, as on the dashboard.
func checkOC4IDSLatest(t *testing.T, f fixture, ids oc4idsIDs, published time.Time) {
	t.Helper()
	ctx, s := context.Background(), f.s
	// Month 0 is the province's month, as on the dashboard: none of
	// 2024 is yet (each month has one city of four), so the whole year.
	whole, err := report.OC4IDS(ctx, s, report.OC4IDSOptions{Year: 2024, PublishedDate: published})
	if err != nil {
		t.Fatal(err)
	}
	if obs := whole.Projects[0].Metrics[0].Observations; obs[len(obs)-1].ID != "2024-12" || whole.URI != "urn:oc4ids-jxfgw:2024-12" {
		t.Errorf("no province month: last observation %+v, uri %s", obs[len(obs)-1], whole.URI)
	}
	// A second city's July report makes July the province's month.
	f.report(ids.school, 7, 1, models.ReportApproved)
	latest, err := report.OC4IDS(ctx, s, report.OC4IDSOptions{Year: 2024, PublishedDate: published, URI: "https://example.org/oc4ids/2024.json"})
	if err != nil {
		t.Fatal(err)
	}
	obs := latest.Projects[0].Metrics[0].Observations
	if last := obs[len(obs)-1]; last.ID != "2024-07" || last.Value.Amount != 350_000_001+777_000_000 || latest.URI != "https://example.org/oc4ids/2024.json" {
		t.Errorf("latest month %+v %s", last, latest.URI)
	}
}

func TestOC4IDSWithoutAList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		for _, year := range []int{0, 2030} {
			if _, err := report.OC4IDS(ctx, s, report.OC4IDSOptions{Year: year}); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("year %d: %v, want ErrNotFound", year, err)
			}
		}
		if _, err := report.OC4IDS(ctx, s, report.OC4IDSOptions{Year: 2024, Month: 13}); err == nil {
			t.Error("month 13 accepted")
		}
	})
}

// TestOC4IDSValidatorRejects makes sure the schema check can fail: a
// valid package passes, and each broken copy is refused.
func TestOC4IDSValidatorRejects(t *testing.T) {
	sch := oc4idsSchema(t)
	valid := func() map[string]any {
		return map[string]any{
			"version": "0.9", "uri": "https://example.org/p.json", "publishedDate": "2024-07-15T10:30:00+08:00",
			"publisher": map[string]any{"name": "江西省发展和改革委员会"},
			"projects": []any{map[string]any{
				"id": "oc4ids-jxfgw-1", "title": "项目", "status": "implementation", "sector": []any{"transport"},
				"budget": map[string]any{"amount": map[string]any{"amount": 100, "currency": "CNY"}},
			}},
		}
	}
	check := func(name string, pkg map[string]any, wantOK bool) {
		t.Helper()
		raw, err := json.Marshal(pkg)
		if err != nil {
			t.Fatal(err)
		}
		if err := oc4idsValidate(sch, raw); (err == nil) != wantOK {
			t.Errorf("%s: validation error %v, want ok=%v", name, err, wantOK)
		}
	}
	check("valid", valid(), true)
	project := func(pkg map[string]any) map[string]any { return pkg["projects"].([]any)[0].(map[string]any) }
	for name, breakIt := range map[string]func(map[string]any){
		"status outside the codelist": func(p map[string]any) { project(p)["status"] = "construction" },
		"no uri":                      func(p map[string]any) { delete(p, "uri") },
		"relative uri":                func(p map[string]any) { p["uri"] = "oc4ids/2024.json" },
		"no projects":                 func(p map[string]any) { p["projects"] = []any{} },
		"amount as text": func(p map[string]any) {
			project(p)["budget"] = map[string]any{"amount": map[string]any{"amount": "100"}}
		},
		"currency not ISO 4217": func(p map[string]any) {
			project(p)["budget"] = map[string]any{"amount": map[string]any{"currency": "RMB"}}
		},
		"date without a time":       func(p map[string]any) { p["publishedDate"] = "2024-07-15" },
		"project without id":        func(p map[string]any) { delete(project(p), "id") },
		"empty sector list":         func(p map[string]any) { project(p)["sector"] = []any{} },
		"type outside the codelist": func(p map[string]any) { project(p)["type"] = "newBuild" },
	} {
		pkg := valid()
		breakIt(pkg)
		check(name, pkg, false)
	}
}
