package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
	"portfolio/report"
	"portfolio/templates"
)

// pages holds one parsed template set per page (each with the layout).
type pages struct {
	sets map[string]*template.Template
}

func templateFuncs(static assets) template.FuncMap {
	return template.FuncMap{
		// asset is a static file's versioned address ("/style.css" → /static/style.css?v=…).
		"asset": static.url,
		"yi":    report.Yi,
		"wan":   report.Wan,
		"pct":   report.Percent,
		// barWidth is a CSS width for a rate, clamped to the bar.
		"barWidth": func(rate float64) template.CSS {
			if rate < 0 {
				rate = 0
			}
			if rate > 1 {
				rate = 1
			}
			return template.CSS(fmt.Sprintf("%.2f%%", rate*100)) // #nosec G203 -- a number we format, clamped to 0..1 above
		},
		"lightText": province.LightLabel,
		// qs is the current query string with some parameters replaced
		// ("" removes one); page resets unless it is one of them.
		"qs": func(q url.Values, kv ...string) template.URL {
			n := url.Values{}
			for k, v := range q {
				n[k] = append([]string(nil), v...)
			}
			n.Del("page")
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == "" {
					n.Del(kv[i])
				} else {
					n.Set(kv[i], kv[i+1])
				}
			}
			return template.URL("?" + n.Encode()) // #nosec G203 -- a query string built by url.Values.Encode, every value escaped
		},
		"add": func(a, b int) int { return a + b },
		// thousands writes a count with separators: 3,670.
		"thousands": func(n any) string {
			switch x := n.(type) {
			case int:
				return province.Thousands(int64(x))
			case int64:
				return province.Thousands(x)
			}
			return fmt.Sprint(n)
		},
		// share is part of whole as a percentage ("—" of nothing).
		"share": func(part, whole int64) string {
			if whole <= 0 {
				return "—"
			}
			return report.Percent(float64(part) / float64(whole))
		},
		"status":     report.StatusLabel,
		"hookFormat": webhookFormatLabel,
		// changeValue shows a previewed field value as officials read it.
		"changeValue": func(field string, v any) string {
			switch x := v.(type) {
			case int64:
				if strings.HasSuffix(field, "_yuan") {
					return report.Wan(x) + " 万元"
				}
			case bool:
				if x {
					return "是"
				}
				return "否"
			case string:
				if field == "stage" {
					return province.StageLabel(x)
				}
				if x == "" {
					return "（空）"
				}
			}
			return fmt.Sprint(v)
		},
		"reportStatus":   statusLabel,
		"stageCodes":     province.Stages,
		"wanPlain":       report.WanExact,
		"roleLabel":      province.RoleLabel,
		"milestoneKinds": models.MilestoneKinds,
		"months":         func() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12} },
		"ratio": func(part, whole int) string {
			if whole == 0 {
				return "—"
			}
			return report.Percent(float64(part) / float64(whole))
		},
		"json": func(v any) (string, error) {
			b, err := json.Marshal(v)
			return string(b), err
		},
		"zh": func(word string) string {
			if z, ok := map[string]string{
				"create": "新增", "update": "修改", "delete": "删除", "revert": "撤销",
				"projects": "项目", "plan_entries": "年度计划", "monthly_reports": "月度填报", "milestones": "里程碑",
				"import": "导入", "cli": "命令行", "web": "网页", "api": "接口",
				"login": "登录", "login_failed": "登录失败", "refused": "越权被拒", "approve": "审核通过", "return": "退回",
				"users": "用户", "user_projects": "项目分配", "api_tokens": "令牌", "route": "页面或接口",
			}[word]; ok {
				return z
			}
			return word
		},
		"stageLabel":   province.StageLabel,
		"levelLabel":   province.LevelLabel,
		"problemLabel": province.ProblemStatusLabel,
		"actionLabel":  province.ProblemActionLabel,
		"timeProgress": func(month int) float64 { return float64(month) / 12 },
		"sortCols": func() []struct{ Key, Label string } {
			return []struct{ Key, Label string }{{"name", "项目名称"}, {"sector", "领域"}, {"total", "总投资"},
				{"plan", "年度计划"}, {"completed", "累计完成"}, {"rate", "完成率"}, {"light", "亮灯"}}
		},
		// toggleDesc is the desc value a column's sort link sets: a second
		// click on the sorted column reverses it.
		"toggleDesc": func(f report.ProjectFilter, key string) string {
			if f.Sort == key && !f.Desc {
				return "1"
			}
			return ""
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}

func parsePages(static assets) (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range []string{"dashboard.html", "error.html", "projects.html", "project.html", "imports.html", "preview.html", "revert.html", "login.html", "report_form.html", "approvals.html", "audit.html", "admin.html", "admin_disable.html", "targets.html", "problems.html", "reporting.html", "todo.html", "admin_settings.html", "county.html", "screen.html"} {
		t, err := template.New(name).Funcs(templateFuncs(static)).ParseFS(templates.FS, "layout.html", "problem_parts.html", name)
		if err != nil {
			return nil, fmt.Errorf("api: parse template %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// render executes a page into a buffer first, so a failing template
// gives an error page rather than half a page.
func (s *server) render(c *gin.Context, status int, name string, data map[string]any) {
	page, err := s.renderBytes(currentUser(c), name, data)
	if err != nil {
		s.cfg.Log.Error("render", "template", name, "err", err)
		c.String(http.StatusInternalServerError, "服务器内部错误")
		return
	}
	writeBytes(c, status, htmlType, page)
}

// htmlType is the content type of the pages.
const htmlType = "text/html; charset=utf-8"

// writeBytes answers with a body already in memory, its length sent as
// Content-Length: without one, net/http chunks a body larger than its
// 2 KB buffer, which costs a write system call more per response (the
// dashboard's page is 15 KB).
//
// Pages and JSON of a kilobyte or more go gzipped to a client that takes
// it (most of a page is markup that compresses to a fifth); a gzip
// failure sends the body as it is. A body served many times from a cache
// is encoded once instead (encode, writeEncoded).
func writeBytes(c *gin.Context, status int, ctype string, body []byte) {
	e := &encoded{plain: body}
	if gzipWorth(ctype, body) && acceptsGzip(c.Request) {
		if gz, err := gzipBytes(body, gzip.BestSpeed); err == nil {
			e.gz = gz
		}
	}
	writeEncoded(c, status, ctype, e)
}

// encoded is a response body with its gzip encoding (nil when not worth
// it, or when it failed).
type encoded struct{ plain, gz []byte }

// encode gzips a body that will be served many times (a cached page or
// rollup), once and at the default level rather than per request at the
// fastest.
func encode(ctype string, body []byte) *encoded {
	e := &encoded{plain: body}
	if gzipWorth(ctype, body) {
		if gz, err := gzipBytes(body, gzip.DefaultCompression); err == nil {
			e.gz = gz
		}
	}
	return e
}

// gzipWorth tells whether a body is worth compressing: text of a kilobyte
// or more.
func gzipWorth(ctype string, body []byte) bool { return len(body) >= 1024 && compressible(ctype) }

// writeEncoded answers with e, gzipped to a client that takes it.
func writeEncoded(c *gin.Context, status int, ctype string, e *encoded) {
	body := e.plain
	if gzipWorth(ctype, body) {
		c.Header("Vary", "Accept-Encoding")
		if e.gz != nil && acceptsGzip(c.Request) {
			c.Header("Content-Encoding", "gzip")
			body = e.gz
		}
	}
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Data(status, ctype, body)
}

// renderBytes renders a page for user u (nil when nobody is signed in).
func (s *server) renderBytes(u *models.User, name string, data map[string]any) ([]byte, error) {
	t := s.pages.sets[name]
	if t == nil {
		return nil, fmt.Errorf("unknown template %q", name)
	}
	if u != nil {
		data["CurrentUser"] = u
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
