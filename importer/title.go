package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"portfolio/province"
)

var (
	titleYearRe  = regexp.MustCompile(`(20\d{2})\s*年`)
	titleMonthRe = regexp.MustCompile(`(?:1\s*[-—–~～至到]\s*(\d{1,2})|(?:20\d{2})\s*年\s*(\d{1,2}))\s*月`)
	unitsRe      = regexp.MustCompile(`单位:?(?:人民币)?(亿元|万元|元)`)
)

// titleText is the text of the rows above the header (title, units line,
// remarks), folded, one space between cells.
func titleText(g *grid, hr int) string {
	var b strings.Builder
	for r := 0; r < hr; r++ {
		for _, c := range g.rows[r] {
			if c = fold(c); c != "" {
				b.WriteString(c)
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// unitsLine reads 单位：万元, 单位:亿元, （单位：万元） from the title rows;
// 0 when they state none.
func unitsLine(title string) int64 {
	m := unitsRe.FindStringSubmatch(squash(title))
	if m == nil {
		return 0
	}
	switch m[1] {
	case "亿元":
		return UnitYi
	case "万元":
		return UnitWan
	}
	return UnitYuan
}

// yearIn reads the first 20xx年 of s, 0 when there is none.
func yearIn(s string) int {
	if m := titleYearRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// monthIn reads a report month from a title: 2024年1-6月 → 6, 2024年6月 → 6.
func monthIn(s string) int {
	m := titleMonthRe.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	v := m[1]
	if v == "" {
		v = m[2]
	}
	n, _ := strconv.Atoi(v)
	return n
}

// headerYear reads the year from the amount headers when the title has
// none: "2024年计划投资", "2024年1-6月完成投资", or the year after
// "截至2023年底累计完成".
func (s *sheet) headerYear() int {
	for _, f := range []field{fPlan, fYTD, fMonth} {
		if c, ok := s.cols[f]; ok {
			if y := yearIn(c.title); y != 0 {
				return y
			}
		}
	}
	if c, ok := s.cols[fBefore]; ok {
		if y := yearIn(c.title); y != 0 {
			return y + 1
		}
	}
	return 0
}

// headerMonth reads the report month from a "1-N月" column, else from an
// "N月完成" column; 0 when neither names one.
func (s *sheet) headerMonth() int {
	if c, ok := s.cols[fYTD]; ok {
		if n := ytdMonth(c.title); n != 0 {
			return n
		}
	}
	if c, ok := s.cols[fMonth]; ok {
		if m := monthRe.FindStringSubmatch(squash(c.title)); m != nil {
			n, _ := strconv.Atoi(m[2])
			return n
		}
	}
	return 0
}

// period settles the year (and a monthly sheet's month): the caller's
// options first, then an earlier sheet of the file, then this sheet's
// title, then its header. A sheet that says otherwise gets a warning.
func (s *sheet) period(title string, opt ParseOptions) error {
	p := s.p
	year := yearIn(title)
	if year == 0 {
		year = s.headerYear()
	}
	s.settle(&p.Year, year, "年份", "年")
	if p.Year == 0 {
		return fmt.Errorf("无法确定年份：工作表“%s”的标题中没有“2024年”这样的年份，请用 --year 指定", s.g.name)
	}
	if p.Year < 2000 || p.Year > 2099 {
		return fmt.Errorf("年份 %d 不在 2000 至 2099 之间", p.Year)
	}
	if p.Kind == KindPlan {
		return nil
	}
	month, fromHeader := monthIn(title), s.headerMonth()
	if month != 0 && fromHeader != 0 && month != fromHeader {
		c := s.cols[fYTD]
		if c.title == "" {
			c = s.cols[fMonth]
		}
		s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Column: c.title, Value: c.title,
			Message: fmt.Sprintf("表头的月份（%d月）与标题的月份（%d月）不一致，按%d月导入", fromHeader, month, month)})
	}
	if month == 0 {
		month = fromHeader
	}
	s.settle(&p.Month, month, "月份", "月")
	if p.Month < 1 || p.Month > 12 {
		if p.Month == 0 {
			return fmt.Errorf("无法确定月份：工作表“%s”的标题中没有“2024年1-6月”这样的月份，请用 --month 指定", s.g.name)
		}
		return fmt.Errorf("月份 %d 不在 1 至 12 之间", p.Month)
	}
	return nil
}

// settle takes what this sheet states (found; 0 for nothing) as the
// file's year or month when none is set yet, and warns when it differs
// from the one set by the options or an earlier sheet.
func (s *sheet) settle(have *int, found int, what, unit string) {
	switch {
	case *have == 0:
		*have = found
	case found != 0 && found != *have:
		s.p.Warnings = append(s.p.Warnings, Issue{Sheet: s.g.name, Value: strconv.Itoa(found),
			Message: fmt.Sprintf("工作表“%s”标明的%s（%d%s）与导入%s（%d%s）不一致，按%d%s导入", s.g.name, what, found, unit, what, *have, unit, *have, unit)})
	}
}

// cityOfTitle is the one city (or 赣江新区) a title names in full:
// 九江市2024年省大中型项目计划表 → 九江市; "" when it names none or several.
func cityOfTitle(title string) string {
	found := ""
	for _, c := range append(province.Cities(), CityNewArea) {
		if strings.Contains(title, c) {
			if found != "" {
				return ""
			}
			found = c
		}
	}
	return found
}
