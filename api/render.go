package api

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"portfolio/report"
	"portfolio/templates"
)

// pages holds one parsed template set per page (each with the layout).
type pages struct {
	sets map[string]*template.Template
}

func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"yi":  report.Yi,
		"wan": report.Wan,
		"pct": report.Percent,
		// barWidth is a CSS width for a rate, clamped to the bar.
		"barWidth": func(rate float64) template.CSS {
			if rate < 0 {
				rate = 0
			}
			if rate > 1 {
				rate = 1
			}
			return template.CSS(fmt.Sprintf("%.2f%%", rate*100))
		},
		"lightText": func(l string) string {
			return map[string]string{"green": "绿", "yellow": "黄", "red": "红"}[l]
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

func parsePages() (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range []string{"dashboard.html", "error.html"} {
		t, err := template.New(name).Funcs(templateFuncs()).ParseFS(templates.FS, "layout.html", name)
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
	t := s.pages.sets[name]
	var buf bytes.Buffer
	if t == nil {
		s.cfg.Log.Error("unknown template", "name", name)
		c.String(http.StatusInternalServerError, "服务器内部错误")
		return
	}
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.cfg.Log.Error("render", "template", name, "err", err)
		c.String(http.StatusInternalServerError, "服务器内部错误")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
