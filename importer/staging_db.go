package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"portfolio/models"
)

// hashingReader counts and hashes what is read through it.
type hashingReader struct {
	r    io.Reader
	h    hash.Hash
	size int64
}

func (hr *hashingReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	hr.h.Write(p[:n])
	hr.size += int64(n)
	return n, err
}

// stageDB writes an upload into the database, every file with its size
// and SHA-256, in one transaction.
func (st *Staging) stageDB(ctx context.Context, s *Staged, names []string, open func(i int) (io.ReadCloser, error)) error {
	readers := make([]io.Reader, len(names))
	hashed := make([]*hashingReader, len(names))
	for i := range names {
		src, err := open(i)
		if err != nil {
			return err
		}
		defer src.Close()
		hashed[i] = &hashingReader{r: src, h: sha256.New()}
		readers[i] = hashed[i]
	}
	meta := func() (string, error) {
		for i, name := range names {
			s.Files = append(s.Files, StagedFile{Name: filepath.Base(name), Size: hashed[i].size, SHA256: hex.EncodeToString(hashed[i].h.Sum(nil))})
		}
		b, err := json.Marshal(s)
		return string(b), err
	}
	up := &models.StagedUpload{ID: s.ID, Actor: s.Actor, CreatedAt: s.Created}
	if err := st.DB.SaveStagedUpload(ctx, up, readers, meta); err != nil {
		return fmt.Errorf("importer: stage upload: %w", err)
	}
	return nil
}

// loadDB reads an upload from the database and gives its files paths in
// this server's cache under Dir, copying (and checking) the ones not
// there yet. The database decides: an upload gone from it is gone here.
func (st *Staging) loadDB(ctx context.Context, id string) (*Staged, error) {
	up, err := st.DB.StagedUploadByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) {
		_ = os.RemoveAll(filepath.Join(st.Dir, id))
		return nil, ErrNoStaged
	}
	if err != nil {
		return nil, err
	}
	var s Staged
	if err := json.Unmarshal([]byte(up.Meta), &s); err != nil {
		return nil, fmt.Errorf("importer: staged upload %s: %w", id, err)
	}
	dir := filepath.Join(st.Dir, id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	for i := range s.Files {
		f := &s.Files[i]
		f.Path = stagedPath(dir, i, f.Name)
		if info, err := os.Stat(f.Path); err == nil && info.Size() == f.Size {
			continue // copied before: a file of an upload never changes
		}
		if err := st.copyFromDB(ctx, id, i, *f); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

// copyFromDB writes the i-th file of an upload to f.Path through a temp
// file renamed into place once its size and SHA-256 match, so a
// concurrent reader never sees half a file.
func (st *Staging) copyFromDB(ctx context.Context, id string, i int, f StagedFile) error {
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), ".part-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone once renamed; left over on failure
	h := sha256.New()
	n, err := st.DB.CopyStagedFile(ctx, id, i, io.MultiWriter(tmp, h))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if n != f.Size || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return fmt.Errorf("importer: staged upload %s file %d: read back %d bytes that do not match the %d staged", id, i, n, f.Size)
	}
	return os.Rename(tmp.Name(), f.Path)
}

// goneFromDB tells whether a cached upload is no longer in the database.
func (st *Staging) goneFromDB(ctx context.Context, id string) bool {
	if st.DB == nil {
		return false
	}
	_, err := st.DB.StagedUploadByID(ctx, id)
	return errors.Is(err, models.ErrNotFound)
}
