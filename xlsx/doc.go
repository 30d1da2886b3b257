// Package xlsx reads .xlsx workbooks as streams: Open reads the zip
// directory and the sheet list from an io.ReaderAt, Book.Rows gives a
// sheet's merged ranges and then its rows one at a time, each part
// inflated as it is read, so memory stays flat however long the sheet.
//
// Each cell's text is what excelize's Rows().Columns() gives with
// RawCellValue (the package's tests compare the two, and fuzz them);
// where excelize would read a broken sheet quietly some way of its own,
// Rows.Next refuses it instead. A file is read within Limits (zip bombs,
// formatted-but-empty rows, overlapping merges, oversized cells), and
// every refusal is typed: ErrNotZip, ErrOLE, ErrEncrypted, ErrCorrupt,
// *LimitError, *FormatError, and *PanicError for a bug of the reader.
//
// The package knows files, not projects: it imports nothing of
// portfolio's.
package xlsx
