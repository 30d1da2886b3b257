package xlsx

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"portfolio/xlsx/xlsxtest"
)

// publicRows reads sheet i through the exported API: Open, Rows, Next.
func publicRows(data []byte, i int, opts ...Option) (map[int][]string, []Range, error) {
	b, err := Open(bytes.NewReader(data), int64(len(data)), opts...)
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	rs, err := b.Rows(i)
	if err != nil {
		return nil, nil, err
	}
	rows := map[int][]string{}
	for {
		r, cells, _, err := rs.Next()
		if err == io.EOF {
			return rows, rs.Merges(), nil
		}
		if err != nil {
			return nil, nil, err
		}
		if len(cells) > 0 {
			rows[r] = slices.Clone(cells)
		}
	}
}

// TestPublicAPIReadsAsTheSheetReader: Book.Rows gives each hand-written
// sheet's rows as the sheet reader does, and its merges.
func TestPublicAPIReadsAsTheSheetReader(t *testing.T) {
	for name, sheet := range handSheets {
		data := bookWith(t, sheet, testSST)
		want, _, err := readRows(data, "Sheet1")
		if err != nil {
			t.Fatal(name, err)
		}
		got, merges, err := publicRows(data, 0)
		if err != nil {
			t.Fatal(name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
		if name == "prefixed" && !slices.Equal(merges, []Range{{Top: 0, Left: 0, Bottom: 1, Right: 1}}) {
			t.Fatalf("merges %v", merges)
		}
	}
}

func limitOf(err error) (*LimitError, bool) {
	var le *LimitError
	return le, errors.As(err, &le)
}

// TestLimitsAreOptions: each limit refuses a book just over it with a
// LimitError naming it, while the defaults read the same book.
func TestLimitsAreOptions(t *testing.T) {
	row := func(s string) string {
		return xlsxtest.SheetHead + "<sheetData>" + s + "</sheetData>" + xlsxtest.SheetTail
	}
	sheet := row(`<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1"><v>1</v></c></row>` +
		`<row r="5"><c r="A5" t="inlineStr"><is><t>昌九高铁</t></is></c><c r="B5"><v>2</v></c></row>`)
	sheet = strings.Replace(sheet, xlsxtest.SheetTail, `<mergeCells><mergeCell ref="A1:A2"/><mergeCell ref="B1:B2"/></mergeCells>`+xlsxtest.SheetTail, 1)
	data := bookWith(t, sheet, testSST)
	if _, _, err := publicRows(data, 0); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, c := range []struct {
		opt  Option
		what Limit
		lim  int64
		row  int
	}{
		{MaxCells(3), LimitCells, 3, 0},
		{MaxRowsRead(4), LimitRows, 4, 0},
		{MaxCellChars(3), LimitCellChars, 3, 5},
		{MaxUnzippedBytes(1000), LimitUnzipped, 1000, 0},
		{WithLimits(Limits{Entries: 3}), LimitEntries, 3, 0},
		{WithLimits(Limits{PartBytes: 100}), LimitPart, 100, 0},
		{WithLimits(Limits{MergedCells: 3}), LimitMergedCells, 3, 0},
	} {
		_, _, err := publicRows(data, 0, c.opt)
		le, ok := limitOf(err)
		if !ok || le.What != c.what || le.Limit != c.lim || le.Row != c.row {
			t.Errorf("%s: error %v", c.what, err)
		}
	}
}

// TestAReaderPanicIsAPanicError: a bug of the reader (here a Rows without
// its sheet) is returned with the stack where it happened.
func TestAReaderPanicIsAPanicError(t *testing.T) {
	rs := &Rows{b: &Book{budget: budget{lim: DefaultLimits()}}, sheet: "Sheet1"}
	_, _, _, err := rs.Next()
	var pe *PanicError
	if !errors.As(err, &pe) || !bytes.Contains(pe.Stack, []byte("portfolio/xlsx.(*Rows).Next")) {
		t.Fatalf("error %v", err)
	}
}

// TestOpeningStepsAreNamed: a broken shared-string table stops the
// opening step, a sheet without its part the merges pass (the first to
// look for it), each a FormatError with its reason.
func TestOpeningStepsAreNamed(t *testing.T) {
	data := bookWith(t, xlsxtest.SheetHead+xlsxtest.SheetTail, `<sst><si><t>x</si></sst>`)
	_, _, err := publicRows(data, 0)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Op != OpOpen || fe.Sheet != "Sheet1" || !strings.HasPrefix(fe.Msg, "共享字符串表已损坏") {
		t.Fatalf("broken shared strings: %v", err)
	}
	b, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	b.sheets[0].part = ""
	_, err = b.Rows(0)
	if !errors.As(err, &fe) || fe.Op != OpMerges || fe.Msg != "找不到工作表的内容" {
		t.Fatalf("no part: %v", err)
	}
}
