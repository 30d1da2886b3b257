package importer

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteErrors writes every error of results as a workbook, one row an
// error (文件, 工作表, 行, 列, 值, 说明), for officials to work through.
func WriteErrors(w io.Writer, results []*Result) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "错误"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("importer: errors workbook: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("importer: errors workbook: %w", err)
	}
	if err := sw.SetColWidth(1, 6, 16); err != nil {
		return fmt.Errorf("importer: errors workbook: %w", err)
	}
	if err := sw.SetColWidth(6, 6, 80); err != nil {
		return fmt.Errorf("importer: errors workbook: %w", err)
	}
	row := 1
	put := func(vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, vals)
	}
	if err := put("文件", "工作表", "行", "列", "值", "说明"); err != nil {
		return fmt.Errorf("importer: errors workbook: %w", err)
	}
	for _, r := range results {
		for _, is := range r.Errors {
			var line any = ""
			if is.Row > 0 {
				line = is.Row
			}
			if err := put(r.File, is.Sheet, line, is.Column, is.Value, is.Message); err != nil {
				return fmt.Errorf("importer: errors workbook: %w", err)
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("importer: errors workbook: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("importer: write errors workbook: %w", err)
	}
	return nil
}
