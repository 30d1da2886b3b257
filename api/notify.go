package api

import (
	"cmp"

	"context"
	"fmt"
	"github.com/gin-gonic/gin"
	"log/slog"
	"time"

	"portfolio/models"
	"portfolio/notify"
)

// notify hands an event to the configured notifier, if any.
func (s *server) notify(e notify.Event) {
	if s.cfg.Notifier != nil {
		s.cfg.Notifier.Notify(e)
	}
}

// ActorNotify is the audit actor of webhook deliveries.
const ActorNotify = "notify"

// NotifierOptions wires a notify.Notifier to the store: the webhooks are
// the command line's (fixed) and the admin's (read at each delivery), and
// every delivery's outcome is an audit entry (action "notify", entity
// "notifications"; the address without its query, which holds a robot's
// key).
func NotifierOptions(store *models.Store, fixed []models.Webhook, log *slog.Logger) notify.Options {
	return notify.Options{
		Targets: func(ctx context.Context) ([]notify.Target, error) {
			ws, err := store.Webhooks(ctx)
			if err != nil {
				return nil, err
			}
			var ts []notify.Target
			for _, w := range append(append([]models.Webhook{}, fixed...), ws...) {
				ts = append(ts, notify.Target{URL: w.URL, Format: w.Format})
			}
			return ts, nil
		},
		Record: func(ctx context.Context, r notify.Result) {
			after := deliveryAudit{Event: r.Event.Kind, Title: r.Event.Title, Target: r.Target.Redacted(), Format: r.Target.Format,
				Attempts: r.Attempts, Status: r.Status, Delivered: r.Err == nil, Dropped: r.Dropped}
			if r.Err != nil {
				after.Error = r.Err.Error()
				log.Warn("notification not delivered", "event", r.Event.Kind, "target", after.Target, "attempts", r.Attempts, "err", r.Err)
			}
			action := "notify"
			if r.Err != nil {
				action = "notify_failed"
			}
			err := store.RecordAudit(ctx, models.AuditEntry{At: time.Now().UTC(), Actor: ActorNotify, Source: models.SourceWeb,
				Action: action, Entity: "notifications", AfterJSON: models.AuditJSON(after)})
			if err != nil {
				log.Error("audit of a notification", "err", err)
			}
		},
	}
}

// deliveryAudit is what the audit keeps of a delivery.
type deliveryAudit struct {
	Event     string `json:"event"`
	Title     string `json:"title"`
	Target    string `json:"target"`
	Format    string `json:"format"`
	Attempts  int    `json:"attempts"`
	Status    int    `json:"status"`
	Delivered bool   `json:"delivered"`
	Dropped   bool   `json:"dropped,omitempty"`
	Error     string `json:"error,omitempty"`
}

// reportReturnedEvent is the message of a report sent back to its manager.
func reportReturnedEvent(r *models.MonthlyReport, name, by string, now time.Time) notify.Event {
	return notify.Event{Kind: notify.KindReportReturned, At: now,
		Title: "【重点项目调度】月报被退回",
		Text:  fmt.Sprintf("%s %d年%d月的月报已被 %s 退回，请项目单位修改后重新报送。", name, r.Year, r.Month, by),
		Link:  fmt.Sprintf("/projects/%d/report?year=%d&month=%d", r.ProjectID, r.Year, r.Month)}
}

// notifyReturned tells the webhooks a report went back to its manager
// (returned or reopened); the project's name is read only when there is
// a notifier to tell.
func (s *server) notifyReturned(c *gin.Context, r *models.MonthlyReport) {
	if name, by, ok := s.eventWords(c, r.ProjectID, "市发改委"); ok {
		s.notify(reportReturnedEvent(r, name, by, s.now()))
	}
}

// eventWords are what an event of a request says: the project's name and
// who acted (their display name; unnamed, what they are). ok is false
// when there is no notifier to tell, or the name could not be read.
func (s *server) eventWords(c *gin.Context, projectID int64, unnamed string) (name, by string, ok bool) {
	if s.cfg.Notifier == nil {
		return "", "", false
	}
	ps, err := s.cfg.Store.ProjectsByID(c.Request.Context(), []int64{projectID})
	if err != nil {
		s.cfg.Log.Error("notify: project name", "err", err)
		return "", "", false
	}
	by = unnamed
	if u := currentUser(c); u != nil {
		by = cmp.Or(u.DisplayName, u.Username)
	}
	return ps[projectID].Name, by, true
}
