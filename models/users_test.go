package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

func TestPasswordHashing(t *testing.T) {
	h, err := models.HashPassword("correct horse")
	if err != nil || !strings.HasPrefix(h, "$argon2id$") {
		t.Fatalf("%q %v", h, err)
	}
	if !models.CheckPassword(h, "correct horse") || models.CheckPassword(h, "correct horsE") || models.CheckPassword("garbage", "x") {
		t.Fatal("CheckPassword")
	}
	if _, err := models.HashPassword("short"); !errors.Is(err, models.ErrBadPassword) {
		t.Fatalf("a 5-character password: %v", err)
	}
	h2, _ := models.HashPassword("correct horse")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
}

func TestUsersLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		who := models.Who{Actor: "cli", Source: models.SourceCLI}
		if _, err := s.AddUser(ctx, models.NewUser{Username: "ganzhou", Password: "ganzhou-2024", Role: models.RoleCity, City: "赣州市"}, who); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []models.NewUser{
			{Username: "ganzhou", Password: "another-pass", Role: models.RoleViewer},
			{Username: "x y", Password: "another-pass", Role: models.RoleViewer},
			{Username: "boss", Password: "another-pass", Role: "emperor"},
			{Username: "city2", Password: "another-pass", Role: models.RoleCity},
			{Username: "shorty", Password: "short", Role: models.RoleViewer},
			{Username: "changsha", Password: "another-pass", Role: models.RoleCity, City: "长沙市"},
			{Username: "mgr", Password: "another-pass", Role: models.RoleManager, City: "赣州市"},
		} {
			if _, err := s.AddUser(ctx, bad, who); err == nil {
				t.Errorf("accepted %+v", bad)
			}
		}
		// Projects go to managers' accounts only.
		var fe *models.FieldError
		if u, err := s.UserByName(ctx, "ganzhou"); err != nil || !errors.As(s.Assign(ctx, u.ID, 1, who), &fe) || fe.Field != "username" {
			t.Fatalf("a project assigned to a city account: %v", fe)
		}
		if u, err := s.Authenticate(ctx, "ganzhou", "ganzhou-2024"); err != nil || u.City != "赣州市" {
			t.Fatalf("authenticate: %+v %v", u, err)
		}
		if _, err := s.Authenticate(ctx, "ganzhou", "wrong-password"); !errors.Is(err, models.ErrBadPassword) {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := s.Authenticate(ctx, "nobody", "whatever1"); !errors.Is(err, models.ErrBadPassword) {
			t.Fatalf("unknown user: %v", err)
		}
		if err := s.SetPassword(ctx, "ganzhou", "new-password-1", who); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "ganzhou", "new-password-1"); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableUser(ctx, "ganzhou", who); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "ganzhou", "new-password-1"); !errors.Is(err, models.ErrBadPassword) {
			t.Fatalf("disabled user signed in: %v", err)
		}
		if err := s.DisableUser(ctx, "nobody", who); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("disable unknown: %v", err)
		}
		var n int64
		s.DB().Model(&models.AuditEntry{}).Where("entity = 'users'").Count(&n)
		if n != 3 {
			t.Fatalf("%d audit entries for users, want 3 (add, passwd, disable)", n)
		}
		us, err := s.Users(ctx)
		if err != nil || len(us) != 1 || !us[0].Disabled {
			t.Fatalf("%+v %v", us, err)
		}
	})
}

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx, u, lim, t0 := sessionSetup(t, s)
		tok, err := s.CreateSession(ctx, u.ID, lim, "127.0.0.1", "test", t0)
		if err != nil {
			t.Fatal(err)
		}
		var stored models.Session
		s.DB().Take(&stored)
		if stored.ID == tok || strings.Contains(stored.ID, tok) {
			t.Fatal("the token itself is stored")
		}
		if got, err := s.SessionUser(ctx, tok, lim, t0.Add(20*time.Minute)); err != nil || got.Username != "leader" {
			t.Fatalf("live session: %v %v", got, err)
		}
		// Seen at 9:20, so 9:45 is within the idle limit; 10:30 is not.
		if _, err := s.SessionUser(ctx, tok, lim, t0.Add(45*time.Minute)); err != nil {
			t.Fatalf("within idle: %v", err)
		}
		if _, err := s.SessionUser(ctx, tok, lim, t0.Add(90*time.Minute)); !errors.Is(err, models.ErrNoSession) {
			t.Fatalf("idle session lived: %v", err)
		}
		// Absolute limit, even when active.
		tok, _ = s.CreateSession(ctx, u.ID, lim, "", "", t0)
		for m := 0; m < 8*60; m += 20 {
			if _, err := s.SessionUser(ctx, tok, lim, t0.Add(time.Duration(m)*time.Minute)); err != nil {
				t.Fatalf("an active session ended after %d minutes: %v", m, err)
			}
		}
		if _, err := s.SessionUser(ctx, tok, lim, t0.Add(8*time.Hour+time.Minute)); !errors.Is(err, models.ErrNoSession) {
			t.Fatalf("session past its absolute limit: %v", err)
		}
		tok, _ = s.CreateSession(ctx, u.ID, lim, "", "", t0)
		if err := s.DeleteSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, tok, lim, t0); !errors.Is(err, models.ErrNoSession) {
			t.Fatalf("signed-out session: %v", err)
		}
		tok, _ = s.CreateSession(ctx, u.ID, lim, "", "", t0)
		s.DisableUser(ctx, "leader", models.Who{})
		if _, err := s.SessionUser(ctx, tok, lim, t0); !errors.Is(err, models.ErrNoSession) {
			t.Fatalf("disabled user's session: %v", err)
		}
	})
}

// sessionSetup adds a user and gives the session limits (30 minutes idle,
// 8 hours in all) and the start of the day the session tests play in.
func sessionSetup(t *testing.T, s *models.Store) (context.Context, *models.User, models.SessionLimits, time.Time) {
	t.Helper()
	ctx := context.Background()
	u, err := s.AddUser(ctx, models.NewUser{Username: "leader", Password: "leader-2024", Role: models.RoleViewer}, models.Who{})
	if err != nil {
		t.Fatal(err)
	}
	return ctx, u, models.SessionLimits{Idle: 30 * time.Minute, Absolute: 8 * time.Hour}, time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)
}

// TestDeleteExpiredSessions: the sweep removes the idle and the too old
// sessions that nobody presents again, and keeps the live one.
func TestDeleteExpiredSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx, u, lim, t0 := sessionSetup(t, s)
		old, _ := s.CreateSession(ctx, u.ID, lim, "", "", t0)                                  // absolute limit at 17:00
		idle, _ := s.CreateSession(ctx, u.ID, lim, "", "", t0.Add(7*time.Hour))                // idle since 16:00
		live, _ := s.CreateSession(ctx, u.ID, lim, "", "", t0.Add(7*time.Hour+50*time.Minute)) // seen 16:50
		n, err := s.DeleteExpiredSessions(ctx, lim, t0.Add(8*time.Hour+time.Minute))
		if err != nil || n != 2 {
			t.Fatalf("swept %d sessions, %v; want 2", n, err)
		}
		var left int64
		if err := s.DB().Model(&models.Session{}).Count(&left).Error; err != nil || left != 1 {
			t.Fatalf("%d sessions left, %v", left, err)
		}
		for _, tok := range []string{old, idle} {
			if _, err := s.SessionUser(ctx, tok, lim, t0.Add(7*time.Hour+55*time.Minute)); !errors.Is(err, models.ErrNoSession) {
				t.Errorf("a swept session still signs in: %v", err)
			}
		}
		if _, err := s.SessionUser(ctx, live, lim, t0.Add(8*time.Hour+time.Minute)); err != nil {
			t.Errorf("the live session was swept: %v", err)
		}
	})
}
