package importer

import (
	"errors"
	"path/filepath"
	"strings"

	"portfolio/xlsx"
)

// Files that are not an .xlsx, an .xls or a CSV, each named with how to
// save it as .xlsx.
var (
	errODS       = errors.New("这是 OpenDocument 表格（.ods）文件，系统无法读取：请在 WPS/Excel/LibreOffice 中打开，“另存为” .xlsx 格式后再导入")
	errXLSB      = errors.New("这是 Excel 二进制工作簿（.xlsb）文件，系统无法读取：请在 Excel 中打开，“另存为” .xlsx（Excel 工作簿）格式后再导入")
	errBIFF5     = errors.New("这是 Excel 5.0/95 格式的旧版工作簿，系统无法读取：请在 Excel/WPS 中打开，“另存为” .xlsx 格式后再导入")
	errET        = errors.New("这是 WPS 表格（.et）专有格式的文件，系统无法读取：请在 WPS 中打开，“另存为” .xlsx 格式后再导入")
	errXLSBroken = errors.New("文件已损坏（可能没有完整上传或保存），不是有效的 .xls 工作簿：请在 Excel/WPS 中打开确认后“另存为” .xlsx 格式再导入")
	errNotXLS    = errors.New("文件扩展名是 .xls，但内容不是 Excel 工作簿（可能是网页或文本导出的表格）：请在 Excel/WPS 中打开，“另存为” .xlsx 格式后再导入")
)

// formatError names the format of a file the reader refused for being
// another format's (err is readXLSX's message): an .ods, an .xlsb, an
// Excel 95 workbook, a WPS .et of its own format; an OLE file that is
// damaged is a damaged .xls, not a damaged .xlsx.
func formatError(err error, name string, ole bool) error {
	switch {
	case errors.Is(err, xlsx.ErrODS):
		return errODS
	case errors.Is(err, xlsx.ErrXLSB):
		return errXLSB
	case errors.Is(err, xlsx.ErrBIFF5):
		return errBIFF5
	case errors.Is(err, errOLE) && strings.EqualFold(filepath.Ext(name), ".et"):
		return errET
	case ole && errors.Is(err, errCorrupt):
		return errXLSBroken
	}
	return err
}
