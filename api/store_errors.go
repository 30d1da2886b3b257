package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/report"
)

// refusal is how the API answers an error a store or importer call
// returned: status, code, a message for the user and what is there now.
type refusal struct {
	status  int
	code    string
	message string
	details any
}

// refusalOf maps the store's and the importer's refusals to their
// answers, in one place for every resource: 422 for a field, 409 for a
// conflict or a state the change may not leave, 404 for a row that is not
// there (notFound words it for the resource asked for). ok is false for an
// error it does not know, a database error say: that is the server's
// fault, answered 500 without showing it.
func refusalOf(err error, notFound string) (r refusal, ok bool) {
	if r, ok := problemRefusal(err); ok {
		return r, true
	}
	if r, ok := conflictOf(err); ok {
		return r, true
	}
	var fe *models.FieldError
	switch {
	case errors.As(err, &fe):
		return refusal{http.StatusUnprocessableEntity, "invalid", fe.Message, gin.H{"field": fe.Field}}, true
	case errors.Is(err, models.ErrBadPassword):
		return refusal{http.StatusUnprocessableEntity, "invalid", fmt.Sprintf("密码应为 8 到 %d 个字符", models.MaxPassword), gin.H{"field": "password"}}, true
	case errors.Is(err, models.ErrLocked):
		return refusal{http.StatusConflict, "locked", "这份月报已提交审核或已审核通过，不能修改；如需修改请联系设区市退回或重新打开", nil}, true
	case errors.Is(err, models.ErrNotApproved):
		return refusal{http.StatusConflict, "not_approved", "只有已审核通过的月报可以重新打开", nil}, true
	case errors.Is(err, importer.ErrAlreadyReverted):
		return refusal{http.StatusConflict, "already_reverted", "这个批次已经撤销过了", nil}, true
	case errors.Is(err, models.ErrNotFound):
		return refusal{http.StatusNotFound, "not_found", notFound, nil}, true
	}
	return refusal{}, false
}

// conflictOf words a 409 for a row someone else changed (or that exists
// already), with what the row holds now where the store says.
func conflictOf(err error) (refusal, bool) {
	var mc *models.MilestoneConflict
	var pc *models.PlanConflict
	var rc *models.ConflictError
	var bc *importer.RevertConflictError
	var ex *models.ExistsError
	switch {
	case errors.As(err, &mc):
		return refusal{http.StatusConflict, "conflict", fmt.Sprintf("这个里程碑已被他人修改（现在：计划 %s，实际 %s），您的保存未生效，请刷新后再改",
			mc.Current.PlannedOn, mc.Current.ReachedOn), mc.Current}, true
	case errors.As(err, &pc):
		return refusal{http.StatusConflict, "conflict", fmt.Sprintf("该项目的年度计划已被 %s 修改，您的保存未生效。现在：建设性质 %s，总投资 %s 万元，年度计划 %s 万元；请刷新后再改",
			pc.Current.UpdatedAt.Local().Format("15:04"), report.StageLabel(pc.Current.Stage), report.Wan(pc.Current.TotalInvestmentYuan), report.Wan(pc.Current.AnnualPlanYuan)), pc.Current}, true
	case errors.As(err, &rc):
		msg := "这份月报已被他人修改，您的保存未生效"
		if rc.Current != nil {
			msg += fmt.Sprintf("。当前内容：本月完成 %s 万元，形象进度“%s”，状态 %s，请刷新后再改", report.Wan(rc.Current.CompletedYuan), rc.Current.Progress, statusLabel(rc.Current.Status))
		}
		return refusal{http.StatusConflict, "conflict", msg, rc.Current}, true
	case errors.As(err, &bc):
		return refusal{http.StatusConflict, "conflict", "无法撤销：" + bc.Message + "（请先撤销之后的批次或修改）", nil}, true
	case errors.As(err, &ex):
		return refusal{http.StatusConflict, "exists", fmt.Sprintf("%s已存在：%s", ex.What, ex.Name), gin.H{"field": ex.Field}}, true
	case errors.Is(err, models.ErrConflict):
		return refusal{http.StatusConflict, "conflict", "数据已被他人修改，操作未生效，请刷新后再试", nil}, true
	}
	return refusal{}, false
}

// storeError answers err: the refusal it maps to, or a logged 500.
func (s *server) storeError(c *gin.Context, err error, notFound string) {
	r, ok := refusalOf(err, notFound)
	if !ok {
		s.internal(c, err)
		return
	}
	s.fail(c, r.status, r.code, r.message, r.details)
}
