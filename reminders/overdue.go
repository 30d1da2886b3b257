package reminders

import (
	"context"
	"fmt"
	"time"

	"portfolio/models"
	"portfolio/notify"
	"portfolio/province"
)

// CheckOverdueProblems posts each open problem that has passed its due
// date, once (the claim is in the database, so any number of servers may
// run it), and returns how many it posted. A nil notifier posts nothing.
func CheckOverdueProblems(ctx context.Context, store *models.Store, n notify.Sender, now time.Time) (int, error) {
	if n == nil {
		return 0, nil
	}
	// At most a thousand a run: the claims let the next run take the rest.
	rows, _, err := store.Problems(ctx, models.ProblemFilter{Overdue: true, Today: province.Today(now), PerPage: 1000})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range rows {
		// Keyed by the due date too: a problem given a new date and
		// missing it again is posted again.
		posted, err := postOnce(ctx, store, n, fmt.Sprintf("problem-overdue:%d:%s", p.ID, p.DueOn), notify.Event{
			Kind: notify.KindProblemOverdue, At: now, Title: "【重点项目调度】问题逾期未解决",
			Text: fmt.Sprintf("%s（%s）的%s问题（%s）限 %s 前解决，现已逾期，当前%s、%s。", p.ProjectName, p.City, p.Category,
				p.Description, p.DueOn, province.LevelLabel(p.Level), province.ProblemStatusLabel(p.Status)),
			Link: notify.ProblemsLink(p.ProjectID)})
		if err != nil {
			return sent, err
		}
		sent += posted
	}
	return sent, nil
}
