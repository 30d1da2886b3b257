package api

import (
	"context"
	"fmt"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

func TestSafeNextKeepsRedirectsOnSite(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/projects?year=2024", "/projects?year=2024"},
		{"/projects/12/report?month=6#form", "/projects/12/report?month=6#form"},
		{"/", "/"},
		{"", "/"},
		{"projects", "/"},
		{"https://evil.example/", "/"},
		{"//evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/\tevil", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"/projects\\..\\evil", "/"},
		{"/a\\b", "/"},
		{"/\u200b/evil.example", "/"},
		{"/\u0085/evil.example", "/"},
		{" /evil", "/"},
		{"javascript:alert(1)", "/"},
		{"/%09/evil.example", "/%09/evil.example"}, // stays a path: the browser does not decode it into the authority
	} {
		if got := safeNext(c.in); got != c.want {
			t.Errorf("safeNext(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLimiterReservesForgetsAndHoldsAcrossServers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		// Two servers' limiters on one database: the attempts are counted
		// once, wherever they arrive.
		a, b := newLimiter(s), newLimiter(s)
		now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
		for i := 0; i < 5; i++ {
			l := a
			if i%2 == 1 {
				l = b
			}
			if _, ok, err := l.reserve(ctx, now, "a", "10.0.0.1"); err != nil || !ok {
				t.Fatalf("attempt %d refused (%v)", i, err)
			}
		}
		for _, l := range []*limiter{a, b} {
			if _, ok, err := l.reserve(ctx, now, "a", "10.0.0.2"); err != nil || ok {
				t.Fatalf("sixth attempt in the window was let through (%v)", err)
			}
		}
		// A released reservation (a success) gives its attempt back.
		r, ok, err := a.reserve(ctx, now, "c", "10.0.0.3")
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if err := b.release(ctx, r); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := s.DB().Raw(`SELECT COUNT(*) FROM sign_in_attempts WHERE username = 'c'`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("released reservation left %d rows (%v)", n, err)
		}
		// After the window the account may try again.
		later := now.Add(SignInWindow + time.Second)
		if _, ok, err := b.reserve(ctx, later, "a", "10.0.0.1"); err != nil || !ok {
			t.Fatalf("attempt after the window refused (%v)", err)
		}
		// One address: 20 attempts over any accounts, then refused.
		for i := 0; i < maxAddressFailures; i++ {
			if _, ok, _ := a.reserve(ctx, later, fmt.Sprintf("u%d", i), "10.9.9.9"); !ok {
				t.Fatalf("address attempt %d refused", i)
			}
		}
		if _, ok, _ := b.reserve(ctx, later, "fresh", "10.9.9.9"); ok {
			t.Fatal("21st attempt from one address was let through")
		}
		// The janitor forgets what is outside the window: the table stays
		// bounded by the attempts of one window.
		if _, err := s.DeleteSignInsBefore(ctx, later.Add(-SignInWindow)); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Raw(`SELECT COUNT(*) FROM sign_in_attempts`).Scan(&n).Error; err != nil || n != 1+maxAddressFailures {
			t.Fatalf("after the sweep %d rows, want %d (%v)", n, 1+maxAddressFailures, err)
		}
	})
}

func TestRefusalsCoalescePerKeyAndStayBounded(t *testing.T) {
	r := newRefusals(time.Minute, 50)
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	writes := 0
	for i := 0; i < 3000; i++ {
		if ok, _ := r.admit("u|addr|role|GET /x", now.Add(time.Duration(i)*time.Millisecond)); ok {
			writes++
		}
	}
	if writes != 1 {
		t.Fatalf("3,000 refusals in 3 s wrote %d rows, want 1", writes)
	}
	ok, earlier := r.admit("u|addr|role|GET /x", now.Add(2*time.Minute))
	if !ok || earlier != 2999 {
		t.Fatalf("next window: write %v, earlier %d; want a row saying 2999 went unwritten", ok, earlier)
	}
	writes = 0
	for i := 0; i < 1000; i++ {
		if ok, _ := r.admit(fmt.Sprintf("k%d", i), now.Add(2*time.Minute)); ok {
			writes++
		}
	}
	if len(r.seen) > 51 || writes > 51 {
		t.Fatalf("1,000 distinct keys: %d kept, %d rows; want at most 50 kept (and the overflow key) and 51 rows", len(r.seen), writes)
	}
}
