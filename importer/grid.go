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

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// grid is one sheet as text cells, before any meaning is given to them.
// Row i of rows is Excel row i+1.
type grid struct {
	name   string
	rows   [][]string
	merges []mergeRange
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

func (g *grid) set(r, c int, v string) {
	for len(g.rows[r]) <= c {
		g.rows[r] = append(g.rows[r], "")
	}
	g.rows[r][c] = v
}

// Limits on what one workbook may unpack to: a small zip of a huge sheet
// (a zip bomb) is refused instead of filling memory.
const (
	unzipLimit    = 200 << 20
	unzipXMLLimit = 64 << 20
	maxRows       = 1_048_576 // Excel's own row limit
)

var errOLE = errors.New("这是旧版 Excel（.xls）文件，系统无法读取：请在 Excel 中“另存为” .xlsx 格式后再导入")

// oleMagic starts every .xls (OLE compound) file, and encrypted .xlsx too.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// readWorkbook reads every sheet of an .xlsx file, or the one sheet of a .csv.
func readWorkbook(r io.Reader, name string) (gs []grid, err error) {
	br := &peekReader{r: r}
	head, _ := br.peek(8)
	if bytes.Equal(head, oleMagic) {
		return nil, errOLE
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xls":
		return nil, errOLE
	case ".csv":
		return readCSV(br, name)
	}
	if !bytes.HasPrefix(head, []byte("PK")) {
		return nil, errors.New("文件不是有效的 xlsx 工作簿（也不是 CSV），请确认文件格式")
	}
	return readXLSX(br)
}

func readXLSX(r io.Reader) (gs []grid, err error) {
	// excelize has panicked on malformed files before; a bad upload must
	// be a clear message, never a crash.
	defer func() {
		if v := recover(); v != nil {
			gs, err = nil, errors.New("文件已损坏或不是有效的 xlsx 工作簿")
		}
	}()
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipXMLLimit})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, errors.New("文件不是有效的 xlsx 工作簿，请确认文件格式")
		}
		if strings.Contains(err.Error(), "size") {
			return nil, errors.New("工作簿解压后过大，已拒绝读取")
		}
		return nil, fmt.Errorf("文件已损坏或不是有效的 xlsx 工作簿（%v）", err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		g, err := readSheet(f, sheet)
		if err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return gs, nil
}

func readSheet(f *excelize.File, sheet string) (grid, error) {
	g := grid{name: sheet}
	rows, err := f.Rows(sheet)
	if err != nil {
		return g, fmt.Errorf("工作表“%s”无法读取：%v", sheet, err)
	}
	defer rows.Close()
	for rows.Next() {
		if len(g.rows) >= maxRows {
			return g, fmt.Errorf("工作表“%s”超过 %d 行", sheet, maxRows)
		}
		cols, err := rows.Columns()
		if err != nil {
			return g, fmt.Errorf("工作表“%s”第%d行无法读取：%v", sheet, len(g.rows)+1, err)
		}
		g.rows = append(g.rows, cols)
	}
	if err := rows.Error(); err != nil {
		return g, fmt.Errorf("工作表“%s”已损坏：%v", sheet, err)
	}
	// Trailing empty rows (formatting only) carry nothing.
	for len(g.rows) > 0 && blank(g.rows[len(g.rows)-1]) {
		g.rows = g.rows[:len(g.rows)-1]
	}
	merges, err := f.GetMergeCells(sheet, true) // values come from the rows already read
	if err != nil {
		return g, fmt.Errorf("工作表“%s”的合并单元格无法读取：%v", sheet, err)
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		g.merges = append(g.merges, mergeRange{top: r1 - 1, left: c1 - 1, bottom: r2 - 1, right: c2 - 1})
	}
	return g, nil
}

func readCSV(r io.Reader, name string) ([]grid, error) {
	b, err := io.ReadAll(io.LimitReader(r, unzipLimit+1))
	if err != nil {
		return nil, err
	}
	if len(b) > unzipLimit {
		return nil, errors.New("CSV 文件过大，已拒绝读取")
	}
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
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CSV 第%d行无法读取：%v", len(g.rows)+1, err)
		}
		g.rows = append(g.rows, rec)
		if len(g.rows) > maxRows {
			return nil, fmt.Errorf("CSV 超过 %d 行", maxRows)
		}
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

// peekReader lets the first bytes be looked at and still be read.
type peekReader struct {
	r   io.Reader
	buf []byte
}

func (p *peekReader) peek(n int) ([]byte, error) {
	for len(p.buf) < n {
		tmp := make([]byte, n-len(p.buf))
		k, err := p.r.Read(tmp)
		p.buf = append(p.buf, tmp[:k]...)
		if err != nil {
			return p.buf, err
		}
	}
	return p.buf[:n], nil
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}
