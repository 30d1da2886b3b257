package xlsx

import (
	"encoding/binary"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// An .xls workbook (Excel 97–2003, BIFF8) is a stream of records in an
// OLE compound file ([MS-XLS] 2.1.4): a 4-byte header (type, size) and
// the record's data. A record's data may go on in CONTINUE records
// after it. These are the records the reader reads; the rest (formats,
// styles, fonts, drawings) are stepped over: a cell reads as its raw
// value, as the .xlsx reader reads it.
const (
	recBOF        = 0x0809
	recEOF        = 0x000A
	recBoundSheet = 0x0085
	recSST        = 0x00FC
	recContinue   = 0x003C
	recFilePass   = 0x002F
	recDimensions = 0x0200
	recLabelSST   = 0x00FD
	recLabel      = 0x0204
	recRString    = 0x00D6
	recNumber     = 0x0203
	recRK         = 0x027E
	recMulRK      = 0x00BD
	recFormula    = 0x0006
	recString     = 0x0207
	recBoolErr    = 0x0205
	recMergeCells = 0x00E5
	recShrFmla    = 0x04BC
	recArray      = 0x0221
	recTable      = 0x0236
)

// BOF versions and substream types.
const (
	biff8         = 0x0600
	biff5         = 0x0500
	bofGlobals    = 0x0005
	bofChart      = 0x0020
	maxXLSRow     = 1 << 16 // BIFF8's rows: 0…65535
	maxXLSColumns = 1 << 8  // BIFF8's columns: 0…255
)

var (
	errTruncated = errors.New("记录被截断（文件可能没有完整上传或保存）")
	errShort     = errors.New("记录的内容比它声明的短")
)

// biffRecord is a record: its type, where its header starts in the
// stream, its data and the data of the CONTINUE records after it.
type biffRecord struct {
	typ  uint16
	off  int
	segs [][]byte
	next int // the offset of the record after it (and its CONTINUEs)
}

// data is the record's own data, without its CONTINUEs.
func (r *biffRecord) data() []byte { return r.segs[0] }

// readRecord reads the record whose header is at off in the stream s,
// with its CONTINUE records.
func readRecord(s []byte, off int) (biffRecord, error) {
	rec := biffRecord{off: off}
	typ, data, next, err := recordAt(s, off)
	if err != nil {
		return rec, err
	}
	rec.typ, rec.segs = typ, [][]byte{data}
	for next+4 <= len(s) && binary.LittleEndian.Uint16(s[next:]) == recContinue {
		_, data, n, err := recordAt(s, next)
		if err != nil {
			return rec, err
		}
		rec.segs = append(rec.segs, data)
		next = n
	}
	rec.next = next
	return rec, nil
}

// recordAt reads one record's header and data, without CONTINUEs.
func recordAt(s []byte, off int) (typ uint16, data []byte, next int, err error) {
	if off < 0 || off+4 > len(s) {
		return 0, nil, 0, errTruncated
	}
	typ = binary.LittleEndian.Uint16(s[off:])
	n := int(binary.LittleEndian.Uint16(s[off+2:]))
	if off+4+n > len(s) {
		return 0, nil, 0, errTruncated
	}
	return typ, s[off+4 : off+4+n], off + 4 + n, nil
}

// biffCursor reads a record's data across its CONTINUE records. Plain
// fields run on from one record into the next; a string's characters
// split by a CONTINUE go on after a byte that says how the rest are
// stored (8-bit or UTF-16), which may differ from the start's.
type biffCursor struct {
	segs [][]byte
	i    int // the segment being read
	pos  int // in it
}

func newCursor(rec biffRecord) *biffCursor { return &biffCursor{segs: rec.segs} }

// take returns the next n bytes, copied where they span segments.
func (c *biffCursor) take(n int) ([]byte, error) {
	if c.i < len(c.segs) && c.pos+n <= len(c.segs[c.i]) {
		b := c.segs[c.i][c.pos : c.pos+n]
		c.pos += n
		return b, nil
	}
	out := make([]byte, 0, n)
	for len(out) < n {
		if c.i >= len(c.segs) {
			return nil, errShort
		}
		seg := c.segs[c.i][c.pos:]
		k := min(len(seg), n-len(out))
		out = append(out, seg[:k]...)
		c.pos += k
		if c.pos == len(c.segs[c.i]) && len(out) < n {
			c.i, c.pos = c.i+1, 0
		}
	}
	return out, nil
}

// skip steps over n bytes.
func (c *biffCursor) skip(n int) error {
	for n > 0 {
		if c.i >= len(c.segs) {
			return errShort
		}
		k := min(len(c.segs[c.i])-c.pos, n)
		c.pos += k
		n -= k
		if c.pos == len(c.segs[c.i]) && n > 0 {
			c.i, c.pos = c.i+1, 0
		}
	}
	return nil
}

// atEnd tells whether every byte has been read.
func (c *biffCursor) atEnd() bool {
	for c.i < len(c.segs) && c.pos == len(c.segs[c.i]) {
		if c.i == len(c.segs)-1 {
			return true
		}
		c.i, c.pos = c.i+1, 0
	}
	return c.i >= len(c.segs)
}

func (c *biffCursor) u8() (int, error) {
	b, err := c.take(1)
	if err != nil {
		return 0, err
	}
	return int(b[0]), nil
}

func (c *biffCursor) u16() (int, error) {
	b, err := c.take(2)
	if err != nil {
		return 0, err
	}
	return int(binary.LittleEndian.Uint16(b)), nil
}

func (c *biffCursor) u32() (uint32, error) {
	b, err := c.take(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

// chars reads n characters, 8-bit (the low bytes of UTF-16 code units)
// or UTF-16LE as high says; where a CONTINUE splits them, its first byte
// says how the rest are stored ([MS-XLS] 2.5.293).
func (c *biffCursor) chars(n int, high bool) (string, error) {
	units := make([]uint16, 0, min(n, 1<<12))
	for len(units) < n {
		if c.i < len(c.segs) && c.pos == len(c.segs[c.i]) {
			if c.i+1 >= len(c.segs) {
				return "", errShort
			}
			c.i, c.pos = c.i+1, 0
			flag, err := c.u8()
			if err != nil {
				return "", err
			}
			high = flag&1 != 0
		}
		if c.i >= len(c.segs) {
			return "", errShort
		}
		seg := c.segs[c.i][c.pos:]
		if high {
			k := min(len(seg)/2, n-len(units))
			if k == 0 {
				return "", errShort // half a UTF-16 unit at the end of a record
			}
			for j := range k {
				units = append(units, binary.LittleEndian.Uint16(seg[2*j:]))
			}
			c.pos += 2 * k
			continue
		}
		k := min(len(seg), n-len(units))
		for _, b := range seg[:k] {
			units = append(units, uint16(b))
		}
		c.pos += k
	}
	return utf16String(units), nil
}

// utf16String decodes UTF-16 code units; an unpaired surrogate is U+FFFD.
func utf16String(units []uint16) string {
	b := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// unicodeString reads an XLUnicodeString ([MS-XLS] 2.5.294): a 16-bit
// character count, a flags byte, the characters.
func (c *biffCursor) unicodeString() (string, error) {
	n, err := c.u16()
	if err != nil {
		return "", err
	}
	flags, err := c.u8()
	if err != nil {
		return "", err
	}
	return c.chars(n, flags&1 != 0)
}

// richString reads an XLUnicodeRichExtendedString ([MS-XLS] 2.5.293), a
// shared string: its characters, its formatting runs and phonetic data
// stepped over.
func (c *biffCursor) richString() (string, error) {
	n, err := c.u16()
	if err != nil {
		return "", err
	}
	flags, err := c.u8()
	if err != nil {
		return "", err
	}
	runs, ext := 0, uint32(0)
	if flags&0x08 != 0 {
		if runs, err = c.u16(); err != nil {
			return "", err
		}
	}
	if flags&0x04 != 0 {
		if ext, err = c.u32(); err != nil {
			return "", err
		}
	}
	s, err := c.chars(n, flags&1 != 0)
	if err != nil {
		return "", err
	}
	if err := c.skip(4 * runs); err != nil {
		return "", err
	}
	if ext > 1<<30 {
		return "", errShort
	}
	return s, c.skip(int(ext))
}
