package models_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"portfolio/models"
	"portfolio/models/storetest"
)

// twoServers opens two stores on one fresh PostgreSQL schema, as two app
// servers would.
func twoServers(t *testing.T) (*models.Store, *models.Store) {
	t.Helper()
	s := storetest.PostgresServers(t, 2)
	return s[0], s[1]
}

func TestSignInBurstAcrossServersGetsNoMoreThanTheLimit(t *testing.T) {
	a, b := twoServers(t)
	lim := models.SignInLimits{Window: 15 * time.Minute, PerUser: 5, PerAddress: 20}
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := 0; i < 40; i++ {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, ok, err := s.ReserveSignIn(context.Background(), "admin", "10.0.0."+string(rune('0'+i%10)), lim, now)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if granted != 5 {
		t.Fatalf("40 parallel guesses over two servers got %d checks, want 5", granted)
	}
}

func TestExclusiveRunsOneServerAtATime(t *testing.T) {
	a, b := twoServers(t)
	ctx := context.Background()
	inside, leave := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		ran, err := a.Exclusive(ctx, "sweep", func(context.Context) error { close(inside); <-leave; return nil })
		if !ran && err == nil {
			err = errors.New("a did not run")
		}
		done <- err
	}()
	<-inside
	ran, err := b.Exclusive(ctx, "sweep", func(context.Context) error { return nil })
	if err != nil || ran {
		t.Fatalf("b ran while a held the lock (%v)", err)
	}
	if ran, err := b.Exclusive(ctx, "other", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("another name waited on a's lock: ran %v, %v", ran, err)
	}
	close(leave)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ran, err = b.Exclusive(ctx, "sweep", func(context.Context) error { return nil })
	if err != nil || !ran {
		t.Fatalf("b did not run once a let go: ran %v, %v", ran, err)
	}
	// SQLite has one server: it always runs.
	s := storetest.SQLite(t)
	if ran, err := s.Exclusive(ctx, "sweep", func(context.Context) error { return nil }); !ran || err != nil {
		t.Fatalf("sqlite: ran %v, %v", ran, err)
	}
}

func TestStagedUploadsKeepTheirBytesInChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		big := bytes.Repeat([]byte("0123456789abcdef"), models.StagedChunkBytes*5/2/16) // 2.5 chunks
		small := []byte("项目名称,总投资\n")
		created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		up := &models.StagedUpload{ID: strings.Repeat("ab", 16), Actor: "nanchang", CreatedAt: created}
		err := s.SaveStagedUpload(ctx, up, []io.Reader{bytes.NewReader(big), bytes.NewReader(small)}, func() (string, error) { return `{"files":2}`, nil })
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.StagedUploadByID(ctx, up.ID)
		if err != nil || got.Actor != "nanchang" || got.Meta != `{"files":2}` || got.Bytes != int64(len(big)+len(small)) {
			t.Fatalf("%+v %v", got, err)
		}
		for i, want := range [][]byte{big, small} {
			var buf bytes.Buffer
			if n, err := s.CopyStagedFile(ctx, up.ID, i, &buf); err != nil || n != int64(len(want)) || !bytes.Equal(buf.Bytes(), want) {
				t.Fatalf("file %d: %d bytes read back, want %d (%v)", i, n, len(want), err)
			}
		}
		if n, err := s.DeleteStagedUploadsBefore(ctx, created); err != nil || n != 0 {
			t.Fatalf("swept %d uploads no older than the cut (%v)", n, err)
		}
		if n, err := s.DeleteStagedUploadsBefore(ctx, created.Add(time.Second)); err != nil || n != 1 {
			t.Fatalf("swept %d, want 1 (%v)", n, err)
		}
		if _, err := s.StagedUploadByID(ctx, up.ID); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("swept upload still found: %v", err)
		}
		var chunks int64
		if err := s.DB().Raw(`SELECT COUNT(*) FROM staged_chunks`).Scan(&chunks).Error; err != nil || chunks != 0 {
			t.Fatalf("%d chunks left after the sweep (%v)", chunks, err)
		}
	})
}

func TestServersStartingTogetherMigrateOnce(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	const n = 4
	applied := make([][]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		s, err := models.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		wg.Go(func() { applied[i], errs[i] = s.Migrate(context.Background()) })
	}
	wg.Wait()
	total := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("server %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total == 0 {
		t.Fatal("no server applied a migration")
	}
	s := storetest.Open(t, dsn)
	var rows int64
	if err := s.DB().Raw(`SELECT COUNT(*) FROM schema_migrations`).Scan(&rows).Error; err != nil || int(rows) != total {
		t.Fatalf("%d migrations recorded, %d applied over the servers (%v)", rows, total, err)
	}
}
