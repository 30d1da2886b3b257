package xlsx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// biffBook is an .xls workbook: its Workbook stream, held whole (it is
// at most the file's size, and an .xls holds at most 65,536 rows a
// sheet), and what its globals say.
type biffBook struct {
	ws     []byte
	sheets []biffSheet
	sstAt  int // the offset of the SST record, -1 when there is none

	sstRead bool
	sst     []string
	sstErr  error
}

// biffSheet is a sheet as BOUNDSHEET8 lists it: its name and the
// offset of its BOF in the stream.
type biffSheet struct {
	name string
	off  int
}

// openBIFF reads an .xls's globals: the sheets, where the shared
// strings are. A workbook with a FILEPASS record (an open password) is
// ErrEncrypted, an Excel 5.0/95 one ErrBIFF5, a stream that does not
// start as a BIFF8 workbook or ends before its globals do ErrCorrupt.
func openBIFF(ra io.ReaderAt, size int64) (*biffBook, error) {
	ws, err := workbookStream(ra, size)
	if err != nil {
		return nil, err
	}
	b := &biffBook{ws: ws, sstAt: -1}
	rec, err := readRecord(ws, 0)
	if err != nil || rec.typ != recBOF || len(rec.data()) < 4 {
		return nil, ErrCorrupt
	}
	switch vers, dt := binary.LittleEndian.Uint16(rec.data()), binary.LittleEndian.Uint16(rec.data()[2:]); {
	case vers == biff5 || vers < biff5:
		return nil, ErrBIFF5
	case vers != biff8 || dt != bofGlobals:
		return nil, ErrCorrupt
	}
	for off := rec.next; ; {
		rec, err := readRecord(ws, off)
		if err != nil {
			return nil, ErrCorrupt
		}
		switch rec.typ {
		case recEOF:
			return b, nil
		case recFilePass:
			return nil, ErrEncrypted
		case recSST:
			if b.sstAt < 0 {
				b.sstAt = off
			}
		case recBoundSheet:
			sh, err := boundSheet(rec)
			if err != nil {
				return nil, ErrCorrupt
			}
			b.sheets = append(b.sheets, sh)
		}
		off = rec.next
	}
}

// boundSheet reads a BOUNDSHEET8 record ([MS-XLS] 2.4.28): the sheet's
// BOF offset, its state and type, its name (a ShortXLUnicodeString).
func boundSheet(rec biffRecord) (biffSheet, error) {
	c := newCursor(rec)
	pos, err := c.u32()
	if err != nil {
		return biffSheet{}, err
	}
	if err := c.skip(2); err != nil {
		return biffSheet{}, err
	}
	n, err := c.u8()
	if err != nil {
		return biffSheet{}, err
	}
	flags, err := c.u8()
	if err != nil {
		return biffSheet{}, err
	}
	name, err := c.chars(n, flags&1 != 0)
	if err != nil {
		return biffSheet{}, err
	}
	if pos > 1<<31 {
		return biffSheet{}, errTruncated
	}
	return biffSheet{name: name, off: int(pos)}, nil
}

// sharedStrings reads the SST once, at the first sheet read (as the
// .xlsx reader does). part bounds its data.
func (b *biffBook) sharedStrings(partBytes int64) ([]string, error) {
	if b.sstRead || b.sstAt < 0 {
		return b.sst, b.sstErr
	}
	b.sstRead = true
	b.sst, b.sstErr = readBIFFSST(b.ws, b.sstAt, partBytes)
	if b.sstErr != nil && !isLimit(b.sstErr) {
		b.sstErr = fmt.Errorf("共享字符串表已损坏：%s", b.sstErr.Error())
	}
	return b.sst, b.sstErr
}

func isLimit(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}

// readBIFFSST reads the SST record at off with its CONTINUEs ([MS-XLS]
// 2.4.265): a total and a unique count, then the unique strings. It
// reads the strings its data holds, however many the count claims.
func readBIFFSST(ws []byte, off int, partBytes int64) ([]string, error) {
	rec, err := readRecord(ws, off)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, s := range rec.segs {
		total += len(s)
	}
	if int64(total) > partBytes {
		return nil, &LimitError{What: LimitPart, Limit: partBytes}
	}
	c := newCursor(rec)
	if err := c.skip(4); err != nil {
		return nil, err
	}
	unique, err := c.u32()
	if err != nil {
		return nil, err
	}
	// Each string takes 3 bytes or more: the count cannot reserve more.
	out := make([]string, 0, min(int64(unique), int64(total/3)))
	for i := uint32(0); i < unique && !c.atEnd(); i++ {
		s, err := c.richString()
		if err != nil {
			return nil, fmt.Errorf("第%d个字符串不完整", i+1)
		}
		out = append(out, s)
	}
	return out, nil
}

// rowsHint sums the sheets' DIMENSIONS (the row after the last), for
// progress; a sheet without one counts 0.
func (b *biffBook) rowsHint() int64 {
	var n int64
	for _, sh := range b.sheets {
		n += b.sheetRowsHint(sh.off)
	}
	return n
}

func (b *biffBook) sheetRowsHint(off int) int64 {
	rec, err := readRecord(b.ws, off)
	for i := 0; err == nil && i < 1000; i++ {
		switch rec.typ {
		case recDimensions:
			if d := rec.data(); len(d) >= 8 {
				if last := binary.LittleEndian.Uint32(d[4:]); last <= maxXLSRow {
					return int64(last)
				}
			}
			return 0
		case recEOF, recLabelSST, recNumber, recRK, recMulRK, recFormula, recLabel, recBoolErr:
			return 0
		}
		rec, err = readRecord(b.ws, rec.next)
	}
	return 0
}
