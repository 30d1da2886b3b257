package xlsxtest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"maps"
	"math"
	"slices"
	"testing"
	"unicode/utf16"
)

// XLSFile is an OLE compound file whose one stream, "Workbook", is ws,
// padded with zero bytes to 4,096 (the smallest stream kept in regular
// sectors, not the mini stream). ws may be up to about 7 MB.
func XLSFile(ws []byte) []byte {
	const ss = 512
	data := append([]byte(nil), ws...)
	for len(data) < 4096 || len(data)%ss != 0 {
		data = append(data, 0)
	}
	streamSecs := len(data) / ss
	fatSecs := 1
	for fatSecs*128 < fatSecs+1+streamSecs {
		fatSecs++
	}
	dirSec := fatSecs
	b := make([]byte, ss*(1+fatSecs+1+streamSecs))
	le16 := func(off, v int) { binary.LittleEndian.PutUint16(b[off:], uint16(v)) } // #nosec G115 -- the test's own small header fields
	le32 := func(off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	u32 := func(v int) uint32 { return uint32(v) } // #nosec G115 -- sector numbers of a test file
	copy(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	le16(24, 0x3E)
	le16(26, 3)
	le16(28, 0xFFFE)
	le16(30, 9)
	le16(32, 6)
	le32(44, u32(fatSecs))
	le32(48, u32(dirSec))
	le32(56, 4096)
	le32(60, 0xFFFFFFFE)
	le32(68, 0xFFFFFFFE)
	for i := range 109 {
		v := uint32(0xFFFFFFFF)
		if i < fatSecs {
			v = u32(i)
		}
		le32(76+4*i, v)
	}
	sector := func(n int) int { return ss * (1 + n) }
	fat := func(n int, v uint32) { le32(sector(n/128)+4*(n%128), v) }
	for n := range fatSecs * 128 {
		fat(n, 0xFFFFFFFF)
	}
	for n := range fatSecs {
		fat(n, 0xFFFFFFFD)
	}
	fat(dirSec, 0xFFFFFFFE)
	first := dirSec + 1
	for i := range streamSecs {
		next := u32(first + i + 1)
		if i == streamSecs-1 {
			next = 0xFFFFFFFE
		}
		fat(first+i, next)
	}
	copy(b[sector(first):], data)
	for i, name := range []string{"Root Entry", "Workbook"} {
		e := sector(dirSec) + 128*i
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le16(e+2*j, int(c))
		}
		le16(e+64, 2*(len(u)+1))
		b[e+66] = 2
		if i == 0 {
			b[e+66] = 5
		}
		b[e+67] = 1
		le32(e+68, 0xFFFFFFFF)
		le32(e+72, 0xFFFFFFFF)
		le32(e+76, 0xFFFFFFFF)
		le32(e+116, 0xFFFFFFFE)
		if i == 0 {
			le32(e+76, 1)
		} else {
			le32(e+116, u32(first))
			le32(e+120, u32(len(data)))
		}
	}
	for i := 2; i < 4; i++ { // the directory sector's unused entries
		e := sector(dirSec) + 128*i
		le32(e+68, 0xFFFFFFFF)
		le32(e+72, 0xFFFFFFFF)
		le32(e+76, 0xFFFFFFFF)
	}
	return b
}

// Rec is a BIFF record: its type, its size and its data, the parts
// joined.
func Rec(typ uint16, parts ...[]byte) []byte {
	var d []byte
	for _, p := range parts {
		d = append(d, p...)
	}
	out := binary.LittleEndian.AppendUint16(nil, typ)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(d))) // #nosec G115 -- a test's record is under 64 KB
	return append(out, d...)
}

// U16, U32 and F64 are little-endian fields.
func U16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) } // #nosec G115 -- a test's field

func U32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) } // #nosec G115 -- a test's field

func F64(v float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)) }

// Chars are a string's characters: 8-bit (each rune below U+0100) or
// UTF-16LE when high.
func Chars(s string, high bool) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if high {
			out = binary.LittleEndian.AppendUint16(out, u)
		} else {
			out = append(out, byte(u)) // #nosec G115 -- the caller's 8-bit text
		}
	}
	return out
}

// XLString is an XLUnicodeString (a LABEL's, a STRING's, an SST
// item's without runs): the character count, the flags, the characters.
func XLString(s string, high bool) []byte {
	flags := byte(0)
	if high {
		flags = 1
	}
	return append(append(U16(len(utf16.Encode([]rune(s)))), flags), Chars(s, high)...)
}

// Sheet is a worksheet's name and the records between its BOF and EOF.
type Sheet struct {
	Name    string
	Records [][]byte
}

// Record types a test writes.
const (
	RecBOF        = 0x0809
	RecEOF        = 0x000A
	RecBoundSheet = 0x0085
	RecSST        = 0x00FC
	RecContinue   = 0x003C
	RecFilePass   = 0x002F
	RecLabelSST   = 0x00FD
	RecLabel      = 0x0204
	RecNumber     = 0x0203
	RecRK         = 0x027E
	RecMulRK      = 0x00BD
	RecFormula    = 0x0006
	RecString     = 0x0207
	RecBoolErr    = 0x0205
	RecMergeCells = 0x00E5
	RecDimensions = 0x0200
)

// BOF is a BIFF8 BOF record of substream type dt (5 globals, 0x10 a
// worksheet, 0x20 a chart).
func BOF(dt int) []byte {
	return Rec(RecBOF, U16(0x0600), U16(dt), U16(0x0DBB), U16(0x07CC), U32(0), U32(0x06))
}

// WorkbookStream lays out a BIFF8 Workbook stream: the globals' BOF,
// globals, a BOUNDSHEET8 for each sheet, EOF; then each sheet's
// substream, BOF to EOF.
func WorkbookStream(globals [][]byte, sheets []Sheet) []byte {
	var g []byte
	g = append(g, BOF(5)...)
	for _, r := range globals {
		g = append(g, r...)
	}
	bounds := make([][]byte, len(sheets))
	size := len(g) + len(Rec(RecEOF))
	for i, s := range sheets {
		bounds[i] = boundSheet(0, s.Name)
		size += len(bounds[i])
	}
	var body []byte
	for i, s := range sheets {
		bounds[i] = boundSheet(size+len(body), s.Name)
		body = append(body, BOF(0x10)...)
		for _, r := range s.Records {
			body = append(body, r...)
		}
		body = append(body, Rec(RecEOF)...)
	}
	for _, b := range bounds {
		g = append(g, b...)
	}
	g = append(g, Rec(RecEOF)...)
	return append(g, body...)
}

func boundSheet(pos int, name string) []byte {
	high := false
	for _, r := range name {
		if r > 0xFF {
			high = true
		}
	}
	s := XLString(name, high)
	return Rec(RecBoundSheet, U32(pos), U16(0), []byte{s[0]}, s[2:])
}

// SST is an SST record of strings (8-bit where they can be), in one
// record: a test that splits it writes its own.
func SST(strs ...string) []byte {
	var d []byte
	for _, s := range strs {
		d = append(d, XLString(s, !latin1(s))...)
	}
	return Rec(RecSST, U32(len(strs)), U32(len(strs)), d)
}

func latin1(s string) bool {
	for _, r := range s {
		if r > 0xFF {
			return false
		}
	}
	return true
}

// Cell records: a shared string, a number, a label.
func LabelSST(row, col, i int) []byte { return Rec(RecLabelSST, U16(row), U16(col), U16(15), U32(i)) }

func Number(row, col int, v float64) []byte {
	return Rec(RecNumber, U16(row), U16(col), U16(15), F64(v))
}

func Label(row, col int, s string) []byte {
	return Rec(RecLabel, U16(row), U16(col), U16(15), XLString(s, !latin1(s)))
}

// Zip is a zip of the parts, in name order but "mimetype" first, stored
// uncompressed (as an OpenDocument file starts).
func Zip(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	names := slices.Sorted(maps.Keys(parts))
	slices.SortStableFunc(names, func(a, b string) int {
		switch {
		case a == "mimetype" && b != a:
			return -1
		case b == "mimetype" && b != a:
			return 1
		}
		return 0
	})
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err == nil {
			_, err = w.Write([]byte(parts[n]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
