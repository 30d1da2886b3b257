package models_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
)

// inCity adds a project to the 2024 list of city with a plan.
func inCity(t *testing.T, s *models.Store, name, city string, plan int64) models.Project {
	t.Helper()
	p := listed(t, s, name, 100*plan, 0, plan)
	if err := s.DB().Exec("UPDATE plan_entries SET city = ? WHERE project_id = ?", city, p.ID).Error; err != nil {
		t.Fatal(err)
	}
	return p
}

// report stores a report of a month in a status directly (the workflow
// is tested in reports_test.go).
func report(t *testing.T, s *models.Store, p models.Project, month int, status string, yuan int64) {
	t.Helper()
	now := time.Now().UTC()
	r := models.MonthlyReport{ProjectID: p.ID, Year: 2024, Month: month, CompletedYuan: yuan, Status: status, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&r).Error; err != nil {
		t.Fatal(err)
	}
}

// TestReportingCountsAgreeWithTheRule: one project per report status (and
// one without a report) in a city; the store's counts and lists read
// "reported" as province.Reported does, on both databases.
func TestReportingCountsAgreeWithTheRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		statuses := []string{"", models.ReportDraft, models.ReportSubmitted, models.ReportApproved, models.ReportReturned}
		var wantReported, wantApproved int64
		var wantMissing []string
		for i, st := range statuses {
			name := "南昌项目" + string(rune('A'+i))
			p := inCity(t, s, name, "南昌市", 1_200_000)
			if st != "" {
				report(t, s, p, 10, st, 1000)
			}
			if province.Reported(st) {
				wantReported++
			} else {
				wantMissing = append(wantMissing, name)
			}
			if st == models.ReportApproved {
				wantApproved++
			}
		}
		g := inCity(t, s, "赣州项目", "赣州市", 1_200_000)
		report(t, s, g, 9, models.ReportApproved, 1000) // another month counts for nothing in October
		rows, err := s.ReportingByCity(ctx, 2024, 10, models.ProjectScope{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].City != "南昌市" || rows[1].City != "赣州市" {
			t.Fatalf("rows %+v, want 南昌市 then 赣州市 (the province's order)", rows)
		}
		if r := rows[0]; r.Projects != 5 || r.Reported != wantReported || r.Approved != wantApproved {
			t.Errorf("南昌市 %+v, want 5 projects, %d reported, %d approved", r, wantReported, wantApproved)
		}
		if r := rows[1]; r.Projects != 1 || r.Reported != 0 {
			t.Errorf("赣州市 %+v", r)
		}
		missing, total, err := s.Unreported(ctx, 2024, 10, models.ProjectScope{City: "南昌市"}, 2)
		if err != nil || total != int64(len(wantMissing)) || len(missing) != 2 || missing[0].Name != wantMissing[0] {
			t.Fatalf("missing %+v of %d (%v), want the first 2 of %v", missing, total, err, wantMissing)
		}
		returned, err := s.ReportsOfStatus(ctx, models.ReportReturned, models.ProjectScope{City: "南昌市"}, 10)
		if err != nil || len(returned) != 1 || returned[0].Month != 10 {
			t.Errorf("returned %+v %v", returned, err)
		}
	})
}

func TestOwedMonthsOfAManager(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		a := inCity(t, s, "甲", "南昌市", 1_200_000)
		b := inCity(t, s, "乙", "南昌市", 1_200_000)
		inCity(t, s, "丙（别人的）", "南昌市", 1_200_000)
		u, err := s.AddUser(ctx, models.NewUser{Username: "mgr", Password: "password1", Role: models.RoleManager}, models.Who{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []models.Project{a, b} {
			if err := s.Assign(ctx, u.ID, p.ID, models.Who{}); err != nil {
				t.Fatal(err)
			}
		}
		report(t, s, a, 1, models.ReportApproved, 1)
		report(t, s, a, 2, models.ReportSubmitted, 1)
		report(t, s, a, 3, models.ReportReturned, 1)
		report(t, s, b, 1, models.ReportDraft, 1)
		owed, err := s.OwedMonths(ctx, 2024, 3, models.ProjectScope{ManagerID: u.ID}, 50)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range owed {
			got = append(got, o.Name+string(rune('0'+o.Month))+o.Status)
		}
		want := "甲3returned 乙1draft 乙2 乙3"
		if strings.Join(got, " ") != want {
			t.Errorf("owed %v, want %s", got, want)
		}
	})
}

func TestYearToDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		p := inCity(t, s, "甲", "南昌市", 1_200_000)
		inCity(t, s, "无计划", "南昌市", 0)
		report(t, s, p, 1, models.ReportApproved, 10)
		report(t, s, p, 2, models.ReportApproved, 20)
		report(t, s, p, 3, models.ReportApproved, 40)
		report(t, s, p, 4, models.ReportSubmitted, 80) // not approved: not counted
		got, err := s.YearToDate(ctx, 2024, 3, models.ProjectScope{})
		if err != nil || len(got) != 1 || got[0].DonePrevYuan != 30 || got[0].DoneYuan != 70 || got[0].PlanYuan != 1_200_000 {
			t.Fatalf("%+v %v", got, err)
		}
	})
}

func TestDueDaySetting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if d, err := s.DueDay(ctx); err != nil || d != province.DefaultDueDay {
			t.Fatalf("default due day %d %v", d, err)
		}
		who := models.Who{Actor: "admin", Source: models.SourceWeb}
		for _, bad := range []int{0, 29, -3} {
			var fe *models.FieldError
			if err := s.SetDueDay(ctx, bad, time.Now(), who); !errors.As(err, &fe) || fe.Field != "due_day" || !strings.Contains(fe.Message, "1 日到 28 日") {
				t.Errorf("SetDueDay(%d) = %v", bad, err)
			}
		}
		for _, d := range []int{10, 28} {
			if err := s.SetDueDay(ctx, d, time.Now(), who); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.DueDay(ctx); got != d {
				t.Errorf("due day %d, want %d", got, d)
			}
		}
		es, _, err := s.Audit(ctx, models.AuditFilter{Actor: "admin"})
		if err != nil || len(es) != 2 || es[0].Entity != "settings" || !strings.Contains(es[0].AfterJSON, `"28"`) || !strings.Contains(es[0].BeforeJSON, `"10"`) {
			t.Errorf("audit %+v %v", es, err)
		}
	})
}

// TestClaimEventOnce: of many claims of one event at once (several
// servers' deadline checks), exactly one wins.
func TestClaimEventOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.ClaimEvent(ctx, "deadline:2024-10:南昌市", time.Now())
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d claims won, want 1", wins)
		}
		if ok, err := s.ClaimEvent(ctx, "deadline:2024-10:赣州市", time.Now()); !ok || err != nil {
			t.Errorf("another key: %v %v", ok, err)
		}
	})
}

func TestWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		who := models.Who{Actor: "admin", Source: models.SourceAPI}
		for _, tc := range []struct{ url, format, field string }{
			{"ftp://x.example/hook", "", "url"},
			{"javascript:alert(1)", "", "url"},
			{"https://user:pw@x.example/", "", "url"},
			{"https://x.example/" + strings.Repeat("a", models.MaxWebhookURL), "", "url"},
			{"https://x.example/", "telegram", "format"},
		} {
			var fe *models.FieldError
			if _, err := s.AddWebhook(ctx, tc.url, tc.format, time.Now(), who); !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("AddWebhook(%.40q, %q) = %v, want a refusal of %s", tc.url, tc.format, err, tc.field)
			}
		}
		for _, tc := range []struct{ url, format, want string }{
			{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "", models.WebhookWeCom},
			{"https://oapi.dingtalk.com/robot/send?access_token=t", "auto", models.WebhookDingTalk},
			{"https://hooks.example/a", "", models.WebhookJSON},
			{"wecom+http://127.0.0.1:9/x", "", models.WebhookWeCom},
			{"https://hooks.example/b", "dingtalk", models.WebhookDingTalk},
		} {
			w, err := s.AddWebhook(ctx, tc.url, tc.format, time.Now(), who)
			if err != nil || w.Format != tc.want || strings.Contains(w.URL, "+") {
				t.Errorf("AddWebhook(%q, %q) = %+v %v, want format %s", tc.url, tc.format, w, err, tc.want)
			}
		}
		if _, err := s.AddWebhook(ctx, "https://hooks.example/a", "", time.Now(), who); !errors.Is(err, models.ErrConflict) {
			t.Errorf("a second time: %v", err)
		}
		for i := 5; i < models.MaxWebhooks; i++ {
			if _, err := s.AddWebhook(ctx, "https://hooks.example/n"+string(rune('a'+i)), "", time.Now(), who); err != nil {
				t.Fatal(err)
			}
		}
		var fe *models.FieldError
		if _, err := s.AddWebhook(ctx, "https://hooks.example/one-too-many", "", time.Now(), who); !errors.As(err, &fe) || !strings.Contains(fe.Message, "最多") {
			t.Errorf("the 11th: %v", err)
		}
		ws, _ := s.Webhooks(ctx)
		if err := s.DeleteWebhook(ctx, ws[0].ID, time.Now(), who); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteWebhook(ctx, ws[0].ID, time.Now(), who); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("deleting again: %v", err)
		}
		es, _, _ := s.Audit(ctx, models.AuditFilter{Actor: "admin"})
		if len(es) != models.MaxWebhooks+1 || es[0].Action != models.ActionDelete || es[0].Entity != "webhooks" {
			t.Errorf("audit: %d entries, newest %+v", len(es), es[0])
		}
	})
}
