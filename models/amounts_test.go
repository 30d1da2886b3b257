package models_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

func TestAddCheckedAndSaturating(t *testing.T) {
	for _, c := range []struct {
		a, b, sum int64
		ok        bool
		sat       int64
	}{
		{1, 2, 3, true, 3},
		{math.MaxInt64, 0, math.MaxInt64, true, math.MaxInt64},
		{math.MaxInt64, 1, 0, false, math.MaxInt64},
		{math.MaxInt64 - 5, 10, 0, false, math.MaxInt64},
		{math.MinInt64, -1, 0, false, math.MinInt64},
		{-5, 3, -2, true, -2},
	} {
		sum, ok := models.AddChecked(c.a, c.b)
		if sum != c.sum || ok != c.ok || models.AddSat(c.a, c.b) != c.sat {
			t.Errorf("%d + %d = %d %v (sat %d)", c.a, c.b, sum, ok, models.AddSat(c.a, c.b))
		}
	}
}

func TestCheckAmountAndText(t *testing.T) {
	if got := models.AmountBoundText(); got != "1,000,000,000.00 万元（10 万亿元）" {
		t.Fatalf("bound text %q", got)
	}
	for y, want := range map[int64]string{0: "", models.MaxAmountYuan: "", -1: "年度目标不能为负数",
		models.MaxAmountYuan + 1: "年度目标不能超过 1,000,000,000.00 万元（10 万亿元）", math.MaxInt64: "年度目标不能超过 1,000,000,000.00 万元（10 万亿元）"} {
		err := models.CheckAmount("amount", "年度目标", y)
		var fe *models.FieldError
		if (want == "") != (err == nil) || (err != nil && (!errors.As(err, &fe) || fe.Message != want || fe.Field != "amount")) {
			t.Errorf("%d: %v, want %q", y, err, want)
		}
	}
	if err := models.CheckText("note", "备注", strings.Repeat("字", 10), 10); err != nil {
		t.Errorf("10 characters (30 bytes) within 10: %v", err)
	}
	if err := models.CheckText("note", "备注", strings.Repeat("字", 11), 10); err == nil || !strings.Contains(err.Error(), "备注不能超过 10 个字") {
		t.Errorf("11 characters: %v", err)
	}
}

// TestStoreRefusesUnboundedAmounts: the store itself (not only the
// handlers) refuses 2^63−1 in a report, a plan edit and a target, and the
// remaining-investment check cannot be wrapped by figures at the bound.
func TestStoreRefusesUnboundedAmounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 10, 9, 0, 0, 0, time.UTC)
		who := models.Who{Actor: "t", Source: models.SourceCLI}
		p := listed(t, s, "上限项目", models.MaxAmountYuan, 0, models.MaxAmountYuan)
		var fe *models.FieldError
		if _, err := s.SubmitReport(ctx, models.ReportInput{ProjectID: p.ID, Year: 2024, Month: 6, CompletedYuan: math.MaxInt64}, now, who); !errors.As(err, &fe) || fe.Field != "completed" {
			t.Fatalf("report of 2^63−1: %v", err)
		}
		if _, err := s.SubmitReport(ctx, models.ReportInput{ProjectID: p.ID, Year: 2024, Month: 5, CompletedYuan: models.MaxAmountYuan}, now, who); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitReport(ctx, models.ReportInput{ProjectID: p.ID, Year: 2024, Month: 6, CompletedYuan: models.MaxAmountYuan}, now, who); !errors.As(err, &fe) || !strings.Contains(fe.Message, "剩余投资") {
			t.Fatalf("a second month at the bound passes the remaining investment: %v", err)
		}
		ed := models.PlanEdit{Stage: "continuing", TotalInvestmentYuan: 2_000_000_000, CompletedBeforeYuan: math.MaxInt64, AnnualPlanYuan: 1_100_000_000, Version: 1}
		if _, err := s.EditPlanEntry(ctx, p.ID, 2024, ed, now, who); !errors.As(err, &fe) || fe.Field != "completed_before" {
			t.Fatalf("plan edit of 2^63−1: %v", err)
		}
		if _, err := s.SetTarget(ctx, models.AnnualTarget{Year: 2024, Scope: models.ScopeProvince, AmountYuan: math.MaxInt64}, models.Who{Actor: models.ActorCLI, Source: models.SourceCLI}); !errors.As(err, &fe) {
			t.Fatalf("target of 2^63−1: %v", err)
		}
	})
}
