package xlsx

import (
	"encoding/binary"
	"io"
	"unicode/utf16"
)

// cfbEncrypted tells whether an OLE compound file (the container of .xls
// files) holds an encrypted .xlsx instead: Excel saves a workbook with an
// open password as a compound file with an "EncryptionInfo" and an
// "EncryptedPackage" stream. It walks the directory sectors through the
// FAT the header lists (its first 109 FAT sectors, enough for files up to
// 7 MB with 512-byte sectors and 448 MB with 4 KB ones) and answers false
// for anything it cannot follow.
func cfbEncrypted(r *io.SectionReader) bool {
	b := make([]byte, r.Size())
	if _, err := r.ReadAt(b, 0); err != nil && err != io.EOF {
		return false
	}
	if len(b) < 512 {
		return false
	}
	le32 := func(off int64) (uint32, bool) {
		if off < 0 || off+4 > int64(len(b)) {
			return 0, false
		}
		return binary.LittleEndian.Uint32(b[off:]), true
	}
	shift := binary.LittleEndian.Uint16(b[30:])
	if shift != 9 && shift != 12 {
		return false
	}
	size := int64(1) << shift
	numFAT, _ := le32(44)
	var fat []uint32
	for i := int64(0); i < 109 && i < int64(numFAT); i++ {
		s, _ := le32(76 + 4*i)
		fat = append(fat, s)
	}
	next := func(sec uint32) (uint32, bool) {
		per := size / 4
		i := int64(sec) / per
		if i >= int64(len(fat)) {
			return 0, false
		}
		return le32((int64(fat[i])+1)*size + (int64(sec)%per)*4)
	}
	sec, _ := le32(48)
	for steps := 0; sec < 0xFFFFFFFA && steps < 4096; steps++ {
		off := (int64(sec) + 1) * size
		if off+size > int64(len(b)) {
			return false
		}
		for e := off; e+128 <= off+size; e += 128 {
			if n := int(binary.LittleEndian.Uint16(b[e+64:])); n >= 4 && n <= 64 && n%2 == 0 {
				u := make([]uint16, n/2-1)
				for i := range u {
					u[i] = binary.LittleEndian.Uint16(b[e+int64(2*i):])
				}
				switch string(utf16.Decode(u)) {
				case "EncryptionInfo", "EncryptedPackage":
					return true
				}
			}
		}
		var ok bool
		if sec, ok = next(sec); !ok {
			return false
		}
	}
	return false
}
