package models

import (
	"context"
	"errors"
	"fmt"
	"portfolio/province"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrLocked means an approved (or awaiting approval) report cannot be edited.
var ErrLocked = errors.New("models: report locked")

// ErrNotApproved means only an approved report can be reopened.
var ErrNotApproved = errors.New("models: report not approved")

// FieldError is a refused form field, with a message for the user.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return "models: " + e.Field + ": " + e.Message }

// ConflictError says a row changed since the editor read it; Current is
// what it holds now, to show the editor.
type ConflictError struct {
	Current *MonthlyReport
}

func (e *ConflictError) Error() string { return "models: changed by someone else" }

// Unwrap makes it an ErrConflict.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// ReportInput is a project manager's monthly report. Version is the
// version the form was read at (0 for a new report).
type ReportInput struct {
	ProjectID     int64
	Year, Month   int
	CompletedYuan int64
	Progress      string
	Problems      string
	Version       int
	// Raise, when set, is a problem of the ledger to raise from this
	// report in the same transaction (its ReportID is the report's): the
	// report and its ledger entry are saved together or not at all.
	Raise *ProblemInput
}

// check bounds a report's amount and texts, for the page and the JSON API alike.
func (in ReportInput) check() error {
	if err := CheckAmount("completed", "本月完成投资", in.CompletedYuan); err != nil {
		return err
	}
	if err := CheckText("progress", "形象进度", in.Progress, MaxLongText); err != nil {
		return err
	}
	return CheckText("problems", "存在问题", in.Problems, MaxLongText)
}

// checkRemaining refuses a report that would take the year's total past
// the project's remaining investment (total − completed before the year).
// The inputs are bounded, but stored figures may predate the bound, so the
// sum is checked rather than trusted not to wrap.
func checkRemaining(plan PlanEntry, others, completed int64) error {
	if plan.TotalInvestmentYuan <= 0 {
		return nil
	}
	remaining := plan.TotalInvestmentYuan - plan.CompletedBeforeYuan
	year, ok := AddChecked(others, completed)
	if !ok {
		return &FieldError{"completed", "本年累计完成将超过项目剩余投资（总投资减去上年底累计完成）"}
	}
	if year > remaining {
		return &FieldError{"completed", fmt.Sprintf("本年累计完成 %s 万元，将超过项目剩余投资 %s 万元（总投资减去上年底累计完成）", province.Wan(year), province.Wan(remaining))}
	}
	return nil
}

// SubmitReport saves a manager's report for a month and submits it for
// the city's approval. A report awaiting approval or approved is locked; a
// returned one may be submitted again. Checks: no negative amount, no
// future month, and the year's total within the project's remaining
// investment (total − completed before the year).
func (s *Store) SubmitReport(ctx context.Context, in ReportInput, now time.Time, who Who) (*MonthlyReport, error) {
	if in.Month < 1 || in.Month > 12 {
		return nil, &FieldError{"month", "月份应为 1 到 12"}
	}
	if in.Year > now.Year() || (in.Year == now.Year() && in.Month > int(now.Month())) {
		return nil, &FieldError{"month", "不能填报未来月份"}
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	if in.Raise != nil {
		if err := in.Raise.Check(now); err != nil {
			return nil, err
		}
	}
	var out MonthlyReport
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := submitReport(tx, in, now, who, &out); err != nil || in.Raise == nil {
			return err
		}
		pin := *in.Raise
		pin.ReportID = &out.ID
		_, err := raiseProblem(tx, pin, now, who)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// submitReport writes the report of SubmitReport inside tx into out.
func submitReport(tx *gorm.DB, in ReportInput, now time.Time, who Who, out *MonthlyReport) error {
	var plan PlanEntry
	if err := tx.Where("project_id = ? AND year = ?", in.ProjectID, in.Year).Take(&plan).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return &FieldError{"year", fmt.Sprintf("该项目不在%d年的计划中", in.Year)}
		}
		return err
	}
	var others int64
	if err := tx.Raw(`SELECT COALESCE(CAST(SUM(completed_yuan) AS BIGINT), 0) FROM monthly_reports
		WHERE project_id = ? AND year = ? AND month <> ?`, in.ProjectID, in.Year, in.Month).Scan(&others).Error; err != nil {
		return err
	}
	if err := checkRemaining(plan, others, in.CompletedYuan); err != nil {
		return err
	}
	var cur MonthlyReport
	err := tx.Where("project_id = ? AND year = ? AND month = ?", in.ProjectID, in.Year, in.Month).Take(&cur).Error
	now = now.UTC()
	row := MonthlyReport{ProjectID: in.ProjectID, Year: in.Year, Month: in.Month, CompletedYuan: in.CompletedYuan,
		Progress: in.Progress, Problems: in.Problems, Status: ReportSubmitted, UpdatedAt: now}
	pid := in.ProjectID
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		if in.Version != 0 {
			return &ConflictError{}
		}
		row.Version, row.CreatedAt = 1, now
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return &ConflictError{}
			}
			return err
		}
		*out = row
		return WriteAudit(tx, []AuditEntry{{At: now, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionCreate, Entity: "monthly_reports", EntityID: row.ID, ProjectID: &pid, AfterJSON: AuditJSON(row)}})
	case err != nil:
		return err
	}
	if cur.Version != in.Version {
		c := cur
		return &ConflictError{Current: &c}
	}
	if cur.Status == ReportApproved || cur.Status == ReportSubmitted {
		return ErrLocked
	}
	row.ID, row.CreatedAt, row.BatchID, row.Version = cur.ID, cur.CreatedAt, cur.BatchID, cur.Version+1
	res := tx.Model(&MonthlyReport{}).Where("id = ? AND version = ?", cur.ID, cur.Version).Select("*").Omit("id", "created_at").Updates(&row)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return &ConflictError{Current: &cur}
	}
	*out = row
	return WriteAudit(tx, []AuditEntry{{At: now, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
		Action: ActionUpdate, Entity: "monthly_reports", EntityID: row.ID, ProjectID: &pid, BeforeJSON: AuditJSON(cur), AfterJSON: AuditJSON(row)}})
}

// ReviewReport approves (locking it, and counting it in every total) or
// returns (for the manager to edit) a submitted report. version is the
// version the reviewer saw.
func (s *Store) ReviewReport(ctx context.Context, id int64, approve bool, version int, now time.Time, who Who) (*MonthlyReport, error) {
	to, action := ReportReturned, "return"
	if approve {
		to, action = ReportApproved, "approve"
	}
	return s.moveReport(ctx, id, version, ReportSubmitted, ErrLocked, to, now, func(out MonthlyReport) (string, any) { return action, out }, who)
}

// ActionReopen is the audit action of an approved report reopened.
const ActionReopen = "reopen"

// ReopenReport sends an approved report back to the manager (returned),
// so a wrong approved figure can be corrected: it leaves every total
// that counts approved reports only, and the audit entry keeps the reason.
// version is the version the reopener saw.
func (s *Store) ReopenReport(ctx context.Context, id int64, reason string, version int, now time.Time, who Who) (*MonthlyReport, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, &FieldError{"reason", "请填写重新打开的原因"}
	}
	if err := CheckText("reason", "重新打开的原因", reason, MaxReason); err != nil {
		return nil, err
	}
	return s.moveReport(ctx, id, version, ReportApproved, ErrNotApproved, ReportReturned, now, func(out MonthlyReport) (string, any) {
		return ActionReopen, struct {
			MonthlyReport
			Reason string `json:"reason"`
		}{out, reason}
	}, who)
}

// moveReport moves a report from status from (else wrong) to status to,
// at the version its user saw, in one transaction with its audit entry;
// audit names the action and what the entry's after holds.
func (s *Store) moveReport(ctx context.Context, id int64, version int, from string, wrong error, to string, now time.Time,
	audit func(out MonthlyReport) (string, any), who Who) (*MonthlyReport, error) {
	var out MonthlyReport
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var cur MonthlyReport
		if err := tx.Take(&cur, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if cur.Version != version {
			c := cur
			return &ConflictError{Current: &c}
		}
		if cur.Status != from {
			return wrong
		}
		out = cur
		out.Status, out.Version, out.UpdatedAt = to, cur.Version+1, now.UTC()
		res := tx.Model(&MonthlyReport{}).Where("id = ? AND version = ?", id, cur.Version).
			Updates(map[string]any{"status": out.Status, "version": out.Version, "updated_at": out.UpdatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return &ConflictError{Current: &cur}
		}
		pid := cur.ProjectID
		action, after := audit(out)
		return WriteAudit(tx, []AuditEntry{{At: out.UpdatedAt, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: action, Entity: "monthly_reports", EntityID: id, ProjectID: &pid, BeforeJSON: AuditJSON(cur), AfterJSON: AuditJSON(after)}})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// PendingReport is a submitted report awaiting a city's review.
type PendingReport struct {
	MonthlyReport
	Name string `json:"name"`
	City string `json:"city"`
}

// PendingReports lists submitted reports, of one city when city is set.
func (s *Store) PendingReports(ctx context.Context, city string) ([]PendingReport, error) {
	var out []PendingReport
	q := s.read.WithContext(ctx).Table("monthly_reports r").
		Select("r.*, e.name AS name, e.city AS city").
		Joins("JOIN plan_entries e ON e.project_id = r.project_id AND e.year = r.year").
		Where("r.status = ?", ReportSubmitted).Order("r.updated_at")
	if city != "" {
		q = q.Where("e.city = ?", city)
	}
	err := q.Scan(&out).Error
	return out, err
}

// Report loads one monthly report.
func (s *Store) Report(ctx context.Context, id int64) (*MonthlyReport, error) {
	var r MonthlyReport
	err := s.read.WithContext(ctx).Take(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &r, err
}
