package importer

import (
	"bytes"
	"errors"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"portfolio/demo"
	"portfolio/xlsx"
)

// TestExcelizeReaderParsesAlike parses the demo workbooks and the test
// lists with both readers: the same rows, errors and warnings.
func TestExcelizeReaderParsesAlike(t *testing.T) {
	paths := []string{writeBook(t, provinceList()...), writeBook(t, sectionSheetSpec())}
	if !testing.Short() {
		files, err := demo.Write(filepath.Join(t.TempDir(), "demo.xlsx"), demo.Options{Projects: 400})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			paths = append(paths, f.Path)
		}
	}
	for _, p := range paths {
		ours, err := ParseFile(p, ParseOptions{})
		if err != nil {
			t.Fatal(p, err)
		}
		theirs, err := ParseFile(p, ParseOptions{Reader: ReaderExcelize})
		if err != nil {
			t.Fatal(p, err)
		}
		if len(ours.Plans)+len(ours.Monthly) == 0 || !reflect.DeepEqual(ours, theirs) {
			t.Fatalf("%s: our reader %d plans %d monthly %v %v; excelize %d plans %d monthly %v %v", filepath.Base(p),
				len(ours.Plans), len(ours.Monthly), ours.Errors, ours.Warnings, len(theirs.Plans), len(theirs.Monthly), theirs.Errors, theirs.Warnings)
		}
	}
}

func sectionSheetSpec() sheetSpec { return sheetSpec{name: "Sheet1", rows: sectionSheet()} }

// TestReaderErrorsKeepTheirMessages maps each typed error of the reader
// to the message an official has always read.
func TestReaderErrorsKeepTheirMessages(t *testing.T) {
	var log bytes.Buffer
	opt := ParseOptions{Logger: slog.New(slog.NewTextHandler(&log, nil))}
	for _, c := range []struct {
		err  error
		want string
	}{
		{xlsx.ErrEncrypted, errEncrypted.Error()},
		{xlsx.ErrOLE, errOLE.Error()},
		{xlsx.ErrNotZip, errNotXLSX.Error()},
		{xlsx.ErrCorrupt, errCorrupt.Error()},
		{&xlsx.LimitError{What: xlsx.LimitEntries, Limit: 10_000}, "工作簿包含的部件过多（超过 10000 个），文件可能已损坏"},
		{&xlsx.LimitError{What: xlsx.LimitUnzipped, Limit: 200 << 20}, "工作簿解压后过大（超过上限 200 MB，可能是压缩炸弹），已拒绝读取"},
		{&xlsx.LimitError{What: xlsx.LimitPart, Limit: 32 << 20}, errUnzip.Error()},
		{&xlsx.LimitError{What: xlsx.LimitCells, Limit: 5_000_000}, errTooMany.Error()},
		{&xlsx.LimitError{What: xlsx.LimitRows, Limit: 4 << 20}, "工作簿的数据过多（超过 500 万个单元格或 419 万行，含空行）"},
		{&xlsx.LimitError{What: xlsx.LimitRowNumber, Limit: xlsx.MaxRow, Sheet: "表1"}, "工作表“表1”的行号超过 Excel 的上限 1048576 行，文件已损坏"},
		{&xlsx.LimitError{What: xlsx.LimitCellChars, Limit: 32767, Sheet: "表1", Row: 3, Col: 8},
			"工作表“表1”的单元格 H3 超过 32767 个字符（Excel 单元格的上限），文件可能已损坏"},
		{&xlsx.LimitError{What: xlsx.LimitMergedCells, Limit: 2_000_000, Sheet: "表1"}, "工作表“表1”已损坏：合并单元格过多，文件可能已损坏"},
		{&xlsx.FormatError{Sheet: "表1", Op: xlsx.OpOpen, Msg: "找不到工作表的内容"}, "工作表“表1”无法读取：找不到工作表的内容"},
		{&xlsx.FormatError{Sheet: "表1", Op: xlsx.OpRows, Msg: "第3行的单元格顺序错误"}, "工作表“表1”已损坏：第3行的单元格顺序错误"},
		{&xlsx.PanicError{Value: "index out of range", Stack: []byte("goroutine 7 [running]:\nportfolio/xlsx.(*sheetRows).step")}, errCorrupt.Error()},
	} {
		got := readerError(c.err, "表1", opt).Error()
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
	if !strings.Contains(log.String(), "index out of range") || !strings.Contains(log.String(), "sheetRows).step") {
		t.Fatalf("the panic's stack is not logged: %s", log.String())
	}
	if err := readerError(errors.New("disk gone"), "", opt); !strings.Contains(err.Error(), "无法读取文件") {
		t.Fatalf("an unknown error: %v", err)
	}
}
