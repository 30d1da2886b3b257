package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
)

// maxTodo bounds the items one source gives.
const maxTodo = 50

// todoItem is one thing a user must do (待办).
type todoItem struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Link  string `json:"link"`
	DueOn string `json:"due_on"` // YYYY-MM-DD, "" when it has no date
	Late  bool   `json:"late"`
}

// todoList is GET /api/v1/todo.
type todoList struct {
	Items []todoItem `json:"items"`
}

// Kinds of to-do items.
const (
	todoReportOwed     = "report_owed"
	todoReportReturned = "report_returned"
	todoReportApprove  = "report_to_approve"
	todoReportsOverdue = "reports_overdue"
	todoWarning        = "warning"
	todoProblem        = "problem"
)

// todoCtx is what every source reads: the user, the projects they act
// on, the year and month the province chases, the due day and the clock.
type todoCtx struct {
	user          *models.User
	scope         models.ProjectScope
	year, chase   int
	closed        int // the province's newest closed month (the warnings' report month)
	dueDay        int
	now           time.Time
	dueOn         string
	chasePastDue  bool
	chaseMonthTag string // "2024年10月"
}

// todoSource gives a user's items of one kind.
type todoSource func(ctx context.Context, t *todoCtx) ([]todoItem, error)

// todoSources are the sources of a role's to-do, in the order the list
// shows them.
func (s *server) todoSources(role string) []todoSource {
	switch role {
	case models.RoleManager:
		return []todoSource{s.todoReturned, s.todoOwed, s.todoProblems, s.todoWarnings}
	case models.RoleCity, models.RoleAdmin:
		return []todoSource{s.todoApprove, s.todoOverdue, s.todoProblems, s.todoWarnings}
	}
	return nil
}

// todo gathers the signed-in user's items from their role's sources.
func (s *server) todo(c *gin.Context) ([]todoItem, error) {
	ctx := c.Request.Context()
	u := currentUser(c)
	t := &todoCtx{user: u, scope: userScope(u), now: s.now()}
	var err error
	if t.year, t.chase, err = s.chasePeriod(ctx, 0); err != nil {
		return nil, err
	}
	if t.closed, err = s.cfg.Reporter.LatestMonth(ctx, t.year); err != nil {
		return nil, err
	}
	if t.dueDay, err = s.cfg.Store.DueDay(ctx); err != nil {
		return nil, err
	}
	t.dueOn = province.DueOn(t.year, t.chase, t.dueDay)
	t.chasePastDue = province.PastDue(t.year, t.chase, t.dueDay, t.now)
	t.chaseMonthTag = fmt.Sprintf("%d年%d月", t.year, t.chase)
	items := []todoItem{}
	if t.year == 0 {
		return items, nil // no list yet
	}
	for _, src := range s.todoSources(u.Role) {
		got, err := src(ctx, t)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	return items, nil
}

func (s *server) todoJSON(c *gin.Context) {
	items, err := s.todo(c)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, todoList{Items: items})
}

func (s *server) todoPage(c *gin.Context) {
	items, err := s.todo(c)
	if err != nil {
		s.internal(c, err)
		return
	}
	s.render(c, http.StatusOK, "todo.html", map[string]any{"Title": "待办", "Items": items})
}
