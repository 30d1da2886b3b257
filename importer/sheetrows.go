package importer

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"portfolio/models"
	"portfolio/province"
)

var (
	sectionRe    = regexp.MustCompile(`^([一二三四五六七八九十]+)(?:[、.．,，]+(.*))?$`)
	subsectionRe = regexp.MustCompile(`^[(（]([一二三四五六七八九十]+)[)）][、.．,，]*(.*)$`)
	// countRe is a bracket holding a count or a sum after a heading:
	// （412个）, (共12项), （3个项目，总投资120亿元）.
	countRe = regexp.MustCompile(`[(（][^()（）]*\d[^()（）]*[)）]`)
	noteRe  = regexp.MustCompile(`^(注|说明|备注|附注)\s*(\d|[:：.、])`)
)

// group is a block of project rows that a section or subtotal row sums:
// its stated figures and the sums of the rows found under it.
type group struct {
	row      int    // Excel row of the section or subtotal row, 0 for none
	label    string // as the sheet writes it
	stated   map[field]int64
	raw      map[field]string
	summed   map[field]int64
	touched  bool
	labelCol string // the column the label is in
	statedN  int    // the number of projects the heading states, -1 for none
	n        int    // the project rows found under it
}

func newGroup(row int, label string) *group {
	return &group{row: row, label: label, stated: map[field]int64{}, raw: map[field]string{}, summed: map[field]int64{}, statedN: -1}
}

func (g *group) add(figs map[field]int64) {
	g.touched = true
	g.n++
	for f, v := range figs {
		g.summed[f] = models.AddSat(g.summed[f], v)
	}
}

// listWalk is where the reading of a sheet's data rows stands: the
// groups the rows stand under, the section and subsection whose names
// they inherit, and whether the notes have begun.
type listWalk struct {
	all, since *group
	top, sub   *section
	totals     []*group
	inNotes    bool
}

// closeSection checks a section's stated figures and count against its rows.
func (s *sheet) closeSection(sec *section) {
	if sec != nil {
		s.checkGroup(sec.g, sec.g)
	}
}

// rows reads the data rows: sections, subtotals, totals, notes and
// projects. The error is the file's (a sheet that cannot be read) or
// the sink's (a *sinkError).
func (s *sheet) rows(d *dataRows, dataStart int, st *fileState) error {
	w := &listWalk{all: newGroup(0, ""), since: newGroup(0, "")}
	money := map[int]bool{}
	for _, c := range s.cols {
		if c.field.isMoney() {
			money[c.idx] = true
		}
	}
	nameCol := -1
	if c, ok := s.cols[fName]; ok {
		nameCol = c.idx
	}
	for {
		if st.err != nil {
			return &sinkError{st.err}
		}
		got, err := d.nextRow()
		if err == io.EOF {
			break
		}
		if err != nil {
			return sheetError(s.g.name, err)
		}
		st.pr.add(1)
		// Merged blocks are copied into the rows they cover; rows under a
		// project name merged down over them continue that project.
		row, cont, err := d.fill(got.r, got.cells, money, nameCol, dataStart)
		if err != nil {
			return err
		}
		s.noValue = got.noValue
		if !blank(row) {
			s.dataRow(w, row, got.r+1, cont, st)
		}
	}
	s.closeSection(w.sub)
	s.closeSection(w.top)
	for _, t := range w.totals {
		s.checkGroup(t, w.all)
	}
	if st.err != nil {
		return &sinkError{st.err}
	}
	return nil
}

// dataRow reads one row that is not blank: a note, a heading or a total
// (see heading), or a project; cont tells that a name merged down over
// it makes it continue the project above.
func (s *sheet) dataRow(w *listWalk, row []string, excelRow int, cont bool, st *fileState) {
	first := firstText(row)
	if noteRe.MatchString(first) {
		w.inNotes = true
		return
	}
	name := squash(s.get(row, fName))
	seq := squash(s.get(row, fSeq))
	if s.heading(w, row, excelRow, name, seq, first) {
		return
	}
	figs, hasFigs := s.figures(row)
	if cont && !hasFigs {
		return // more lines of the project above, its name merged down
	}
	if name == "" {
		if hasFigs || s.get(row, fCode) != "" {
			s.reject(Issue{Sheet: s.g.name, Row: excelRow, Column: s.cols[fName].title, Value: "", Message: "有投资数据但缺少项目名称"})
		}
		return // a text-only line such as 其中：
	}
	if w.inNotes && !hasFigs {
		return
	}
	// A rejected row still counts toward the sums it stands under, so
	// a subtotal does not warn about a row the errors already name.
	s.project(row, excelRow, scopeOf(w.top, w.sub), st)
	w.all.add(figs)
	w.since.add(figs)
	for _, sec := range []*section{w.top, w.sub} {
		if sec != nil {
			sec.g.add(figs)
		}
	}
}

// heading reads a total, subtotal, breakdown, section or subsection row
// and tells whether the row was one.
func (s *sheet) heading(w *listWalk, row []string, excelRow int, name, seq, first string) bool {
	label := name
	if label == "" {
		label = seq
	}
	shown, col := strings.TrimSpace(s.get(row, fName)), s.cols[fName].title // the label as the sheet writes it, for messages
	if shown == "" {
		shown, col = strings.TrimSpace(s.get(row, fSeq)), s.cols[fSeq].title
	}
	switch {
	case isTotal(label) || isTotal(seq):
		g := s.headingGroup(row, excelRow, shown, col)
		w.totals = append(w.totals, g)
		return true
	case strings.HasSuffix(label, "小计") || strings.HasSuffix(seq, "小计"):
		g := s.headingGroup(row, excelRow, shown, col)
		s.checkGroup(g, w.since)
		w.since = newGroup(0, "")
		return true
	case strings.HasPrefix(name, "其中"):
		return true // a breakdown line (其中：中央预算内…) is neither a project nor a subtotal
	}
	text, ok := sectionText(seq, name, sectionRe)
	if !ok && s.bareHeading(row, name) {
		text, ok = name, true
	}
	if ok && s.get(row, fCode) == "" {
		s.closeSection(w.sub)
		s.closeSection(w.top)
		w.sub = nil
		w.top = s.newSection(w, true, s.headingGroup(row, excelRow, shown, col), text, first)
		w.since = newGroup(0, "")
		return true
	}
	if text, ok := sectionText(seq, name, subsectionRe); ok && s.get(row, fCode) == "" {
		s.closeSection(w.sub)
		w.sub = s.newSection(w, false, s.headingGroup(row, excelRow, shown, col), text, first)
		w.since = newGroup(0, "")
		return true
	}
	return false
}

// headingGroup is the group of a total, subtotal or section row: its
// label, the column the label is in, the figures and count it states.
func (s *sheet) headingGroup(row []string, excelRow int, label, col string) *group {
	g := newGroup(excelRow, label)
	g.labelCol, g.statedN = col, countIn(label)
	s.stateFigures(g, row, excelRow)
	return g
}

func firstText(row []string) string {
	for _, c := range row {
		if c = squash(c); c != "" {
			return c
		}
	}
	return ""
}

func isTotal(s string) bool {
	switch s {
	case "合计", "总计", "全省合计", "全省总计", "总合计", "合计数", "总计数":
		return true
	}
	return strings.HasPrefix(s, "合计(") || strings.HasPrefix(s, "总计(")
}

// sectionText finds a section heading in the name or the 序号 column:
// "一、综合交通" in either, or "一" in 序号 with "综合交通" as the name.
func sectionText(seq, name string, re interface {
	FindStringSubmatch(string) []string
}) (string, bool) {
	for _, v := range []string{name, seq} {
		if m := re.FindStringSubmatch(v); m != nil {
			text := m[len(m)-1]
			if text == "" && v == seq {
				text = name
			}
			if text != "" {
				return text, true
			}
		}
	}
	return "", false
}

// cleanSection strips a heading's count and suffix: 综合交通（412个）→ 综合交通.
func cleanSection(s string) string {
	s = countRe.ReplaceAllString(fold(s), "")
	s = strings.TrimSpace(s)
	for _, suf := range []string{"类项目", "项目", "类", "领域"} {
		if t := strings.TrimSuffix(s, suf); t != "" {
			s = t
		}
	}
	return s
}

// Sectors are the ten 领域 of the province's list, in the report's order.
func Sectors() []string { return province.Sectors() }

// normalizeSector maps a sector as written to one of the ten; ok is false
// when it is none of them (the text is kept).
func normalizeSector(s string) (string, bool) {
	c := cleanSection(s)
	for _, sec := range Sectors() {
		if c == sec {
			return sec, true
		}
	}
	aliases := province.SectorAliases()
	for _, a := range aliases {
		if strings.Contains(c, a.Word) {
			return a.Sector, true
		}
	}
	return c, false
}

func (s *sheet) sectorFromSection(text string, row int, raw string) string {
	sec, ok := normalizeSector(text)
	if !ok {
		s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Row: row, Column: s.cols[fName].title, Value: raw,
			Message: "不是十大领域之一，按原文记为领域"})
	}
	return sec
}

// figures reads a row's amounts; hasFigs is true when any amount cell is
// filled. Unreadable amounts are reported when the row is read as a project.
func (s *sheet) figures(row []string) (map[field]int64, bool) {
	figs := map[field]int64{}
	has := false
	for f, c := range s.cols {
		if !f.isMoney() {
			continue
		}
		v := s.get(row, f)
		if squash(v) != "" {
			has = true
		}
		if y, ok, err := parseStated(v, c.unit); ok && err == nil {
			figs[f] = y
		}
	}
	return figs, has
}

// stateFigures reads the amounts a section, subtotal or total row states.
func (s *sheet) stateFigures(g *group, row []string, excelRow int) {
	for f, c := range s.cols {
		if !f.isMoney() {
			continue
		}
		v := s.get(row, f)
		y, ok, err := parseStated(v, c.unit)
		if err != nil {
			s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Row: excelRow, Column: c.title, Value: v, Message: err.Error() + "（合计行，未核对）"})
			continue
		}
		if ok {
			g.stated[f], g.raw[f] = y, v
		}
	}
}

// checkGroup compares a section, subtotal or total row's stated figures
// with the sums of the rows it covers; a difference is a warning.
func (s *sheet) checkGroup(g, under *group) {
	if g.statedN >= 0 && g.statedN != under.n {
		s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Row: g.row, Column: g.labelCol, Value: g.label,
			Message: fmt.Sprintf("“%s”行写明%d个项目，其下有%d个项目", g.label, g.statedN, under.n)})
	}
	sums := under.summed
	for f, stated := range g.stated {
		if sums[f] == stated {
			continue
		}
		c := s.cols[f]
		s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Row: g.row, Column: c.title, Value: g.raw[f],
			Message: fmt.Sprintf("“%s”行的“%s”为%s万元，与其所含项目之和%s万元不一致", g.label, c.title, wanText(stated), wanText(sums[f]))})
	}
}

func (s *sheet) reject(is Issue) {
	s.p.Errors = append(s.p.Errors, is)
	s.p.Rejected++
}

func (s *sheet) warnOnce(key string, is Issue) {
	if !s.warned[key] {
		s.warned[key] = true
		s.p.Warnings = append(s.p.Warnings, is)
	}
}
