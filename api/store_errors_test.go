package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"portfolio/importer"
	"portfolio/models"
)

// TestRefusalOf: every refusal the store and the importer return maps to
// its status and code however deeply it is wrapped, and anything else
// (a database error) is not shown to the user.
func TestRefusalOf(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("api test: %w", err) }
	for _, tc := range []struct {
		err    error
		status int
		code   string
		says   string
	}{
		{&models.FieldError{Field: "completed", Message: "本月完成超出范围"}, http.StatusUnprocessableEntity, "invalid", "本月完成超出范围"},
		{fmt.Errorf("%w: short", models.ErrBadPassword), http.StatusUnprocessableEntity, "invalid", "密码应为 8 到"},
		{&models.MilestoneConflict{Current: models.Milestone{PlannedOn: "2024-05-01"}}, http.StatusConflict, "conflict", "计划 2024-05-01"},
		{&models.PlanConflict{Current: models.PlanEntry{Stage: "new_start", AnnualPlanYuan: 12_340_000}}, http.StatusConflict, "conflict", "年度计划 1,234.00 万元"},
		{&models.ConflictError{Current: &models.MonthlyReport{CompletedYuan: 50_000, Progress: "主体施工", Status: models.ReportSubmitted}}, http.StatusConflict, "conflict", "状态 待审核"},
		{&models.ConflictError{}, http.StatusConflict, "conflict", "已被他人修改"},
		{&importer.RevertConflictError{Message: "第 3 行之后被改过"}, http.StatusConflict, "conflict", "无法撤销：第 3 行之后被改过"},
		{&models.ExistsError{Field: "username", What: "用户名", Name: "builder"}, http.StatusConflict, "exists", "用户名已存在：builder"},
		{models.ErrConflict, http.StatusConflict, "conflict", "已被他人修改"},
		{models.ErrLocked, http.StatusConflict, "locked", "不能修改"},
		{models.ErrNotApproved, http.StatusConflict, "not_approved", "只有已审核通过"},
		{importer.ErrAlreadyReverted, http.StatusConflict, "already_reverted", "已经撤销过"},
		{models.ErrNotFound, http.StatusNotFound, "not_found", "没有这个东西"},
	} {
		for _, err := range []error{tc.err, wrap(tc.err)} {
			r, ok := refusalOf(err, "没有这个东西")
			if !ok || r.status != tc.status || r.code != tc.code || !strings.Contains(r.message, tc.says) {
				t.Errorf("%v: %+v %v, want %d %s saying %q", err, r, ok, tc.status, tc.code, tc.says)
			}
		}
	}
	for _, err := range []error{errors.New("database is locked"), fmt.Errorf("models: pg: %w", errors.New("connection refused"))} {
		if r, ok := refusalOf(err, "没有"); ok {
			t.Errorf("%v is a server error, mapped to %+v", err, r)
		}
	}
}
