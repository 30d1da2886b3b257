package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ooxmlPackage is an .xlsx opened as the zip it is, for what excelize
// does not give cheaply: its sizes before anything is unpacked, the
// merged ranges of a sheet without unmarshalling the sheet, and the
// formulas saved without a result.
type ooxmlPackage struct {
	files map[string]*zip.File // by lower-case name with forward slashes
}

// openPackage reads the zip's directory and refuses it when its parts
// would unpack to more than the limits allow. The sizes are the ones the
// directory declares; archive/zip fails a part that inflates past its
// declared size, so a directory that lies is caught when it is read.
func openPackage(data []byte) (*ooxmlPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errCorrupt
	}
	if len(zr.File) > maxParts {
		return nil, fmt.Errorf("工作簿包含的部件过多（超过 %d 个），文件可能已损坏", maxParts)
	}
	p := &ooxmlPackage{files: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		if size > unzipLimit {
			return nil, errUnzip
		}
		total += size
		if total > unzipLimit {
			return nil, errUnzip
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if size > maxPartBytes && !strings.HasPrefix(name, "xl/worksheets/") {
			return nil, errUnzip
		}
		p.files[name] = f
	}
	return p, nil
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

// sheetParts maps each sheet's name to its part, the way excelize does:
// _rels/.rels names the workbook, the workbook's rels name the sheets.
func (p *ooxmlPackage) sheetParts() (map[string]string, error) {
	_, wb := p.rels("_rels/.rels", "/officeDocument")
	wb = strings.TrimPrefix(wb, "/")
	if wb == "" {
		wb = "xl/workbook.xml"
	}
	dir := path.Dir(wb)
	ids, _ := p.rels(path.Join(dir, "_rels", path.Base(wb)+".rels"), "")
	rc, ok := p.open(wb)
	if !ok {
		return nil, errCorrupt
	}
	defer rc.Close()
	out := map[string]string{}
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, errCorrupt
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sheet" {
			continue
		}
		target, ok := ids[attr(se, "id")]
		if !ok {
			continue
		}
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(dir, target)
		}
		out[attr(se, "name")] = target
	}
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

// sheetScan is what a pass over a sheet's XML finds.
type sheetScan struct {
	merges  []mergeRange
	noValue map[[2]int]bool
}

// maxNoValue bounds the formula cells without a result that are kept:
// enough to name the ones in the rows read.
const maxNoValue = 100_000

// scanSheet reads a sheet's merged ranges and its formula cells saved
// without a result (Excel always saves the result; a generator that does
// not leaves a cell that reads as empty, which must not import as 0).
// A sheet whose XML is cut off or malformed is an error: excelize's rows
// stop quietly at such a point.
func (p *ooxmlPackage) scanSheet(name string) (*sheetScan, error) {
	// Most sheets have neither formulas nor merges: a byte search, many
	// times faster than XML tokens, tells so and checks the sheet ends
	// where it should.
	formulas, merges, err := p.needsScan(name)
	if err != nil {
		return nil, err
	}
	switch {
	case !formulas && !merges:
		return &sheetScan{}, nil
	case !formulas:
		// The official layouts merge their headers but hold no formulas:
		// the merges come after the sheet's data, so only they are read.
		return p.scanMerges(name)
	}
	rc, ok := p.open(name)
	if !ok {
		return nil, errors.New("找不到工作表的内容")
	}
	defer rc.Close()
	sc := &sheetScan{}
	d := xml.NewDecoder(rc)
	row, col := 0, 0
	inCell, hasF, hasV := false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sc, nil
		}
		if err != nil {
			return nil, errors.New("XML 内容不完整或格式错误")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > 0 {
					row = n
				} else {
					row++
				}
				col = 0
			case "c":
				col++
				if ref := attr(t, "r"); ref != "" {
					if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
						col, row = c, r
					}
				}
				inCell, hasF, hasV = true, false, false
			case "f":
				hasF = hasF || inCell
			case "v", "is":
				hasV = hasV || inCell
			case "mergeCell":
				if m, ok := parseRange(attr(t, "ref")); ok {
					sc.merges = append(sc.merges, m)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "c" && inCell {
				if hasF && !hasV && len(sc.noValue) < maxNoValue {
					if sc.noValue == nil {
						sc.noValue = map[[2]int]bool{}
					}
					sc.noValue[[2]int{row - 1, col - 1}] = true
				}
				inCell = false
			}
		}
	}
}

// parseRange reads "A1:C3" (or "A1") as a 0-based inclusive range.
func parseRange(ref string) (mergeRange, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return mergeRange{}, false
	}
	return mergeRange{top: min(r1, r2) - 1, left: min(c1, c2) - 1, bottom: max(r1, r2) - 1, right: max(c1, c2) - 1}, true
}

// needsScan tells whether a sheet's XML holds a formula or a merged
// range (a byte search, in any namespace prefix; a false match only costs
// a slower scan). It fails a sheet whose XML does not end with its root
// element's end tag (cut off).
func (p *ooxmlPackage) needsScan(name string) (formulas, merges bool, err error) {
	rc, ok := p.open(name)
	if !ok {
		return false, false, errors.New("找不到工作表的内容")
	}
	defer rc.Close()
	const keep = 64 // carried over between chunks: a tag split across them
	buf := make([]byte, 1<<20)
	n := 0
	for {
		k, err := io.ReadFull(rc, buf[n:])
		n += k
		formulas = formulas || hasFormulaTag(buf[:n])
		merges = merges || bytes.Contains(buf[:n], []byte("mergeCell"))
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return false, false, errors.New("压缩数据已损坏")
		}
		if n > keep {
			n = copy(buf, buf[n-keep:n])
		}
	}
	tail := bytes.TrimRight(buf[:n], " \t\r\n")
	if !bytes.HasSuffix(tail, []byte("worksheet>")) {
		return false, false, errors.New("XML 内容不完整")
	}
	return formulas, merges, nil
}

// scanMerges reads a sheet's merged ranges alone: a byte search finds
// the <mergeCells> element (it follows <sheetData>), and only it is read
// as XML.
func (p *ooxmlPackage) scanMerges(name string) (*sheetScan, error) {
	rc, ok := p.open(name)
	if !ok {
		return nil, errors.New("找不到工作表的内容")
	}
	defer rc.Close()
	const keep = 64
	buf := make([]byte, 1<<20)
	n := 0
	for {
		k, err := io.ReadFull(rc, buf[n:])
		n += k
		if i := bytes.Index(buf[:n], []byte("mergeCells")); i >= 0 {
			// Back to the element's '<' (past a namespace prefix).
			lt := bytes.LastIndexByte(buf[:i], '<')
			if lt < 0 {
				lt = i
			}
			return readMerges(io.MultiReader(bytes.NewReader(buf[lt:n]), rc))
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return &sheetScan{}, nil
		}
		if err != nil {
			return nil, errors.New("压缩数据已损坏")
		}
		if n > keep {
			n = copy(buf, buf[n-keep:n])
		}
	}
}

// readMerges reads <mergeCell ref="…"/> elements up to the end of their
// <mergeCells> element.
func readMerges(r io.Reader) (*sheetScan, error) {
	sc := &sheetScan{}
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
					sc.merges = append(sc.merges, m)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "mergeCells" {
				return sc, nil
			}
		}
	}
}

// hasFormulaTag finds the start of an <f> element, with or without a
// namespace prefix.
func hasFormulaTag(b []byte) bool {
	for i := bytes.IndexByte(b, 'f'); i >= 0; {
		if i > 0 && i+1 < len(b) && (b[i-1] == '<' || b[i-1] == ':') {
			switch b[i+1] {
			case '>', '/', ' ', '\t', '\r', '\n':
				return true
			}
		}
		j := bytes.IndexByte(b[i+1:], 'f')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}
