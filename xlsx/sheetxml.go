package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// sheetRows reads a worksheet part one <row> at a time, giving the cell
// texts excelize's Rows().Columns() gives with RawCellValue (see next).
type sheetRows struct {
	sc    *xmlScanner
	rc    io.Closer
	sst   []string
	state int
	// dataDepth is the depth of <sheetData>'s children.
	dataDepth int
	row       int // the last row's Excel number, 0 before the first
	err       error

	cells   []string
	noValue []int
	val     []byte // the current cell's <v>
	str     strItem
}

const (
	stBefore = iota // before <sheetData>
	stData          // inside <sheetData>, between rows
	stAfter         // after </sheetData>
	stDone
)

// maxValueBytes bounds the text held for one cell (or shared string)
// while it is read: far above what 32,767 characters take as UTF-8 or
// as _xHHHH_ escapes, so only a cell refused anyway reaches it.
const maxValueBytes = 1 << 20

// excelCellChars is Excel's limit on one cell's text, named in messages.
const excelCellChars = 32_767

// errMaxRow is next's error for a row number past Excel's last row.
var errMaxRow = fmt.Errorf("行号超过 Excel 的上限 %d 行", MaxRow)

// cellTooLong is next's error for a cell whose text passes maxValueBytes.
type cellTooLong struct{ row, col int }

func (e *cellTooLong) Error() string {
	return fmt.Sprintf("%s超过 %d 个字符（Excel 单元格的上限），文件可能已损坏", CellWhere(e.row, e.col), excelCellChars)
}

// CellWhere names a cell (1-based) for a message in Chinese: "单元格 H3 ",
// or "第3行第8列" where the cell is past Excel's last.
func CellWhere(excelRow, col int) string {
	if name, err := excelize.CoordinatesToCellName(col, excelRow); err == nil {
		return "单元格 " + name + " "
	}
	return fmt.Sprintf("第%d行第%d列", excelRow, col)
}

func newSheetRows(rc io.ReadCloser, sst []string) *sheetRows {
	return &sheetRows{sc: newXMLScanner(rc), rc: rc, sst: sst}
}

// Close releases the part's reader.
func (sr *sheetRows) Close() error {
	if sr.rc == nil {
		return nil
	}
	err := sr.rc.Close()
	sr.rc = nil
	return err
}

// next returns the next <row> of the sheet: r is its 0-based index (Excel
// row r+1), cells the cell texts by 0-based column with trailing empty
// cells trimmed, and noValue the 0-based columns whose cell has a formula
// (<f>) but no saved value (no <v> or <is>). The cells slice is reused by
// the next call, the strings in it are not: the caller may keep them.
// Rows without a <row> element are not returned (r shows the gap). At the
// end of the part it returns io.EOF.
//
// Each text is what excelize v2.11.1's Rows().Columns() returns with
// RawCellValue: a shared string (t="s") or inline string (t="inlineStr")
// is its <t> and its runs' <t>s, without phonetic runs, with _xHHHH_
// escapes decoded; any other cell is its raw <v>. Where excelize would
// read a broken sheet some way of its own (rows or cells out of order,
// cells outside a row, XML that is not well-formed or is cut off, an
// unknown shared string, a row number past 1,048,576, an attribute that
// does not parse) next returns an error instead, whose text is a short
// reason in Chinese: the caller names the sheet.
func (sr *sheetRows) next() (r int, cells []string, noValue []int, err error) {
	if sr.err != nil {
		return 0, nil, nil, sr.err
	}
	r, cells, noValue, err = sr.step()
	if err != nil {
		sr.err = err
	}
	return r, cells, noValue, err
}

func (sr *sheetRows) step() (int, []string, []int, error) {
	sc := sr.sc
	for {
		tok, err := sc.next(nil)
		if err != nil {
			return 0, nil, nil, err
		}
		switch tok {
		case tokEOF:
			if !sc.rootSeen {
				return 0, nil, nil, errXML
			}
			sr.state = stDone
			return 0, nil, nil, io.EOF
		case tokEnd:
			if sr.state == stData && sc.depth < sr.dataDepth {
				sr.state = stAfter
			}
			continue
		}
		switch local := string(sc.local); sr.state { // compared only: no allocation
		case stBefore:
			switch local {
			case "row":
				return 0, nil, nil, errors.New("有不在 <sheetData> 中的行")
			case "sheetData":
				sr.state, sr.dataDepth = stData, sc.depth
			}
		case stData:
			switch local {
			case "row":
				return sr.readRow()
			case "c", "sheetData":
				return 0, nil, nil, fmt.Errorf("第%d行之后有不在行中的单元格", sr.row)
			}
		case stAfter:
			if local == "row" {
				return 0, nil, nil, errors.New("<sheetData> 之后还有行")
			}
		}
	}
}

// readRow reads a row whose start tag the scanner is at.
func (sr *sheetRows) readRow() (int, []string, []int, error) {
	sc := sr.sc
	num := sr.row + 1
	for _, a := range sc.attrs {
		if string(a.local) != "r" {
			continue
		}
		n, err := strconv.Atoi(string(a.val))
		switch {
		case err != nil || n < 0:
			return 0, nil, nil, fmt.Errorf("第%d行之后的行号“%s”无效", sr.row, a.val)
		case n > MaxRow:
			return 0, nil, nil, errMaxRow
		case n > 0:
			num = n
		default:
			num = sr.row + 1 // r="0" reads as no number, as in excelize
		}
	}
	if num <= sr.row {
		return 0, nil, nil, fmt.Errorf("第%d行之后的行号 %d 顺序错误", sr.row, num)
	}
	sr.row = num
	sr.cells, sr.noValue = sr.cells[:0], sr.noValue[:0]
	col := 0
	err := sr.within(func(local []byte, _ int) error {
		var err error
		switch string(local) {
		case "c":
			col, err = sr.readCell(col)
		case "row", "sheetData":
			err = fmt.Errorf("第%d行中嵌套了行", num)
		}
		return err
	})
	if err != nil {
		return 0, nil, nil, err
	}
	cells := sr.cells
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return num - 1, cells, sr.noValue, nil
}

// readCell reads a cell whose start tag the scanner is at; prev is the
// previous cell's column (1-based) in the row; it returns this cell's.
func (sr *sheetRows) readCell(prev int) (int, error) {
	col, isInline, isShared, err := sr.cellStart(prev)
	if err != nil {
		return 0, err
	}
	sr.val = sr.val[:0]
	sr.str.reset()
	hasF, hasV, hasIS := false, false, false
	err = sr.within(func(local []byte, _ int) error {
		var err error
		switch string(local) {
		case "v":
			hasV = true
			if sr.val, err = sr.chardata(sr.val[:0]); err != nil {
				return sr.tooLong(err, col)
			}
		case "f":
			hasF = true
			if err := checkFormulaAttrs(sr.sc.attrs); err != nil {
				return fmt.Errorf("第%d行的公式属性无效", sr.row)
			}
			return sr.skip()
		case "is":
			hasV, hasIS = true, true
			if err := sr.str.read(sr); err != nil {
				return sr.tooLong(err, col)
			}
		case "c", "row", "sheetData":
			return fmt.Errorf("第%d行中嵌套了单元格", sr.row)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var val string
	switch {
	case isShared:
		if len(sr.val) > 0 {
			i, err := strconv.Atoi(strings.TrimSpace(string(sr.val)))
			if err != nil || i < 0 || i >= len(sr.sst) {
				return 0, fmt.Errorf("%s的共享字符串编号“%s”无效", strings.TrimSpace(CellWhere(sr.row, col)), sr.val)
			}
			val = sr.sst[i]
		}
	case isInline && hasIS:
		val = sr.str.String()
	case len(sr.val) > 0:
		val = string(sr.val)
	}
	if val != "" || hasF {
		for len(sr.cells) < col-1 {
			sr.cells = append(sr.cells, "")
		}
		sr.cells = append(sr.cells, val)
	}
	if hasF && !hasV {
		sr.noValue = append(sr.noValue, col-1)
	}
	return col, nil
}

// cellStart reads the attributes of the cell whose start tag the scanner
// is at: its column (prev is the previous cell's) and its type.
func (sr *sheetRows) cellStart(prev int) (col int, isInline, isShared bool, err error) {
	sc := sr.sc
	col = prev + 1
	var ref, typ []byte
	hasRef := false
	for _, a := range sc.attrs {
		switch string(a.local) {
		case "r":
			ref, hasRef = a.val, len(a.val) > 0
		case "t":
			typ = a.val
		case "s":
			// s="" is no style given (style 0), as the schema's optional
			// attribute reads; excelize loses such a cell's value.
			if len(a.val) > 0 && !shortDigits(a.val) && parseIntStrict(a.val) != nil {
				return 0, false, false, fmt.Errorf("第%d行的单元格样式编号“%s”无效", sr.row, a.val)
			}
		}
	}
	if hasRef {
		c, err := cellColumn(ref)
		if err != nil {
			return 0, false, false, fmt.Errorf("第%d行的单元格引用“%s”无效", sr.row, ref)
		}
		col = c
	}
	if col <= prev {
		return 0, false, false, fmt.Errorf("第%d行的单元格顺序错误", sr.row)
	}
	if col > MaxColumns {
		return 0, false, false, fmt.Errorf("第%d行的列数超过 Excel 的上限", sr.row)
	}
	// typ points into the scanner's buffer: it is used up here.
	switch string(typ) {
	case "inlineStr":
		isInline = true
	case "s":
		isShared = true
	}
	return col, isInline, isShared, nil
}

// shortDigits tells whether b is 1 to 18 ASCII digits: an int64 for sure.
func shortDigits(b []byte) bool {
	if len(b) == 0 || len(b) > 18 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parseIntStrict parses as excelize parses a cell's s: no space allowed.
func parseIntStrict(b []byte) error {
	_, err := strconv.ParseInt(string(b), 10, 64)
	return err
}

// tooLong names the cell in a cellTooLong error.
func (sr *sheetRows) tooLong(err error, col int) error {
	if errors.Is(err, errValueTooLong) {
		return &cellTooLong{row: sr.row, col: col}
	}
	return err
}

var errValueTooLong = errors.New("单元格内容过长")

// chardata appends the character data directly inside the element the
// scanner is at (nested elements skipped, as encoding/xml decodes a
// string) and reads past its end.
func (sr *sheetRows) chardata(dst []byte) ([]byte, error) {
	sc := sr.sc
	d := sc.depth
	for {
		text := &dst
		if sc.depth != d || len(dst) > maxValueBytes {
			text = nil
		}
		tok, err := sc.next(text)
		if err != nil {
			return dst, err
		}
		if tok == tokEnd && sc.depth < d {
			if len(dst) > maxValueBytes {
				return dst, errValueTooLong
			}
			return dst, nil
		}
	}
}

// skip reads past the end of the element the scanner is at.
func (sr *sheetRows) skip() error {
	sc := sr.sc
	d := sc.depth
	for {
		tok, err := sc.next(nil)
		if err != nil {
			return err
		}
		if tok == tokEnd && sc.depth < d {
			return nil
		}
	}
}

// cellColumn is the 1-based column of a cell reference, as excelize's
// CellNameToCoordinates reads it (which it calls for anything unusual).
func cellColumn(ref []byte) (int, error) {
	col, i := 0, 0
	for i < len(ref) && 'A' <= ref[i] && ref[i] <= 'Z' && i < 3 {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	row := 0
	j := i
	for j < len(ref) && '0' <= ref[j] && ref[j] <= '9' && j-i < 7 {
		row = row*10 + int(ref[j]-'0')
		j++
	}
	if i > 0 && j == len(ref) && j > i && ref[i] != '0' && row <= MaxRow && col <= MaxColumns {
		return col, nil
	}
	c, _, err := excelize.CellNameToCoordinates(string(ref))
	return c, err
}

// checkFormulaAttrs checks the attributes excelize decodes as numbers or
// booleans when it reads an <f>: one that does not parse loses the cell's
// value there.
func checkFormulaAttrs(attrs []xmlAttr) error {
	for _, a := range attrs {
		switch string(a.local) {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if err := parseBoolAttr(a.val); err != nil {
				return err
			}
		case "si":
			if err := parseIntAttr(a.val, 64); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseBoolAttr, parseIntAttr, parseUintAttr and parseFloatAttr check an
// attribute the way encoding/xml parses it into a field of that type.
func parseBoolAttr(v []byte) error {
	if len(v) == 0 {
		return nil
	}
	_, err := strconv.ParseBool(strings.TrimSpace(string(v)))
	return err
}

func parseIntAttr(v []byte, bits int) error {
	if len(v) == 0 {
		return nil
	}
	_, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, bits)
	return err
}

func parseUintAttr(v []byte, bits int) error {
	if len(v) == 0 {
		return nil
	}
	_, err := strconv.ParseUint(strings.TrimSpace(string(v)), 10, bits)
	return err
}

func parseFloatAttr(v []byte) error {
	if len(v) == 0 {
		return nil
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(string(v)), 64)
	return err
}

// strItem is a string item (<si> or <is>) as excelize's xlsxSI holds it:
// its last direct <t>, and the last <t> of each <r> run.
type strItem struct {
	t    []byte
	runs []byte
	run  []byte
}

func (s *strItem) reset() {
	s.t, s.runs = s.t[:0], s.runs[:0]
}

// String is xlsxSI.String: the text and the runs', _xHHHH_ escapes decoded.
func (s *strItem) String() string {
	if len(s.t)+len(s.runs) == 0 {
		return ""
	}
	b := make([]byte, 0, len(s.t)+len(s.runs))
	b = append(append(b, s.t...), s.runs...)
	if bytes.Contains(b, []byte("_x")) {
		b = bstrUnmarshal(b)
	}
	return string(b)
}

// within steps through the element whose start tag the scanner is at,
// up to its end tag, calling fn at the start tag of each element inside
// it with its depth below it (1 for a child). fn may read that element
// or leave it: what it leaves is stepped through too.
func (sr *sheetRows) within(fn func(local []byte, depth int) error) error {
	sc := sr.sc
	d := sc.depth
	for {
		tok, err := sc.next(nil)
		if err != nil {
			return err
		}
		if tok == tokEnd {
			if sc.depth < d {
				return nil
			}
			continue
		}
		if err := fn(sc.local, sc.depth-d); err != nil {
			return err
		}
	}
}

// children is within for the element's children alone.
func (sr *sheetRows) children(fn func(local []byte) error) error {
	return sr.within(func(local []byte, depth int) error {
		if depth != 1 {
			return nil
		}
		return fn(local)
	})
}

// read reads the item whose start tag the scanner is at. Decoding into
// the same item again (two <is> in a cell) keeps what excelize keeps: the
// last <t>, all the runs.
func (s *strItem) read(sr *sheetRows) error {
	sc := sr.sc
	return sr.children(func(local []byte) error {
		var err error
		switch string(local) {
		case "t":
			s.t, err = sr.chardata(s.t[:0])
			return err
		case "r":
			return s.readRun(sr)
		case "rPh":
			for _, a := range sc.attrs {
				if l := string(a.local); (l == "sb" || l == "eb") && parseUintAttr(a.val, 32) != nil {
					return errors.New("注音属性无效")
				}
			}
		case "phoneticPr":
			for _, a := range sc.attrs {
				if string(a.local) == "fontId" && parseIntAttr(a.val, 64) != nil {
					return errors.New("注音属性无效")
				}
			}
		}
		return sr.skip()
	})
}

// readRun reads an <r> run: its last <t> joins the item's runs; its
// <rPr> is checked as excelize decodes it.
func (s *strItem) readRun(sr *sheetRows) error {
	s.run = s.run[:0]
	err := sr.children(func(local []byte) error {
		var err error
		switch string(local) {
		case "t":
			s.run, err = sr.chardata(s.run[:0])
			return err
		case "rPr":
			return checkRunProps(sr)
		}
		return sr.skip()
	})
	if err != nil {
		return err
	}
	s.runs = append(s.runs, s.run...)
	if len(s.runs) > maxValueBytes {
		return errValueTooLong
	}
	return nil
}

// checkRunProps reads an <rPr>, checking the typed attributes of its
// children as excelize's xlsxRPr decodes them.
func checkRunProps(sr *sheetRows) error {
	sc := sr.sc
	bad := errors.New("富文本格式属性无效")
	return sr.children(func(local []byte) error {
		el := string(local)
		for _, a := range sc.attrs {
			al := string(a.local)
			var err error
			switch {
			case al == "val" && (el == "charset" || el == "family"):
				err = parseIntAttr(a.val, 64)
			case al == "val" && (el == "b" || el == "i" || el == "strike" || el == "outline" || el == "shadow" || el == "condense" || el == "extend"):
				err = parseBoolAttr(a.val)
			case al == "val" && el == "sz":
				err = parseFloatAttr(a.val)
			case el == "color" && al == "auto":
				err = parseBoolAttr(a.val)
			case el == "color" && (al == "indexed" || al == "theme"):
				err = parseIntAttr(a.val, 64)
			case el == "color" && al == "tint":
				err = parseFloatAttr(a.val)
			}
			if err != nil {
				return bad
			}
		}
		return nil
	})
}

// bstrUnmarshal decodes the _xHHHH_ escapes of a string item as excelize's
// bstrUnmarshal does: _x005F_ is '_', a surrogate is dropped.
func bstrUnmarshal(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			n, _ := strconv.ParseUint(string(s[i+2:i+6]), 16, 32)
			if r := rune(n); string(s[i:i+7]) == "_x005F_" { // #nosec G115 -- four hex digits
				out = append(out, '_')
			} else if !(r >= 0xD800 && r <= 0xDFFF) {
				out = utf8.AppendRune(out, r)
			}
			i += 7
			continue
		}
		out = append(out, s[i])
		i++
	}
	return out
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// readSST reads a shared-string table: each <si> of the root <sst> as
// xlsxSI.String gives it. Like excelize, it reads the root element and
// nothing after it, and reads a part without one as an empty table; it
// does not check the root's namespace.
func readSST(r io.Reader) ([]string, error) {
	sr := &sheetRows{sc: newXMLScanner(r)}
	sc := sr.sc
	for {
		tok, err := sc.next(nil)
		if err != nil {
			return nil, err
		}
		if tok == tokEOF {
			return nil, nil
		}
		if tok == tokStart {
			break
		}
	}
	if string(sc.local) != "sst" {
		return nil, errors.New("根元素不是 <sst>")
	}
	for _, a := range sc.attrs {
		if l := string(a.local); (l == "count" || l == "uniqueCount") && parseIntAttr(a.val, 64) != nil {
			return nil, errors.New("计数属性无效")
		}
	}
	var out []string
	var it strItem
	for {
		tok, err := sc.next(nil)
		if err != nil {
			return nil, err
		}
		switch {
		case tok == tokEnd && sc.depth == 0:
			return out, nil
		case tok == tokStart && sc.depth == 2 && string(sc.local) == "si":
			it.reset()
			if err := it.read(sr); err != nil {
				if errors.Is(err, errValueTooLong) {
					return nil, fmt.Errorf("第%d个字符串超过 %d 个字符", len(out)+1, excelCellChars)
				}
				return nil, err
			}
			out = append(out, it.String())
		case tok == tokStart:
			if err := sr.skip(); err != nil {
				return nil, err
			}
		}
	}
}
