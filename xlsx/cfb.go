package xlsx

import (
	"io"
	"strings"

	"github.com/richardlehane/mscfb"
)

// workbookStream reads the Workbook stream of an OLE compound file of
// size bytes. A compound file holding an encrypted .xlsx is
// ErrEncrypted, one with an Excel 5.0/95 "Book" stream ErrBIFF5, one
// without a workbook stream (a Word document, say) ErrOLE, one whose
// directory cannot be followed ErrCorrupt.
func workbookStream(ra io.ReaderAt, size int64) ([]byte, error) {
	d, err := mscfb.New(ra)
	if err != nil {
		return nil, ErrCorrupt
	}
	var book *mscfb.File
	old := false
	// A directory holds at most a few thousand entries in any real file;
	// the bound keeps a looping one from keeping a core busy.
	for n := 0; n < 1<<16; n++ {
		e, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ErrCorrupt
		}
		if len(e.Path) > 0 {
			continue // inside a storage: an embedded object's
		}
		switch {
		case e.Name == "EncryptionInfo" || e.Name == "EncryptedPackage":
			return nil, ErrEncrypted
		case strings.EqualFold(e.Name, "Workbook") && book == nil:
			book = e
		case strings.EqualFold(e.Name, "Book"):
			old = true
		}
	}
	switch {
	case book == nil && old:
		return nil, ErrBIFF5
	case book == nil:
		return nil, ErrOLE
	case book.Size > size || book.Size < 0:
		return nil, ErrCorrupt // a stream larger than the file holding it
	}
	ws, err := io.ReadAll(io.LimitReader(book, book.Size))
	if err != nil || int64(len(ws)) != book.Size {
		return nil, ErrCorrupt
	}
	return ws, nil
}
