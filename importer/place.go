package importer

import (
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"portfolio/province"
)

// Place names that are not one city.
const (
	CityNewArea = province.CityNewArea
	CityCross   = province.CityCross
)

func cityCounties() [][]string          { return province.CityCounties() }
func formerCounties() map[string]string { return province.FormerCounties() }

// placeName is one name the place reader knows, with its city and, for a
// county, the county's full name (瑞金 → 瑞金市), worked out once.
type placeName struct {
	name, city, full string
	county           bool
}

// placeTable is built once, when the package loads, and only read after.
var placeTable = buildPlaceNames()

// placeNames lists every city and county name, full and without its
// 市/县/区 suffix, longest first so 赣县区 is found before 赣县 and
// 南昌县 before 南昌.
func placeNames() []placeName { return placeTable }

func buildPlaceNames() []placeName {
	var placeNamesList []placeName
	add := func(name, city string, county bool) {
		placeNamesList = append(placeNamesList, placeName{name: name, city: city, county: county})
	}
	for _, cc := range cityCounties() {
		add(cc[0], cc[0], false)
		for _, c := range cc[1:] {
			add(c, cc[0], true)
		}
	}
	for c, city := range formerCounties() {
		add(c, city, true)
	}
	full := len(placeNamesList)
	for _, p := range placeNamesList[:full] {
		short := strings.TrimRight(p.name, "市县区")
		if short != p.name && utf8.RuneCountInString(short) >= 2 {
			add(short, p.city, p.county)
		}
	}
	for i, p := range placeNamesList {
		if p.county {
			placeNamesList[i].full = fullCounty(p)
		}
	}
	sort.SliceStable(placeNamesList, func(i, j int) bool {
		a, b := placeNamesList[i], placeNamesList[j]
		if len(a.name) != len(b.name) {
			return len(a.name) > len(b.name)
		}
		// 南昌 the city before 南昌 the county's short form.
		return !a.county && b.county
	})
	return placeNamesList
}

// crossWords mark a project that spans several cities or sits with the province.
func crossWords() []string {
	return []string{province.CityCross, "跨市", "省本级", "全省", "省直", "多市", "省级", "跨区域", "各设区市", "沿线"}
}

// SplitPlace splits a 建设地点 into city and county: 南昌市红谷滩区 →
// (南昌市, 红谷滩区); 南昌 → (南昌市, ""); 瑞金市 → (赣州市, 瑞金市);
// 赣江新区 stays itself; several cities, 省本级 or 跨设区市 give 跨设区市;
// several counties of one city give the city alone.
func SplitPlace(s string) (city, county string, err error) {
	p := squash(s)
	if p == "" {
		return "", "", errors.New("缺少建设地点")
	}
	for _, w := range crossWords() {
		if strings.Contains(p, w) {
			return CityCross, "", nil
		}
	}
	p = strings.TrimPrefix(strings.TrimPrefix(p, "江西省"), "江西")
	parts := strings.FieldsFunc(p, func(r rune) bool { return strings.ContainsRune("、,，;；/", r) })
	if len(parts) == 1 {
		return onePlace(parts[0])
	}
	// Several places: one city if they all lie in it (its county if they
	// name only one), else 跨设区市. A part that names no place
	// ("南昌市高新区、经开区") is detail of the one before.
	cities, counties := map[string]bool{}, map[string]bool{}
	for _, part := range parts {
		if c, cn, err := onePlace(part); err == nil {
			city = c
			cities[c] = true
			if cn != "" {
				county = cn
				counties[cn] = true
			}
		}
	}
	switch {
	case len(cities) == 0:
		return "", "", errors.New("无法识别的设区市")
	case len(cities) > 1:
		return CityCross, "", nil
	case len(counties) > 1:
		return city, "", nil
	}
	return city, county, nil
}

// onePlace reads one place: a city, a city and what follows it, a county
// alone, or 赣江新区.
func onePlace(p string) (city, county string, err error) {
	if rest, ok := strings.CutPrefix(p, CityNewArea); ok {
		return CityNewArea, rest, nil
	}
	for _, n := range placeNames() {
		rest, ok := strings.CutPrefix(p, n.name)
		if !ok {
			continue
		}
		if !n.county {
			return n.city, countyName(n.city, rest), nil
		}
		return n.city, n.full, nil
	}
	return "", "", errors.New("无法识别的设区市")
}

// countyName is what follows a city in a place: the county's full name
// when it starts with one of the city's counties (南昌市红谷滩区XX镇 →
// 红谷滩区), else the text as is (南昌市高新区).
func countyName(city, rest string) string {
	for _, n := range placeNames() {
		if n.county && n.city == city && strings.HasPrefix(rest, n.name) {
			return n.full
		}
	}
	return rest
}

// fullCounty gives a county's full name for a short form (瑞金 → 瑞金市);
// buildPlaceNames keeps it with each name.
func fullCounty(n placeName) string {
	for _, cc := range cityCounties() {
		if cc[0] != n.city {
			continue
		}
		for _, c := range cc[1:] {
			if c == n.name || strings.TrimRight(c, "市县区") == n.name {
				return c
			}
		}
	}
	for c := range formerCounties() {
		if c == n.name || strings.TrimRight(c, "市县区") == n.name {
			return c
		}
	}
	return n.name
}

// countyCity names the city a county belongs to, "" when it is unknown.
func countyCity(county string) string {
	c := squash(county)
	for _, n := range placeNames() {
		if n.county && n.name == c {
			return n.city
		}
	}
	return ""
}

// normalizeCity reads a 设区市 column: a city (with or without 市),
// 赣江新区, or a word for several cities.
func normalizeCity(s string) (string, error) {
	city, _, err := SplitPlace(s)
	return city, err
}

// placeIn fills city and county under a section row naming a place (sc):
// blank place cells take the section's; cells naming another city, or
// another county of it, are an error (not so for the city the title
// names, which only stands for what the cells do not say). Without
// either it is place.
func (r *projectRow) placeIn(pr *PlanRow, sc scope) {
	s := r.s
	f := fNone // the column that names the row's city
	for _, c := range []field{fCity, fPlace, fCounty} {
		if f == fNone && squash(r.get(c)) != "" {
			f = c
		}
	}
	city, county := sc.city, sc.county
	switch {
	case city == "":
		s.place(r.cells, pr, r.bad, r.warn)
		return
	case f == fNone:
		pr.City, pr.County = city, county
		return
	case f == fCounty && unknownCounty(r.get(fCounty)):
		// A county column in a city's list may name what is not a
		// county (市本级, 九江经开区): it is the county as written.
		pr.City, pr.County = city, squash(r.get(fCounty))
		return
	}
	errs := len(r.errs)
	s.place(r.cells, pr, r.bad, r.warn)
	if sc.placeAt != "" && len(r.errs) == errs {
		r.agree(pr, sc, f)
	}
}

// unknownCounty tells a county cell that names no place the province's
// table knows.
func unknownCounty(cell string) bool {
	_, _, err := SplitPlace(cell)
	return err != nil
}

// agree checks the row's place (read from column f) against the section
// row's: another city, or another county of it, is an error; a row
// naming only the city takes the section's county.
func (r *projectRow) agree(pr *PlanRow, sc scope, f field) {
	switch {
	case pr.City != sc.city:
		r.disagree(f, sc.placeAt, sc.city)
	case sc.county == "":
	case pr.County == "":
		pr.County = sc.county
	case !sameCounty(pr.County, sc.county):
		cf := f
		if squash(r.get(fCounty)) != "" {
			cf = fCounty
		}
		r.disagree(cf, sc.placeAt, sc.county)
	}
}
