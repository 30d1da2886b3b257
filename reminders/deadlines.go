package reminders

import (
	"context"
	"fmt"
	"time"

	"portfolio/models"
	"portfolio/notify"
	"portfolio/province"
)

// CheckDeadlines is the server's periodic check of the reporting
// calendar: once the due day of a month has ended, each city with
// projects that have not reported it gets one message (to the webhooks).
// Idempotent and safe on several servers at once: an event is sent by
// whoever first records its key (deadline:2024-10:南昌市) in the store.
// It looks at the newest month whose due day has ended only, so a server
// started long after does not send the history. It returns how many
// events it sent.
func CheckDeadlines(ctx context.Context, store *models.Store, n notify.Sender, now time.Time) (int, error) {
	if n == nil {
		return 0, nil
	}
	due, err := store.DueDay(ctx)
	if err != nil {
		return 0, err
	}
	year, month := province.LastPastDue(now, due)
	rows, err := store.ReportingByCity(ctx, year, month, models.ProjectScope{})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range rows {
		missing := r.Projects - r.Reported
		if missing == 0 {
			continue
		}
		posted, err := postOnce(ctx, store, n, fmt.Sprintf("deadline:%04d-%02d:%s", year, month, r.City), notify.Event{
			Kind: notify.KindDeadlineMissed, At: now, Title: "【重点项目调度】月报逾期未报送",
			Text: fmt.Sprintf("%s %d年%d月的月报已于 %s 截止，仍有 %s 个项目未报送（共 %s 个）。", r.City, year, month,
				province.DueOn(year, month, due), province.Thousands(missing), province.Thousands(r.Projects)),
			Link: fmt.Sprintf("/reporting?year=%d&month=%d", year, month)})
		if err != nil {
			return sent, err
		}
		sent += posted
	}
	return sent, nil
}

// postOnce posts e unless an event of key was claimed before (by this
// server or another), and tells how many it posted (1 or 0).
func postOnce(ctx context.Context, store *models.Store, n notify.Sender, key string, e notify.Event) (int, error) {
	first, err := store.ClaimEvent(ctx, key, e.At)
	if err != nil || !first {
		return 0, err
	}
	n.Notify(e)
	return 1, nil
}
