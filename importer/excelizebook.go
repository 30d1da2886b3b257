package importer

import (
	"io"

	"github.com/xuri/excelize/v2"

	"portfolio/xlsx"
)

// excelizeBook is an .xlsx read through excelize's row iterator: the
// fallback reader (ParseOptions.Reader "excelize"), held to the same
// limits as a CSV. It cannot tell a formula saved without its value from
// an empty cell.
type excelizeBook struct {
	f   *excelize.File
	bud *budget
	cur *excelize.Rows
}

// readExcelize opens an .xlsx with excelize.
func readExcelize(ra io.ReaderAt, size int64, progress ProgressFunc) (book, error) {
	f, err := excelize.OpenReader(io.NewSectionReader(ra, 0, size), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, errCorrupt
	}
	return &excelizeBook{f: f, bud: &budget{pr: progress.start(StageRead, 0)}}, nil
}

func (x *excelizeBook) sheetNames() []string { return x.f.GetSheetList() }

func (x *excelizeBook) rowsHint() int64 { return 0 }

// open starts on sheet i, closing the one before it.
func (x *excelizeBook) open(i int) (ss *sheetStream, err error) {
	defer func() {
		if v := recover(); v != nil {
			ss, err = nil, errCorrupt
		}
	}()
	name := x.f.GetSheetList()[i]
	if x.cur != nil {
		_ = x.cur.Close()
		x.cur = nil
	}
	var merges []mergeRange
	mcs, err := x.f.GetMergeCells(name)
	if err != nil {
		return nil, sheetError(name, errCorrupt)
	}
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 == nil && err2 == nil {
			merges = append(merges, mergeRange{top: min(r1, r2) - 1, left: min(c1, c2) - 1, bottom: max(r1, r2) - 1, right: max(c1, c2) - 1})
		}
	}
	rows, err := x.f.Rows(name)
	if err != nil {
		return nil, sheetError(name, errCorrupt)
	}
	x.cur = rows
	return &sheetStream{name: name, merges: merges, rows: &excelizeRows{sheet: name, rows: rows, bud: x.bud}}, nil
}

func (x *excelizeBook) close() error {
	x.bud.pr.finish()
	if x.cur != nil {
		_ = x.cur.Close()
	}
	return x.f.Close()
}

// excelizeRows steps through a sheet's rows, counting them against the
// budget and checking each cell's length.
type excelizeRows struct {
	sheet string
	rows  *excelize.Rows
	bud   *budget
	r     int
}

func (er *excelizeRows) next() (r int, cells []string, noValue []int, err error) {
	defer func() {
		if v := recover(); v != nil {
			r, cells, noValue, err = 0, nil, nil, errCorrupt
		}
	}()
	for er.rows.Next() {
		r = er.r
		er.r++
		if r >= maxRows {
			return 0, nil, nil, limitMessage(&xlsx.LimitError{What: xlsx.LimitRowNumber, Limit: maxRows, Sheet: er.sheet})
		}
		cells, err = er.rows.Columns()
		if err != nil {
			return 0, nil, nil, sheetError(er.sheet, errCorrupt)
		}
		if err := er.bud.spend(1, len(cells)); err != nil {
			return 0, nil, nil, err
		}
		if err := checkCells(er.sheet, r+1, cells); err != nil {
			return 0, nil, nil, err
		}
		if len(cells) > 0 {
			return r, cells, nil, nil
		}
	}
	if err := er.rows.Error(); err != nil {
		return 0, nil, nil, sheetError(er.sheet, errCorrupt)
	}
	return 0, nil, nil, io.EOF
}
