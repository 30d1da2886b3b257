package importer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"portfolio/models"
)

// Staging keeps uploaded workbooks between their preview and the
// official's apply or discard. With DB nil each upload is a private
// directory of its own under Dir (one server's, or a directory every
// server mounts); with DB set the upload lives in the database, which
// every app server shares, and Dir only caches its files for the
// importer on the server that reads them. Nothing reaches the portfolio's
// tables before apply; a discarded upload leaves nothing behind.
type Staging struct {
	Dir string
	DB  *models.Store
	// MaxAge is how long an unapplied upload is kept; older ones are
	// removed by Sweep. 0 means DefaultStagingMaxAge.
	MaxAge time.Duration
}

// DefaultStagingMaxAge is how long an unapplied upload is kept when no
// setting says.
const DefaultStagingMaxAge = 24 * time.Hour

// StagedFile is one uploaded file of a staged upload.
type StagedFile struct {
	Name   string `json:"name"`             // as uploaded, for messages and the batch
	Path   string `json:"-"`                // server-made, never from the client
	Size   int64  `json:"size,omitempty"`   // in the database: to check the copy read back
	SHA256 string `json:"sha256,omitempty"` // likewise
}

// Staged is one upload waiting for apply or discard.
type Staged struct {
	ID      string       `json:"id"`
	Created time.Time    `json:"created"`
	Files   []StagedFile `json:"files"`
	Options ParseOptions `json:"options"`
	Actor   string       `json:"actor"`
}

// ErrNoStaged means the upload is unknown (applied, discarded or expired).
var ErrNoStaged = errors.New("importer: no such upload")

var stagedIDRe = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Stage saves uploads under a new private directory. open returns the
// i-th file's content; names are the uploaders' file names.
func (st *Staging) Stage(ctx context.Context, names []string, open func(i int) (io.ReadCloser, error), opt ParseOptions, actor string, now time.Time) (*Staged, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	s := &Staged{ID: hex.EncodeToString(b[:]), Created: now, Options: opt, Actor: actor}
	if st.DB != nil {
		if err := st.stageDB(ctx, s, names, open); err != nil {
			return nil, err
		}
		return st.loadDB(ctx, s.ID) // this server's copy, read back and checked
	}
	if err := os.MkdirAll(st.Dir, 0o700); err != nil {
		return nil, err
	}
	dir := filepath.Join(st.Dir, s.ID)
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	for i, name := range names {
		path := stagedPath(dir, i, name)
		if err := st.save(path, func() (io.ReadCloser, error) { return open(i) }); err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
		s.Files = append(s.Files, StagedFile{Name: filepath.Base(name), Path: path})
	}
	meta, err := json.Marshal(s)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "upload.json"), meta, 0o600); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func (st *Staging) save(path string, open func() (io.ReadCloser, error)) error {
	src, err := open()
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- a path we made inside the staging dir, the upload's name not used
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close() // the copy's error is the one to report
		return err
	}
	return dst.Close()
}

// Load finds a staged upload by id.
func (st *Staging) Load(ctx context.Context, id string) (*Staged, error) {
	if !stagedIDRe.MatchString(id) {
		return nil, ErrNoStaged
	}
	if st.DB != nil {
		return st.loadDB(ctx, id)
	}
	dir := filepath.Join(st.Dir, id)
	meta, err := os.ReadFile(filepath.Join(dir, "upload.json")) // #nosec G304 -- id matched stagedIDRe: 32 hex digits, no path
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoStaged
	}
	if err != nil {
		return nil, err
	}
	var s Staged
	if err := json.Unmarshal(meta, &s); err != nil {
		return nil, err
	}
	for i := range s.Files {
		s.Files[i].Path = stagedPath(dir, i, s.Files[i].Name)
	}
	return &s, nil
}

// stagedPath is where the i-th file of an upload is kept in dir: its
// number and the upload's extension, never the uploader's name.
func stagedPath(dir string, i int, name string) string {
	return filepath.Join(dir, fmt.Sprintf("%d%s", i, strings.ToLower(filepath.Ext(name))))
}

// Remove deletes a staged upload (after apply or on discard).
func (st *Staging) Remove(ctx context.Context, id string) error {
	if !stagedIDRe.MatchString(id) {
		return ErrNoStaged
	}
	if st.DB != nil {
		if err := st.DB.DeleteStagedUpload(ctx, id); err != nil {
			return err
		}
	}
	return os.RemoveAll(filepath.Join(st.Dir, id))
}

// Sweep removes uploads older than MaxAge; in the database it also
// removes this server's copies of uploads that are gone from it (applied
// or discarded through another server).
func (st *Staging) Sweep(ctx context.Context, now time.Time) error {
	age := st.MaxAge
	if age == 0 {
		age = DefaultStagingMaxAge
	}
	if st.DB != nil {
		if _, err := st.DB.DeleteStagedUploadsBefore(ctx, now.Add(-age)); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(st.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !stagedIDRe.MatchString(e.Name()) {
			continue
		}
		if now.Sub(info.ModTime()) > age || st.goneFromDB(ctx, e.Name()) {
			_ = os.RemoveAll(filepath.Join(st.Dir, e.Name()))
		}
	}
	return nil
}
