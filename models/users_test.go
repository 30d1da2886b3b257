package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"

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
		} {
			if _, err := s.AddUser(ctx, bad, who); err == nil {
				t.Errorf("accepted %+v", bad)
			}
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
