package api

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// uploadRoute tells the routes that take workbooks (they have their own
// limit, Config.MaxUploadBytes).
func uploadRoute(c *gin.Context) bool {
	return c.Request.Method == http.MethodPost && (c.FullPath() == "/imports" || c.FullPath() == "/api/v1/imports")
}

// limitBodies refuses a body declared too large before anything reads it
// (413), and caps what a body without a length may feed the handler.
func (s *server) limitBodies(c *gin.Context) {
	limit := s.cfg.MaxBodyBytes
	switch {
	case uploadRoute(c):
		limit = s.cfg.MaxUploadBytes
	case c.FullPath() == "/login" && c.Request.Method == http.MethodPost:
		limit = maxLoginBytes
	}
	if c.Request.ContentLength > limit {
		s.tooLarge(c, limit)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	c.Next()
}

// tooLarge answers 413, naming the bound. The connection is closed, so
// the rest of the body is never read.
func (s *server) tooLarge(c *gin.Context, limit int64) {
	c.Header("Connection", "close")
	s.fail(c, http.StatusRequestEntityTooLarge, "too_large", "请求体过大：上限为 "+sizeText(limit), gin.H{"limit_bytes": limit})
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// badBody answers a body that could not be read: 413 when it passed the
// limit, else 400 with the handler's message.
func (s *server) badBody(c *gin.Context, err error, message string) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.tooLarge(c, tooBig.Limit)
		return
	}
	s.badRequest(c, message)
}

// readLoginForm reads the sign-in form: urlencoded only, never multipart
// (nothing an anonymous sender posts is spooled to disk).
func (s *server) readLoginForm(c *gin.Context) bool {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		c.Header("Connection", "close")
		s.fail(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "登录表单应为 application/x-www-form-urlencoded", nil)
		return false
	}
	if err := c.Request.ParseForm(); err != nil {
		s.badBody(c, err, "登录表单无法读取")
		return false
	}
	return true
}

// importGate caps the imports parsed at once: slots run, up to queue more
// wait their turn, and beyond that the request is answered 503 with
// Retry-After, so parallel uploads cannot take the server's memory.
type importGate struct {
	slots   chan struct{}
	waiting chan struct{}
}

func newImportGate(running, queue int) *importGate {
	return &importGate{slots: make(chan struct{}, running), waiting: make(chan struct{}, queue)}
}

// gateImports holds a slot for the rest of the request.
func (s *server) gateImports(c *gin.Context) {
	g := s.importing
	select {
	case g.slots <- struct{}{}:
	default:
		select {
		case g.waiting <- struct{}{}:
		default:
			s.busy(c)
			return
		}
		select {
		case g.slots <- struct{}{}:
			<-g.waiting
		case <-c.Request.Context().Done():
			<-g.waiting
			s.busy(c)
			return
		}
	}
	defer func() { <-g.slots }()
	c.Next()
}

func (s *server) busy(c *gin.Context) {
	c.Header("Retry-After", strconv.Itoa(int(importRetry/time.Second)))
	c.Header("Connection", "close")
	s.fail(c, http.StatusServiceUnavailable, "busy", fmt.Sprintf("导入繁忙：同时最多处理 %d 个导入，请 %d 秒后再试", cap(s.importing.slots), int(importRetry/time.Second)), nil)
}

// importRetry is what a refused import is told to wait.
const importRetry = 30 * time.Second
