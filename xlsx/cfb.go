package xlsx

import (
	"io"

	"github.com/richardlehane/mscfb"
)

// cfbEncrypted tells whether an OLE compound file (the container of .xls
// files) holds an encrypted .xlsx instead: Excel saves a workbook with an
// open password as a compound file with an "EncryptionInfo" and an
// "EncryptedPackage" stream. The directory is read where it lies, through
// mscfb (the reader excelize decrypts with); a directory it cannot follow
// answers false, and the file is taken for an .xls.
func cfbEncrypted(ra io.ReaderAt) (encrypted bool) {
	defer func() {
		if recover() != nil {
			encrypted = false // a directory too broken to follow
		}
	}()
	d, err := mscfb.New(ra)
	if err != nil {
		return false
	}
	// A directory holds at most a few thousand entries in any real file;
	// the bound keeps a looping one from keeping a core busy.
	for n := 0; n < 1<<16; n++ {
		e, err := d.Next()
		if err != nil {
			return false
		}
		switch e.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return true
		}
	}
	return false
}
