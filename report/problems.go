package report

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"portfolio/models"
	"portfolio/province"
)

// MaxProblemExport bounds the rows of one 问题清单 export.
const MaxProblemExport = 100_000

// AllProblems reads every problem f selects, a page at a time, up to
// MaxProblemExport.
func AllProblems(ctx context.Context, s *models.Store, f models.ProblemFilter) ([]models.ProblemRow, error) {
	var out []models.ProblemRow
	f.PerPage = 1000
	for f.Page = 1; ; f.Page++ {
		rows, total, err := s.Problems(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		if len(rows) == 0 || int64(len(out)) >= total || len(out) >= MaxProblemExport {
			return out, nil
		}
	}
}

// problemHeader is the 问题清单's header row.
func problemHeader() []any {
	return []any{"序号", "项目名称", "设区市", "问题类别", "问题描述", "要素保障部门", "层级", "状态", "完成时限", "是否逾期", "提出人", "提出时间", "最近更新"}
}

// WriteProblems writes the 问题清单 workbook: a title row, the header and
// one row a problem. Every text a user typed goes in as a string cell, so
// no spreadsheet runs it as a formula.
func WriteProblems(w io.Writer, title string, rows []models.ProblemRow) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "问题清单"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range []float64{6, 36, 10, 8, 48, 20, 6, 14, 12, 8, 12, 17, 17} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", problemHeader()); err != nil {
		return err
	}
	for i, r := range rows {
		late := ""
		if r.Overdue {
			late = "逾期"
		}
		cells := []any{i + 1}
		for _, v := range []string{r.ProjectName, r.City, r.Category, r.Description, r.Department, province.LevelLabel(r.Level),
			province.ProblemStatusLabel(r.Status), r.DueOn, late, r.RaisedBy, r.CreatedAt.Local().Format("2006-01-02 15:04"), r.UpdatedAt.Local().Format("2006-01-02 15:04")} {
			cells = append(cells, excelize.Cell{Value: v})
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("report: write 问题清单: %w", err)
	}
	return nil
}

// ProblemsTitle names a 问题清单 for its filter: "问题清单（南昌市·用地·逾期）".
func ProblemsTitle(f models.ProblemFilter) string {
	var parts []string
	for _, v := range []string{f.City, f.Category, province.LevelLabel(f.Level), province.ProblemStatusLabel(f.Status)} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	if f.Overdue {
		parts = append(parts, "逾期")
	}
	t := "问题清单"
	for i, p := range parts {
		if i == 0 {
			t += "（" + p
		} else {
			t += "·" + p
		}
	}
	if len(parts) > 0 {
		t += "）"
	}
	return t
}
