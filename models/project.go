package models

import (
	"time"

	"portfolio/province"
)

// Project is a project's identity, stable across the years' lists: the
// same code (or, without one, the same name) is the same project.
type Project struct {
	ID        int64     `gorm:"column:id;primaryKey" json:"id"`
	Code      *string   `gorm:"column:code" json:"code"` // nil when the lists carry none
	Name      string    `gorm:"column:name" json:"name"`
	NormName  string    `gorm:"column:norm_name" json:"norm_name"`
	CreatedAt time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// TableName fixes the table name (GORM would guess the same; migrations are the truth).
func (Project) TableName() string { return "projects" }

// PlanEntry is a project in one year's list: what it is, where, which
// stage, and the money planned for the year. Amounts are yuan.
type PlanEntry struct {
	ID                  int64     `gorm:"column:id;primaryKey" json:"id"`
	ProjectID           int64     `gorm:"column:project_id" json:"project_id"`
	Year                int       `gorm:"column:year" json:"year"`
	Seq                 int       `gorm:"column:seq" json:"seq"`
	Name                string    `gorm:"column:name" json:"name"`
	NormName            string    `gorm:"column:norm_name" json:"norm_name"`
	Owner               string    `gorm:"column:owner" json:"owner"`
	Responsible         string    `gorm:"column:responsible" json:"responsible"`
	Content             string    `gorm:"column:content" json:"content"`
	Sector              string    `gorm:"column:sector" json:"sector"`
	Subsector           string    `gorm:"column:subsector" json:"subsector"`
	City                string    `gorm:"column:city" json:"city"`
	County              string    `gorm:"column:county" json:"county"`
	StartYear           int       `gorm:"column:start_year" json:"start_year"`
	EndYear             int       `gorm:"column:end_year" json:"end_year"`
	Stage               string    `gorm:"column:stage" json:"stage"`
	TotalInvestmentYuan int64     `gorm:"column:total_investment_yuan" json:"total_investment_yuan"`
	CompletedBeforeYuan int64     `gorm:"column:completed_before_yuan" json:"completed_before_yuan"`
	AnnualPlanYuan      int64     `gorm:"column:annual_plan_yuan" json:"annual_plan_yuan"`
	Flagship            bool      `gorm:"column:flagship" json:"flagship"`
	Tags                string    `gorm:"column:tags" json:"tags"` // 、-joined
	Note                string    `gorm:"column:note" json:"note"`
	Version             int       `gorm:"column:version" json:"version"`
	BatchID             *int64    `gorm:"column:batch_id" json:"batch_id"`
	CreatedAt           time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt           time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// TableName fixes the table name.
func (PlanEntry) TableName() string { return "plan_entries" }

// MonthlyReport is a project's completed investment in one month.
type MonthlyReport struct {
	ID            int64     `gorm:"column:id;primaryKey" json:"id"`
	ProjectID     int64     `gorm:"column:project_id" json:"project_id"`
	Year          int       `gorm:"column:year" json:"year"`
	Month         int       `gorm:"column:month" json:"month"`
	CompletedYuan int64     `gorm:"column:completed_yuan" json:"completed_yuan"`
	Progress      string    `gorm:"column:progress" json:"progress"`
	Problems      string    `gorm:"column:problems" json:"problems"`
	Status        string    `gorm:"column:status" json:"status"`
	Version       int       `gorm:"column:version" json:"version"`
	BatchID       *int64    `gorm:"column:batch_id" json:"batch_id"`
	CreatedAt     time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt     time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// TableName fixes the table name.
func (MonthlyReport) TableName() string { return "monthly_reports" }

// Report statuses: imported reports arrive approved; the managers' workflow
// moves a report draft → submitted → approved, or back to returned.
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportApproved  = "approved"
	ReportReturned  = "returned"
)

// Milestone is a step in a project's life with its planned and actual date
// (YYYY-MM-DD; ReachedOn is "" until reached) and the first date planned.
type Milestone struct {
	ID        int64  `gorm:"column:id;primaryKey" json:"id"`
	ProjectID int64  `gorm:"column:project_id" json:"project_id"`
	Kind      string `gorm:"column:kind" json:"kind"`
	PlannedOn string `gorm:"column:planned_on" json:"planned_on"`
	// FirstPlannedOn is the first date planned for it, kept when the plan
	// moves: PlannedOn later than it is a slip (province.MilestoneSlipped).
	FirstPlannedOn string    `gorm:"column:first_planned_on" json:"first_planned_on"`
	ReachedOn      string    `gorm:"column:reached_on" json:"reached_on"`
	Note           string    `gorm:"column:note" json:"note"`
	Version        int       `gorm:"column:version" json:"version"`
	CreatedAt      time.Time `gorm:"column:created_at" json:"created_at"`
	UpdatedAt      time.Time `gorm:"column:updated_at" json:"updated_at"`
}

// TableName fixes the table name.
func (Milestone) TableName() string { return "milestones" }

// MilestoneKinds are the standard kinds, in the order a project meets them.
func MilestoneKinds() []string { return province.MilestoneKinds() }
