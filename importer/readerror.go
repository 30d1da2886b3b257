package importer

import (
	"errors"
	"fmt"
	"log/slog"

	"portfolio/xlsx"
)

// readerError turns an error of the workbook reader into the message an
// official reads; sheet names the sheet being read ("" for the book).
// A panic of the reader is logged with its stack and shown as a corrupt
// file.
func readerError(err error, sheet string, opt ParseOptions) error {
	var (
		pe *xlsx.PanicError
		le *xlsx.LimitError
		fe *xlsx.FormatError
	)
	switch {
	case errors.Is(err, xlsx.ErrEncrypted):
		return errEncrypted
	case errors.Is(err, xlsx.ErrOLE):
		return errOLE
	case errors.Is(err, xlsx.ErrNotZip):
		return errNotXLSX
	case errors.Is(err, xlsx.ErrCorrupt):
		return errCorrupt
	case errors.As(err, &pe):
		opt.logger().Error("importer: the workbook reader panicked", "sheet", sheet, "panic", fmt.Sprint(pe.Value), "stack", string(pe.Stack))
		return errCorrupt
	case errors.As(err, &le):
		return limitMessage(le)
	case errors.As(err, &fe):
		if fe.Op == xlsx.OpOpen {
			return fmt.Errorf("工作表“%s”无法读取：%s", fe.Sheet, fe.Msg)
		}
		return fmt.Errorf("工作表“%s”已损坏：%s", fe.Sheet, fe.Msg)
	}
	return fmt.Errorf("无法读取文件：%w", err)
}

// limitMessage names the limit a workbook passed.
func limitMessage(le *xlsx.LimitError) error {
	switch le.What {
	case xlsx.LimitEntries:
		return fmt.Errorf("工作簿包含的部件过多（超过 %d 个），文件可能已损坏", le.Limit)
	case xlsx.LimitUnzipped, xlsx.LimitPart:
		return errUnzip
	case xlsx.LimitRows, xlsx.LimitCells:
		return errTooMany
	case xlsx.LimitRowNumber:
		return fmt.Errorf("工作表“%s”的行号超过 Excel 的上限 %d 行，文件已损坏", le.Sheet, le.Limit)
	case xlsx.LimitCellChars:
		return fmt.Errorf("工作表“%s”的%s超过 %d 个字符（Excel 单元格的上限），文件可能已损坏", le.Sheet, xlsx.CellWhere(le.Row, le.Col), le.Limit)
	case xlsx.LimitMergedCells:
		return fmt.Errorf("工作表“%s”已损坏：合并单元格过多，文件可能已损坏", le.Sheet)
	}
	return errTooMany
}

// logger is the options' logger, slog's default when none is set.
func (o ParseOptions) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.Default()
}
