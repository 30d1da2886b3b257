package xlsx

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// rowsHint estimates the rows stepped through in the sheets' parts, for
// the read stage's total; 0 when there is no estimate.
func (p *ooxmlPackage) rowsHint(parts map[string]string) int64 {
	var n int64
	for _, part := range parts {
		n += p.sheetRowsHint(part)
	}
	return n
}

var (
	dimensionRe = regexp.MustCompile(`<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"`)
	rowTagRe    = regexp.MustCompile(`<(?:\w+:)?row[\s>]`)
)

// hintSample is how much of a sheet's XML is unpacked for its hint.
const hintSample = 256 << 10

// sheetRowsHint reads the start of a sheet's XML: the last row its
// <dimension> states (Excel and WPS write one), else the rows in the
// sample scaled by the part's size (generators often leave it out).
func (p *ooxmlPackage) sheetRowsHint(name string) int64 {
	f, ok := p.files[strings.ToLower(name)]
	if !ok {
		return 0
	}
	rc, err := f.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, hintSample))
	if err != nil {
		return 0
	}
	data := bytes.Index(b, []byte("sheetData"))
	head := b
	if data >= 0 {
		head = b[:data]
	}
	if m := dimensionRe.FindSubmatch(head); m != nil && len(m[1]) > 0 {
		if n, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil && n > 1 {
			return n
		}
	}
	if data < 0 {
		return 0
	}
	rows := int64(len(rowTagRe.FindAllIndex(b[data:], -1)))
	if int64(len(b)) < hintSample || rows == 0 {
		return rows // the whole sheet is in the sample
	}
	return rows * (int64(f.UncompressedSize64) - int64(data)) / int64(len(b)-data) // #nosec G115 -- the zip directory's size was checked against the unzip limit (200 MB)
}
