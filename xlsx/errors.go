package xlsx

import (
	"errors"
	"fmt"
)

// Sentinels for files that are not a readable .xlsx at all.
var (
	// ErrNotZip: the file is not a zip (so not an .xlsx); it may be text.
	ErrNotZip = errors.New("xlsx: not a zip file")
	// ErrOLE: an OLE compound file holding no workbook stream: a Word or
	// PowerPoint file, or a WPS file of its own format.
	ErrOLE = errors.New("xlsx: an OLE compound file without a workbook stream")
	// ErrBIFF5: an Excel 5.0/95 workbook (BIFF5 or older), which the
	// reader does not read.
	ErrBIFF5 = errors.New("xlsx: an Excel 5.0/95 workbook (BIFF5)")
	// ErrODS: an OpenDocument spreadsheet (.ods): a zip whose mimetype
	// entry says so.
	ErrODS = errors.New("xlsx: an OpenDocument spreadsheet (.ods)")
	// ErrXLSB: an Excel binary workbook (.xlsb): a zip holding
	// xl/workbook.bin.
	ErrXLSB = errors.New("xlsx: an Excel binary workbook (.xlsb)")
	// ErrEncrypted: an .xlsx saved with an open password (an OLE compound
	// file holding EncryptionInfo and EncryptedPackage streams).
	ErrEncrypted = errors.New("xlsx: an encrypted workbook")
	// ErrCorrupt: a zip, but its directory or its workbook part is
	// broken; or an .xls whose compound file or workbook globals are.
	ErrCorrupt = errors.New("xlsx: a broken workbook package")
)

// Limit names what a LimitError found too large.
type Limit string

// The limits a workbook is read within (see Option).
const (
	LimitUnzipped    Limit = "unzipped size" // all parts, as unpacked
	LimitPart        Limit = "part size"     // one part other than a worksheet
	LimitEntries     Limit = "zip entries"   // entries of the zip
	LimitRows        Limit = "rows read"     // rows stepped through, blank ones included
	LimitCells       Limit = "cells"         // cells read in the whole workbook
	LimitMergedCells Limit = "merged cells"  // cells merged ranges cover, per sheet
	LimitCellChars   Limit = "cell length"   // characters of one cell
	LimitRowNumber   Limit = "row number"    // a row past Excel's last (MaxRow)
)

// LimitError is a workbook refused for passing one of its limits.
// Sheet, Row and Col (1-based) say where, when known.
type LimitError struct {
	What     Limit
	Limit    int64
	Sheet    string
	Row, Col int
}

func (e *LimitError) Error() string {
	where := ""
	if e.Sheet != "" {
		where = fmt.Sprintf(" in sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		where += fmt.Sprintf(" at row %d column %d", e.Row, e.Col)
	}
	return fmt.Sprintf("xlsx: %s over the limit of %d%s", e.What, e.Limit, where)
}

// Op says which step of reading a sheet a FormatError stopped.
type Op string

// The steps of reading a sheet.
const (
	OpOpen   Op = "open"   // finding the sheet's part, the shared strings, unzipping
	OpMerges Op = "merges" // reading its merged ranges
	OpRows   Op = "rows"   // reading its rows
)

// FormatError is a sheet whose XML the reader refuses. Msg is a short
// reason in Chinese, for the person who uploaded the file (the caller
// names the sheet).
type FormatError struct {
	Sheet string
	Part  string
	Op    Op
	Msg   string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("xlsx: sheet %q (%s), %s: %s", e.Sheet, e.Part, e.Op, e.Msg)
}

// PanicError is a bug of the reader met by a file: the recovered value
// and the stack where it happened, for the log.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("xlsx: reader panic: %v", e.Value) }
