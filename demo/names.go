package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// namer draws unique project names, owners, contents and codes. It holds
// the names and codes already used so that no two projects share them.
type namer struct {
	rng   *rand.Rand
	names map[string]bool // normalised names in use
	codes map[string]bool
}

func newNamer(rng *rand.Rand) *namer {
	return &namer{rng: rng, names: map[string]bool{}, codes: map[string]bool{}}
}

// normName folds whitespace so that names differing only in spaces clash.
func normName(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u3000", " ")), "")
}

// reserve marks a fixed name (a named project's) as used.
func (n *namer) reserve(name string) { n.names[normName(name)] = true }

// place is where a project is, as the name templates see it.
type place struct {
	City   int    // index in cities
	County string // "" for 赣江新区, 跨设区市 or a city-wide project
}

// describe draws a unique name, its owner and its content for a project
// of subsector sub at pl with a total of totalYuan, whose construction
// starts in startYear.
func (n *namer) describe(sub string, pl place, totalYuan int64, startYear int) (name, owner, content string) {
	cross := cities[pl.City].Name == cityCross
	var tpls []template
	for _, t := range templates[sub] {
		if cross && !strings.Contains(t.Name, "{A}") && !strings.HasPrefix(t.Name, "{R}") {
			continue
		}
		if t.MinYi > 0 && totalYuan < int64(t.MinYi)*yi || t.MaxYi > 0 && totalYuan > int64(t.MaxYi)*yi {
			continue
		}
		tpls = append(tpls, t)
	}
	if len(tpls) == 0 {
		tpls = templates[sub]
	}
	for try := 0; ; try++ {
		t := tpls[n.rng.IntN(len(tpls))]
		vals := map[string]string{}
		if isLong(t.Name) {
			vals["_far"] = "1"
		}
		get := func(key string) string {
			if v, ok := vals[key]; ok {
				return v
			}
			v := n.value(key, sub, pl, totalYuan, startYear, vals)
			vals[key] = v
			return v
		}
		name = fill(t.Name, get)
		if try >= 40 {
			// Out of fresh combinations: number the phase.
			name = strings.TrimSuffix(strings.TrimSuffix(name, "项目"), "工程") + phaseWord(try-38) + projectSuffix(t.Name)
		}
		if n.names[normName(name)] {
			continue
		}
		n.names[normName(name)] = true
		owners := strings.Split(t.Owner, "|")
		owner = fill(owners[n.rng.IntN(len(owners))], get)
		content = fill(t.Content, get)
		return name, owner, content
	}
}

// isLong reports whether a template names a work that runs between cities.
func isLong(tpl string) bool {
	for _, w := range []string{"铁路", "高速", "管道", "千伏线路", "光缆", "引水"} {
		if strings.Contains(tpl, w) {
			return true
		}
	}
	return false
}

func projectSuffix(tpl string) string {
	if strings.HasSuffix(tpl, "工程") {
		return "工程"
	}
	return "项目"
}

func phaseWord(k int) string {
	words := []string{"二期", "三期", "四期", "五期", "六期", "七期", "八期", "九期"}
	if k >= 0 && k < len(words) {
		return words[k]
	}
	return "（" + strconv.Itoa(k+2) + "期）"
}

// fill replaces each {key} of tpl with get(key).
func fill(tpl string, get func(string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		b.WriteString(get(tpl[i+1 : i+j]))
		tpl = tpl[i+j+1:]
	}
}

// value draws the value of one placeholder. vals holds those already drawn
// for the same project (the product decides its unit and quantity).
func (n *namer) value(key, sub string, pl place, totalYuan int64, startYear int, vals map[string]string) string {
	r := n.rng
	c := cities[pl.City]
	between := func(lo, hi int) string { return strconv.Itoa(lo + r.IntN(hi-lo+1)) }
	switch key {
	case "P":
		switch c.Name {
		case cityCross:
			return "江西省"
		case cityNewArea:
			return cityNewArea
		}
		return countyPlace(c.Name, pl.County)
	case "K":
		if c.Name == cityNewArea {
			return cityNewArea
		}
		if pl.County != "" {
			return short(pl.County)
		}
		if c.Name == cityCross {
			return n.endpoint(pl, false, false)
		}
		return short(c.Name)
	case "C":
		if c.Name == cityNewArea {
			return cityNewArea
		}
		if c.Name == cityCross {
			return short(cities[r.IntN(11)].Name)
		}
		return short(c.Name)
	case "CF":
		if c.Name == cityCross {
			return "江西省"
		}
		return c.Name
	case "A":
		return n.endpoint(pl, vals["_far"] != "", false)
	case "B":
		a := vals["A"]
		for range 20 {
			if b := n.endpoint(pl, vals["_far"] != "", true); b != a {
				return b
			}
		}
		return "新城"
	case "R":
		return c.Rivers[r.IntN(len(c.Rivers))]
	case "W":
		return placeWords[r.IntN(len(placeWords))]
	case "Y":
		return strconv.Itoa(startYear)
	case "BR":
		a := r.IntN(len(brandChars))
		b := (a + 1 + r.IntN(len(brandChars)-1)) % len(brandChars)
		return string(brandChars[a]) + string(brandChars[b])
	case "IND", "INDF", "PR", "U", "Q":
		if _, ok := vals["IND"]; !ok {
			inds := industries[sub]
			ind := inds[r.IntN(len(inds))]
			p := ind.Products[r.IntN(len(ind.Products))]
			vals["IND"], vals["INDF"], vals["PR"], vals["U"] = ind.Short, ind.Full, p.Name, p.Unit
			q := p.Min + r.IntN(p.Max-p.Min+1)
			// Round to two significant digits, as plans state capacities.
			for m := 1; ; m *= 10 {
				if q < 100*m {
					q = q / m * m
					break
				}
			}
			vals["Q"] = strconv.Itoa(q)
		}
		return vals[key]
	case "MWs": // solar at about ¥4 per watt
		return strconv.FormatInt(max(totalYuan/4_000_000, 10), 10)
	case "MWw": // wind at about ¥6 per watt in 5 MW turbines
		return strconv.FormatInt(max(totalYuan/6_000_000/5*5, 10), 10)
	case "TW":
		return strconv.FormatInt(max(totalYuan/6_000_000/5, 2), 10)
	case "MWb", "MWh": // two-hour storage at about ¥1.5 per watt-hour
		mw := max(totalYuan/3_000_000, 10)
		if key == "MWh" {
			mw *= 2
		}
		return strconv.FormatInt(mw, 10)
	case "G":
		return strconv.Itoa(roadNumbers[r.IntN(len(roadNumbers))])
	case "S":
		return between(201, 549)
	case "KV":
		return []string{"110", "220", "220", "500"}[r.IntN(4)]
	case "V":
		return []string{"160", "200", "250", "350"}[r.IntN(4)]
	case "T":
		return []string{"1000", "2000", "3000", "5000"}[r.IntN(4)]
	case "L":
		return between(20, 160)
	case "l", "l2":
		return between(3, 40)
	case "n", "n2":
		return between(2, 12)
	case "a": // floor area in 万平方米, at roughly ¥3,000 a square metre
		return strconv.FormatInt(max(int64(float64(totalYuan)/3e7*(0.6+0.8*r.Float64())), 1), 10)
	case "m", "m2":
		return between(10, 400)
	case "w":
		return between(24, 60)
	case "b":
		return between(300, 2500)
	case "r":
		return []string{"800", "1000", "1200", "1600"}[r.IntN(4)]
	}
	return key
}

// endpoint is a town at one end of a linear project. Long works (railways,
// expressways, pipelines, lines; far) and cross-city projects run between
// cities, so the other end (other) lies in another city; short works run
// between towns of the project's city.
func (n *namer) endpoint(pl place, far, other bool) string {
	c := cities[pl.City]
	switch {
	case c.Name == cityCross || (far && other):
		for {
			ci := n.rng.IntN(11)
			if ci == pl.City && c.Name != cityCross {
				continue
			}
			cc := cities[ci]
			return town(cc.Name, cc.Counties[n.rng.IntN(len(cc.Counties))])
		}
	case c.Name == cityNewArea:
		return []string{"昌北", "永修", "共青", "新祺周", "桑海"}[n.rng.IntN(5)]
	}
	if pl.County != "" && !other {
		return town(c.Name, pl.County)
	}
	return town(c.Name, c.Counties[n.rng.IntN(len(c.Counties))])
}

// town is how a route names a place: a county by its stem, a district by
// its city's.
func town(cityName, county string) string {
	if lastRune(county) == '区' {
		return short(cityName)
	}
	return short(county)
}

// code draws a unique 投资项目统一代码 for a project approved in year:
// YYYY-RRRRRR-II-KK-SSSSSC, the serial's last character a check digit.
func (n *namer) code(year int, region, industry, kind string) string {
	for {
		serial := fmt.Sprintf("%05d", n.rng.IntN(100000))
		sum := 0
		for i, ch := range serial {
			sum += (i + 2) * int(ch-'0')
		}
		check := "X"
		if d := sum % 11; d < 10 {
			check = strconv.Itoa(d)
		}
		code := fmt.Sprintf("%d-%s-%s-%s-%s%s", year, region, industry, kind, serial, check)
		if !n.codes[code] {
			n.codes[code] = true
			return code
		}
	}
}
