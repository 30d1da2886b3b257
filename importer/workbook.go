package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"portfolio/xlsx"
)

// Limits on what one workbook may hold beyond the reader's own (see
// xlsx.Limits, whose defaults the .xlsx reader keeps): a CSV, and a
// workbook read through excelize, are held to the same.
const (
	// DefaultMaxBytes is the largest file read when ParseOptions.MaxBytes is 0.
	DefaultMaxBytes = 64 << 20
	// maxRows is Excel's own row limit, for one sheet or CSV.
	maxRows = xlsx.MaxRow
	// maxRowsRead bounds the rows stepped through in the whole workbook,
	// empty ones included: four sheets formatted down to Excel's last row.
	maxRowsRead = xlsx.DefaultRowsRead
	// maxCells bounds the cells kept in the whole workbook.
	maxCells = xlsx.DefaultCells
	// maxMergedCells bounds the cells that merged ranges cover in a sheet
	// (after clipping to the cells read): overlapping merges, which Excel
	// never writes, would otherwise make filling them quadratic.
	maxMergedCells = xlsx.DefaultMergedCells
	// maxCellChars is Excel's limit on one cell's text.
	maxCellChars = xlsx.DefaultCellChars
)

var (
	errOLE       = errors.New("这是 OLE 复合文档，但其中没有 Excel 工作簿（可能是 Word、PowerPoint 或 WPS 专有格式的文件）：请在 WPS/Excel 中打开，“另存为” .xlsx 格式后再导入")
	errEncrypted = errors.New("工作簿已加密（设有打开密码），系统无法读取：请在 Excel 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存为 .xlsx 再导入")
	errNotXLSX   = errors.New("文件不是有效的 xlsx 工作簿（也不是 CSV），请确认文件格式")
	errCSVAsXLSX = errors.New("文件扩展名是 .xlsx，但内容是文本（CSV）：请在 Excel 中“另存为” .xlsx，或把扩展名改为 .csv 后再导入")
	errCorrupt   = errors.New("文件已损坏（可能没有完整上传或保存），不是有效的 xlsx 工作簿：请在 Excel 中打开确认后重新保存再导入")
	errUnzip     = fmt.Errorf("工作簿解压后过大（超过上限 %s，可能是压缩炸弹），已拒绝读取", sizeText(xlsx.DefaultUnzippedBytes))
	errTooMany   = fmt.Errorf("工作簿的数据过多（超过 %d 万个单元格或 %d 万行，含空行），已拒绝读取：请删去多余的行、列和格式后再导入", maxCells/10_000, maxRowsRead/10_000)
)

// tooLarge is the message for a file over the size limit.
func tooLarge(limit int64) error {
	return fmt.Errorf("文件过大：超过上限 %s，已拒绝读取", sizeText(limit))
}

// sizeText shows a byte count for a message: 64 MB, 300 KB, 12 字节.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// maxBytes is the file size limit the options give.
func (o ParseOptions) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// budget counts what one workbook has cost so far against the limits.
type budget struct {
	rowsRead, cells int
	pr              *tracker // the read stage, counted in rows
}

func (b *budget) spend(rows, cells int) error {
	b.rowsRead += rows
	b.cells += cells
	b.pr.add(int64(rows))
	if b.rowsRead > maxRowsRead || b.cells > maxCells {
		return errTooMany
	}
	return nil
}

// readWorkbook reads every sheet of an .xlsx or .xls file, or the one
// sheet of a .csv, refusing a file over limit bytes before reading past the limit.
func readWorkbook(r io.Reader, name string, limit int64, opt ParseOptions) (book, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("无法读取文件：%w", err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(limit)
	}
	return readWorkbookAt(bytes.NewReader(data), int64(len(data)), name, limit, opt)
}

// readWorkbookAt is readWorkbook over a file of size bytes that can be
// read where it lies (an *os.File): an .xlsx is read part by part, never
// whole into memory; an .xls (an OLE compound file, whatever its name:
// WPS saves its .et in the same form) record by record.
func readWorkbookAt(ra io.ReaderAt, size int64, name string, limit int64, opt ParseOptions) (book, error) {
	if size > limit {
		return nil, tooLarge(limit)
	}
	head := make([]byte, min(size, 4096))
	if _, err := ra.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("无法读取文件：%w", err)
	}
	isZip := bytes.HasPrefix(head, []byte("PK"))
	if !xlsx.IsOLE(head) {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".xls", ".et":
			if !isZip {
				return nil, errNotXLS
			}
		case ".csv":
			data := make([]byte, size)
			if _, err := ra.ReadAt(data, 0); err != nil && err != io.EOF {
				return nil, fmt.Errorf("无法读取文件：%w", err)
			}
			gs, err := readCSV(data, name, opt.Progress)
			if err != nil {
				return nil, err
			}
			return gridBook(gs), nil
		}
	}
	switch {
	case !isZip && !xlsx.IsOLE(head) && looksLikeText(head):
		return nil, errCSVAsXLSX
	case isZip && opt.Reader == ReaderExcelize:
		return readExcelize(ra, size, opt.Progress)
	}
	b, err := readXLSX(ra, size, opt)
	if err != nil {
		return nil, formatError(err, name, xlsx.IsOLE(head))
	}
	return b, nil
}

// looksLikeText tells a text file (a CSV saved under another name) from
// binary: no control bytes but tabs and line ends in its first 4 KB.
// Bytes of 0x80 and above pass, for UTF-8 and GBK text.
func looksLikeText(b []byte) bool {
	if len(b) > 4096 {
		b = b[:4096]
	}
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F {
			return false
		}
	}
	return true
}

// checkCells refuses a cell longer than Excel allows: Excel cannot have
// written it, and a row of them is a way to fill memory.
func checkCells(sheet string, excelRow int, cols []string) error {
	for c, v := range cols {
		if len(v) > maxCellChars && utf8.RuneCountInString(v) > maxCellChars {
			where := xlsx.CellWhere(excelRow, c+1)
			if sheet == "" {
				return fmt.Errorf("CSV %s超过 %d 个字符（Excel 单元格的上限），文件可能已损坏", where, maxCellChars)
			}
			return fmt.Errorf("工作表“%s”的%s超过 %d 个字符（Excel 单元格的上限），文件可能已损坏", sheet, where, maxCellChars)
		}
	}
	return nil
}
