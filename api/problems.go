package api

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
)

// problemRequest raises a problem, as the form or JSON sends it.
type problemRequest struct {
	Category    string `json:"category" form:"category"`
	Description string `json:"description" form:"description"`
	Department  string `json:"department" form:"department"`
	Level       string `json:"level" form:"level"`
	DueOn       string `json:"due_on" form:"due_on"`
}

func (r problemRequest) input(projectID int64, reportID *int64) models.ProblemInput {
	return models.ProblemInput{ProjectID: projectID, Category: r.Category, Description: r.Description,
		Department: r.Department, Level: r.Level, DueOn: r.DueOn, ReportID: reportID}
}

// problemMoveRequest is an action on a problem: the version the user saw
// and a note (at most models.MaxProblemNote characters).
type problemMoveRequest struct {
	Version int    `json:"version" form:"version"`
	Note    string `json:"note" form:"note"`
}

// problemList is GET /api/v1/problems.
type problemList struct {
	Rows  []models.ProblemRow `json:"rows"`
	Total int64               `json:"total"`
}

// problemDetail is GET /api/v1/problems/:pid: a problem and its history.
type problemDetail struct {
	Problem models.Problem        `json:"problem"`
	Events  []models.ProblemEvent `json:"events"`
}

// today is the day overdue is measured against, in the server's zone.
func today() string { return province.Today(time.Now()) } // the province's date, as the calendar's

// problemScope narrows a list to what the user may see: a city
// official its city's projects, a manager its assigned ones.
func problemScope(u *models.User) models.ProblemFilter {
	f := models.ProblemFilter{Today: today()}
	switch u.Role {
	case models.RoleCity:
		f.ScopeCity = u.City
		if f.ScopeCity == "" {
			f.ScopeCity = "\x00" // a city official without a city sees nothing
		}
	case models.RoleManager:
		f.ManagerID = u.ID
	}
	return f
}

// problemFilter reads the list's filters; the page, the JSON API and
// the export read the same parameters. Unknown values are a 400.
func (s *server) problemFilter(c *gin.Context) (models.ProblemFilter, bool) {
	f := problemScope(currentUser(c))
	f.Status, f.Level, f.Category, f.City = c.Query("status"), c.Query("level"), c.Query("category"), c.Query("city")
	for _, p := range []struct {
		name, v string
		allowed []string
	}{{"status", f.Status, province.ProblemStatuses()}, {"level", f.Level, province.ProblemLevels()},
		{"category", f.Category, province.ProblemCategories()}, {"city", f.City, province.Cities()}} {
		if p.v != "" && !slices.Contains(p.allowed, p.v) && !(p.name == "city" && p.v == province.CityCross) {
			s.badRequest(c, fmt.Sprintf("%s 参数应为 %s 之一", p.name, province.ProblemWords(p.allowed, nil)))
			return f, false
		}
	}
	if v := c.Query("project"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			s.badRequest(c, "project 参数应为项目编号（正整数）")
			return f, false
		}
		f.ProjectID = id
	}
	switch c.Query("overdue") {
	case "", "0":
	case "1":
		f.Overdue = true
	default:
		s.badRequest(c, "overdue 参数应为 1 或 0")
		return f, false
	}
	for _, p := range []struct {
		name  string
		dst   *int
		bound int
	}{{"page", &f.Page, maxPage}, {"per_page", &f.PerPage, 1000}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > p.bound {
				s.badRequest(c, fmt.Sprintf("%s 参数应为 1 到 %d 之间的整数", p.name, p.bound))
				return f, false
			}
			*p.dst = n
		}
	}
	return f, true
}

// raiseProblem checks who may raise a problem on the path's project at
// the level asked, and raises it; it answers the failures.
func (s *server) raiseProblem(c *gin.Context, req problemRequest, reportID *int64) (*models.Problem, bool) {
	id, ok := s.projectID(c)
	if !ok {
		return nil, false
	}
	owns, err := s.mayEditProject(c, id)
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	level := req.Level
	if level == "" {
		level = province.LevelCounty
	}
	if u := currentUser(c); !province.MayRaiseProblem(u.Role, level, owns) {
		s.refuse(c, u, "problem raised on a project not its own or at a level not its own")
		return nil, false
	}
	p, err := s.cfg.Store.RaiseProblem(c.Request.Context(), req.input(id, reportID), time.Now(), s.who(c, source(c)))
	if err != nil {
		s.storeError(c, err, "没有这个项目")
		return nil, false
	}
	return p, true
}

// moveProblem takes action on the path's problem for a user the rules
// (province.MayMoveProblem) let; it answers the failures.
func (s *server) moveProblem(c *gin.Context, action string, req problemMoveRequest) (*models.Problem, bool) {
	id, ok := s.pathID(c, "pid", "没有这个问题")
	if !ok {
		return nil, false
	}
	cur, err := s.cfg.Store.Problem(c.Request.Context(), id)
	if err != nil {
		s.storeError(c, err, "没有这个问题")
		return nil, false
	}
	owns, err := s.mayEditProject(c, cur.ProjectID)
	if err != nil {
		s.internal(c, err)
		return nil, false
	}
	u := currentUser(c)
	// Scope first: a user outside the problem's project is refused before
	// the transaction, so a stale version (409, with the problem as it is)
	// is told only to those who may see the problem.
	if !owns && u.Role != models.RoleAdmin {
		s.refuse(c, u, "problem "+action+" of a project not its own")
		return nil, false
	}
	allow := func(p models.Problem) error {
		if !province.MayMoveProblem(u.Role, action, p.Level, owns) {
			return models.ErrProblemForbidden
		}
		return nil
	}
	p, err := s.cfg.Store.MoveProblem(c.Request.Context(), models.ProblemMove{ID: id, Action: action, Version: req.Version, Note: req.Note},
		allow, time.Now(), s.who(c, source(c)))
	switch {
	case errors.Is(err, models.ErrProblemForbidden):
		s.refuse(c, u, "problem "+action+" not its own at its level")
		return nil, false
	case err != nil:
		s.storeError(c, err, "没有这个问题")
		return nil, false
	}
	if action == province.ActEscalate {
		s.notifyEscalated(c, p, req.Note)
	}
	return p, true
}

// listProblems reads the page of problems the request's filters select
// within the user's scope, for the API and the page alike; it answers
// the failures.
func (s *server) listProblems(c *gin.Context) (models.ProblemFilter, []models.ProblemRow, int64, bool) {
	f, ok := s.problemFilter(c)
	if !ok {
		return f, nil, 0, false
	}
	rows, total, err := s.cfg.Store.Problems(c.Request.Context(), f)
	if err != nil {
		s.internal(c, err)
		return f, nil, 0, false
	}
	return f, rows, total, true
}

// problemsJSON is GET /api/v1/problems.
func (s *server) problemsJSON(c *gin.Context) {
	if _, rows, total, ok := s.listProblems(c); ok {
		c.JSON(http.StatusOK, problemList{Rows: rows, Total: total})
	}
}

// problemJSON is GET /api/v1/problems/:pid, within the user's scope.
func (s *server) problemJSON(c *gin.Context) {
	id, ok := s.pathID(c, "pid", "没有这个问题")
	if !ok {
		return
	}
	f := problemScope(currentUser(c))
	f.ID = id
	rows, _, err := s.cfg.Store.Problems(c.Request.Context(), f)
	if err != nil {
		s.internal(c, err)
		return
	}
	if len(rows) == 0 {
		s.fail(c, http.StatusNotFound, "not_found", "没有这个问题", nil)
		return
	}
	evs, err := s.cfg.Store.ProblemEvents(c.Request.Context(), id)
	if err != nil {
		s.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, problemDetail{Problem: rows[0].Problem, Events: evs})
}

// raiseProblemJSON is POST /api/v1/projects/:id/problems.
func (s *server) raiseProblemJSON(c *gin.Context) {
	var req problemRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.badBody(c, err, "请求体应为 JSON：category, description, department, level, due_on")
		return
	}
	if p, ok := s.raiseProblem(c, req, nil); ok {
		c.JSON(http.StatusCreated, p)
	}
}

// moveProblemJSON is POST /api/v1/problems/:pid/{action}.
func (s *server) moveProblemJSON(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req problemMoveRequest
		if err := c.ShouldBindJSON(&req); err != nil {
			s.badBody(c, err, "请求体应为 JSON：{\"version\": N, \"note\": \"说明\"}")
			return
		}
		if p, ok := s.moveProblem(c, action, req); ok {
			c.JSON(http.StatusOK, p)
		}
	}
}

// problemRefusal words the ledger's 409s: a problem someone else moved
// (with what it is now), or an action its status or level does not allow.
func problemRefusal(err error) (refusal, bool) {
	var pc *models.ProblemConflict
	var se *models.ProblemStateError
	switch {
	case errors.As(err, &pc):
		return refusal{http.StatusConflict, "conflict", fmt.Sprintf("这个问题已被他人处理（现在：%s，%s），您的操作未生效，请刷新后再试",
			province.ProblemStatusLabel(pc.Current.Status), province.LevelLabel(pc.Current.Level)), pc.Current}, true
	case errors.As(err, &se):
		msg := fmt.Sprintf("这个问题现在是“%s”（%s），不能%s", province.ProblemStatusLabel(se.Current.Status), province.LevelLabel(se.Current.Level), province.ProblemActionLabel(se.Action))
		if se.Action == province.ActEscalate && se.Current.Level == province.LevelProvince {
			msg = "这个问题已在省级协调，不能再上报"
		}
		return refusal{http.StatusConflict, "problem_state", msg, se.Current}, true
	}
	return refusal{}, false
}
