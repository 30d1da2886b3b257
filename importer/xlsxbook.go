package importer

import (
	"io"

	"portfolio/xlsx"
)

// maxNoValue bounds the formula cells without a result that are named
// in one sheet: enough for the rows read.
const maxNoValue = 100_000

// xlsxBook is an .xlsx read sheet by sheet and row by row through
// portfolio/xlsx, its errors turned into messages for an official.
type xlsxBook struct {
	b    *xlsx.Book
	pr   *tracker // the read stage, counted in rows
	opt  ParseOptions
	hint int64      // the rows the sheets' parts suggest
	cur  *xlsx.Rows // the sheet being read, closed when the next opens
}

// readXLSX opens an .xlsx for reading row by row.
func readXLSX(ra io.ReaderAt, size int64, opt ParseOptions) (book, error) {
	b, err := xlsx.Open(ra, size)
	if err != nil {
		return nil, readerError(err, "", opt)
	}
	hint := b.RowsHint()
	return &xlsxBook{b: b, hint: hint, opt: opt, pr: opt.Progress.start(StageRead, hint)}, nil
}

func (x *xlsxBook) sheetNames() []string { return x.b.Sheets() }

func (x *xlsxBook) rowsHint() int64 { return x.hint }

// open starts on sheet i, closing the one before it.
func (x *xlsxBook) open(i int) (*sheetStream, error) {
	name := x.b.Sheets()[i]
	if x.cur != nil {
		_ = x.cur.Close()
		x.cur = nil
	}
	rows, err := x.b.Rows(i)
	if err != nil {
		return nil, readerError(err, name, x.opt)
	}
	x.cur = rows
	xm := rows.Merges()
	merges := make([]mergeRange, len(xm))
	for i, m := range xm {
		merges[i] = mergeRange{top: m.Top, left: m.Left, bottom: m.Bottom, right: m.Right}
	}
	return &sheetStream{name: name, merges: merges, rows: &xlsxRows{x: x, sheet: name, rows: rows}}, nil
}

func (x *xlsxBook) close() error {
	x.pr.finish()
	return x.b.Close()
}

// xlsxRows reads a sheet's rows, counting them for progress.
type xlsxRows struct {
	x       *xlsxBook
	sheet   string
	rows    *xlsx.Rows
	next0   int // the row after the last one read
	noValue int // formula cells without a value kept so far
}

func (xr *xlsxRows) next() (int, []string, []int, error) {
	r, cells, noValue, err := xr.rows.Next()
	if err == io.EOF {
		return 0, nil, nil, io.EOF
	}
	if err != nil {
		return 0, nil, nil, readerError(err, xr.sheet, xr.x.opt)
	}
	xr.x.pr.add(int64(r - xr.next0 + 1))
	xr.next0 = r + 1
	if xr.noValue += len(noValue); xr.noValue > maxNoValue {
		noValue = nil // enough named already
	}
	return r, cells, noValue, nil
}
