package api

import (
	"context"
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/notify"
	"portfolio/province"
)

// problemLink is the ledger narrowed to one project's problems.
func problemLink(projectID int64) string { return fmt.Sprintf("/problems?project=%d", projectID) }

// notifyEscalated posts that a problem moved up a level: who asks whom.
func (s *server) notifyEscalated(c *gin.Context, p *models.Problem, note string) {
	name, by, ok := s.eventWords(c, p.ProjectID, "设区市发改委")
	if !ok {
		return
	}
	text := fmt.Sprintf("%s的%s问题（%s）已由 %s 提请%s协调解决。", name, p.Category, p.Description, by, province.LevelLabel(p.Level))
	if note != "" {
		text += "说明：" + note
	}
	s.notify(notify.Event{Kind: EventProblemEscalated, At: s.now(), Title: "【重点项目调度】问题提级协调", Text: text, Link: problemLink(p.ProjectID)})
}

// CheckOverdueProblems posts each open problem that has passed its due
// date, once (the claim is in the database, so any number of servers may
// run it), and returns how many it posted. A nil notifier posts nothing.
func CheckOverdueProblems(ctx context.Context, store *models.Store, n Notifier, now time.Time) (int, error) {
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
		first, err := store.ClaimEvent(ctx, fmt.Sprintf("problem-overdue:%d:%s", p.ID, p.DueOn), now)
		if err != nil {
			return sent, err
		}
		if !first {
			continue
		}
		n.Notify(notify.Event{Kind: EventProblemOverdue, At: now, Title: "【重点项目调度】问题逾期未解决",
			Text: fmt.Sprintf("%s（%s）的%s问题（%s）限 %s 前解决，现已逾期，当前%s、%s。", p.ProjectName, p.City, p.Category,
				p.Description, p.DueOn, province.LevelLabel(p.Level), province.ProblemStatusLabel(p.Status)),
			Link: problemLink(p.ProjectID)})
		sent++
	}
	return sent, nil
}
