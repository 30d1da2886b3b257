package api

import (
	"errors"
	"time"

	"github.com/gin-gonic/gin"

	"portfolio/models"
	"portfolio/province"
)

// ledgerRequest is the report form's 列入问题台账 part: the month's 存在问题
// become a problem of the project (county level) with these fields.
type ledgerRequest struct {
	On         bool   `form:"ledger"`
	Category   string `form:"problem_category"`
	Department string `form:"problem_department"`
	DueOn      string `form:"problem_due_on"`
}

// ledgerChoices is what the form's ledger part offers.
type ledgerChoices struct {
	Categories  []string
	Departments []string
}

func newLedgerChoices() ledgerChoices {
	return ledgerChoices{Categories: province.ProblemCategories(), Departments: province.ProblemDepartments()}
}

// input is the problem the report's 存在问题 become; checked before the
// report is submitted so a refused ledger entry submits nothing.
func (l ledgerRequest) input(projectID int64, problems string, now time.Time) (models.ProblemInput, error) {
	in := models.ProblemInput{ProjectID: projectID, Category: l.Category, Description: problems, Department: l.Department,
		Level: province.LevelCounty, DueOn: l.DueOn}
	err := in.Check(now)
	var fe *models.FieldError
	if errors.As(err, &fe) {
		// Name the report form's own fields: the description is 存在问题.
		field := map[string]string{"description": "problems", "category": "problem_category", "department": "problem_department", "due_on": "problem_due_on"}[fe.Field]
		msg := fe.Message
		if fe.Field == "description" && problems == "" {
			msg = "列入问题台账需要填写存在问题"
		}
		return in, &models.FieldError{Field: field, Message: msg}
	}
	return in, err
}

// submitWithLedger submits the report and, when asked, raises its
// 存在问题 as a problem in the same transaction; it returns whether a
// problem was raised.
func (s *server) submitWithLedger(c *gin.Context, in models.ReportInput, l ledgerRequest) (bool, error) {
	now := time.Now()
	if l.On {
		pin, err := l.input(in.ProjectID, in.Problems, now)
		if err != nil {
			return false, err
		}
		in.Raise = &pin
	}
	_, err := s.cfg.Store.SubmitReport(c.Request.Context(), in, now, s.who(c, source(c)))
	return err == nil && l.On, err
}
