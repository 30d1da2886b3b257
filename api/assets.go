package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// asset is one static file as it is sent: read, hashed and (where it
// pays) gzipped once at start, so a request costs no disk and no
// compression.
type asset struct {
	body  []byte
	gz    []byte // nil when gzip would not make it smaller or the type is compressed already
	hash  string // the first 16 hex digits of its SHA-256: its version
	ctype string
}

// assets are the static files by path under /static ("/dashboard.js").
type assets map[string]*asset

// loadAssets reads every file of files.
func loadAssets(files fs.FS) (assets, error) {
	out := assets{}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		out["/"+p], err = newAsset(body, assetType(p))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("api: static files: %w", err)
	}
	return out, nil
}

// newAsset hashes body and gzips it where that pays.
func newAsset(body []byte, ctype string) (*asset, error) {
	sum := sha256.Sum256(body)
	a := &asset{body: body, hash: hex.EncodeToString(sum[:8]), ctype: ctype}
	if compressible(ctype) {
		var err error
		if a.gz, err = gzipBytes(body, gzip.BestCompression); err != nil {
			return nil, err
		}
		if len(a.gz) >= len(body) {
			a.gz = nil
		}
	}
	return a, nil
}

func assetType(p string) string {
	switch path.Ext(p) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".md", "":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible: text, scripts, JSON and SVG; not images, fonts or
// archives, which are compressed already.
func compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/json", "application/javascript", "image/svg+xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}

func gzipBytes(body []byte, level int) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// acceptsGzip reads Accept-Encoding: gzip listed and not refused (q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// url is the address a page writes for the file: its version in the
// query, so the file can be cached for a year and a new build's file is
// a new address.
func (a assets) url(p string) (string, error) {
	f := a[p]
	if f == nil {
		return "", fmt.Errorf("asset %q is not a static file", p)
	}
	return "/static" + p + "?v=" + f.hash, nil
}

// serve is GET /static/*file. A request naming the file's current
// version gets it cached for a year (immutable); any other a short while,
// and a revalidation by ETag answers 304.
func (a assets) serve(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		f := a[c.Param("file")]
		if f == nil {
			s.notFound(c)
			return
		}
		cache := "public, max-age=300"
		if c.Query("v") == f.hash {
			cache = "public, max-age=31536000, immutable"
		}
		f.write(c, cache)
	}
}

// write answers with the file (gzipped to a client that takes it), its
// hash as ETag (a revalidation that has it gets 304) and cache.
func (f *asset) write(c *gin.Context, cache string) {
	h := c.Writer.Header()
	h.Set("Cache-Control", cache)
	etag := `"` + f.hash + `"`
	h.Set("ETag", etag)
	h.Set("Vary", "Accept-Encoding")
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gz != nil && acceptsGzip(c.Request) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Data(http.StatusOK, f.ctype, body)
}
