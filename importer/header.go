package importer

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// headerSearchRows is how far down a sheet the header may stand: title,
// units and remark lines above it are never more than a handful.
const headerSearchRows = 30

// findHeader finds the header row: the first of the top rows that names
// a project-name column and at least one other known column.
func findHeader(g *grid) (int, bool) {
	for r := 0; r < len(g.rows) && r < headerSearchRows; r++ {
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
	two, parent := s.headerShape(hr)
	width := len(g.rows[hr])
	if two && len(g.rows[hr+1]) > width {
		width = len(g.rows[hr+1])
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
			// Without merge information (CSV, or cells unmerged by hand),
			// a parent written once stands over the children to its right.
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
		title = headerText(title)
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
	data := hr + 1
	if two {
		data = hr + 2
	}
	// Many official tables number their columns (1, 2, 3 …) in a row under
	// the header; that row is neither header nor project.
	if data < len(g.rows) && columnNumbers(g.rows[data]) {
		data++
	}
	return data
}

// headerShape tells whether the header has a second row, and which
// columns stand under a parent cell merged across them in row hr.
//
// A cell merged down over two rows (序号 over both rows) says the header
// has two rows. A cell merged across several columns ("2024年计划" over
// 计划投资 and 形象进度目标) says so only when the row below holds child
// names, not a project: a one-row header may merge a wide cell too.
// Without merges the row below is judged by its words.
func (s *sheet) headerShape(hr int) (bool, map[int]string) {
	g := s.g
	if hr+1 >= len(g.rows) {
		return false, nil
	}
	parent := map[int]string{}
	vertical, across := false, false
	for _, m := range g.merges {
		if m.top != hr {
			continue
		}
		if m.bottom > hr {
			vertical = true
		}
		if m.right > m.left && m.bottom == hr {
			for c := m.left; c <= m.right; c++ {
				if strings.TrimSpace(g.cell(hr+1, c)) != "" {
					across = true
				}
			}
			for c := m.left; c <= m.right; c++ {
				parent[c] = g.cell(hr, m.left)
			}
		}
	}
	if vertical || (across && !hasName(g, hr)) || looksLikeSubHeader(g, hr) {
		return true, parent
	}
	return false, nil
}

// hasName tells whether the row under header row hr names a project in
// the header's name column: then it is data, not a second header row.
func hasName(g *grid, hr int) bool {
	for c, v := range g.rows[hr] {
		if classify(v) == fName {
			return strings.TrimSpace(g.cell(hr+1, c)) != ""
		}
	}
	return false
}

// looksLikeSubHeader tells whether the row under the header is a second
// header row: no project name, and header words rather than figures.
func looksLikeSubHeader(g *grid, hr int) bool {
	if hasName(g, hr) {
		return false
	}
	words := 0
	for _, v := range g.rows[hr+1] {
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

// columnNumbers tells a row of column numbers (1, 2, 3 … in order, one
// per filled cell) from data.
func columnNumbers(row []string) bool {
	want := 1
	for _, v := range row {
		v = squash(v)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n != want {
			return false
		}
		want++
	}
	return want > 3
}

// stageSampleRows is how many rows under the header stageColumn reads
// at most (it judges by the first 200 filled cells).
const stageSampleRows = 1000

// stageColumnUnsure tells a sheet whose 项目类型 column may hold stages:
// it has no stage column of its own.
func (s *sheet) stageColumnUnsure() bool {
	c, ok := s.cols[fTags]
	return ok && !s.has(fStage) && strings.Contains(c.title, "类型")
}

// stageColumn takes a 项目类型 column as the stage column when the sheet
// has none and its values are stages (新开工, 续建 …): some lists put the
// stage there, others list tags (省重点 …) under the same name.
func (s *sheet) stageColumn(dataStart int) {
	if !s.stageColumnUnsure() {
		return
	}
	c := s.cols[fTags]
	stages, filled := 0, 0
	for r := dataStart; r < len(s.g.rows) && filled < 200; r++ {
		v := s.g.cell(r, c.idx)
		if squash(v) == "" {
			continue
		}
		filled++
		if _, err := ParseStage(v); err == nil {
			stages++
		}
	}
	if filled > 0 && 2*stages > filled {
		delete(s.cols, fTags)
		c.field = fStage
		s.cols[fStage] = c
	}
}

// headerText is a header cell as the sheet shows it, for messages: its
// lines joined ("总投资\n（万元）" → "总投资（万元）"), a space kept only
// between two Latin words or numbers.
func headerText(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	var b strings.Builder
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(l)
			if last < utf8.RuneSelf && first < utf8.RuneSelf {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
