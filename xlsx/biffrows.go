package xlsx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// biffCell is where a cell record of a sheet lies: its row and the
// offset of its header in the stream.
type biffCell struct {
	row uint16
	off int32
}

// biffRows reads a sheet's rows from the cell records a first pass
// listed, in row order (a writer may put them in any order; Excel and
// LibreOffice write them in order, and the sort is stable).
type biffRows struct {
	ws    []byte
	sst   []string
	cells []biffCell
	k     int // the next of cells to read
	row   []string
}

// errSheetCut: a sheet's records end before its EOF.
var (
	errSheetCut = errors.New("工作表的数据不完整（文件可能没有完整上传或保存）")
	errNoSheet  = errors.New("找不到工作表的内容")
)

// scanSheet is the first pass over a sheet's substream: it lists the
// cell records (at most maxCells) and reads the merged ranges (at most
// maxMerges). A chart's substream inside the sheet is stepped over.
func scanSheet(ws []byte, off, maxCells, maxMerges int) ([]biffCell, []Range, error) {
	rec, err := readRecord(ws, off)
	if err != nil || rec.typ != recBOF || len(rec.data()) < 2 || binary.LittleEndian.Uint16(rec.data()) != biff8 {
		return nil, nil, errNoSheet
	}
	// A chart sheet's substream holds its series' data as cell records:
	// the sheet has no cells, as its .xlsx twin's chartsheet part has none.
	chart := len(rec.data()) >= 4 && binary.LittleEndian.Uint16(rec.data()[2:]) == bofChart
	var cells []biffCell
	var merges []Range
	depth := 0
	for off = rec.next; ; off = rec.next {
		if rec, err = readRecord(ws, off); err != nil {
			return nil, nil, errSheetCut
		}
		switch rec.typ {
		case recBOF:
			depth++
		case recEOF:
			if depth == 0 {
				return cells, merges, nil
			}
			depth--
		case recLabelSST, recLabel, recRString, recNumber, recRK, recMulRK, recFormula, recBoolErr:
			if depth > 0 || chart {
				continue
			}
			d := rec.data()
			if len(d) < 2 {
				return nil, nil, fmt.Errorf("单元格记录不完整（第%d字节）", off)
			}
			if len(cells) >= maxCells {
				return nil, nil, &LimitError{What: LimitCells, Limit: int64(maxCells)}
			}
			cells = append(cells, biffCell{row: binary.LittleEndian.Uint16(d), off: int32(off)}) // #nosec G115 -- the stream is smaller than the file, at most the upload limit
		case recMergeCells:
			if depth > 0 || chart {
				continue
			}
			if merges, err = mergeCells(rec, merges, maxMerges); err != nil {
				return nil, nil, err
			}
		}
	}
}

// mergeCells reads a MERGECELLS record ([MS-XLS] 2.4.168): a count, then
// as many Ref8 ranges (first row, last row, first column, last column).
func mergeCells(rec biffRecord, merges []Range, maxMerges int) ([]Range, error) {
	d := rec.data()
	if len(d) < 2 {
		return nil, errors.New("合并单元格记录不完整")
	}
	n := int(binary.LittleEndian.Uint16(d))
	if 2+8*n > len(d) {
		return nil, errors.New("合并单元格记录不完整")
	}
	for i := range n {
		p := d[2+8*i:]
		r1, r2 := int(binary.LittleEndian.Uint16(p)), int(binary.LittleEndian.Uint16(p[2:]))
		c1, c2 := int(binary.LittleEndian.Uint16(p[4:])), int(binary.LittleEndian.Uint16(p[6:]))
		merges = append(merges, Range{Top: min(r1, r2), Bottom: max(r1, r2), Left: min(c1, c2), Right: max(c1, c2)})
		if len(merges) > maxMerges {
			return nil, errTooManyMerges
		}
	}
	return merges, nil
}

func newBIFFRows(ws []byte, sst []string, cells []biffCell) *biffRows {
	slices.SortStableFunc(cells, func(a, b biffCell) int { return int(a.row) - int(b.row) })
	return &biffRows{ws: ws, sst: sst, cells: cells}
}

// next returns the next row holding a value, as sheetRows.next does:
// its 0-based index, its cells by 0-based column with trailing empty
// ones trimmed. A formula's cell is its saved result (an .xls always
// has one), so no cell is without its value.
func (br *biffRows) next() (int, []string, []int, error) {
	for br.k < len(br.cells) {
		r := br.cells[br.k].row
		br.row = br.row[:0]
		for ; br.k < len(br.cells) && br.cells[br.k].row == r; br.k++ {
			if err := br.cell(int(br.cells[br.k].off)); err != nil {
				return 0, nil, nil, err
			}
		}
		for len(br.row) > 0 && br.row[len(br.row)-1] == "" {
			br.row = br.row[:len(br.row)-1]
		}
		if len(br.row) > 0 {
			return int(r), br.row, nil, nil
		}
	}
	return 0, nil, nil, io.EOF
}

func (br *biffRows) Close() error { return nil }

// set puts a cell's text in the row.
func (br *biffRows) set(col int, v string) {
	for len(br.row) <= col {
		br.row = append(br.row, "")
	}
	br.row[col] = v
}

// cell reads the cell record at off into the row.
func (br *biffRows) cell(off int) error {
	rec, err := readRecord(br.ws, off)
	if err != nil {
		return err
	}
	d := rec.data()
	if len(d) < 6 {
		return errShortCell(d)
	}
	row, col := int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:]))
	if col >= MaxColumns {
		return fmt.Errorf("第%d行的列数超过 Excel 的上限", row+1)
	}
	switch rec.typ {
	case recNumber:
		if len(d) < 14 {
			return errShortCell(d)
		}
		br.set(col, formatNumber(math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
	case recRK:
		if len(d) < 10 {
			return errShortCell(d)
		}
		br.set(col, formatNumber(rkNumber(binary.LittleEndian.Uint32(d[6:]))))
	case recMulRK:
		return br.mulRK(d, col)
	case recLabelSST:
		if len(d) < 10 {
			return errShortCell(d)
		}
		i := binary.LittleEndian.Uint32(d[6:])
		if int64(i) >= int64(len(br.sst)) {
			return fmt.Errorf("%s的共享字符串编号“%d”无效", CellWhere(row+1, col+1), i)
		}
		br.set(col, br.sst[i])
	case recLabel, recRString:
		c := newCursor(rec)
		_ = c.skip(6)
		s, err := c.unicodeString()
		if err != nil {
			return fmt.Errorf("%s的文字不完整", CellWhere(row+1, col+1))
		}
		br.set(col, s)
	case recBoolErr:
		if len(d) < 8 {
			return errShortCell(d)
		}
		br.set(col, boolErr(d[6], d[7] != 0))
	case recFormula:
		return br.formula(rec, row, col)
	}
	return nil
}

func errShortCell(d []byte) error {
	if len(d) >= 4 {
		return fmt.Errorf("%s的记录不完整", CellWhere(int(binary.LittleEndian.Uint16(d))+1, int(binary.LittleEndian.Uint16(d[2:]))+1))
	}
	return errors.New("单元格记录不完整")
}

// mulRK reads a MULRK record: a row, its first column, then (style, RK)
// pairs for the columns on from it, then its last column.
func (br *biffRows) mulRK(d []byte, first int) error {
	n := (len(d) - 6) / 6
	if len(d) < 12 || (len(d)-6)%6 != 0 || first+n > MaxColumns {
		return errShortCell(d)
	}
	for i := range n {
		br.set(first+i, formatNumber(rkNumber(binary.LittleEndian.Uint32(d[4+6*i+2:]))))
	}
	return nil
}

// formula reads a FORMULA record's saved result ([MS-XLS] 2.5.133): a
// number, or (where its last two bytes are 0xFFFF) a string in the
// STRING record after it, a boolean, an error or an empty string.
func (br *biffRows) formula(rec biffRecord, row, col int) error {
	d := rec.data()
	if len(d) < 14 {
		return errShortCell(d)
	}
	v := d[6:14]
	if v[6] != 0xFF || v[7] != 0xFF {
		br.set(col, formatNumber(math.Float64frombits(binary.LittleEndian.Uint64(v))))
		return nil
	}
	switch v[0] {
	case 0:
		s, err := br.formulaString(rec.next)
		if err != nil {
			return fmt.Errorf("%s的公式结果不完整", CellWhere(row+1, col+1))
		}
		br.set(col, s)
	case 1:
		br.set(col, boolErr(v[2], false))
	case 2:
		br.set(col, boolErr(v[2], true))
	default:
		br.set(col, "")
	}
	return nil
}

// formulaString reads the STRING record after a formula's (past a
// shared formula, an array or a table it may define).
func (br *biffRows) formulaString(off int) (string, error) {
	for range 4 {
		rec, err := readRecord(br.ws, off)
		if err != nil {
			return "", err
		}
		switch rec.typ {
		case recShrFmla, recArray, recTable:
			off = rec.next
			continue
		case recString:
			return newCursor(rec).unicodeString()
		}
		break
	}
	return "", errShort
}

// boolErr is a boolean's or an error's raw text, as the .xlsx reader
// gives a t="b" or t="e" cell: "1"/"0", or the error's name.
func boolErr(v byte, isErr bool) string {
	if !isErr {
		if v != 0 {
			return "1"
		}
		return "0"
	}
	switch v {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	case 0x2B:
		return "#GETTING_DATA"
	}
	return "#N/A"
}

// rkNumber decodes an RK number ([MS-XLS] 2.5.217): a 30-bit signed
// integer or the high 30 bits of a float64, divided by 100 when its
// lowest bit says so.
func rkNumber(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2) // #nosec G115 -- the bits are a signed integer
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

// formatNumber writes a number as the .xlsx reader gives the same cell
// written by excelize (and LibreOffice): the shortest text that reads
// back as the same float64, never in exponent form.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// xlsRows starts reading sheet i of an .xls: the shared strings (read
// with the first sheet), then a first pass over the sheet's records
// for its cells and merged ranges.
func (b *Book) xlsRows(i int) (*Rows, error) {
	sh := b.xls.sheets[i]
	sst, err := b.xls.sharedStrings(b.lim.PartBytes)
	if err != nil {
		return nil, b.sheetError(sh.name, OpOpen, err)
	}
	cells, merges, err := scanSheet(b.xls.ws, sh.off, b.lim.Cells, b.lim.MergedCells/2)
	switch {
	case errors.Is(err, errNoSheet):
		return nil, b.sheetError(sh.name, OpOpen, err)
	case err != nil:
		return nil, b.sheetError(sh.name, OpRows, err)
	}
	rows := &Rows{b: b, sheet: sh.name, sr: newBIFFRows(b.xls.ws, sst, cells), merges: merges}
	b.opened = append(b.opened, rows)
	return rows, nil
}
