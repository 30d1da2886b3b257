package importer

import (
	"regexp"
	"strconv"
	"strings"

	"portfolio/province"
)

// dim is the dimension a section row names.
type dim int

const (
	dimNone      dim = iota // a grouping that names nothing a column does not
	dimSector               // 一、综合交通
	dimSubsector            // （一）铁路
	dimStage                // 一、续建项目（20个）
	dimPlace                // 一、九江市, （一）湖口县
)

// section is a section or subsection row: the group its stated figures
// are checked against, and what it names for the rows under it.
type section struct {
	g            *group
	dim          dim
	value        string // the sector, subsector or stage code
	city, county string // for dimPlace; county "" for a city
}

// scope is what the sections above a project row name for it, with the
// label of the section that named each (for messages).
type scope struct {
	sector, subsector, stage, city, county  string
	sectorAt, subsectorAt, stageAt, placeAt string
}

// scopeOf gathers what the section and subsection above a row name.
func scopeOf(top, sub *section) scope {
	var sc scope
	for _, sec := range []*section{top, sub} {
		if sec == nil {
			continue
		}
		at := sec.g.label
		switch sec.dim {
		case dimSector:
			sc.sector, sc.sectorAt = sec.value, at
		case dimSubsector:
			sc.subsector, sc.subsectorAt = sec.value, at
		case dimStage:
			sc.stage, sc.stageAt = sec.value, at
		case dimPlace:
			sc.city, sc.county, sc.placeAt = sec.city, sec.county, at
		}
	}
	return sc
}

// givenKey is the set of fields a scope states, as bits for sectionGivenFor.
func (sc scope) givenKey() uint8 {
	var k uint8
	for i, v := range []string{sc.sector, sc.subsector, sc.stage, sc.city, sc.county} {
		if v != "" {
			k |= 1 << i
		}
	}
	return k
}

// givenKeyFields are the store's columns givenKey's bits stand for.
var givenKeyFields = [...]string{"sector", "subsector", "stage", "city", "county"}

// leadingYearRe is a year before a stage heading: 2024年新开工项目.
var leadingYearRe = regexp.MustCompile(`^20\d{2}年度?`)

// stageHeading reads a heading naming a stage: 续建项目（20个）,
// 2024年新开工项目, 竣工投产类.
func stageHeading(text string) (string, bool) {
	c := leadingYearRe.ReplaceAllString(cleanSection(text), "")
	return province.StageOf(c)
}

// placeHeading reads a heading that is a place and nothing else: a city,
// a county (with or without its 市/县/区), 赣江新区 or 跨设区市.
func placeHeading(text string) (city, county string, ok bool) {
	c := cleanSection(text)
	if c == CityNewArea || c == CityCross {
		return c, "", true
	}
	for _, n := range placeNames() {
		if n.name == c {
			if n.county {
				return n.city, n.full, true
			}
			return n.city, "", true
		}
	}
	return "", "", false
}

// newSection reads a section (top) or subsection heading: what it names
// and the figures it states. A heading naming no stage, place or sector
// names the sector (top) or subsector as written, unless the sheet has a
// column for that: then it only groups rows.
func (s *sheet) newSection(w *listWalk, top bool, g *group, text, raw string) *section {
	sec := &section{g: g}
	excelRow := g.row
	if code, ok := stageHeading(text); ok {
		sec.dim, sec.value = dimStage, code
		return sec
	}
	if !top && w.top != nil && w.top.dim == dimPlace && cleanSection(text) == province.CityOwnLevel {
		sec.dim, sec.city, sec.county = dimPlace, w.top.city, province.CityOwnLevel
		return sec
	}
	if city, county, ok := placeHeading(text); ok {
		sec.dim, sec.city, sec.county = dimPlace, city, county
		if !top && w.top != nil && w.top.dim == dimPlace && w.top.city != city {
			s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Row: excelRow, Column: g.labelCol, Value: g.label,
				Message: "“" + g.label + "”属于" + city + "，与上级分组“" + w.top.g.label + "”（" + w.top.city + "）不一致，按" + city + "计"})
		}
		return sec
	}
	parentSector := w.top != nil && w.top.dim == dimSector
	if sector, ok := normalizeSector(text); ok && (top || !parentSector) {
		sec.dim, sec.value = dimSector, sector
		return sec
	}
	switch {
	case top && !s.has(fSector):
		sec.dim, sec.value = dimSector, s.sectorFromSection(text, excelRow, raw)
	case !top && !s.has(fSubsector):
		sec.dim, sec.value = dimSubsector, cleanSection(text)
	}
	return sec
}

// countRowsRe reads the number of projects a heading states: （20个）,
// (共12项), （3个项目，总投资120亿元）.
var countRowsRe = regexp.MustCompile(`[(（]\s*共?\s*(\d+)\s*[个项]`)

// countIn is the number of projects a heading states, -1 for none.
func countIn(label string) int {
	m := countRowsRe.FindStringSubmatch(label)
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return -1
	}
	return n
}

// bareHeading tells a heading written without numbering ("综合交通（412个）",
// "续建项目（20个）") from a project: its text names one of the ten
// sectors or a stage and the row has no code, stage or place.
func (s *sheet) bareHeading(row []string, name string) bool {
	c := cleanSection(name)
	known := false
	for _, sec := range Sectors() {
		known = known || c == sec
	}
	if _, ok := stageHeading(name); !known && !ok {
		return false
	}
	for _, f := range []field{fCode, fStage, fPlace, fCity, fCounty, fPeriod, fOwner} {
		if squash(s.get(row, f)) != "" {
			return false
		}
	}
	return true
}

// sameCounty compares two ways of writing a county: 湖口 and 湖口县.
func sameCounty(a, b string) bool {
	return strings.TrimRight(squash(a), "市县区") == strings.TrimRight(squash(b), "市县区")
}
