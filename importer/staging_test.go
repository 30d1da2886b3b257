package importer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
)

// stageTwo stages a two-file upload through st.
func stageTwo(t *testing.T, st *importer.Staging, files [][]byte, now time.Time) *importer.Staged {
	t.Helper()
	open := func(i int) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(files[i])), nil }
	s, err := st.Stage(context.Background(), []string{"../../计划.XLSX", "月报.csv"}, open, importer.ParseOptions{Year: 2024}, "nanchang", now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkFiles checks that a loaded upload's files hold the staged bytes,
// in private files inside dir.
func checkFiles(t *testing.T, s *importer.Staged, dir string, files [][]byte) {
	t.Helper()
	if s.Actor != "nanchang" || s.Options.Year != 2024 || len(s.Files) != len(files) {
		t.Fatalf("loaded %+v", s)
	}
	for i, f := range s.Files {
		got, err := os.ReadFile(f.Path)
		if err != nil || !bytes.Equal(got, files[i]) {
			t.Fatalf("file %d at %s: %d bytes, want %d (%v)", i, f.Path, len(got), len(files[i]), err)
		}
		if info, _ := os.Stat(f.Path); info.Mode().Perm() != 0o600 || filepath.Dir(filepath.Dir(f.Path)) != dir {
			t.Fatalf("file %d at %s mode %v: not a private file of %s", i, f.Path, info.Mode(), dir)
		}
	}
}

func TestStagingInTheDatabaseIsSharedByServers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *models.Store) {
		ctx := context.Background()
		now := time.Now()
		files := [][]byte{bytes.Repeat([]byte{'x'}, models.StagedChunkBytes+17), []byte("项目名称\n")}
		// Two servers, each with its own temp directory, one database.
		a := &importer.Staging{Dir: t.TempDir(), DB: db}
		b := &importer.Staging{Dir: t.TempDir(), DB: db}
		s := stageTwo(t, a, files, now)
		checkFiles(t, s, a.Dir, files) // the stager previews at once
		got, err := b.Load(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkFiles(t, got, b.Dir, files)
		if again, err := b.Load(ctx, s.ID); err != nil || again.Files[0].Path != got.Files[0].Path {
			t.Fatalf("second load: %v", err)
		}
		// Removed on A (applied there): B no longer finds it, and its copy goes.
		if err := a.Remove(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Load(ctx, s.ID); !errors.Is(err, importer.ErrNoStaged) {
			t.Fatalf("load after remove on the other server: %v", err)
		}
		if _, err := os.Stat(filepath.Join(b.Dir, s.ID)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("B kept its copy of a removed upload: %v", err)
		}
		// The sweep: an old upload goes from the database; a copy on B of
		// an upload discarded on A goes at B's next sweep.
		old := stageTwo(t, a, files, now.Add(-25*time.Hour))
		kept := stageTwo(t, a, files, now)
		gone := stageTwo(t, a, files, now)
		for _, id := range []string{kept.ID, gone.ID} {
			if _, err := b.Load(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.DeleteStagedUpload(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		if err := b.Sweep(ctx, now); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Load(ctx, old.ID); !errors.Is(err, importer.ErrNoStaged) {
			t.Fatalf("a 25-hour-old upload survived the sweep: %v", err)
		}
		if _, err := os.Stat(filepath.Join(b.Dir, gone.ID)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the sweep kept B's copy of an upload gone from the database: %v", err)
		}
		if got, err := b.Load(ctx, kept.ID); err != nil {
			t.Fatalf("a fresh upload was swept: %v", err)
		} else {
			checkFiles(t, got, b.Dir, files)
		}
	})
}

func TestStagingInADirectory(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	files := [][]byte{[]byte("PK fake workbook"), []byte("项目名称\n")}
	st := &importer.Staging{Dir: t.TempDir()}
	s := stageTwo(t, st, files, now)
	// A second server sharing the directory finds it.
	got, err := (&importer.Staging{Dir: st.Dir}).Load(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkFiles(t, got, st.Dir, files)
	if _, err := st.Load(ctx, "../../etc"); !errors.Is(err, importer.ErrNoStaged) {
		t.Fatalf("a path for an id: %v", err)
	}
	old := stageTwo(t, st, files, now)
	past := now.Add(-25 * time.Hour)
	if err := os.Chtimes(filepath.Join(st.Dir, old.ID), past, past); err != nil {
		t.Fatal(err)
	}
	if err := st.Sweep(ctx, now); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load(ctx, old.ID); !errors.Is(err, importer.ErrNoStaged) {
		t.Fatalf("old upload survived the sweep: %v", err)
	}
	if err := st.Remove(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load(ctx, s.ID); !errors.Is(err, importer.ErrNoStaged) {
		t.Fatalf("removed upload loaded: %v", err)
	}
}
