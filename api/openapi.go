package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDoc is the OpenAPI 3 description of /api/v1. It is written by
// hand next to the handlers; a test checks it against the route table and
// replays its examples against a server.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI is GET /api/v1/openapi.json, readable without signing in (like
// /healthz): the document holds no data, only the shape of the API.
func (s *server) openAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	writeBytes(c, http.StatusOK, "application/json; charset=utf-8", openAPIDoc)
}
