// Package xlsxtest makes workbooks for tests: sheet parts written by
// hand, zip bombs, OLE compound files, and checks their messages.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The start and end of a worksheet part.
const (
	SheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	SheetTail = `</worksheet>`
)

// copyBase copies every part of a new excelize workbook but its sheet.
func CopyBase(t testing.TB, zw *zip.Writer) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	base, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range zr.File {
		if p.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// zipBomb is a workbook of a few hundred KB whose sheet unpacks to
// 300 MB of empty rows. The deflate stream is built from one compressed
// 1 MB chunk repeated (each chunk refers only to itself), so making it
// costs no compression of 300 MB. lie declares the sheet's size as 1 MB,
// as a forged zip directory would.
func ZipBomb(t testing.TB, lie bool) []byte {
	t.Helper()
	deflate := func(s []byte, final bool) []byte {
		var b bytes.Buffer
		fw, err := flate.NewWriter(&b, flate.BestCompression)
		if err == nil {
			_, err = fw.Write(s)
		}
		if err == nil && final {
			err = fw.Close()
		} else if err == nil {
			err = fw.Flush()
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	head, tail := []byte(SheetHead+"<sheetData>"), []byte("</sheetData>"+SheetTail)
	chunk := bytes.Repeat([]byte("<row/>"), (1<<20)/6)
	const n = 300
	var data bytes.Buffer
	data.Write(deflate(head, false))
	c := deflate(chunk, false)
	crc := crc32.Update(0, crc32.IEEETable, head)
	for range n {
		data.Write(c)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	data.Write(deflate(tail, true))
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	size := uint64(len(head) + n*len(chunk) + len(tail)) // #nosec G115 -- a length, never negative
	if lie {
		size = 1 << 20
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	CopyBase(t, zw)
	packed := uint64(data.Len()) // #nosec G115 -- a length, never negative
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc, CompressedSize64: packed, UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// declaredBomb is a small workbook whose directory declares a 300 MB
// sheet: what the size check sees of a zip bomb, for the fuzz seeds.
func DeclaredBomb(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	CopyBase(t, zw)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store,
		CompressedSize64: 6, UncompressedSize64: 300 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("<row/>")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cfbFile is an OLE compound file (the container of .xls and of
// encrypted .xlsx) with 512-byte sectors: the header, one FAT sector and
// one directory sector naming the streams (at most three) given.
func CFBFile(streams ...string) []byte {
	const ss = 512
	b := make([]byte, 3*ss)
	le16 := func(off, v int) { binary.LittleEndian.PutUint16(b[off:], uint16(v)) } // #nosec G115 -- the test's own small header fields
	le32 := func(off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	copy(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	le16(24, 0x3E)
	le16(26, 3)
	le16(28, 0xFFFE)
	le16(30, 9)
	le16(32, 6)
	le32(44, 1)          // one FAT sector
	le32(48, 1)          // the directory starts at sector 1
	le32(56, 4096)       // mini stream cutoff
	le32(60, 0xFFFFFFFE) // no mini FAT
	le32(68, 0xFFFFFFFE) // no DIFAT sectors
	le32(76, 0)          // the FAT is sector 0
	for i := 1; i < 109; i++ {
		le32(76+4*i, 0xFFFFFFFF)
	}
	for i := range 128 {
		le32(ss+4*i, 0xFFFFFFFF)
	}
	le32(ss, 0xFFFFFFFD)   // sector 0 is the FAT
	le32(ss+4, 0xFFFFFFFE) // sector 1, the directory, ends its chain
	for i, name := range append([]string{"Root Entry"}, streams...) {
		e := 2*ss + 128*i
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le16(e+2*j, int(c))
		}
		le16(e+64, 2*(len(u)+1))
		typ := 2
		if i == 0 {
			typ = 5
		}
		b[e+66] = byte(typ)
		b[e+67] = 1 // black
		// The directory's tree: the root's child is the first stream, each
		// stream's right sibling the next.
		le32(e+68, 0xFFFFFFFF)
		le32(e+72, 0xFFFFFFFF)
		le32(e+76, 0xFFFFFFFF)
		switch {
		case i == 0 && len(streams) > 0:
			le32(e+76, 1)
		case i > 0 && i < len(streams):
			le32(e+72, uint32(i+1))
		}
		le32(e+116, 0xFFFFFFFE)
	}
	return b
}

// checkMessage: a message for an official is non-empty, valid UTF-8 and
// in Chinese.
func CheckMessage(t testing.TB, m string) {
	t.Helper()
	if m == "" || !utf8.ValidString(m) {
		t.Fatalf("message %q", m)
	}
	for _, r := range m {
		if r >= 0x4E00 && r <= 0x9FFF {
			return
		}
	}
	t.Fatalf("message without Chinese: %q", m)
}
