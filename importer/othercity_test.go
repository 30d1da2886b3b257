package importer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
)

// A city official uploading the province's whole list: the rows of
// other cities are skipped and counted, not errors; the city's own rows
// are still checked, and one that would move its project away is refused.
func TestCityImportSkipsOtherCitiesRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		if _, err := im.Apply(ctx, threeProjects(), "a", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		list := func() *importer.Parsed {
			p := threeProjects()
			p.Plans[1].PlanYuan = 150_000_000 // 南昌市's school: 12,000 → 15,000 万元
			p.Plans = append(p.Plans,
				importer.PlanRow{Name: "南昌市新建医院", City: "南昌市", Sector: "公共服务", TotalYuan: 900_000_000, PlanYuan: 200_000_000},
				importer.PlanRow{Name: "九江市新建码头", City: "九江市", Sector: "综合交通", TotalYuan: 1_000_000, PlanYuan: 1_000_000},
				// 南昌市's own row claiming 九江市's project: still checked, refused.
				importer.PlanRow{Name: "九江港湖口银砂湾码头", City: "南昌市", Sector: "综合交通", TotalYuan: 2_987_000_000},
			)
			for i := range p.Plans {
				p.Plans[i].Sheet, p.Plans[i].Row = "清单", i+5
				if p.Plans[i].Stage == "" {
					p.Plans[i].Stage = importer.StageContinuing
				}
			}
			return p
		}
		opt := importer.Options{Who: who, OnlyCity: "南昌市", DryRun: true}
		res, err := im.Apply(ctx, list(), "b", opt, nil)
		if !errors.Is(err, importer.ErrRejected) {
			t.Fatalf("want the claiming row refused, got %v", err)
		}
		// 昌九高铁 (跨设区市), 九江港湖口银砂湾码头 and 九江市新建码头 are other cities'.
		if res.SkippedOtherCity != 3 || res.Updated != 1 || res.Created != 1 || res.Rejected != 1 {
			t.Fatalf("skipped %d, updated %d, created %d, rejected %d", res.SkippedOtherCity, res.Updated, res.Created, res.Rejected)
		}
		if len(res.Errors) != 1 || res.Errors[0].Row != 10 || !strings.Contains(res.Errors[0].Message, "九江市") {
			t.Fatalf("errors %+v", res.Errors)
		}
		// The money the file moves: the city's rows only.
		if res.Money.PlanYuan != 350_000_000 || res.Money.PlanChangeYuan != 230_000_000 {
			t.Fatalf("money %+v", res.Money)
		}
		// With SkipInvalid the valid rows are written, the refused one listed.
		opt.DryRun, opt.SkipInvalid = false, true
		res, err = im.Apply(ctx, list(), "b", opt, nil)
		if err != nil || res.BatchID == 0 || len(res.Errors) != 1 {
			t.Fatalf("skip invalid: %v %+v", err, res)
		}
		if got := sumPlan(t, s, 2024); got != 8_000_000_000+150_000_000+200_000_000 {
			t.Fatalf("plan after the city's import %d", got)
		}
	})
}

// A row naming another city that would move the city's own project there
// is not another city's row: it is refused, not skipped.
func TestCityImportRefusesMovingItsProjectAway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		if _, err := im.Apply(ctx, threeProjects(), "a", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		p := threeProjects()
		p.Plans[1].City = "九江市"
		res, err := im.Apply(ctx, p, "b", importer.Options{Who: who, OnlyCity: "南昌市", DryRun: true}, nil)
		if !errors.Is(err, importer.ErrRejected) || res.SkippedOtherCity != 2 || len(res.Errors) != 1 || res.Errors[0].Row != 6 {
			t.Fatalf("%v: skipped %d, errors %+v", err, res.SkippedOtherCity, res.Errors)
		}
	})
}

// A monthly sheet of every city: a city official's import reports its
// own projects and skips the others', with the month's money.
func TestCityMonthlySkipsOtherCitiesRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		if _, err := im.Apply(ctx, threeProjects(), "a", importer.Options{Who: who}, nil); err != nil {
			t.Fatal(err)
		}
		sheet := monthly(2024, 3,
			importer.MonthlyRow{Code: "2024-360100-48-01-000001", Name: "昌九高铁", MonthYuan: i64(700_000_000)},
			importer.MonthlyRow{Name: "南昌市红谷滩区学校新建工程", MonthYuan: i64(12_345_600), Progress: "主体施工"},
			importer.MonthlyRow{Name: "九江港湖口银砂湾码头", MonthYuan: i64(1_000_000)},
		)
		res, err := im.Apply(ctx, sheet, "m", importer.Options{Who: who, OnlyCity: "南昌市", DryRun: true, WithChanges: true}, nil)
		if err != nil || res.SkippedOtherCity != 2 || res.Created != 1 || len(res.Errors) != 0 {
			t.Fatalf("%v %+v", err, res)
		}
		want := []importer.MonthMoney{{Year: 2024, Month: 3, CompletedYuan: 12_345_600, CompletedChangeYuan: 12_345_600}}
		if len(res.Money.Months) != 1 || res.Money.Months[0] != want[0] {
			t.Fatalf("money %+v", res.Money)
		}
		// The new report's amount is in its row's changes.
		ch := res.Changes[0].Changes
		if len(ch) == 0 || ch[0].Field != "completed_yuan" || ch[0].After != int64(12_345_600) {
			t.Fatalf("new report's row %+v", res.Changes[0])
		}
	})
}

func TestGroupErrorsByKind(t *testing.T) {
	res := []*importer.Result{{File: "a.xlsx", Errors: []importer.Issue{
		{Row: 5, Column: "项目名称", Message: "在2024年项目计划中找不到该项目"},
		{Row: 6, Column: "总投资", Message: "“abc”不是数字"},
		{Row: 7, Column: "项目名称", Message: "在2024年项目计划中找不到该项目"},
	}}, {File: "b.xlsx", Errors: []importer.Issue{{Row: 9, Column: "项目名称", Message: "在2025年项目计划中找不到该项目"}}}}
	gs := importer.GroupErrors(res, 2)
	if len(gs) != 2 || gs[0].Count != 3 || len(gs[0].First) != 2 || gs[0].First[1].Row != 7 || gs[1].Column != "总投资" {
		t.Fatalf("%+v", gs)
	}
	if gs[0].Kind != "在…年项目计划中找不到该项目" || gs[1].Kind != "“abc”不是数字" {
		t.Fatalf("kinds %q %q", gs[0].Kind, gs[1].Kind)
	}
}

func TestMoneyAddsByMonthInOrder(t *testing.T) {
	var m importer.Money
	m.Add(importer.Money{PlanYuan: 5, Months: []importer.MonthMoney{{Year: 2024, Month: 5, CompletedYuan: 2}}})
	m.Add(importer.Money{PlanYuan: 1, PlanChangeYuan: -3, Months: []importer.MonthMoney{{Year: 2024, Month: 3, CompletedYuan: 1}, {Year: 2024, Month: 5, CompletedYuan: 4, CompletedChangeYuan: 1}}})
	if m.PlanYuan != 6 || m.PlanChangeYuan != -3 || len(m.Months) != 2 || m.Months[0].Month != 3 || m.Months[1].CompletedYuan != 6 || m.Months[1].CompletedChangeYuan != 1 {
		t.Fatalf("%+v", m)
	}
}
