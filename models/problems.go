package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"portfolio/province"
)

// Bounds of a problem's fields, in characters.
const (
	MaxProblemText       = 2000 // the description
	MaxProblemDepartment = 100  // 要素保障部门
	MaxProblemNote       = 500  // the note of a change
	ProblemDueYears      = 5    // a due date lies within this many years of today
)

// Problem is one entry of the problems ledger (问题台账).
type Problem struct {
	ID          int64     `gorm:"column:id;primaryKey" json:"id"`
	ProjectID   int64     `gorm:"column:project_id" json:"project_id"`
	Category    string    `gorm:"column:category" json:"category"`
	Description string    `gorm:"column:description" json:"description"`
	Department  string    `gorm:"column:department" json:"department"`
	Level       string    `gorm:"column:level" json:"level"`
	Status      string    `gorm:"column:status" json:"status"`
	DueOn       string    `gorm:"column:due_on" json:"due_on"`
	RaisedBy    string    `gorm:"column:raised_by" json:"raised_by"`
	ReportID    *int64    `gorm:"column:report_id" json:"report_id"`
	Version     int       `gorm:"column:version" json:"version"`
	CreatedAt   time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt   time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// TableName fixes the table name.
func (Problem) TableName() string { return "problems" }

// ProblemEvent is one change of a problem, the ledger's history.
type ProblemEvent struct {
	ID         int64     `gorm:"column:id;primaryKey" json:"id"`
	ProblemID  int64     `gorm:"column:problem_id" json:"problem_id"`
	At         time.Time `gorm:"column:at" json:"at"`
	Actor      string    `gorm:"column:actor" json:"actor"`
	Action     string    `gorm:"column:action" json:"action"`
	FromStatus string    `gorm:"column:from_status" json:"from_status"`
	ToStatus   string    `gorm:"column:to_status" json:"to_status"`
	FromLevel  string    `gorm:"column:from_level" json:"from_level"`
	ToLevel    string    `gorm:"column:to_level" json:"to_level"`
	Note       string    `gorm:"column:note" json:"note"`
}

// TableName fixes the table name.
func (ProblemEvent) TableName() string { return "problem_events" }

// ActionRaise is the event of a problem raised.
const ActionRaise = "raise"

// ProblemInput raises a problem. Level "" is county.
type ProblemInput struct {
	ProjectID   int64
	Category    string
	Description string
	Department  string
	Level       string
	DueOn       string // YYYY-MM-DD or ""
	ReportID    *int64
}

// Check trims and bounds the input, for the page, the report form and
// the JSON API alike; now bounds the due date.
func (in *ProblemInput) Check(now time.Time) error {
	in.Category, in.Description, in.Department = strings.TrimSpace(in.Category), strings.TrimSpace(in.Description), strings.TrimSpace(in.Department)
	in.Level, in.DueOn = strings.TrimSpace(in.Level), strings.TrimSpace(in.DueOn)
	if in.Level == "" {
		in.Level = province.LevelCounty
	}
	switch {
	case !slices.Contains(province.ProblemCategories(), in.Category):
		return &FieldError{"category", "问题类别应为 " + province.ProblemWords(province.ProblemCategories(), nil)}
	case in.Description == "":
		return &FieldError{"description", "请填写问题描述"}
	case !slices.Contains(province.ProblemLevels(), in.Level):
		return &FieldError{"level", "层级应为 " + province.ProblemWords(province.ProblemLevels(), province.LevelLabel)}
	}
	if err := CheckText("description", "问题描述", in.Description, MaxProblemText); err != nil {
		return err
	}
	if err := CheckText("department", "要素保障部门", in.Department, MaxProblemDepartment); err != nil {
		return err
	}
	return CheckDueOn("due_on", in.DueOn, now)
}

// CheckDueOn refuses a due date that is not a real YYYY-MM-DD day within
// ProblemDueYears years of now ("" is no due date).
func CheckDueOn(field, v string, now time.Time) error {
	if v == "" {
		return nil
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return &FieldError{field, "完成时限应为真实日期，写作 2024-06-30"}
	}
	lo, hi := now.AddDate(-ProblemDueYears, 0, 0).Format("2006-01-02"), now.AddDate(ProblemDueYears, 0, 0).Format("2006-01-02")
	if s := d.Format("2006-01-02"); s < lo || s > hi {
		return &FieldError{field, fmt.Sprintf("完成时限应在今天前后 %d 年内（%s 至 %s）", ProblemDueYears, lo, hi)}
	}
	return nil
}

// RaiseProblem adds an open problem with its first event and an audit
// entry, in one transaction. The caller decides who may (province.MayRaiseProblem).
func (s *Store) RaiseProblem(ctx context.Context, in ProblemInput, now time.Time, who Who) (*Problem, error) {
	if err := in.Check(now); err != nil {
		return nil, err
	}
	var p *Problem
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		p, err = raiseProblem(tx, in, now, who)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// raiseProblem writes a checked problem, its history row and audit entry
// inside tx.
func raiseProblem(tx *gorm.DB, in ProblemInput, now time.Time, who Who) (*Problem, error) {
	now = now.UTC()
	p := Problem{ProjectID: in.ProjectID, Category: in.Category, Description: in.Description, Department: in.Department,
		Level: in.Level, Status: province.ProblemOpen, DueOn: in.DueOn, RaisedBy: who.Actor, ReportID: in.ReportID,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	var n int64
	if err := tx.Model(&Project{}).Where("id = ?", in.ProjectID).Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ErrNotFound
	}
	if err := tx.Create(&p).Error; err != nil {
		return nil, err
	}
	ev := ProblemEvent{ProblemID: p.ID, At: now, Actor: who.Actor, Action: ActionRaise, ToStatus: p.Status, ToLevel: p.Level}
	return &p, writeProblemChange(tx, ev, nil, &p, who)
}

// writeProblemChange writes a change's history row and audit entry.
func writeProblemChange(tx *gorm.DB, ev ProblemEvent, before, after *Problem, who Who) error {
	if err := tx.Create(&ev).Error; err != nil {
		return err
	}
	action, pid := ActionCreate, after.ProjectID
	var b string
	if before != nil {
		action, b = ev.Action, AuditJSON(before)
	}
	return WriteAudit(tx, []AuditEntry{{At: ev.At, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
		Action: action, Entity: "problems", EntityID: after.ID, ProjectID: &pid, BeforeJSON: b,
		AfterJSON: AuditJSON(struct {
			*Problem
			Note string `json:"note,omitempty"`
		}{after, ev.Note})}})
}

// ProblemMove is an action on a problem at the version its user saw.
type ProblemMove struct {
	ID      int64
	Action  string // a province.Act*
	Version int
	Note    string
}

// ProblemConflict says a problem changed since it was read.
type ProblemConflict struct{ Current Problem }

func (e *ProblemConflict) Error() string { return "models: problem changed by someone else" }

// Unwrap makes it an ErrConflict.
func (e *ProblemConflict) Unwrap() error { return ErrConflict }

// ProblemStateError says an action does not apply to a problem as it is
// (resolving a resolved one, escalating past the province).
type ProblemStateError struct {
	Action  string
	Current Problem
}

func (e *ProblemStateError) Error() string {
	return fmt.Sprintf("models: %s of a %s %s problem", e.Action, e.Current.Status, e.Current.Level)
}

// ErrProblemForbidden is what a MoveProblem's allow returns to refuse a
// user the problem as it is in the transaction.
var ErrProblemForbidden = errors.New("models: problem not the user's to move")

// MoveProblem applies an action (province.ProblemNext) at the version the
// user saw, with its history row and audit entry, in one transaction.
// A stale version is a ProblemConflict before allow is asked: the caller
// checks the user's scope (may they see the problem at all) before, and
// allow sees the problem as the transaction reads it and may refuse it
// at its level.
func (s *Store) MoveProblem(ctx context.Context, m ProblemMove, allow func(Problem) error, now time.Time, who Who) (*Problem, error) {
	m.Note = strings.TrimSpace(m.Note)
	if !slices.Contains(province.ProblemActions(), m.Action) {
		return nil, &FieldError{"action", "操作应为 " + province.ProblemWords(province.ProblemActions(), province.ProblemActionLabel)}
	}
	if err := CheckText("note", "说明", m.Note, MaxProblemNote); err != nil {
		return nil, err
	}
	now = now.UTC()
	var out Problem
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var cur Problem
		if err := tx.Take(&cur, m.ID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if cur.Version != m.Version {
			return &ProblemConflict{Current: cur}
		}
		if err := allow(cur); err != nil {
			return err
		}
		st, lv, ok := province.ProblemNext(m.Action, cur.Status, cur.Level)
		if !ok {
			return &ProblemStateError{Action: m.Action, Current: cur}
		}
		out = cur
		out.Status, out.Level, out.Version, out.UpdatedAt = st, lv, cur.Version+1, now
		res := tx.Model(&Problem{}).Where("id = ? AND version = ?", cur.ID, cur.Version).
			Updates(map[string]any{"status": st, "level": lv, "version": out.Version, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return &ProblemConflict{Current: cur}
		}
		ev := ProblemEvent{ProblemID: cur.ID, At: now, Actor: who.Actor, Action: m.Action, FromStatus: cur.Status, ToStatus: st,
			FromLevel: cur.Level, ToLevel: lv, Note: m.Note}
		return writeProblemChange(tx, ev, &cur, &out, who)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Problem loads one problem.
func (s *Store) Problem(ctx context.Context, id int64) (*Problem, error) {
	var p Problem
	err := s.read.WithContext(ctx).Take(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &p, err
}

// ProblemEvents is a problem's history, oldest first.
func (s *Store) ProblemEvents(ctx context.Context, id int64) ([]ProblemEvent, error) {
	var out []ProblemEvent
	err := s.read.WithContext(ctx).Where("problem_id = ?", id).Order("id").Find(&out).Error
	return out, err
}

// ProblemEventsOf is the history of each of the problems ids, oldest first.
func (s *Store) ProblemEventsOf(ctx context.Context, ids []int64) (map[int64][]ProblemEvent, error) {
	out := map[int64][]ProblemEvent{}
	if len(ids) == 0 {
		return out, nil
	}
	var evs []ProblemEvent
	if err := s.read.WithContext(ctx).Where("problem_id IN ?", ids).Order("id").Find(&evs).Error; err != nil {
		return nil, fmt.Errorf("models: problem events: %w", err)
	}
	for _, e := range evs {
		out[e.ProblemID] = append(out[e.ProblemID], e)
	}
	return out, nil
}
