package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// apiError is the JSON error shape: {"error": {"code", "message", "details"}}.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

// wantsJSON tells an API call from a page request.
func wantsJSON(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/")
}

// fail answers with the error as JSON for the API and as a page otherwise.
func (s *server) fail(c *gin.Context, status int, code, message string, details any) {
	if wantsJSON(c) {
		c.AbortWithStatusJSON(status, gin.H{"error": apiError{Code: code, Message: message, Details: details}})
		return
	}
	c.Abort()
	s.render(c, status, "error.html", map[string]any{"Title": statusTitle(status), "Message": message})
}

func (s *server) notFound(c *gin.Context) {
	s.fail(c, http.StatusNotFound, "not_found", "没有找到这个页面或资源", nil)
}

// badRequest answers a malformed parameter.
func (s *server) badRequest(c *gin.Context, message string) {
	s.fail(c, http.StatusBadRequest, "bad_request", message, nil)
}

// internal logs err and answers 500 without the detail.
func (s *server) internal(c *gin.Context, err error) {
	s.cfg.Log.Error("request failed", "path", c.Request.URL.Path, "err", err)
	s.fail(c, http.StatusInternalServerError, "internal", "服务器内部错误，请稍后再试", nil)
}

// statusTitle is an error page's heading in the users' language.
func statusTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "页面不存在"
	case http.StatusBadRequest:
		return "请求有误"
	case http.StatusForbidden:
		return "没有权限"
	case http.StatusConflict:
		return "数据已被修改"
	case http.StatusRequestEntityTooLarge:
		return "文件过大"
	}
	if status >= 500 {
		return "服务器出错"
	}
	return http.StatusText(status)
}
