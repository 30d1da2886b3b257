package api_test

import (
	"net/http"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestSessionRules checks the session read on every signed-in request
// against the rules: seen marks at most once a minute, the idle and
// absolute timeouts end (and delete) the session, a disabled user's
// session stops at the next request.
func TestSessionRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		srv := newServer(t, s)
		u := addUser(t, s, "leader", models.RoleViewer, "")
		// signedIn is a new client signed in as leader, its only session.
		signedIn := func(t *testing.T) *http.Client {
			t.Helper()
			if err := s.DB().Exec("DELETE FROM sessions WHERE user_id = ?", u.ID).Error; err != nil {
				t.Fatal(err)
			}
			c := clientFor(t, srv, "leader")
			if code, body := status(t, c, "GET", srv.URL+"/api/v1/projects"); code != http.StatusOK {
				t.Fatalf("signed in: %d %s", code, body)
			}
			return c
		}
		set := func(t *testing.T, column string, at time.Time) {
			t.Helper()
			if err := s.DB().Exec("UPDATE sessions SET "+column+" = ? WHERE user_id = ?", at, u.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		lastSeen := func(t *testing.T) time.Time {
			t.Helper()
			var at time.Time
			if err := s.DB().Raw("SELECT last_seen_at FROM sessions WHERE user_id = ?", u.ID).Row().Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at
		}
		ended := func(t *testing.T, c *http.Client) {
			t.Helper()
			if code, _ := status(t, c, "GET", srv.URL+"/api/v1/projects"); code != http.StatusUnauthorized {
				t.Fatalf("an ended session still works: %d", code)
			}
		}
		sessions := func(t *testing.T) int64 {
			t.Helper()
			var n int64
			if err := s.DB().Raw("SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID).Row().Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		t.Run("seen at most once a minute", func(t *testing.T) {
			c := signedIn(t)
			recent := time.Now().UTC().Add(-30 * time.Second).Truncate(time.Second)
			set(t, "last_seen_at", recent)
			status(t, c, "GET", srv.URL+"/api/v1/projects")
			if got := lastSeen(t); !got.Equal(recent) {
				t.Fatalf("seen 30 s ago, written again: %v → %v", recent, got)
			}
			old := time.Now().UTC().Add(-5 * time.Minute)
			set(t, "last_seen_at", old)
			status(t, c, "GET", srv.URL+"/api/v1/projects")
			if got := lastSeen(t); time.Since(got) > time.Minute {
				t.Fatalf("seen 5 min ago, not marked seen: %v", got)
			}
		})
		t.Run("idle timeout", func(t *testing.T) {
			c := signedIn(t)
			set(t, "last_seen_at", time.Now().UTC().Add(-31*time.Minute))
			ended(t, c)
			if n := sessions(t); n != 0 {
				t.Fatalf("%d sessions: the idle one was not deleted", n)
			}
		})
		t.Run("absolute timeout", func(t *testing.T) {
			c := signedIn(t)
			set(t, "expires_at", time.Now().UTC().Add(-time.Second))
			ended(t, c)
			if n := sessions(t); n != 0 {
				t.Fatalf("%d sessions: the expired one was not deleted", n)
			}
		})
		t.Run("disabled user", func(t *testing.T) {
			c := signedIn(t)
			// Not DisableUser, which deletes the sessions too: the flag
			// alone must end them.
			if err := s.DB().Exec("UPDATE users SET disabled = ? WHERE id = ?", true, u.ID).Error; err != nil {
				t.Fatal(err)
			}
			ended(t, c)
		})
	})
}
