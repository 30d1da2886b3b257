package api

import (
	"fmt"
	"testing"
	"time"
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

func TestLimiterReservesForgetsAndStaysBounded(t *testing.T) {
	l := newLimiter(15 * time.Minute)
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	acct := limit{"user:a", 5}
	for i := 0; i < 5; i++ {
		if _, ok := l.reserve(now, acct); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	if _, ok := l.reserve(now, acct); ok {
		t.Fatal("sixth attempt in the window was let through")
	}
	// A released reservation (a success) gives its attempt back.
	l2 := newLimiter(time.Minute)
	r, _ := l2.reserve(now, acct)
	l2.release(r)
	if n := l2.size(); n != 0 {
		t.Fatalf("released reservation left %d keys", n)
	}
	// After the window the key is forgotten and attempts are allowed again.
	later := now.Add(16 * time.Minute)
	if _, ok := l.reserve(later, acct); !ok {
		t.Fatal("attempt after the window refused")
	}
	// A flood of fresh keys never grows the map past its bound, and the
	// expired ones go first.
	l.maxKeys = 100
	for i := 0; i < 1000; i++ {
		l.reserve(later.Add(time.Duration(i)*time.Millisecond), limit{fmt.Sprintf("user:%d", i), 5})
	}
	if n := l.size(); n > 100 {
		t.Fatalf("limiter holds %d keys, bound 100", n)
	}
	l.reserve(later.Add(time.Hour), limit{"user:new", 5})
	if n := l.size(); n != 1 {
		t.Fatalf("an hour later the limiter still holds %d keys, want 1 (the expired forgotten)", n)
	}
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
