package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ooxmlPackage is an .xlsx opened as the zip it is: its parts by name,
// with their sizes checked before anything is unpacked.
type ooxmlPackage struct {
	files   map[string]*zip.File // by lower-case name with forward slashes
	sstPart string               // the shared strings' part, as the workbook's relationships name it
}

// bookSheet is a sheet's name and its part ("" when the workbook names a
// sheet it has no part for).
type bookSheet struct {
	name, part string
}

// openPackage reads the zip directory. It refuses a zip whose directory
// declares more than the limits allow (UnzippedBytes in all, PartBytes
// for a part other than a worksheet, Entries entries). The sizes are the
// ones the directory declares; archive/zip fails a part that inflates
// past its declared size, so a directory that lies is caught when it is
// read.
func openPackage(ra io.ReaderAt, size int64, lim Limits) (ooxmlPackage, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return ooxmlPackage{}, ErrCorrupt
	}
	if len(zr.File) > lim.Entries {
		return ooxmlPackage{}, &LimitError{What: LimitEntries, Limit: int64(lim.Entries)}
	}
	p := ooxmlPackage{files: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	unzipped := uint64(lim.UnzippedBytes) // #nosec G115 -- a positive limit
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if size > unzipped || total > unzipped {
			return ooxmlPackage{}, &LimitError{What: LimitUnzipped, Limit: lim.UnzippedBytes}
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if size > uint64(lim.PartBytes) && !strings.HasPrefix(name, "xl/worksheets/") { // #nosec G115 -- a positive limit
			return ooxmlPackage{}, &LimitError{What: LimitPart, Limit: lim.PartBytes}
		}
		p.files[name] = f
	}
	return p, nil
}

// Sheets lists the sheets in workbook order, as excelize's
// GetSheetList does.
func (b *Book) Sheets() []string {
	if b.xls != nil {
		names := make([]string, len(b.xls.sheets))
		for i, s := range b.xls.sheets {
			names[i] = s.name
		}
		return names
	}
	names := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		names[i] = s.name
	}
	return names
}

// part is the sheet's part, or an error saying it has none.
func (b *Book) part(sheet string) (*zip.File, error) {
	for _, s := range b.sheets {
		if s.name == sheet {
			if f, ok := b.files[strings.ToLower(s.part)]; ok && s.part != "" {
				return f, nil
			}
			break
		}
	}
	return nil, errors.New("找不到工作表的内容")
}

// parts maps each sheet with a part to it, for rowsHint.
func (b *Book) parts() map[string]string {
	out := make(map[string]string, len(b.sheets))
	for _, s := range b.sheets {
		if s.part != "" {
			out[s.name] = s.part
		}
	}
	return out
}

// rows opens a sheet's rows. The shared strings are read at the first
// call, once for the book (excelize fails every sheet when they are
// broken, so a book's first sheet reads them whether it needs them or
// not).
func (b *Book) rows(sheet string) (*sheetRows, error) {
	f, err := b.part(sheet)
	if err != nil {
		return nil, err
	}
	sst, err := b.sharedStrings()
	if err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errors.New("压缩数据已损坏")
	}
	return newSheetRows(rc, sst), nil
}

// sharedStrings reads the shared-string table once.
func (b *Book) sharedStrings() ([]string, error) {
	if !b.sstRead {
		b.sstRead = true
		if rc, ok := b.open(b.sstPart); ok {
			b.sst, b.sstErr = readSST(rc)
			if err := rc.Close(); err != nil && b.sstErr == nil {
				b.sstErr = errors.New("压缩数据已损坏")
			}
			if b.sstErr != nil {
				b.sstErr = fmt.Errorf("共享字符串表已损坏：%s", b.sstErr.Error())
			}
		}
	}
	return b.sst, b.sstErr
}

// merges is a sheet's merged ranges, read ahead of its rows: a byte
// search finds the <mergeCells> element (it follows <sheetData>), and
// only it is read as XML.
func (b *Book) merges(sheet string) ([]Range, error) {
	f, err := b.part(sheet)
	if err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errors.New("压缩数据已损坏")
	}
	defer rc.Close()
	return scanMerges(rc, b.lim.MergedCells/2)
}

// open opens a part by name (case-insensitive, as excelize finds them).
func (p *ooxmlPackage) open(name string) (io.ReadCloser, bool) {
	f, ok := p.files[strings.ToLower(name)]
	if !ok {
		return nil, false
	}
	rc, err := f.Open()
	if err != nil {
		return nil, false
	}
	return rc, true
}

// rels reads a relationships part: id → target, and the target of the
// first relationship whose type ends in typeSuffix.
func (p *ooxmlPackage) rels(name, typeSuffix string) (map[string]string, string) {
	out := map[string]string{}
	first := ""
	rc, ok := p.open(name)
	if !ok {
		return out, ""
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out, first
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		id, target, typ := attr(se, "Id"), attr(se, "Target"), attr(se, "Type")
		out[id] = target
		if first == "" && typeSuffix != "" && strings.HasSuffix(typ, typeSuffix) {
			first = target
		}
	}
}

// sheetList lists the sheets and their parts the way excelize finds
// them: _rels/.rels names the workbook, the workbook's rels name the
// sheets.
// It notes the shared strings' part the workbook's relationships name
// (xl/sharedStrings.xml when they name none).
func (p *ooxmlPackage) sheetList() ([]bookSheet, error) {
	_, wb := p.rels("_rels/.rels", "/officeDocument")
	wb = strings.TrimPrefix(wb, "/")
	if wb == "" {
		wb = "xl/workbook.xml"
	}
	dir := path.Dir(wb)
	ids, sst := p.rels(path.Join(dir, "_rels", path.Base(wb)+".rels"), "/sharedStrings")
	p.sstPart = "xl/sharedStrings.xml"
	if sst != "" {
		p.sstPart = partPath(dir, sst)
	}
	rc, ok := p.open(wb)
	if !ok {
		return nil, ErrCorrupt
	}
	defer rc.Close()
	var out []bookSheet
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, ErrCorrupt
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sheet" {
			continue
		}
		target, ok := ids[attr(se, "id")]
		if ok {
			target = partPath(dir, target)
		}
		out = append(out, bookSheet{name: attr(se, "name"), part: target})
	}
}

// partPath is a relationship's target as a part name: from the package
// root when it starts with "/", else from dir (the source part's).
func partPath(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(dir, target)
}

// attr is the value of the attribute with local name local, "" if none.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// parseRange reads "A1:C3" (or "A1") as a 0-based inclusive range.
func parseRange(ref string) (Range, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return Range{}, false
	}
	return Range{Top: min(r1, r2) - 1, Left: min(c1, c2) - 1, Bottom: max(r1, r2) - 1, Right: max(c1, c2) - 1}, true
}

// scanMerges reads the merged ranges of a sheet's XML: a byte search
// finds the first <mergeCells> tag (a '<', a prefix maybe, the name, then
// white space, '>' or '/'), and only that element is read as XML.
func scanMerges(r io.Reader, maxMerges int) ([]Range, error) {
	const keep = 64 // carried over between chunks: a tag split across them
	buf := make([]byte, scanBufBytes)
	n := 0
	for {
		k, err := io.ReadFull(r, buf[n:])
		n += k
		if lt := mergeCellsTag(buf[:n]); lt >= 0 {
			return readMerges(io.MultiReader(bytes.NewReader(buf[lt:n]), r), maxMerges)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, nil
		}
		if err != nil {
			return nil, errors.New("压缩数据已损坏")
		}
		if n > keep {
			n = copy(buf, buf[n-keep:n])
		}
	}
}

// mergeCellsTag is the offset of the '<' of the first <mergeCells> start
// tag in b whose name ends inside b, or -1.
func mergeCellsTag(b []byte) int {
	const name = "mergeCells"
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte(name))
		if i < 0 {
			return -1
		}
		i += off
		off = i + 1
		end := i + len(name)
		if end >= len(b) {
			return -1
		}
		if c := b[end]; c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			continue
		}
		lt := i - 1
		if lt >= 0 && b[lt] == ':' { // a prefix
			for lt--; lt >= 0 && b[lt] < 0x80 && nameByte[b[lt]] && b[lt] != ':'; lt-- {
			}
		}
		if lt >= 0 && b[lt] == '<' {
			return lt
		}
	}
}

// readMerges reads <mergeCell ref="…"/> elements up to the end of their
// <mergeCells> element.
// maxMerges bounds the merged ranges read from one sheet: each covers
// two cells or more, and Limits.MergedCells bounds the cells they cover.
// errTooManyMerges is readMerges' error for more than maxMerges ranges.
var errTooManyMerges = errors.New("合并单元格过多，文件可能已损坏")

func readMerges(r io.Reader, maxMerges int) ([]Range, error) {
	var out []Range
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, errors.New("XML 内容不完整或格式错误")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "mergeCell" {
				if m, ok := parseRange(attr(t, "ref")); ok {
					out = append(out, m)
				}
				if len(out) > maxMerges {
					return nil, errTooManyMerges
				}
			}
		case xml.EndElement:
			if t.Name.Local == "mergeCells" {
				return out, nil
			}
		}
	}
}
