package importer

import (
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
)

// Staging keeps uploaded workbooks between their preview and the
// official's apply or discard, each upload in a private directory of its
// own under Dir. Nothing reaches the database before apply; a discarded
// upload leaves nothing behind.
type Staging struct {
	Dir string
	// MaxAge is how long an unapplied upload is kept; older ones are
	// removed by Sweep. 0 means DefaultStagingMaxAge.
	MaxAge time.Duration
}

// DefaultStagingMaxAge is how long an unapplied upload is kept when no
// setting says.
const DefaultStagingMaxAge = 24 * time.Hour

// StagedFile is one uploaded file of a staged upload.
type StagedFile struct {
	Name string `json:"name"` // as uploaded, for messages and the batch
	Path string `json:"-"`    // server-made, never from the client
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
func (st *Staging) Stage(names []string, open func(i int) (io.ReadCloser, error), opt ParseOptions, actor string, now time.Time) (*Staged, error) {
	if err := os.MkdirAll(st.Dir, 0o700); err != nil {
		return nil, err
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	s := &Staged{ID: hex.EncodeToString(b[:]), Created: now, Options: opt, Actor: actor}
	dir := filepath.Join(st.Dir, s.ID)
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	for i, name := range names {
		ext := strings.ToLower(filepath.Ext(name))
		path := filepath.Join(dir, fmt.Sprintf("%d%s", i, ext))
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
func (st *Staging) Load(id string) (*Staged, error) {
	if !stagedIDRe.MatchString(id) {
		return nil, ErrNoStaged
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
		s.Files[i].Path = filepath.Join(dir, fmt.Sprintf("%d%s", i, strings.ToLower(filepath.Ext(s.Files[i].Name))))
	}
	return &s, nil
}

// Remove deletes a staged upload (after apply or on discard).
func (st *Staging) Remove(id string) error {
	if !stagedIDRe.MatchString(id) {
		return ErrNoStaged
	}
	return os.RemoveAll(filepath.Join(st.Dir, id))
}

// Sweep removes uploads older than MaxAge.
func (st *Staging) Sweep(now time.Time) {
	age := st.MaxAge
	if age == 0 {
		age = DefaultStagingMaxAge
	}
	entries, err := os.ReadDir(st.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && stagedIDRe.MatchString(e.Name()) && now.Sub(info.ModTime()) > age {
			_ = os.RemoveAll(filepath.Join(st.Dir, e.Name()))
		}
	}
}
