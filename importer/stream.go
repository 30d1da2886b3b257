package importer

import (
	"fmt"
	"io"
	"slices"
	"sort"
)

// A workbook is read one row at a time: a sheet's rows go from the file
// through the checks to the store without the sheet ever being held
// whole, so memory stays flat however long the list.

// book is a workbook open for reading.
type book interface {
	sheetNames() []string
	// open starts reading sheet i: its merged ranges (known before its
	// rows) and its rows in order.
	open(i int) (*sheetStream, error)
	// rowsHint estimates the rows of all sheets, for progress; 0: unknown.
	rowsHint() int64
	close() error
}

// sheetStream is one sheet being read.
type sheetStream struct {
	name   string
	merges []mergeRange
	rows   rowSource
}

// rowSource gives a sheet's rows in order.
type rowSource interface {
	// next returns the next row: its 0-based index (Excel row r+1), its
	// cells by 0-based column, and the columns holding a formula saved
	// without its value. Rows may be skipped (blank). io.EOF ends it.
	next() (r int, cells []string, noValue []int, err error)
}

// gridBook reads sheets already held as grids (a CSV, or a test's).
type gridBook []grid

func (b gridBook) sheetNames() []string {
	names := make([]string, len(b))
	for i := range b {
		names[i] = b[i].name
	}
	return names
}

func (b gridBook) open(i int) (*sheetStream, error) {
	return &sheetStream{name: b[i].name, merges: b[i].merges, rows: &gridRowSource{g: &b[i]}}, nil
}

func (b gridBook) rowsHint() int64 { return gridRows(b) }

func (gridBook) close() error { return nil }

// gridRowSource steps through a grid's rows.
type gridRowSource struct {
	g *grid
	r int
}

func (s *gridRowSource) next() (int, []string, []int, error) {
	for ; s.r < len(s.g.rows); s.r++ {
		if s.g.rows[s.r] == nil {
			continue
		}
		r := s.r
		s.r++
		return r, s.g.rows[r], s.g.noValueIn(r), nil
	}
	return 0, nil, nil, io.EOF
}

// noValueIn lists row r's columns holding a formula saved without its
// value.
func (g *grid) noValueIn(r int) []int {
	var cols []int
	for k := range g.noValue {
		if k[0] == r {
			cols = append(cols, k[1])
		}
	}
	return cols
}

// sheetReader holds a sheet's top rows (title, header and the first data
// rows, where the layout is worked out) as a grid, and reads the rest as
// it is asked for.
type sheetReader struct {
	g       grid
	src     rowSource
	pending *streamRow // read past the top rows, not yet handed out
	done    bool
	anyData bool // a non-blank cell was seen
}

// streamRow is one row as read.
type streamRow struct {
	r       int
	cells   []string
	noValue []int
}

func newSheetReader(ss *sheetStream) *sheetReader {
	return &sheetReader{g: grid{name: ss.name, merges: ss.merges, noValue: map[[2]int]bool{}}, src: ss.rows}
}

// read returns the next row from the source.
func (sr *sheetReader) read() (*streamRow, error) {
	if sr.pending != nil {
		row := sr.pending
		sr.pending = nil
		return row, nil
	}
	if sr.done {
		return nil, io.EOF
	}
	r, cells, nv, err := sr.src.next()
	if err == io.EOF {
		sr.done = true
		return nil, io.EOF
	}
	if err != nil {
		return nil, err
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	if !blank(cells) {
		sr.anyData = true
	}
	return &streamRow{r: r, cells: cells, noValue: nv}, nil
}

// top reads rows into the grid until it holds every row above limit
// (or the sheet ends). Blank rows are kept as nil, like gaps.
func (sr *sheetReader) top(limit int) error {
	for len(sr.g.rows) < limit {
		row, err := sr.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if row.r >= limit {
			sr.pending = row
			break
		}
		for len(sr.g.rows) < row.r {
			sr.g.rows = append(sr.g.rows, nil)
		}
		if blank(row.cells) {
			sr.g.rows = append(sr.g.rows, nil)
			continue
		}
		// Kept: the source may reuse the slice for its next row.
		sr.g.rows = append(sr.g.rows, slices.Clone(row.cells))
		for _, c := range row.noValue {
			sr.g.noValue[[2]int{row.r, c}] = true
		}
	}
	// A blank row at the end of the top carries nothing.
	for len(sr.g.rows) > 0 && sr.g.rows[len(sr.g.rows)-1] == nil {
		sr.g.rows = sr.g.rows[:len(sr.g.rows)-1]
	}
	return nil
}

// dataRows hands out the rows from start on: those in the grid, then the
// rest of the sheet. Blank rows and gaps come out as nil rows only where
// a merged block covers them (its value is copied into them).
type dataRows struct {
	sr     *sheetReader
	next   int // the next grid row to hand out
	fills  []mergeFill
	take   int        // the next block to take up, by top row
	active []int      // indexes into fills covering the rows now handed out
	filled int        // cells copied so far, against maxMergedCells
	held   *streamRow // read from the source, behind the gap rows before it
}

// mergeFill is a merged block whose value is copied down its rows.
type mergeFill struct {
	m     mergeRange
	value string
}

// fillsFrom lists the blocks merged over more than one row that reach
// the data, by top row.
func fillsFrom(merges []mergeRange, dataStart int) []mergeFill {
	var fs []mergeFill
	for _, m := range merges {
		if m.bottom > m.top && m.bottom >= dataStart && m.top >= 0 && m.left >= 0 && m.left <= m.right {
			fs = append(fs, mergeFill{m: m})
		}
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].m.top < fs[j].m.top })
	return fs
}

// rowsFrom starts handing out data rows at dataStart. Blocks whose top
// row lies above it take their value from the grid.
func (sr *sheetReader) rowsFrom(dataStart int) *dataRows {
	d := &dataRows{sr: sr, next: dataStart, fills: fillsFrom(sr.g.merges, dataStart)}
	for i := range d.fills {
		if m := d.fills[i].m; m.top < dataStart {
			d.fills[i].value = sr.g.cell(m.top, m.left)
		}
	}
	return d
}

// nextRow returns the next data row (cells nil for a blank row inside
// a merged block), io.EOF after the last.
func (d *dataRows) nextRow() (streamRow, error) {
	for {
		if d.held != nil {
			// Rows skipped over inside a merged block are blank rows that
			// get the block's value, one at a time.
			if gap := d.nextCovered(d.next, d.held.r); gap < d.held.r {
				d.next = gap + 1
				return streamRow{r: gap}, nil
			}
			row := *d.held
			d.held, d.next = nil, row.r+1
			return row, nil
		}
		if d.next < len(d.sr.g.rows) {
			r := d.next
			d.next++
			return streamRow{r: r, cells: d.sr.g.rows[r], noValue: d.sr.g.noValueIn(r)}, nil
		}
		got, err := d.sr.read()
		if err != nil {
			return streamRow{}, err
		}
		if got.r < d.next {
			continue // a row the top already held
		}
		if blank(got.cells) {
			got.cells = nil
		}
		d.held = got
	}
}

// nextCovered is the first row from r on, below end, that a block
// covers; end when none does.
// Only the blocks taken up and still running, and those not yet taken
// up (by top row), can cover r or later.
func (d *dataRows) nextCovered(r, end int) int {
	best := end
	for _, i := range d.active {
		if f := d.fills[i]; f.m.bottom >= r {
			best = min(best, max(f.m.top, r))
		}
	}
	for _, f := range d.fills[d.take:] {
		if f.m.top >= best {
			break
		}
		if f.m.bottom >= r {
			best = min(best, max(f.m.top, r))
		}
	}
	return best
}

// fill copies the merged values into row r's cells (text columns only:
// money is not copied) and tells whether a block over the name column
// makes r continue the project above. Cells may be nil for a blank row.
// Rows come in order, so each block is taken up once, at its top row.
func (d *dataRows) fill(r int, cells []string, money map[int]bool, nameCol int, dataStart int) ([]string, bool, error) {
	d.active = slices.DeleteFunc(d.active, func(i int) bool { return d.fills[i].m.bottom < r })
	for ; d.take < len(d.fills) && d.fills[d.take].m.top <= r; d.take++ {
		f := &d.fills[d.take]
		if f.m.top == r {
			f.value = cellAt(cells, f.m.left)
		}
		if f.m.bottom >= r {
			d.active = append(d.active, d.take)
		}
	}
	cont := false
	for _, i := range d.active {
		f := &d.fills[i]
		if nameCol >= 0 && f.m.left <= nameCol && nameCol <= f.m.right && f.m.top >= dataStart && r > f.m.top {
			cont = true
		}
		for c := f.m.left; c <= f.m.right; c++ {
			if (r != f.m.top || c != f.m.left) && !money[c] {
				for len(cells) <= c {
					cells = append(cells, "")
				}
				cells[c] = f.value
				d.filled++
			}
		}
		if d.filled > maxMergedCells {
			return nil, false, fmt.Errorf("工作表“%s”的合并单元格过多或相互重叠，文件可能已损坏", d.sr.g.name)
		}
	}
	return cells, cont, nil
}

func cellAt(cells []string, c int) string {
	if c < 0 || c >= len(cells) {
		return ""
	}
	return cells[c]
}
