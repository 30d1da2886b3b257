package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/importer"
)

// importBlank is GET …/imports/template.xlsx?kind=plan|monthly&year=&month=:
// a blank sheet to fill in, for the year (default this one) and month
// (default this one).
func (s *server) importBlank(c *gin.Context) {
	now := time.Now()
	kind := importer.Kind(c.DefaultQuery("kind", string(importer.KindPlan)))
	if kind != importer.KindPlan && kind != importer.KindMonthly {
		s.badRequest(c, "kind 应为 plan 或 monthly")
		return
	}
	n := map[string]int{"year": now.Year(), "month": int(now.Month())}
	for _, p := range []struct {
		name     string
		min, max int
	}{{"year", 2000, 2100}, {"month", 1, 12}} {
		if v := strings.TrimSpace(c.Query(p.name)); v != "" {
			x, err := strconv.Atoi(v)
			if err != nil || x < p.min || x > p.max {
				s.badRequest(c, fmt.Sprintf("%s 应在 %d 到 %d 之间", p.name, p.min, p.max))
				return
			}
			n[p.name] = x
		}
	}
	var buf bytes.Buffer
	if err := importer.WriteBlank(&buf, kind, n["year"], n["month"]); err != nil {
		s.internal(c, err)
		return
	}
	name := fmt.Sprintf("%d年项目计划表（模板）.xlsx", n["year"])
	if kind == importer.KindMonthly {
		name = fmt.Sprintf("%d年%d月调度表（模板）.xlsx", n["year"], n["month"])
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="template.xlsx"; filename*=UTF-8''%s`, url.PathEscape(name)))
	writeBytes(c, http.StatusOK, xlsxType, buf.Bytes())
}

// xlsxType is the content type of an .xlsx workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
