package xlsx

import (
	"errors"
	"io"
	"strings"
)

// lookAlike names the format of a zip that is not an .xlsx package
// (err is why it is not): an OpenDocument spreadsheet says what it is
// in its mimetype entry, an .xlsb holds xl/workbook.bin. Anything else
// keeps err.
func (p *ooxmlPackage) lookAlike(err error) error {
	if _, ok := p.files["xl/workbook.bin"]; ok {
		return ErrXLSB
	}
	rc, ok := p.open("mimetype")
	if !ok {
		return err
	}
	defer rc.Close()
	b, rerr := io.ReadAll(io.LimitReader(rc, 256))
	if rerr != nil && !errors.Is(rerr, io.EOF) {
		return err
	}
	if strings.HasPrefix(strings.TrimSpace(string(b)), "application/vnd.oasis.opendocument.spreadsheet") {
		return ErrODS
	}
	return err
}
