package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"portfolio/province"
)

// ParseFile reads one .xlsx or .csv file. The error is only for a file
// that cannot be read at all: a .xls, a corrupt file, no sheet with a
// project header, or no year (or, for a monthly sheet, no month) in the
// file or the options. Everything else is an Issue in the result.
func ParseFile(path string, opt ParseOptions) (*Parsed, error) {
	return parseNamed(path, path, opt)
}

// Parse is ParseFile over a reader; name gives the extension and the
// name used in messages.
func Parse(r io.Reader, name string, opt ParseOptions) (*Parsed, error) {
	bk, err := readWorkbook(r, name, opt.maxBytes(), opt)
	if err != nil {
		return nil, err
	}
	defer bk.close()
	return parseBook(bk, name, opt, nil)
}

// rowSink takes the rows that pass the checks as they are read; a nil
// sink keeps them in Parsed. An error stops the reading.
type rowSink interface {
	plan(*Parsed, PlanRow) error
	monthly(*Parsed, MonthlyRow) error
}

// parseBook reads every sheet of bk, handing the rows to sink.
func parseBook(bk book, name string, opt ParseOptions, sink rowSink) (*Parsed, error) {
	p := &Parsed{File: name, Kind: opt.Kind, Year: opt.Year, Month: opt.Month}
	st := &fileState{seen: newSeen(), sink: sink,
		pr: opt.Progress.start(StageParse, bk.rowsHint())}
	var skipped, tables []string
	anyData := false
	for i, sheetName := range bk.sheetNames() {
		if province.IsTemplateSheet(sheetName) {
			continue // a template's notes and dropdown lists, not data
		}
		ss, err := bk.open(i)
		if err != nil {
			return nil, err
		}
		why, data, err := parseSheet(p, ss, opt, st, !anyData)
		if err != nil {
			return nil, err
		}
		anyData = anyData || data
		if why != "" {
			if !province.IsSummarySheet(sheetName) { // an exported 调度表's sums: nothing to say
				p.Warnings = append(p.Warnings, Issue{Sheet: sheetName, Message: why})
			}
			skipped = append(skipped, why)
		} else {
			tables = append(tables, sheetName)
		}
	}
	st.pr.finish()
	if !anyData {
		return nil, errors.New("文件是空的：没有任何工作表含有数据")
	}
	if len(skipped) == len(bk.sheetNames()) {
		msg := "没有在任何工作表中找到项目表头（应有“项目名称”列以及“总投资”“年度计划投资”或“完成投资”等列）"
		if len(skipped) > 0 {
			msg += "：" + strings.Join(skipped, "；")
		}
		return nil, errors.New(msg)
	}
	if st.rows == 0 && p.Rejected == 0 {
		return nil, fmt.Errorf("工作表“%s”只有表头，没有项目数据行：请确认选择了正确的文件", strings.Join(tables, "”“"))
	}
	return p, nil
}

// sinkError is a failure of the sink (the store), not of the file.
type sinkError struct{ err error }

func (e *sinkError) Error() string { return e.err.Error() }
func (e *sinkError) Unwrap() error { return e.err }

// emitPlan hands a checked plan row on.
func (st *fileState) emitPlan(p *Parsed, r PlanRow) {
	st.rows++
	if st.sink == nil {
		p.Plans = append(p.Plans, r)
		return
	}
	if err := st.sink.plan(p, r); err != nil && st.err == nil {
		st.err = err
	}
}

// emitMonthly hands a checked monthly row on.
func (st *fileState) emitMonthly(p *Parsed, r MonthlyRow) {
	st.rows++
	if st.sink == nil {
		p.Monthly = append(p.Monthly, r)
		return
	}
	if err := st.sink.monthly(p, r); err != nil && st.err == nil {
		st.err = err
	}
}

// emitPair hands on the two parts of a 调度表 row together: a part of
// the import never holds one without the other (see partSink).
func (st *fileState) emitPair(p *Parsed, r PlanRow, m MonthlyRow) {
	st.emitPlan(p, r)
	st.emitMonthly(p, m)
}

// parseNamed parses the file at path under the name the official gave
// it, so a staged upload's messages name "list.csv", not "0.csv". A file
// over the size limit is refused before it is read.
func parseNamed(path, name string, opt ParseOptions) (*Parsed, error) {
	bk, err := openBook(path, name, opt)
	if err != nil {
		return nil, err
	}
	defer bk.close()
	return parseBook(bk, name, opt, nil)
}

// openBook opens the file at path for reading, refusing one over the
// size limit. The book holds the file open until it is closed.
func openBook(path, name string, opt ParseOptions) (book, error) {
	f, err := os.Open(path) // #nosec G304 -- reading the file the operator named (CLI) or the staged upload is the job
	if err != nil {
		return nil, fmt.Errorf("无法打开文件：%w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close() // the read error is the one to report
		return nil, fmt.Errorf("无法读取文件：%w", err)
	}
	bk, err := readWorkbookAt(f, fi.Size(), name, opt.maxBytes(), opt)
	if err != nil {
		_ = f.Close() // as above
		return nil, err
	}
	return fileBook{book: bk, f: f}, nil
}

// fileBook is a book over a file it closes with itself.
type fileBook struct {
	book
	f *os.File
}

func (b fileBook) close() error {
	err := b.book.close()
	if ferr := b.f.Close(); err == nil {
		err = ferr
	}
	return err
}

// fileState is what spans the sheets of one file: the rows seen, by code
// and by name, to catch the same project listed twice.
type fileState struct {
	seen *seen
	pr   *tracker // the parse stage, counted in rows
	sink rowSink
	rows int   // rows handed on
	err  error // the sink's first error: it stops the reading
}

// rowRef is where a project was first seen.
type rowRef struct {
	sheet string
	row   int
}

// column is one header column of a sheet.
type column struct {
	idx   int
	field field
	title string // as the sheet names it, parent/child for two-row headers
	unit  int64
}

// sheet is one sheet being read.
type sheet struct {
	p    *Parsed
	g    *grid
	cols map[field]column
	unit int64
	// titleCity is the one city the title names (九江市2024年…), "" for
	// none: the city of a row that names none, or only a county-level
	// place the province's table does not know (市本级, 九江经开区).
	titleCity string
	warned    map[string]bool
	given     Given
	// noValue is the current row's columns holding a formula saved
	// without its value.
	noValue []int
	// sectionGiven is given plus the fields a section row states, made
	// once per kind of section rather than per row (a 100,000-row list
	// would otherwise carry 100,000 copies of the same small map).
	sectionGiven map[uint8]Given
}

// givenFields maps the sheet's columns to the store's columns they set.
func (s *sheet) givenFields() Given {
	g := Given{}
	set := func(f field, cols ...string) {
		if s.has(f) {
			for _, c := range cols {
				g[c] = true
			}
		}
	}
	set(fOwner, "owner")
	set(fResponsible, "responsible")
	set(fContent, "content")
	set(fSector, "sector")
	set(fSubsector, "subsector")
	set(fPlace, "city", "county")
	set(fCity, "city")
	set(fCounty, "county")
	set(fPeriod, "start_year", "end_year")
	set(fStage, "stage")
	set(fTotal, "total_investment_yuan")
	set(fBefore, "completed_before_yuan")
	set(fPlan, "annual_plan_yuan")
	set(fFlagship, "flagship")
	set(fTags, "tags")
	set(fNote, "note")
	set(fProgress, "progress")
	set(fProblems, "problems")
	return g
}

// parseSheet reads one sheet into p. A sheet that holds no project table
// (or a table of the other kind) is skipped: why says so, for a warning.
// The error is for what stops the whole file: no year or month, a sheet
// that cannot be read. data tells whether the sheet has a filled cell;
// a skipped sheet is read to its end for that only when drain is set.
func parseSheet(p *Parsed, ss *sheetStream, opt ParseOptions, st *fileState, drain bool) (why string, data bool, err error) {
	sr := newSheetReader(ss)
	if err := sr.top(headerSearchRows + 3); err != nil {
		return "", false, sheetError(ss.name, err)
	}
	skip := func(msg string) (string, bool, error) {
		for drain && !sr.anyData {
			if _, err := sr.read(); err != nil {
				break
			}
		}
		return msg, sr.anyData, nil
	}
	g := &sr.g
	hr, ok := findHeader(g)
	if !ok {
		return skip(fmt.Sprintf("工作表“%s”没有找到项目表头，已跳过", g.name))
	}
	s := &sheet{p: p, g: g, warned: map[string]bool{}}
	title := titleText(g, hr)
	s.unit = UnitWan
	if u := unitsLine(title); u != 0 {
		s.unit = u
	}
	s.titleCity = cityOfTitle(title)
	dataStart := s.readHeader(hr)
	if s.stageColumnUnsure() {
		// Enough rows to judge the column by its values.
		if err := sr.top(dataStart + stageSampleRows); err != nil {
			return "", true, sheetError(ss.name, err)
		}
		s.stageColumn(dataStart)
	}
	kind := opt.Kind
	if kind == "" {
		switch {
		case s.hasMonthColumns() && s.carriesList():
			kind = KindSchedule
		case s.hasMonthColumns():
			kind = KindMonthly
		case s.has(fPlan) || s.has(fTotal):
			kind = KindPlan
		default:
			return skip(fmt.Sprintf("工作表“%s”的表头没有“总投资”“年度计划投资”或“本月完成”“1-N月完成”等金额列，已跳过", g.name))
		}
	}
	switch {
	case kind == KindPlan && !s.has(fPlan) && !s.has(fTotal):
		return skip(fmt.Sprintf("工作表“%s”没有“年度计划投资”或“总投资”列，不能作为项目计划表导入，已跳过", g.name))
	case kind == KindMonthly && !s.hasMonthColumns():
		return skip(fmt.Sprintf("工作表“%s”没有“本月完成”或“1-N月完成”列，不能作为月度调度表导入，已跳过", g.name))
	case kind == KindSchedule && !(s.hasMonthColumns() && s.carriesList()):
		return skip(fmt.Sprintf("工作表“%s”没有%s以及“本月完成”或“1-N月完成”列，不能同时作为项目计划和月度完成导入，已跳过", g.name, listColumnsText))
	}
	if p.Kind == "" {
		p.Kind = kind
	} else if p.Kind != kind {
		return skip(fmt.Sprintf("工作表“%s”与本文件其他工作表不是同一种表（%s），已跳过", g.name, kindLabel(kind)))
	}
	if err := s.period(title, opt); err != nil {
		return "", true, err
	}
	s.given = s.givenFields()
	if err := s.rows(sr.rowsFrom(dataStart), dataStart, st); err != nil {
		return "", true, err
	}
	return "", true, nil
}

// sheetError names the sheet in a reading error, unless it does already.
func sheetError(sheet string, err error) error {
	if strings.Contains(err.Error(), "工作表") {
		return err
	}
	return fmt.Errorf("工作表“%s”已损坏：%s", sheet, err.Error())
}

func kindLabel(k Kind) string {
	switch k {
	case KindMonthly:
		return "月度调度表"
	case KindSchedule:
		return "含年度计划的调度表"
	}
	return "项目计划表"
}

func (s *sheet) get(row []string, f field) string {
	c, ok := s.cols[f]
	if !ok || c.idx >= len(row) {
		return ""
	}
	return row[c.idx]
}

func (s *sheet) has(f field) bool {
	_, ok := s.cols[f]
	return ok
}
