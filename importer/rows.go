// Package importer reads the province's project-list and monthly progress
// workbooks, checks them, compares them with the store and applies them as
// one all-or-nothing batch.
//
// It works in three steps that know nothing of each other's business:
// Parse (workbook → typed rows and issues, no database), Preview (rows →
// the changes they would make to the store) and Apply (one transaction).
package importer

import (
	"log/slog"

	"portfolio/province"
)

// Kind says which workbook layout a file carries.
type Kind string

const (
	// KindPlan is the year's project list (项目计划表).
	KindPlan Kind = "plan"
	// KindMonthly is the monthly progress sheet (月度调度表).
	KindMonthly Kind = "monthly"
	// KindSchedule is a sheet that is both: the year's list with the
	// month's figures beside it, as the 调度表 export writes it. Each row
	// is a plan row and a monthly row, imported as one batch (see
	// schedule.go for when a sheet is read so).
	KindSchedule Kind = "schedule"
)

// Stage codes as stored; the sheets say 新开工, 续建, 竣工投产, 前期.
const (
	StageNewStart    = province.StageNewStart
	StageContinuing  = province.StageContinuing
	StageCompleting  = province.StageCompleting
	StagePreparatory = province.StagePreparatory
)

// Issue names one problem in a workbook: where it is and why, in Chinese.
// Row is the Excel row number (1-based) as the official sees it.
type Issue struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Value   string `json:"value"`
	Message string `json:"message"`
}

// PlanRow is one project line of a year's project list, amounts in yuan.
type PlanRow struct {
	Sheet string
	Row   int // Excel row number

	Code        string // 投资项目统一代码, "" when the sheet has none
	Name        string
	Owner       string // 建设单位
	Responsible string // 责任单位
	Content     string // 建设规模及内容
	Sector      string // one of the ten 领域, from a column or the section row above
	Subsector   string // 铁路, 公路 … from a column or the （一） row above
	City        string // 南昌市 … 上饶市, 赣江新区, 跨设区市
	County      string // 红谷滩区 …, "" when not given
	StartYear   int    // 0 when not given
	EndYear     int    // 0 when not given
	Stage       string // one of the Stage* codes

	TotalYuan  int64 // 总投资
	BeforeYuan int64 // 截至上年底累计完成
	PlanYuan   int64 // 年度计划投资

	Flagship bool     // 示范引领性
	Tags     []string // list tags: 省大中型, 省重点, 专项债, 中央预算内 …
	Note     string   // 备注

	// Given names the fields the sheet states (by their column names in
	// plan_entries). A field the sheet has no column for keeps the value
	// the store holds: a city's list without 建设单位 must not erase them.
	Given Given

	norm string // NormalizeName(Name), worked out once as the row is read
}

// normName is the row's name normalised for matching.
func (r *PlanRow) normName() string { return normOf(r.Name, r.norm) }

// Given is the set of plan_entries or monthly_reports columns a sheet states.
type Given map[string]bool

// MonthlyRow is one project line of a monthly progress sheet.
// A sheet may give this month's figure, the 1–N月 cumulative, or both;
// a nil pointer means the sheet did not give that figure for this row.
type MonthlyRow struct {
	Sheet string
	Row   int

	Code string
	Name string

	MonthYuan *int64 // completed in the report month
	YTDYuan   *int64 // completed 1–N月 of the year

	Progress string // 形象进度
	Problems string // 存在问题

	Given Given // as for PlanRow: progress and problems only when stated

	norm string // as for PlanRow
}

// normName is the row's name normalised for matching.
func (r *MonthlyRow) normName() string { return normOf(r.Name, r.norm) }

// normOf is norm when the parser worked it out (a row made elsewhere,
// by a test or a caller of Apply, has none), else name normalised.
func normOf(name, norm string) string {
	if norm == "" {
		return NormalizeName(name)
	}
	return norm
}

// Parsed is everything read from one file: the rows that passed the checks
// and every error and warning found. A row with an error is not in Plans or
// Monthly; Rejected counts such rows.
type Parsed struct {
	File  string
	Kind  Kind
	Year  int
	Month int // report month of a monthly sheet or a 调度表, 0 for a plan list
	// Plans and Monthly are the rows read; in a 调度表 (KindSchedule)
	// Plans[i] and Monthly[i] are the two parts of one sheet row.
	Plans    []PlanRow
	Monthly  []MonthlyRow
	Rejected int
	Errors   []Issue
	Warnings []Issue
}

// ParseOptions carries what the caller knows better than the file.
// Zero values mean "read it from the file".
type ParseOptions struct {
	Kind  Kind
	Year  int
	Month int
	// MaxBytes is the largest file read; a larger one is refused before
	// it is read whole. 0 means DefaultMaxBytes.
	MaxBytes int64 `json:",omitempty"`
	// Progress, when set, is told how far reading, checking and writing
	// have come (see ProgressFunc). Not kept with a staged upload.
	Progress ProgressFunc `json:"-"`
	// Reader picks the .xlsx reader: "" for portfolio/xlsx, ReaderExcelize
	// for excelize's (a fallback, should ours misread a file).
	Reader string `json:",omitempty"`
	// Logger receives what an official is not shown (a reader's panic
	// and its stack); nil means slog's default logger.
	Logger *slog.Logger `json:"-"`
}

// ReaderExcelize is ParseOptions.Reader for excelize's .xlsx reader.
const ReaderExcelize = "excelize"
