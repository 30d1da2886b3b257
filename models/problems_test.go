package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
)

func TestProblemLoop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
		p := inCity(t, s, "赣江大桥", "南昌市", 100_000)
		who := models.Who{Actor: "builder", Source: models.SourceWeb}
		pb, err := s.RaiseProblem(ctx, models.ProblemInput{ProjectID: p.ID, Category: "用地", Description: " 用地预审未批 ", Department: "自然资源部门", DueOn: "2024-06-30"}, now, who)
		if err != nil {
			t.Fatal(err)
		}
		if pb.Status != province.ProblemOpen || pb.Level != province.LevelCounty || pb.Version != 1 || pb.Description != "用地预审未批" {
			t.Fatalf("raised %+v", pb)
		}
		yes := func(models.Problem) error { return nil }
		// A stale version is a conflict carrying what is there now.
		var pc *models.ProblemConflict
		if _, err := s.MoveProblem(ctx, models.ProblemMove{ID: pb.ID, Action: province.ActStart, Version: 7}, yes, now, who); !errors.As(err, &pc) || pc.Current.Version != 1 {
			t.Fatalf("stale version: %v", err)
		}
		// allow sees the row and may refuse; nothing moves.
		if _, err := s.MoveProblem(ctx, models.ProblemMove{ID: pb.ID, Action: province.ActStart, Version: 1}, func(models.Problem) error { return models.ErrProblemForbidden }, now, who); !errors.Is(err, models.ErrProblemForbidden) {
			t.Fatalf("refused move: %v", err)
		}
		steps := []struct{ action, status, level string }{
			{province.ActEscalate, province.ProblemOpen, province.LevelCity},
			{province.ActStart, province.ProblemInProgress, province.LevelCity},
			{province.ActEscalate, province.ProblemOpen, province.LevelProvince},
			{province.ActResolve, province.ProblemResolved, province.LevelProvince},
		}
		v := 1
		for _, st := range steps {
			got, err := s.MoveProblem(ctx, models.ProblemMove{ID: pb.ID, Action: st.action, Version: v, Note: st.action + " 说明"}, yes, now, models.Who{Actor: "nanchang"})
			if err != nil {
				t.Fatal(st.action, err)
			}
			if got.Status != st.status || got.Level != st.level || got.Version != v+1 {
				t.Fatalf("%s gave %+v", st.action, got)
			}
			v++
		}
		var se *models.ProblemStateError
		if _, err := s.MoveProblem(ctx, models.ProblemMove{ID: pb.ID, Action: province.ActResolve, Version: v}, yes, now, who); !errors.As(err, &se) {
			t.Fatalf("resolving a resolved problem: %v", err)
		}
		evs, err := s.ProblemEvents(ctx, pb.ID)
		if err != nil || len(evs) != 5 || evs[0].Action != models.ActionRaise || evs[4].Note != "resolve 说明" || evs[2].FromLevel != province.LevelCity {
			t.Fatalf("history %+v %v", evs, err)
		}
		entries, _, err := s.Audit(ctx, models.AuditFilter{ProjectID: p.ID})
		if err != nil || len(entries) != 5 || entries[0].Entity != "problems" || entries[0].Action != province.ActResolve || !strings.Contains(entries[0].AfterJSON, "resolve 说明") {
			t.Fatalf("audit %+v %v", entries, err)
		}
		if _, err := s.MoveProblem(ctx, models.ProblemMove{ID: 999, Action: province.ActStart, Version: 1}, yes, now, who); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("missing problem: %v", err)
		}
	})
}

func TestProblemBounds(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	now := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	p := inCity(t, s, "赣江大桥", "南昌市", 100_000)
	ok := models.ProblemInput{ProjectID: p.ID, Category: "资金", Description: "资金未到位"}
	for _, c := range []struct {
		field, want string
		edit        func(*models.ProblemInput)
	}{
		{"category", "问题类别应为 用地", func(in *models.ProblemInput) { in.Category = "天气" }},
		{"description", "请填写问题描述", func(in *models.ProblemInput) { in.Description = "  " }},
		{"description", "不能超过 2,000 个字", func(in *models.ProblemInput) { in.Description = strings.Repeat("问", 2001) }},
		{"department", "要素保障部门不能超过 100 个字", func(in *models.ProblemInput) { in.Department = strings.Repeat("部", 101) }},
		{"level", "层级应为", func(in *models.ProblemInput) { in.Level = "nation" }},
		{"due_on", "真实日期", func(in *models.ProblemInput) { in.DueOn = "2024-02-30" }},
		{"due_on", "前后 5 年内", func(in *models.ProblemInput) { in.DueOn = "2030-01-01" }},
		{"due_on", "前后 5 年内", func(in *models.ProblemInput) { in.DueOn = "2019-06-30" }},
	} {
		in := ok
		c.edit(&in)
		_, err := s.RaiseProblem(ctx, in, now, models.Who{Actor: "t"})
		var fe *models.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !strings.Contains(fe.Message, c.want) {
			t.Errorf("%s: %v; want %q", c.field, err, c.want)
		}
	}
	pb, err := s.RaiseProblem(ctx, ok, now, models.Who{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.MoveProblem(ctx, models.ProblemMove{ID: pb.ID, Action: province.ActStart, Version: 1, Note: strings.Repeat("注", 501)}, func(models.Problem) error { return nil }, now, models.Who{})
	var fe *models.FieldError
	if !errors.As(err, &fe) || fe.Field != "note" || !strings.Contains(fe.Message, "500") {
		t.Errorf("long note: %v", err)
	}
	if _, err := s.RaiseProblem(ctx, models.ProblemInput{ProjectID: 4242, Category: "资金", Description: "x"}, now, models.Who{}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown project: %v", err)
	}
}

func TestProblemFiltersAndSummary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
		nc, gz := inCity(t, s, "南昌项目", "南昌市", 100_000), inCity(t, s, "赣州项目", "赣州市", 100_000)
		raise := func(p models.Project, cat, due string) *models.Problem {
			pb, err := s.RaiseProblem(ctx, models.ProblemInput{ProjectID: p.ID, Category: cat, Description: cat + "问题", DueOn: due}, now, models.Who{Actor: "t"})
			if err != nil {
				t.Fatal(err)
			}
			return pb
		}
		raise(nc, "用地", "2024-06-01")         // overdue
		raise(nc, "用地", "2024-08-01")         // not yet due
		raise(gz, "环评", "")                   // no due date
		done := raise(gz, "资金", "2024-01-01") // past due, but resolved
		if _, err := s.MoveProblem(ctx, models.ProblemMove{ID: done.ID, Action: province.ActResolve, Version: 1}, func(models.Problem) error { return nil }, now, models.Who{}); err != nil {
			t.Fatal(err)
		}
		count := func(f models.ProblemFilter) int64 {
			f.Today = "2024-07-01"
			rows, total, err := s.Problems(ctx, f)
			if err != nil || int64(len(rows)) != total {
				t.Fatalf("%+v: %d rows of %d, %v", f, len(rows), total, err)
			}
			return total
		}
		for _, c := range []struct {
			f    models.ProblemFilter
			want int64
		}{
			{models.ProblemFilter{}, 4},
			{models.ProblemFilter{City: "南昌市"}, 2},
			{models.ProblemFilter{ScopeCity: "赣州市"}, 2},
			{models.ProblemFilter{Category: "用地"}, 2},
			{models.ProblemFilter{Status: province.ProblemResolved}, 1},
			{models.ProblemFilter{Overdue: true}, 1},
			{models.ProblemFilter{Level: province.LevelCity}, 0},
			{models.ProblemFilter{ProjectID: gz.ID}, 2},
		} {
			if got := count(c.f); got != c.want {
				t.Errorf("%+v: %d problems; want %d", c.f, got, c.want)
			}
		}
		sum, err := s.ProblemSummary(ctx, "2024-07-01", "", 2)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Open != 3 || sum.Overdue != 1 || len(sum.Oldest) != 2 || !sum.Oldest[0].Overdue || sum.Oldest[0].ProjectName != "南昌项目" {
			t.Fatalf("summary %+v", sum)
		}
		if len(sum.ByCategory) != 2 || sum.ByCategory[0] != (models.ProblemCount{Key: "用地", Count: 2}) ||
			len(sum.ByCity) != 2 || sum.ByCity[0] != (models.ProblemCount{Key: "南昌市", Count: 2}) {
			t.Fatalf("by category %+v, by city %+v", sum.ByCategory, sum.ByCity)
		}
		// A city's dashboard counts its own problems only.
		if sum, err = s.ProblemSummary(ctx, "2024-07-01", "南昌市", 2); err != nil {
			t.Fatal(err)
		}
		if sum.Open != 2 || len(sum.ByCity) != 1 || sum.ByCity[0].Key != "南昌市" {
			t.Fatalf("南昌市's summary %+v", sum)
		}
	})
}
