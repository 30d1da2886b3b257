package notify

import "fmt"

// Sender takes an event to post without waiting (a Notifier); it tells
// whether the event was queued.
type Sender interface {
	Notify(e Event) bool
}

// The kinds of events the tracker posts.
const (
	KindReportReturned   = "report_returned"
	KindDeadlineMissed   = "deadline_missed"
	KindProblemEscalated = "problem_escalated"
	KindProblemOverdue   = "problem_overdue"
)

// ProblemsLink is the link an event about a project's problems carries:
// the ledger narrowed to that project.
func ProblemsLink(projectID int64) string { return fmt.Sprintf("/problems?project=%d", projectID) }
