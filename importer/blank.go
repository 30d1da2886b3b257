package importer

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteBlank writes a blank sheet of the kind, for the year (and month),
// with the title and header rows the importer reads: a minimal start for
// an official without a sheet at hand. One example row under the header
// shows what goes where; the importer reads it like any row, so it is
// to be overwritten.
func WriteBlank(w io.Writer, kind Kind, year, month int) error {
	var title string
	var header, example []any
	switch kind {
	case KindPlan:
		title = fmt.Sprintf("%d年省大中型项目计划表", year)
		header = []any{"序号", "项目代码", "项目名称", "建设单位", "设区市", "县（市、区）", "领域", "建设性质", "总投资", "截至上年底累计完成", fmt.Sprintf("%d年计划投资", year), "备注"}
		example = []any{1, "", "（示例）某某项目", "某某公司", "南昌市", "红谷滩区", "综合交通", "新开工", 10000, 0, 3000, "请替换或删除本行"}
	case KindMonthly:
		title = fmt.Sprintf("%d年%d月省大中型项目调度表", year, month)
		header = []any{"序号", "项目代码", "项目名称", fmt.Sprintf("%d月完成投资", month), fmt.Sprintf("1-%d月累计完成", month), "形象进度", "存在问题"}
		example = []any{1, "", "（示例）某某项目", 100, 100, "主体施工", ""}
	default:
		return fmt.Errorf("importer: blank sheet of kind %q", kind)
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range [][]any{{title}, {"单位：万元"}, header, example} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			return fmt.Errorf("importer: blank sheet: %w", err)
		}
	}
	if err := f.SetColWidth("Sheet1", "C", "C", 36); err != nil {
		return fmt.Errorf("importer: blank sheet: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("importer: write blank sheet: %w", err)
	}
	return nil
}
