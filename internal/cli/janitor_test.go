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
