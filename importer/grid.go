package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"portfolio/xlsx"
)

// grid is one sheet as text cells, before any meaning is given to them.
// Row i of rows is Excel row i+1.
type grid struct {
	name   string
	rows   [][]string
	merges []mergeRange
	// noValue holds the cells (0-based row, column) whose formula was
	// saved without its result: they read as empty but are not.
	noValue map[[2]int]bool
}

// mergeRange is a merged block, 0-based and inclusive.
type mergeRange struct {
	top, left, bottom, right int
}

func (g *grid) cell(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

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
	errOLE       = errors.New("这是旧版 Excel（.xls）文件，系统无法读取：请在 Excel 中“另存为” .xlsx 格式后再导入")
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

// readWorkbook reads every sheet of an .xlsx file, or the one sheet of a
// .csv, refusing a file over limit bytes before reading past the limit.
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
// whole into memory.
func readWorkbookAt(ra io.ReaderAt, size int64, name string, limit int64, opt ParseOptions) (book, error) {
	if size > limit {
		return nil, tooLarge(limit)
	}
	head := make([]byte, min(size, 4096))
	if _, err := ra.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("无法读取文件：%w", err)
	}
	if !xlsx.IsOLE(head) {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".xls":
			return nil, errOLE
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
	isZip := bytes.HasPrefix(head, []byte("PK"))
	switch {
	case !isZip && !xlsx.IsOLE(head) && looksLikeText(head):
		return nil, errCSVAsXLSX
	case isZip && opt.Reader == ReaderExcelize:
		return readExcelize(ra, size, opt.Progress)
	}
	return readXLSX(ra, size, opt)
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

func readCSV(b []byte, name string, progress ProgressFunc) ([]grid, error) {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		// Excel in China saves CSV as GBK unless told otherwise.
		if u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
			b = u
		}
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	g := grid{name: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))}
	bud := &budget{pr: progress.start(StageRead, csvRows(b))}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CSV 第%d行无法读取：格式错误", len(g.rows)+1)
		}
		if err := bud.spend(1, len(rec)); err != nil {
			return nil, err
		}
		if err := checkCells("", len(g.rows)+1, rec); err != nil {
			return nil, err
		}
		g.rows = append(g.rows, rec)
		if len(g.rows) > maxRows {
			return nil, fmt.Errorf("CSV 超过 %d 行", maxRows)
		}
	}
	// Trailing empty lines carry nothing.
	for len(g.rows) > 0 && blank(g.rows[len(g.rows)-1]) {
		g.rows = g.rows[:len(g.rows)-1]
	}
	return []grid{g}, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
