package cli

import (
	"context"
	"log/slog"
	"time"

	"portfolio/models"
)

// chore is one piece of the server's upkeep.
type chore struct {
	name string
	run  func(ctx context.Context, now time.Time) error
}

// janitor runs the server's upkeep (expired sessions, stale staged
// uploads) once at start and then every interval, until ctx ends; the
// returned channel is closed when it has stopped. A chore's failure is
// logged and tried again next time.
func janitor(ctx context.Context, every time.Duration, now func() time.Time, log *slog.Logger, chores ...chore) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			for _, c := range chores {
				if err := c.run(ctx, now()); err != nil && ctx.Err() == nil {
					log.ErrorContext(ctx, "upkeep failed", "chore", c.name, "err", err)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return done
}

// exclusive makes chores run by one app server at a time: on PostgreSQL,
// shared by several servers, each chore runs under an advisory lock of
// its name and a server that finds it taken passes this round (another
// is doing the same work); on SQLite they just run.
func exclusive(s *models.Store, chores ...chore) []chore {
	out := make([]chore, len(chores))
	for i, c := range chores {
		out[i] = chore{c.name, func(ctx context.Context, now time.Time) error {
			_, err := s.Exclusive(ctx, "janitor "+c.name, func(ctx context.Context) error { return c.run(ctx, now) })
			return err
		}}
	}
	return out
}
