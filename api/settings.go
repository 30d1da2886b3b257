package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/notify"
	"portfolio/province"
)

// webhookView is a webhook as the admin sees it: the address without
// its query (a robot's key), its format, and whether the command line
// set it (those are not removed here).
type webhookView struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	Format      string `json:"format"`
	CommandLine bool   `json:"command_line"`
}

// reportingSettings is GET /api/v1/settings/reporting.
type reportingSettings struct {
	DueDay   int           `json:"due_day"`
	MinDay   int           `json:"min_due_day"`
	MaxDay   int           `json:"max_due_day"`
	Webhooks []webhookView `json:"webhooks"`
	MaxHooks int           `json:"max_webhooks"`
}

func (s *server) reportingSettings(c *gin.Context) (*reportingSettings, error) {
	ctx := c.Request.Context()
	due, err := s.cfg.Store.DueDay(ctx)
	if err != nil {
		return nil, err
	}
	ws, err := s.cfg.Store.Webhooks(ctx)
	if err != nil {
		return nil, err
	}
	out := &reportingSettings{DueDay: due, MinDay: province.MinDueDay, MaxDay: province.MaxDueDay, MaxHooks: models.MaxWebhooks, Webhooks: []webhookView{}}
	for _, w := range s.cfg.Webhooks {
		out.Webhooks = append(out.Webhooks, webhookView{URL: notify.Target{URL: w.URL}.Redacted(), Format: w.Format, CommandLine: true})
	}
	for _, w := range ws {
		out.Webhooks = append(out.Webhooks, webhookView{ID: w.ID, URL: notify.Target{URL: w.URL}.Redacted(), Format: w.Format})
	}
	return out, nil
}

func (s *server) settingsJSON(c *gin.Context) {
	v, err := s.reportingSettings(c)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// putSettingsJSON is PUT /api/v1/settings/reporting {"due_day": N}.
func (s *server) putSettingsJSON(c *gin.Context) {
	var req struct {
		DueDay *int `json:"due_day"`
	}
	if err := c.ShouldBindJSON(&req); err != nil || req.DueDay == nil {
		s.badBody(c, err, "请求体应为 JSON：{\"due_day\": 1 到 28}")
		return
	}
	if err := s.cfg.Store.SetDueDay(c.Request.Context(), *req.DueDay, s.now(), s.who(c, source(c))); err != nil {
		s.storeError(c, err, "")
		return
	}
	s.settingsJSON(c)
}

// webhookRequest adds a webhook: its address and format (auto, wecom,
// dingtalk, json).
type webhookRequest struct {
	URL    string `json:"url" form:"url"`
	Format string `json:"format" form:"format"`
}

func (s *server) addWebhookJSON(c *gin.Context) {
	var req webhookRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badBody(c, err, "请求体应为 JSON：{\"url\": \"https://…\", \"format\": \"auto|wecom|dingtalk|json\"}")
		return
	}
	w, err := s.cfg.Store.AddWebhook(c.Request.Context(), req.URL, req.Format, s.now(), s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, "")
		return
	}
	c.JSON(http.StatusCreated, webhookView{ID: w.ID, URL: notify.Target{URL: w.URL}.Redacted(), Format: w.Format})
}

func (s *server) deleteWebhookJSON(c *gin.Context) {
	id, ok := s.pathID(c, "wid", "没有这个 Webhook")
	if !ok {
		return
	}
	if err := s.cfg.Store.DeleteWebhook(c.Request.Context(), id, s.now(), s.who(c, source(c))); err != nil {
		s.storeError(c, err, "没有这个 Webhook")
		return
	}
	c.Status(http.StatusNoContent)
}

// settingsPage is GET /admin/settings: the due day and the webhooks.
func (s *server) settingsPage(c *gin.Context) {
	s.renderSettings(c, http.StatusOK, c.Query("saved"), "")
}

func (s *server) renderSettings(c *gin.Context, status int, saved, problem string) {
	v, err := s.reportingSettings(c)
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, status, "admin_settings.html", map[string]any{"Title": "报送与通知设置", "S": v, "Saved": saved, "Problem": problem})
}

// settingsAction is POST /admin/settings/:action: due-day, webhook-add,
// webhook-delete; a refusal re-renders the page with its message.
func (s *server) settingsAction(c *gin.Context) {
	ctx, now, who := c.Request.Context(), s.now(), s.who(c, source(c))
	var err error
	switch c.Param("action") {
	case "due-day":
		day, convErr := strconv.Atoi(c.PostForm("due_day"))
		if convErr != nil {
			day = 0 // refused by the bound with its message
		}
		err = s.cfg.Store.SetDueDay(ctx, day, now, who)
	case "webhook-add":
		_, err = s.cfg.Store.AddWebhook(ctx, c.PostForm("url"), c.PostForm("format"), now, who)
	case "webhook-delete":
		id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
		err = s.cfg.Store.DeleteWebhook(ctx, id, now, who)
	default:
		s.notFound(c)
		return
	}
	if err != nil {
		if r, ok := refusalOf(err, "没有这个 Webhook"); ok {
			s.renderSettings(c, r.status, "", r.message)
			return
		}
		if r, ok := conflictOf(err); ok {
			s.renderSettings(c, r.status, "", r.message)
			return
		}
		s.internal(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/settings?saved="+c.Param("action"))
}

// webhookFormatLabel names a webhook's format for the admin.
func webhookFormatLabel(f string) string {
	switch f {
	case models.WebhookWeCom:
		return "企业微信机器人"
	case models.WebhookDingTalk:
		return "钉钉机器人"
	case models.WebhookJSON:
		return "普通 JSON"
	}
	return f
}
