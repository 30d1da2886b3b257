package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// readCSV reads a CSV (UTF-8, or GBK as Excel in China saves it) as one
// grid named for the file.
func readCSV(b []byte, name string, progress ProgressFunc) ([]grid, error) {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		// Excel in China saves CSV as GBK unless told otherwise.
		if u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
			b = u
		}
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	g := grid{name: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))}
	bud := &budget{pr: progress.start(StageRead, csvRows(b))}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CSV 第%d行无法读取：格式错误", len(g.rows)+1)
		}
		if err := bud.spend(1, len(rec)); err != nil {
			return nil, err
		}
		if err := checkCells("", len(g.rows)+1, rec); err != nil {
			return nil, err
		}
		g.rows = append(g.rows, rec)
		if len(g.rows) > maxRows {
			return nil, fmt.Errorf("CSV 超过 %d 行", maxRows)
		}
	}
	// Trailing empty lines carry nothing.
	for len(g.rows) > 0 && blank(g.rows[len(g.rows)-1]) {
		g.rows = g.rows[:len(g.rows)-1]
	}
	return []grid{g}, nil
}
