package xlsx

import (
	"bytes"
	"errors"
	"io"
	"runtime/debug"
	"unicode/utf8"
)

// Book is a workbook: an .xlsx read part by part from its zip, each
// part inflated as it is read, or an .xls read record by record from its
// Workbook stream; the sheet list, then each sheet a row at a time. A
// Book and its Rows are for one goroutine at a time.
type Book struct {
	ooxmlPackage
	sheets []bookSheet // in workbook order (an .xlsx's)
	xls    *biffBook   // an .xls; nil for an .xlsx
	budget

	sstRead bool
	sst     []string
	sstErr  error

	opened []*Rows // not yet closed: closed with the book
}

// budget counts what a book has cost against its limits, across sheets.
type budget struct {
	lim             Limits
	rowsRead, cells int
}

// Range is a merged block of cells, 0-based and inclusive.
type Range struct {
	Top, Left, Bottom, Right int
}

// oleSignature starts every OLE compound file: an .xls, or an encrypted
// .xlsx.
const oleSignature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

// IsOLE tells whether a file's first bytes are an OLE compound file's.
func IsOLE(head []byte) bool { return bytes.HasPrefix(head, []byte(oleSignature)) }

// Open opens a workbook of size bytes from ra (an *os.File is read where
// it lies, not into memory), within the default limits changed by opts:
// an .xlsx, or an .xls (Excel 97–2003, BIFF8; its Workbook stream is
// read into memory, at most the file's size). An OLE compound file that
// holds no BIFF8 workbook is ErrEncrypted, ErrBIFF5 or ErrOLE; a zip
// that is another format's package ErrODS or ErrXLSB; anything else
// that is not a zip ErrNotZip.
func Open(ra io.ReaderAt, size int64, opts ...Option) (b *Book, err error) {
	defer recoverTo(&err)
	head := make([]byte, min(size, 8))
	if _, err := ra.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, err
	}
	lim := limitsOf(opts)
	if IsOLE(head) {
		x, err := openBIFF(io.NewSectionReader(ra, 0, size), size)
		if err != nil {
			return nil, err
		}
		return &Book{xls: x, budget: budget{lim: lim}}, nil
	}
	if !bytes.HasPrefix(head, []byte("PK")) {
		return nil, ErrNotZip
	}
	p, err := openPackage(ra, size, lim)
	if err != nil {
		return nil, err
	}
	b = &Book{ooxmlPackage: p, budget: budget{lim: lim}}
	if b.sheets, err = b.sheetList(); err != nil {
		return nil, p.lookAlike(err)
	}
	return b, nil
}

// recoverTo turns a panic of the reader into a *PanicError in *err: a
// bad upload must be a clear message, never a crash.
func recoverTo(err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Value: v, Stack: debug.Stack()}
	}
}

// RowsHint estimates the rows stepped through in all sheets, for
// progress; 0 when there is no estimate.
func (b *Book) RowsHint() int64 {
	if b.xls != nil {
		return b.xls.rowsHint()
	}
	return b.rowsHint(b.parts())
}

// Close closes the sheets still open. It does not close the ReaderAt.
func (b *Book) Close() error {
	var err error
	for _, r := range b.opened {
		err = errors.Join(err, r.sr.Close())
	}
	b.opened = nil
	return err
}

// Rows is one sheet being read: its merged ranges, then its rows.
type Rows struct {
	b      *Book
	sheet  string
	sr     rowReader
	merges []Range
	next0  int // the row after the last one read
}

// rowReader reads a sheet's rows (see Rows.Next): an .xlsx's sheetRows,
// an .xls's biffRows.
type rowReader interface {
	next() (row int, cells []string, noValue []int, err error)
	Close() error
}

// Rows starts reading sheet i (of Sheets). Its merged ranges follow the
// rows in the XML but are needed first: a pass of their own reads them,
// on a second core while the shared strings (read with the first sheet)
// and the sheet's first rows are read.
func (b *Book) Rows(i int) (rows *Rows, err error) {
	defer recoverTo(&err)
	if b.xls != nil {
		return b.xlsRows(i)
	}
	sheet := b.sheets[i].name
	type scanned struct {
		merges []Range
		err    error
	}
	pre := make(chan scanned, 1)
	go func() {
		var sc scanned
		defer func() {
			recoverTo(&sc.err)
			pre <- sc
		}()
		sc.merges, sc.err = b.merges(sheet)
	}()
	sr, rowsErr := b.rows(sheet)
	sc := <-pre
	if sc.err != nil {
		if rowsErr == nil {
			_ = sr.Close()
		}
		return nil, b.sheetError(sheet, OpMerges, sc.err)
	}
	if rowsErr != nil {
		return nil, b.sheetError(sheet, OpOpen, rowsErr)
	}
	rows = &Rows{b: b, sheet: sheet, sr: sr, merges: sc.merges}
	b.opened = append(b.opened, rows)
	return rows, nil
}

// sheetError types an error of the sheet's reading.
func (b *Book) sheetError(sheet string, op Op, err error) error {
	var pe *PanicError
	var long *cellTooLong
	var le *LimitError
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.As(err, &le):
		if le.Sheet == "" && le.What != LimitCells && le.What != LimitRows {
			le.Sheet = sheet
		}
		return le
	case errors.Is(err, errTooManyMerges):
		return &LimitError{What: LimitMergedCells, Limit: int64(b.lim.MergedCells), Sheet: sheet}
	case errors.Is(err, errMaxRow):
		return &LimitError{What: LimitRowNumber, Limit: MaxRow, Sheet: sheet}
	case errors.As(err, &long):
		return &LimitError{What: LimitCellChars, Limit: excelCellChars, Sheet: sheet, Row: long.row, Col: long.col}
	}
	return &FormatError{Sheet: sheet, Part: b.partName(sheet), Op: op, Msg: err.Error()}
}

func (b *Book) partName(sheet string) string {
	if b.xls != nil {
		return "Workbook"
	}
	for _, s := range b.sheets {
		if s.name == sheet {
			return s.part
		}
	}
	return ""
}

// Merges are the sheet's merged ranges, in the order the sheet lists them.
func (r *Rows) Merges() []Range { return r.merges }

// Next returns the sheet's next row: its 0-based number (Excel row
// row+1), its cells by 0-based column with trailing empty cells trimmed,
// and the 0-based columns holding a formula saved without its value.
// Rows without a <row> element are skipped. The cells slice is reused by
// the next call, the strings in it are not. io.EOF ends the sheet; any
// other error (a *FormatError, *LimitError or *PanicError) stays.
func (r *Rows) Next() (row int, cells []string, noValue []int, err error) {
	defer recoverTo(&err)
	row, cells, noValue, err = r.sr.next()
	if err == io.EOF {
		return 0, nil, nil, io.EOF
	}
	if err != nil {
		return 0, nil, nil, r.b.sheetError(r.sheet, OpRows, err)
	}
	// Every row stepped counts, the gap before this one included: a sheet
	// formatted down to row 1,048,576 is stepped through, not kept.
	if err := r.b.spend(row-r.next0+1, len(cells)); err != nil {
		return 0, nil, nil, err
	}
	r.next0 = row + 1
	if err := r.checkCells(row+1, cells); err != nil {
		return 0, nil, nil, err
	}
	return row, cells, noValue, nil
}

// spend counts rows and cells against the workbook's limits.
func (b *budget) spend(rows, cells int) error {
	b.rowsRead += rows
	b.cells += cells
	switch {
	case b.rowsRead > b.lim.RowsRead:
		return &LimitError{What: LimitRows, Limit: int64(b.lim.RowsRead)}
	case b.cells > b.lim.Cells:
		return &LimitError{What: LimitCells, Limit: int64(b.lim.Cells)}
	}
	return nil
}

// checkCells refuses a cell longer than the limit (Excel's by default:
// Excel cannot have written it, and a row of them is a way to fill memory).
func (r *Rows) checkCells(excelRow int, cells []string) error {
	n := r.b.lim.CellChars
	for c, v := range cells {
		if len(v) > n && utf8.RuneCountInString(v) > n {
			return &LimitError{What: LimitCellChars, Limit: int64(n), Sheet: r.sheet, Row: excelRow, Col: c + 1}
		}
	}
	return nil
}

// Close releases the sheet's part.
func (r *Rows) Close() error { return r.sr.Close() }
