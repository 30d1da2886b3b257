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
	"portfolio/report"
)

// reportForm is what the manager's monthly report page shows: the
// period (from the data, not the wall clock), the months that may be
// chosen, the month's report if there is one, and after a refused
// submit what was typed with the message beside its field.
type reportForm struct {
	Title   string
	P       models.Project
	Years   []int // the years whose list holds the project, newest first
	Year    int
	Month   int
	Months  []monthChoice
	Cur     *models.MonthlyReport
	Status  string // the report's status, in words
	Locked  bool   // submitted or approved: shown read-only
	LockBy  string // who last moved it, and when
	LockAt  time.Time
	Typed   reportRequest // a refused submit's values, shown again
	Error   string
	Field   string        // the refused field ("completed", "progress" …)
	Saved   bool          // just submitted
	Pending int           // months of the year still without a report
	Ledger  ledgerRequest // the 列入问题台账 part as typed
	Choices ledgerChoices
	Raised  bool // the last submit put its 存在问题 in the ledger
}

// monthChoice is one month of the picker, with its report's status.
type monthChoice struct {
	Month  int
	Label  string
	Chosen bool
}

// reportFormPage is GET /projects/:id/report: the month's report form,
// by default for the month after the province's newest closed month of
// the newest list that holds the project.
func (s *server) reportFormPage(c *gin.Context) {
	id, ok := s.mayReport(c)
	if !ok {
		return
	}
	f, ok := s.loadReportForm(c, id, queryInt(c, "year"), queryInt(c, "month"))
	if !ok {
		return
	}
	f.Saved, f.Raised = c.Query("saved") == "1", c.Query("raised") == "true"
	if f.Cur != nil {
		f.Typed = reportRequest{Progress: f.Cur.Progress, Problems: f.Cur.Problems, CompletedWan: report.WanExact(f.Cur.CompletedYuan)}
	}
	s.renderReportForm(c, http.StatusOK, f)
}

// reportFormPost is POST /projects/:id/report. A refusal shows the form
// again with what was typed and the message beside the field.
func (s *server) reportFormPost(c *gin.Context) {
	id, ok := s.mayReport(c)
	if !ok {
		return
	}
	var req reportRequest
	if err := c.ShouldBind(&req); err != nil {
		s.badBody(c, err, "表单内容无效")
		return
	}
	var ledger ledgerRequest
	_ = c.ShouldBind(&ledger) // its fields are plain strings and a checkbox
	in, err := req.input(id)
	raised := false
	if err == nil {
		raised, err = s.submitWithLedger(c, in, ledger)
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/projects/%d/report?year=%d&month=%d&saved=1&raised=%t", id, req.Year, req.Month, raised))
		return
	}
	r, known := refusalOf(err, "没有这份月报")
	if !known {
		s.internal(c, err)
		return
	}
	f, ok := s.loadReportForm(c, id, req.Year, req.Month)
	if !ok {
		return
	}
	f.Typed, f.Error, f.Ledger = req, r.message, ledger
	if d, ok := r.details.(gin.H); ok {
		f.Field, _ = d["field"].(string)
	}
	s.renderReportForm(c, r.status, f)
}

// mayReport reads the project id and checks the user may report for it.
func (s *server) mayReport(c *gin.Context) (int64, bool) {
	id, ok := s.projectID(c)
	if !ok {
		return 0, false
	}
	if ok, err := s.mayEditProject(c, id); err != nil {
		s.internal(c, err)
		return 0, false
	} else if !ok {
		s.refuse(c, currentUser(c), "report form of a project not its own")
		return 0, false
	}
	return id, true
}

func queryInt(c *gin.Context, name string) int {
	v, err := strconv.Atoi(c.Query(name))
	if err != nil {
		return 0
	}
	return v
}

// loadReportForm reads the project, settles the period (a year the
// project is listed in, an open month of it) and the month's report.
func (s *server) loadReportForm(c *gin.Context, id int64, year, month int) (*reportForm, bool) {
	ctx := c.Request.Context()
	h, err := s.cfg.Store.ProjectHistory(ctx, id, 0)
	if err != nil {
		s.storeError(c, err, "没有这个项目")
		return nil, false
	}
	f := &reportForm{Title: "月度填报", P: h.Project, Choices: newLedgerChoices()}
	for _, p := range h.Plans {
		f.Years = append(f.Years, p.Year)
	}
	if len(f.Years) == 0 {
		s.fail(c, http.StatusNotFound, "not_found", "该项目还不在任何年度计划中，无法填报", nil)
		return nil, false
	}
	if !slices.Contains(f.Years, year) {
		year, month = f.Years[0], 0 // another year's month means nothing here
	}
	now := time.Now()
	last := province.LastOpenMonth(year, now)
	if month < 1 || month > last {
		closed, err := s.cfg.Reporter.LatestMonth(ctx, year)
		if err != nil {
			s.internal(c, err)
			return nil, false
		}
		month = province.ReportMonth(year, closed, now)
	}
	f.Year, f.Month = year, month
	if err := s.fillMonths(c, f, h.Reports, last); err != nil {
		s.internal(c, err)
		return nil, false
	}
	return f, true
}

// fillMonths lists the open months with their reports' statuses and
// finds the chosen month's report, with who locked it when it is.
func (s *server) fillMonths(c *gin.Context, f *reportForm, reports []models.MonthlyReport, last int) error {
	byMonth := map[int]*models.MonthlyReport{}
	for i := range reports {
		if reports[i].Year == f.Year {
			byMonth[reports[i].Month] = &reports[i]
		}
	}
	for m := 1; m <= last; m++ {
		label := fmt.Sprintf("%d月", m)
		if r := byMonth[m]; r != nil {
			label += " · " + statusLabel(r.Status)
		} else {
			label += " · 未填报"
			f.Pending++
		}
		f.Months = append(f.Months, monthChoice{Month: m, Label: label, Chosen: m == f.Month})
	}
	f.Cur = byMonth[f.Month]
	if f.Cur == nil {
		return nil
	}
	f.Status = statusLabel(f.Cur.Status)
	f.Locked = f.Cur.Status == models.ReportSubmitted || f.Cur.Status == models.ReportApproved
	if !f.Locked {
		return nil
	}
	e, err := s.cfg.Store.LastChange(c.Request.Context(), f.P.ID, "monthly_reports", f.Cur.ID)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	f.LockBy, f.LockAt = e.Actor, e.At
	return nil
}

func (s *server) renderReportForm(c *gin.Context, status int, f *reportForm) {
	s.render(c, status, "report_form.html", map[string]any{"Title": f.Title, "F": f})
}
