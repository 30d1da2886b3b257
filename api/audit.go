package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
)

// auditFilter reads the audit filters; a city official sees its city's
// projects only.
func (s *server) auditFilter(c *gin.Context) (models.AuditFilter, bool) {
	f := models.AuditFilter{Actor: c.Query("user")}
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"project", &f.ProjectID}, {"batch", &f.BatchID}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				s.badRequest(c, p.name+" 参数应为编号")
				return f, false
			}
			*p.dst = n
		}
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := c.Query(p.name); v != "" {
			d, err := time.ParseInLocation("2006-01-02", v, time.Local)
			if err != nil {
				s.badRequest(c, p.name+" 参数应写作 2024-06-30")
				return f, false
			}
			*p.dst = d.AddDate(0, 0, p.add).UTC()
		}
	}
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			s.badRequest(c, fmt.Sprintf("page 参数应为 1 到 %d 之间的整数", maxPage))
			return f, false
		}
		f.Page = n
	}
	if u := currentUser(c); u.Role == models.RoleCity {
		f.City = u.City
	}
	return f, true
}

// auditRow is an audit entry as the page and GET /api/v1/audit show it:
// with the name of its project and, for a refusal, the route refused.
type auditRow struct {
	models.AuditEntry
	ProjectName string `json:"project_name,omitempty"`
	// Route is the page or API route a refusal was for ("GET /admin/users"),
	// Why the rule that refused it.
	Route string `json:"route,omitempty"`
	Why   string `json:"why,omitempty"`
}

// auditRows loads one page of the filtered audit with its projects' names.
func (s *server) auditRows(c *gin.Context) (models.AuditFilter, []auditRow, int64, bool) {
	f, ok := s.auditFilter(c)
	if !ok {
		return f, nil, 0, false
	}
	es, total, err := s.cfg.Store.Audit(c.Request.Context(), f)
	if err != nil {
		s.internal(c, err)
		return f, nil, 0, false
	}
	var ids []int64
	for _, e := range es {
		if e.ProjectID != nil {
			ids = append(ids, *e.ProjectID)
		}
	}
	names, err := s.cfg.Store.ProjectsByID(c.Request.Context(), ids)
	if err != nil {
		s.internal(c, err)
		return f, nil, 0, false
	}
	rows := make([]auditRow, 0, len(es))
	for _, e := range es {
		r := auditRow{AuditEntry: e}
		if e.ProjectID != nil {
			r.ProjectName = names[*e.ProjectID].Name
		}
		if e.Action == "refused" {
			var what struct{ Method, Path, Why string }
			if json.Unmarshal([]byte(e.AfterJSON), &what) == nil && what.Path != "" {
				r.Route, r.Why = strings.TrimSpace(what.Method+" "+what.Path), refusalWords(what.Why)
			}
		}
		rows = append(rows, r)
	}
	return f, rows, total, true
}

func (s *server) auditJSON(c *gin.Context) {
	if _, rows, total, ok := s.auditRows(c); ok {
		c.JSON(http.StatusOK, auditPage{Total: total, Entries: rows})
	}
}

func (s *server) auditPage(c *gin.Context) {
	f, rows, total, ok := s.auditRows(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "audit.html", map[string]any{"Title": "变更记录", "Entries": rows, "Total": total,
		"Query": c.Request.URL.Query(), "F": f, "Next": f.Page*100 < int(total), "Page": max(f.Page, 1)})
}

// refusalWords is the reason a refusal's audit row records (the handlers'
// words for the log) as the audit page says it; an unknown one as it is.
func refusalWords(why string) string {
	if w, ok := map[string]string{
		"role":                                  "角色无权访问",
		"metrics":                               "无权查看运行指标",
		"project not assigned":                  "项目未分配给该用户",
		"report form of a project not its own":  "填报不属于自己的项目",
		"report for a project not its own":      "填报不属于自己的项目",
		"milestone of a project not its own":    "修改不属于自己的项目的里程碑",
		"plan edit of a project not its city's": "修改其他设区市的项目计划",
		"another user's batch":                  "操作他人的导入批次",
		"another user's upload":                 "操作他人的上传文件",
		"reopen of another city's report":       "重新打开其他设区市的月报",
		"review of another city's report":       "审核其他设区市的月报",
	}[why]; ok {
		return w
	}
	return why
}
