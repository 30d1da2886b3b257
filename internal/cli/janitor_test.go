package cli

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestJanitorRunsUntilStopped: each chore runs at start and on every
// tick, a failure is logged and retried, and the janitor stops with its
// context.
func TestJanitorRunsUntilStopped(t *testing.T) {
	var ok, bad atomic.Int32
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := janitor(ctx, 5*time.Millisecond, time.Now, slog.New(slog.NewTextHandler(&logs, nil)),
		chore{"ok", func(context.Context, time.Time) error { ok.Add(1); return nil }},
		chore{"bad", func(context.Context, time.Time) error { bad.Add(1); return errors.New("disk full") }})
	deadline := time.Now().Add(10 * time.Second)
	for ok.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the janitor did not stop with its context")
	}
	if ok.Load() < 3 || bad.Load() < 3 {
		t.Fatalf("ran %d and %d times", ok.Load(), bad.Load())
	}
	after := ok.Load()
	time.Sleep(20 * time.Millisecond)
	if ok.Load() != after {
		t.Error("a chore ran after the janitor stopped")
	}
	if !strings.Contains(logs.String(), "chore=bad") || !strings.Contains(logs.String(), "disk full") {
		t.Errorf("the failure is not logged: %s", logs.String())
	}
}

// TestStagingSettingPicksTheDatabaseOnPostgreSQL: uploads wait in the
// database by default on PostgreSQL (every app server shares it), in the
// directory on SQLite, and either when the setting says.
func TestStagingSettingPicksTheDatabaseOnPostgreSQL(t *testing.T) {
	lite, pg := storetest.SQLite(t), storetest.Postgres(t)
	for _, tc := range []struct {
		setting string
		s       *models.Store
		inDB    bool
	}{{"", pg, true}, {"", lite, false}, {"dir", pg, false}, {"db", lite, true}} {
		c := config{Staging: tc.setting, StagingDir: t.TempDir()}
		if st := c.staging(tc.s); (st.DB != nil) != tc.inDB || st.Dir != c.StagingDir {
			t.Errorf("--staging %q on %s: in the database %v, want %v", tc.setting, tc.s.Dialect(), st.DB != nil, tc.inDB)
		}
	}
}

// TestExclusiveChoresRunOnOneServer: two servers' janitors on one
// PostgreSQL: while one runs a chore, the other passes it.
func TestExclusiveChoresRunOnOneServer(t *testing.T) {
	servers := storetest.PostgresServers(t, 2)
	var runs atomic.Int32
	inside, leave := make(chan struct{}), make(chan struct{})
	slow := exclusive(servers[0], chore{"sweep", func(context.Context, time.Time) error { runs.Add(1); close(inside); <-leave; return nil }})
	fast := exclusive(servers[1], chore{"sweep", func(context.Context, time.Time) error { runs.Add(1); return nil }})
	errc := make(chan error)
	go func() { errc <- slow[0].run(context.Background(), time.Now()) }()
	<-inside
	if err := fast[0].run(context.Background(), time.Now()); err != nil || runs.Load() != 1 {
		t.Fatalf("the second server ran the chore while the first did: %d runs, %v", runs.Load(), err)
	}
	close(leave)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if err := fast[0].run(context.Background(), time.Now()); err != nil || runs.Load() != 2 {
		t.Fatalf("after the first finished: %d runs, %v", runs.Load(), err)
	}
}
