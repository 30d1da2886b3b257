package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// ParseFile reads one .xlsx or .csv file. The error is only for a file
// that cannot be read at all (a .xls, a corrupt file, no sheet with a
// project header, no year); everything else is an Issue in the result.
func ParseFile(path string, opt ParseOptions) (*Parsed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("无法打开文件：%w", err)
	}
	defer f.Close()
	return Parse(f, path, opt)
}

// Parse is ParseFile over a reader; name gives the extension and the
// name used in messages.
func Parse(r io.Reader, name string, opt ParseOptions) (*Parsed, error) {
	grids, err := readWorkbook(r, name)
	if err != nil {
		return nil, err
	}
	p := &Parsed{File: name, Kind: opt.Kind, Year: opt.Year, Month: opt.Month}
	st := &fileState{codes: map[string]int{}, names: map[string]int{}}
	found := false
	for i := range grids {
		ok, err := parseSheet(p, &grids[i], opt, st)
		if err != nil {
			return nil, err
		}
		found = found || ok
	}
	if !found {
		return nil, errors.New("没有在任何工作表中找到项目表头（应有“项目名称”列以及“总投资”“年度计划投资”或“完成投资”等列）")
	}
	return p, nil
}

// fileState is what spans the sheets of one file: the rows seen, by code
// and by name, to catch the same project listed twice.
type fileState struct {
	codes map[string]int
	names map[string]int
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
	p      *Parsed
	g      *grid
	cols   map[field]column
	unit   int64
	warned map[string]bool
	given  Given
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

var (
	titleYearRe  = regexp.MustCompile(`(20\d{2})\s*年`)
	titleMonthRe = regexp.MustCompile(`(?:1\s*[-—–~～至到]\s*(\d{1,2})|(?:20\d{2})\s*年\s*(\d{1,2}))\s*月`)
	sectionRe    = regexp.MustCompile(`^([一二三四五六七八九十]+)(?:[、.．,，]+(.*))?$`)
	subsectionRe = regexp.MustCompile(`^[(（]([一二三四五六七八九十]+)[)）][、.．,，]*(.*)$`)
	countRe      = regexp.MustCompile(`[(（]\s*(共)?\s*\d+\s*(个|项)?\s*(项目)?[)）]`)
	noteRe       = regexp.MustCompile(`^(注|说明|备注|附注)\s*(\d|[:：.、])`)
)

// parseSheet reads one sheet into p. It returns false (with a warning)
// for a sheet without a project header.
func parseSheet(p *Parsed, g *grid, opt ParseOptions, st *fileState) (bool, error) {
	hr, ok := findHeader(g)
	if !ok {
		p.Warnings = append(p.Warnings, Issue{Sheet: g.name, Message: fmt.Sprintf("工作表“%s”没有找到项目表头，已跳过", g.name)})
		return false, nil
	}
	s := &sheet{p: p, g: g, warned: map[string]bool{}}
	// Title rows: year, month and the units line.
	var title strings.Builder
	for r := 0; r < hr; r++ {
		for _, c := range g.rows[r] {
			title.WriteString(fold(c))
			title.WriteByte(' ')
		}
	}
	s.unit = UnitWan
	if u := unitsLine(title.String()); u != 0 {
		s.unit = u
	}
	dataStart := s.readHeader(hr)
	kind := opt.Kind
	if kind == "" {
		_, m := s.cols[fMonth]
		_, y := s.cols[fYTD]
		if m || y {
			kind = KindMonthly
		} else {
			kind = KindPlan
		}
	}
	if p.Kind == "" {
		p.Kind = kind
	} else if p.Kind != kind {
		p.Warnings = append(p.Warnings, Issue{Sheet: g.name, Message: fmt.Sprintf("工作表“%s”与本文件其他工作表不是同一种表（%s），已跳过", g.name, kindLabel(kind))})
		return false, nil
	}
	if err := s.period(title.String(), opt); err != nil {
		return false, err
	}
	if kind == KindPlan {
		if _, ok := s.cols[fPlan]; !ok {
			if _, ok := s.cols[fTotal]; !ok {
				return false, fmt.Errorf("工作表“%s”没有“年度计划投资”或“总投资”列，无法作为项目计划表导入", g.name)
			}
		}
	} else if _, m := s.cols[fMonth]; !m {
		if _, y := s.cols[fYTD]; !y {
			return false, fmt.Errorf("工作表“%s”没有“本月完成”或“1-N月完成”列，无法作为月度调度表导入", g.name)
		}
	}
	s.given = s.givenFields()
	s.fillMerges(dataStart)
	s.rows(dataStart, st)
	return true, nil
}

func kindLabel(k Kind) string {
	if k == KindMonthly {
		return "月度调度表"
	}
	return "项目计划表"
}

// unitsLine reads 单位：万元 / 单位：亿元 from the title rows.
func unitsLine(title string) int64 {
	i := strings.Index(title, "单位")
	if i < 0 {
		return 0
	}
	rest := title[i:]
	if j := strings.IndexAny(rest, " \n"); j > 0 {
		rest = rest[:j]
	}
	switch {
	case strings.Contains(rest, "亿元"):
		return UnitYi
	case strings.Contains(rest, "万元"):
		return UnitWan
	case strings.Contains(rest, "元"):
		return UnitYuan
	}
	return 0
}

// period settles the year (and a monthly sheet's month): the caller's
// options first, then the title, then the header.
func (s *sheet) period(title string, opt ParseOptions) error {
	p := s.p
	if p.Year == 0 {
		if m := titleYearRe.FindStringSubmatch(title); m != nil {
			p.Year, _ = strconv.Atoi(m[1])
		}
	}
	if p.Year == 0 {
		for _, c := range s.cols {
			if m := titleYearRe.FindStringSubmatch(c.title); m != nil {
				p.Year, _ = strconv.Atoi(m[1])
				break
			}
		}
	}
	if p.Year == 0 {
		return fmt.Errorf("无法确定年份：工作表“%s”的标题中没有“2024年”这样的年份，请用 --year 指定", s.g.name)
	}
	if p.Kind != KindMonthly || p.Month != 0 {
		return nil
	}
	if m := titleMonthRe.FindStringSubmatch(title); m != nil {
		v := m[1]
		if v == "" {
			v = m[2]
		}
		p.Month, _ = strconv.Atoi(v)
	}
	if p.Month == 0 {
		if c, ok := s.cols[fYTD]; ok {
			p.Month = ytdMonth(c.title)
		}
	}
	if p.Month < 1 || p.Month > 12 {
		return fmt.Errorf("无法确定月份：工作表“%s”的标题中没有“2024年1-6月”这样的月份，请用 --month 指定", s.g.name)
	}
	return nil
}

// findHeader finds the header row: the first of the top rows that names
// a project-name column and at least one other known column.
func findHeader(g *grid) (int, bool) {
	for r := 0; r < len(g.rows) && r < 30; r++ {
		fields := map[field]bool{}
		for _, c := range g.rows[r] {
			if f := classify(c); f != fNone {
				fields[f] = true
			}
		}
		if fields[fName] && len(fields) >= 2 {
			return r, true
		}
	}
	return 0, false
}

// readHeader names the columns from header row hr, and from the row
// below when the header has two rows (merged parent cells over child
// cells). It returns the first data row.
func (s *sheet) readHeader(hr int) int {
	g := s.g
	two := false
	parent := map[int]string{} // column → text of a merged cell over it in row hr
	for _, m := range g.merges {
		if m.top != hr {
			continue
		}
		if m.bottom > hr {
			two = true
		}
		if m.right > m.left && m.bottom == hr {
			two = true
			for c := m.left; c <= m.right; c++ {
				parent[c] = g.cell(hr, m.left)
			}
		}
	}
	width := len(g.rows[hr])
	if hr+1 < len(g.rows) && len(g.rows[hr+1]) > width {
		width = len(g.rows[hr+1])
	}
	if !two && hr+1 < len(g.rows) {
		two = looksLikeSubHeader(g, hr)
	}
	s.cols = map[field]column{}
	prevParent := ""
	for c := 0; c < width; c++ {
		top := strings.TrimSpace(g.cell(hr, c))
		if p, ok := parent[c]; ok {
			top = strings.TrimSpace(p)
		}
		child := ""
		if two {
			child = strings.TrimSpace(g.cell(hr+1, c))
			// Without merge information (CSV), a parent written once
			// stands over the children to its right.
			if top == "" && child != "" && len(parent) == 0 {
				top = prevParent
			}
			if child != "" {
				prevParent = top
			} else {
				prevParent = ""
			}
		}
		title := top
		if child != "" && squash(child) != squash(top) {
			if top != "" {
				title = top + "/" + child
			} else {
				title = child
			}
		}
		title = cleanText(title)
		f := classify(strings.ReplaceAll(title, "/", ""))
		if child != "" && top != "" && f == fNone {
			f = classify(child)
		}
		if f == fNone {
			continue
		}
		if _, dup := s.cols[f]; dup {
			continue // the first column of a kind is the one read
		}
		u := unitOf(title)
		if u == 0 {
			u = s.unit
		}
		s.cols[f] = column{idx: c, field: f, title: title, unit: u}
	}
	if two {
		return hr + 2
	}
	return hr + 1
}

// looksLikeSubHeader tells whether the row under the header is a second
// header row: no project name, and header words rather than figures.
func looksLikeSubHeader(g *grid, hr int) bool {
	nameCol := -1
	for c, v := range g.rows[hr] {
		if classify(v) == fName {
			nameCol = c
			break
		}
	}
	next := g.rows[hr+1]
	if nameCol >= 0 && strings.TrimSpace(g.cell(hr+1, nameCol)) != "" {
		return false
	}
	words := 0
	for _, v := range next {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if _, ok, err := ParseAmount(v, 1); ok && err == nil {
			return false
		}
		if classify(v) != fNone {
			words++
		}
	}
	return words > 0
}

// fillMerges copies a merged cell's value into the whole block for text
// columns (a 领域 or 设区市 merged down several rows). Amounts are not
// copied: a merged amount belongs to the block once, not to every row.
func (s *sheet) fillMerges(dataStart int) {
	money := map[int]bool{}
	for _, c := range s.cols {
		if c.field.isMoney() {
			money[c.idx] = true
		}
	}
	for _, m := range s.g.merges {
		if m.bottom < dataStart || m.bottom >= len(s.g.rows) {
			continue
		}
		if m.bottom == m.top {
			// A block merged across one row is a heading or a note written
			// once; copying it would put its text into the code column.
			continue
		}
		v := s.g.cell(m.top, m.left)
		for r := max(m.top, dataStart); r <= m.bottom; r++ {
			for c := m.left; c <= m.right; c++ {
				if (r != m.top || c != m.left) && !money[c] {
					s.g.set(r, c, v)
				}
			}
		}
	}
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
