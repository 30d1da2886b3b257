package demo

import "portfolio/province"

// history decides which 2024 projects were in the 2023 list and adds the
// projects that were completed in 2023 (so are only in the 2023 list).
func (g *generator) history() {
	r := stream(g.opt.Seed, 5)
	in23 := 0
	for _, l := range g.lives {
		isNamed := l.named != nil
		switch {
		case l.stage23 != "":
			// a named 2023 start, already set
		case l.stage24 == province.StageContinuing || l.stage24 == province.StageCompleting:
			if isNamed || r.IntN(100) < 93 {
				l.stage23 = province.StageContinuing
				if l.start == year23 {
					l.stage23 = province.StageNewStart
				}
			}
		case l.stage24 == province.StageNewStart:
			if isNamed || r.IntN(100) < 20 {
				l.stage23 = province.StagePreparatory
			}
		case l.stage24 == province.StagePreparatory:
			if isNamed || r.IntN(100) < 30 {
				l.stage23 = province.StagePreparatory
			}
		}
		if l.stage23 != "" {
			in23++
		}
	}

	// Pools of drawn 2024 totals per subsector, to size the 2023-only projects alike.
	pools := make([][][]int64, len(sectors))
	for si := range sectors {
		pools[si] = make([][]int64, len(sectors[si].Subs))
	}
	for _, l := range g.lives {
		if l.named == nil {
			pools[l.si][l.ui] = append(pools[l.si][l.ui], l.total)
		}
	}

	var only []*life
	for i := range named {
		np := &named[i]
		if np.Year == year23 && np.Stage == province.StageCompleting {
			l := g.namedLife(np)
			l.start, l.end = year23-l.years+1, year23
			only = append(only, l)
		}
	}
	want := int(scaled(refProjects23, g.n)) - in23 - len(only)
	for range max(want, 0) {
		si := pickWeighted(r, len(sectors), func(i int) int { return sectors[i].Count })
		s := sectors[si]
		l := &life{si: si, stage23: province.StageCompleting}
		l.ui = pickWeighted(r, len(s.Subs), func(i int) int { return s.Subs[i].Weight })
		l.city, l.county = pickPlace(r, l.sub())
		pool := pools[si][l.ui]
		var t int64 = 3 * yi
		if len(pool) > 0 {
			t = pool[r.IntN(len(pool))]
		}
		l.total = max(roundTo(float64(t)*uniform(r, 0.6, 1.2), wan), minTotalYuan)
		if l.total >= 30*yi && r.IntN(10) < 3 {
			l.flagship = true
		}
		l.years = max(duration(r, l.total), 2)
		l.start, l.end = year23-l.years+1, year23
		only = append(only, l)
	}
	g.lives = append(g.lives, only...)
}

// identities gives every project its code, name, owner, content and tags.
func (g *generator) identities() {
	r := stream(g.opt.Seed, 6)
	g.namer = newNamer(stream(g.opt.Seed, 7))
	for i := range named {
		g.namer.reserve(named[i].Name)
	}
	for _, l := range g.lives {
		codeYear := l.start - r.IntN(2)
		switch {
		case l.stage24 == province.StageNewStart || l.stage24 == province.StagePreparatory:
			codeYear = year24 - r.IntN(2)
			if l.stage23 != "" {
				codeYear = year23 - r.IntN(2)
			}
		}
		codeYear = max(codeYear, 2017)
		sub := l.sub()
		l.code = g.namer.code(codeYear, cities[l.city].Code, sub.Industry, sub.Kind)
		if np := l.named; np != nil {
			l.name, l.owner, l.content = np.Name, np.Owner, np.Content
		} else {
			l.name, l.owner, l.content = g.namer.describe(sub.Name, place{l.city, l.county}, l.total, l.start)
		}
		l.tags = tagsFor(r, l)
	}
}
