package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestTargets sets, replaces, lists and clears targets on both databases:
// each change audited with who made it and the target before and after,
// every bad field refused with a Chinese message naming it.
func TestTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		alice := models.Who{Actor: "alice", UserID: 7, Source: models.SourceWeb, RemoteAddr: "10.0.0.1"}
		set := func(scope, key string, yuan int64) models.AnnualTarget {
			t.Helper()
			got, err := s.SetTarget(ctx, models.AnnualTarget{Year: 2031, Scope: scope, ScopeKey: key, AmountYuan: yuan}, alice)
			if err != nil {
				t.Fatalf("set %s %s: %v", scope, key, err)
			}
			if got.ID == 0 || got.AmountYuan != yuan {
				t.Fatalf("set %s %s returned %+v", scope, key, got)
			}
			return got
		}
		if _, ok, err := s.Target(ctx, 2031, models.ScopeProvince, ""); ok || err != nil {
			t.Fatalf("a year without a target has one: %v %v", ok, err)
		}
		first := set(models.ScopeProvince, "", 900_000_000_000)
		second := set(models.ScopeProvince, "", 950_000_000_000)
		if second.ID != first.ID {
			t.Errorf("replacing made a new row: %d then %d", first.ID, second.ID)
		}
		set(models.ScopeCity, "南昌市", 120_000_000_000)
		set(models.ScopeSector, "能源", 80_000_000_000)
		list, err := s.Targets(ctx, 2031)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, x := range list {
			keys = append(keys, x.Scope+":"+x.ScopeKey)
		}
		if strings.Join(keys, ",") != "province:,sector:能源,city:南昌市" || list[0].AmountYuan != 950_000_000_000 {
			t.Errorf("targets = %+v", list)
		}

		for _, bad := range []struct {
			t     models.AnnualTarget
			field string
			words string
		}{
			{models.AnnualTarget{Year: 1999, Scope: models.ScopeProvince, AmountYuan: 1}, "year", "2000 到 2100"},
			{models.AnnualTarget{Year: 2031, Scope: models.ScopeSector, ScopeKey: "航天", AmountYuan: 1}, "sector", "综合交通"},
			{models.AnnualTarget{Year: 2031, Scope: models.ScopeCity, ScopeKey: "长沙市", AmountYuan: 1}, "city", "南昌市"},
			{models.AnnualTarget{Year: 2031, Scope: models.ScopeProvince, AmountYuan: -5}, "amount", "不能为负数"},
			{models.AnnualTarget{Year: 2031, Scope: models.ScopeProvince, AmountYuan: models.MaxAmountYuan + 1}, "amount", "10 万亿元"},
		} {
			_, err := s.SetTarget(ctx, bad.t, alice)
			var fe *models.FieldError
			if !errors.As(err, &fe) || fe.Field != bad.field || !strings.Contains(fe.Message, bad.words) {
				t.Errorf("%+v: %v (want field %s saying %q)", bad.t, err, bad.field, bad.words)
			}
		}

		if err := s.DeleteTarget(ctx, 2031, models.ScopeCity, "南昌市", alice); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteTarget(ctx, 2031, models.ScopeCity, "南昌市", alice); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("clearing a target not set: %v", err)
		}
		entries, _, err := s.Audit(ctx, models.AuditFilter{Actor: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			if e.Entity != "annual_targets" || e.Source != models.SourceWeb || e.RemoteAddr != "10.0.0.1" {
				t.Errorf("audit entry %+v", e)
			}
			actions = append(actions, e.Action)
		}
		// Newest first: the delete, the sector, the city, the replacement, the first.
		if strings.Join(actions, ",") != "delete,create,create,update,create" {
			t.Errorf("audit actions = %v", actions)
		}
		if upd := entries[3]; !strings.Contains(upd.BeforeJSON, "900000000000") || !strings.Contains(upd.AfterJSON, "950000000000") {
			t.Errorf("the replacement's audit: before %s after %s", upd.BeforeJSON, upd.AfterJSON)
		}
	})
}
