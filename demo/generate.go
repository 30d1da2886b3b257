package demo

import (
	"portfolio/province"

	"math"
	"math/rand/v2"
	"sort"
)

// Shape targets for a 3,670-project list; they scale with Options.Projects.
const (
	refProjects    = 3670
	refTotalYuan   = 3_300_000_000_000 // ¥3.3 trillion of total investment
	refPlanYuan    = 1_020_000_000_000 // ¥1.02 trillion planned for 2024
	refBig         = 1000              // projects of ≥ ¥1 billion
	refFlagship    = 130               // 示范引领性 projects, all ≥ ¥2 billion
	refProjects23  = 3500              // projects in the 2023 list
	smallMeanYuan  = 340_000_000       // mean total of the projects under ¥1 billion
	bigYuan        = 1_000_000_000
	flagshipYuan   = 2_000_000_000
	minTotalYuan   = 50_000_000     // ¥50 million, the list's floor
	maxTotalYuan   = 60_000_000_000 // ¥60 billion, the largest drawn (not named) project
	wan            = 10_000         // yuan in a 万元
	cent           = 100            // yuan in 0.01 万元
	yi             = 100_000_000    // yuan in a 亿元
	year23, year24 = 2023, 2024
)

// life is one project across both years while the demo is drawn.
type life struct {
	named    *namedProject
	si, ui   int // sector and subsector index
	city     int
	county   string
	start    int
	end      int
	years    int // construction period
	score    float64
	total    int64
	stage24  string // "" when not in the 2024 list
	stage23  string // "" when not in the 2023 list
	flagship bool
	tags     []string
	code     string
	name     string
	owner    string
	content  string
	doneFrac float64 // share of total meant to be done before 2024

	before23, plan23 int64
	month23          []int64 // 12 months
	perf23           float64
	startMonth23     int
	before24, plan24 int64
	month24          []int64 // 9 months
	perf24           float64
	startMonth24     int

	// total23 and end23 are the 2023 list's total and end year when they
	// differ from the 2024 list's (0 when the same): see revisions.
	total23 int64
	end23   int
}

func (l *life) sub() subsector { return sectors[l.si].Subs[l.ui] }

// stream returns an independent random stream for one part of the demo,
// so that a change in one part does not reshuffle the others.
func stream(seed int64, part uint64) *rand.Rand {
	// Demo data must be the same for the same seed, so a seeded PRNG, not
	// crypto/rand; the seed's bits are reused as they are.
	return rand.New(rand.NewPCG(uint64(seed), part*0x9e3779b97f4a7c15+1)) // #nosec G115 G404 -- reproducible demo data, not a secret
}

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

func scaled(ref int64, n int) int64 {
	return int64(math.Round(float64(ref) * float64(n) / refProjects))
}

// Generate builds the demo portfolio in memory: what Write writes.
func Generate(opt Options) *Portfolio {
	opt = opt.withDefaults()
	g := &generator{opt: opt, n: opt.Projects}
	g.people()
	g.sizes()
	g.periods()
	g.flagships()
	g.history()
	g.identities()
	g.plans2023()
	g.months(year23)
	g.plans2024()
	g.months(year24)
	g.revisions()
	return g.portfolio()
}

type generator struct {
	opt   Options
	n     int
	lives []*life // the 2024 list first, then 2023-only projects
	namer *namer
}

// people creates the 2024 list: named projects, then drawn ones with a
// sector, subsector, place and stage.
func (g *generator) people() {
	r := stream(g.opt.Seed, 1)
	var in24 []*life
	for i := range named {
		np := &named[i]
		if np.Year == year24 || np.Stage == province.StageNewStart {
			in24 = append(in24, g.namedLife(np))
		}
	}
	if g.n < len(in24) {
		g.n = len(in24)
	}
	counts := g.sectorCounts(in24)
	g.lives = append(g.lives, in24...)
	for si, s := range sectors {
		have := 0
		for _, l := range in24 {
			if l.si == si {
				have++
			}
		}
		for range counts[si] - have {
			l := &life{si: si}
			l.ui = pickWeighted(r, len(s.Subs), func(i int) int { return s.Subs[i].Weight })
			l.city, l.county = pickPlace(r, l.sub())
			l.stage24 = pickStage(r)
			g.lives = append(g.lives, l)
		}
	}
}

func (g *generator) namedLife(np *namedProject) *life {
	si := sectorIndex(np.Sector)
	l := &life{named: np, si: si, ui: subIndex(si, np.Subsector), city: cityIndex(np.City), county: np.County,
		total: int64(np.TotalYi) * yi, years: np.Years}
	if np.Year == year24 {
		l.stage24 = np.Stage
	} else {
		l.stage23 = np.Stage
		if np.Stage == province.StageNewStart {
			l.stage24 = province.StageContinuing
		}
	}
	return l
}

// sectorCounts shares the list among the sectors by the reference mix,
// keeping room for the named projects; manufacturing takes the remainder,
// and an excess comes off the sectors with the most room.
func (g *generator) sectorCounts(fixed []*life) []int {
	counts := make([]int, len(sectors))
	mins := make([]int, len(sectors))
	for _, l := range fixed {
		mins[l.si]++
	}
	sum := 0
	for si, s := range sectors {
		counts[si] = max(int(math.Round(float64(s.Count)*float64(g.n)/refProjects)), mins[si])
		sum += counts[si]
	}
	const rest = 5 // 制造业
	if sum < g.n {
		counts[rest] += g.n - sum
	}
	for ; sum > g.n; sum-- {
		roomiest := rest
		for si := range counts {
			if counts[si]-mins[si] > counts[roomiest]-mins[roomiest] {
				roomiest = si
			}
		}
		counts[roomiest]--
	}
	return counts
}

func pickWeighted(r *rand.Rand, n int, weight func(int) int) int {
	total := 0
	for i := range n {
		total += weight(i)
	}
	x := r.IntN(total)
	for i := range n {
		x -= weight(i)
		if x < 0 {
			return i
		}
	}
	return n - 1
}

// pickPlace draws a project's city and county for a subsector.
func pickPlace(r *rand.Rand, s subsector) (int, string) {
	x := r.IntN(1000)
	if x < s.Cross {
		return len(cities) - 1, ""
	}
	if x < s.Cross+s.NewArea {
		return len(cities) - 2, ""
	}
	ci := pickWeighted(r, 11, func(i int) int { return cities[i].Weight })
	if r.IntN(100) < 6 {
		return ci, "" // a city-wide project
	}
	cs := cities[ci].Counties
	return ci, cs[r.IntN(len(cs))]
}

func pickStage(r *rand.Rand) string {
	switch x := r.IntN(100); {
	case x < 36:
		return province.StageNewStart
	case x < 76:
		return province.StageContinuing
	case x < 92:
		return province.StageCompleting
	}
	return province.StagePreparatory
}

// sizes gives each drawn 2024 project a total: the top-scoring share gets
// ≥ ¥1 billion on a Pareto tail, the rest spread between ¥50 million and
// ¥1 billion, both calibrated so that the list's total meets its target.
func (g *generator) sizes() {
	r := stream(g.opt.Seed, 2)
	var drawn []*life
	var namedSum int64
	namedBig := 0
	for _, l := range g.lives {
		if l.named != nil {
			namedSum += l.total
			if l.total >= bigYuan {
				namedBig++
			}
			continue
		}
		l.score = math.Log(l.sub().Size) + 0.9*r.NormFloat64()
		drawn = append(drawn, l)
	}
	sort.SliceStable(drawn, func(i, j int) bool { return drawn[i].score > drawn[j].score })
	k := int(scaled(refBig, g.n)) - namedBig
	k = min(max(k, 0), len(drawn))
	big, small := drawn[:k], drawn[k:]

	smallTarget := float64(smallMeanYuan) * float64(len(small))
	bigTarget := float64(scaled(refTotalYuan, g.n)-namedSum) - smallTarget

	// Small: total = floor · (1e9/floor)^(q^γ), q the rank from the bottom.
	ratio := float64(bigYuan) / minTotalYuan
	smallAt := func(q, gamma float64) float64 { return minTotalYuan * math.Pow(ratio, math.Pow(q, gamma)) }
	sumSmall := func(gm float64) float64 {
		s := 0.0
		for i := range small {
			q := (float64(len(small)-i) - 0.5) / float64(len(small))
			s += smallAt(q, gm)
		}
		return s
	}
	gamma := bisectDecreasing(0.05, 20, sumSmall, smallTarget)
	for i, l := range small {
		q := (float64(len(small)-i) - 0.5) / float64(len(small))
		t := roundTo(smallAt(q, gamma), wan)
		l.total = min(t, bigYuan-wan)
	}

	// Big: Pareto above ¥1 billion, capped; q the rank from the top.
	bigAt := func(q, alpha float64) float64 { return math.Min(maxTotalYuan, bigYuan*math.Pow(q, -1/alpha)) }
	sumBig := func(a float64) float64 {
		s := 0.0
		for i := range big {
			s += bigAt((float64(i)+0.5)/float64(len(big)), a)
		}
		return s
	}
	alpha := bisectDecreasing(1.01, 60, sumBig, bigTarget)
	for i, l := range big {
		t := bigAt((float64(i)+0.5)/float64(len(big)), alpha) * uniform(r, 0.97, 1.03)
		l.total = max(roundTo(t, 100*wan), bigYuan)
	}
}

// bisectIncreasing finds x in [lo, hi] with f(x) ≈ target for an increasing f.
func bisectIncreasing(lo, hi float64, f func(float64) float64, target float64) float64 {
	for range 80 {
		mid := (lo + hi) / 2
		if f(mid) < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// bisectDecreasing finds x in [lo, hi] with f(x) ≈ target for a decreasing f.
func bisectDecreasing(lo, hi float64, f func(float64) float64, target float64) float64 {
	return bisectIncreasing(lo, hi, func(x float64) float64 { return -f(x) }, -target)
}

func roundTo(yuan float64, unit int64) int64 {
	return int64(math.Round(yuan/float64(unit))) * unit
}

// duration is a plausible construction period for a project of a size.
func duration(r *rand.Rand, total int64) int {
	switch {
	case total < 2*yi:
		return 1 + r.IntN(2)
	case total < 10*yi:
		return 2 + r.IntN(2)
	case total < 50*yi:
		return 3 + r.IntN(2)
	case total < 200*yi:
		return 4 + r.IntN(2)
	}
	return 5 + r.IntN(2)
}

// periods sets each 2024 project's start and end years and the share of
// its total done before 2024.
func (g *generator) periods() {
	r := stream(g.opt.Seed, 3)
	for _, l := range g.lives {
		d := l.years
		if d == 0 {
			d = duration(r, l.total)
		}
		switch l.stage24 {
		case province.StageNewStart:
			l.start, l.end = year24, year24+d-1
		case province.StagePreparatory:
			l.start = year24 + 1
			if r.IntN(10) < 3 {
				l.start = year24
			}
			l.end = l.start + d - 1
		case province.StageCompleting:
			d = max(d, 2)
			l.start, l.end = year24-d+1, year24
			l.doneFrac = uniform(r, 0.55, 0.88)
		case province.StageContinuing:
			d = max(d+1, 3)      // works under way run longer than the average
			e := 1 + r.IntN(d-2) // years of work before 2024
			if l.named != nil && l.named.Year == year23 {
				e = 1
			}
			l.start, l.end = year24-e, year24-e+d-1
			l.doneFrac = min(max(float64(e)/float64(d)*uniform(r, 0.75, 1.15), 0.05), 0.8)
		}
		l.years = d
	}
}

// flagships marks the 示范引领性 projects: the named ones of ≥ ¥2 billion,
// then drawn ones of ≥ ¥2 billion, the bigger the likelier.
func (g *generator) flagships() {
	r := stream(g.opt.Seed, 4)
	want := int(scaled(refFlagship, g.n))
	type cand struct {
		l   *life
		key float64
	}
	var cands []cand
	for _, l := range g.lives {
		if l.total < flagshipYuan {
			continue
		}
		if l.named != nil {
			l.flagship = true
			want--
			continue
		}
		key := math.Log(float64(l.total)) + uniform(r, 0, 2.5)
		if l.stage24 == province.StagePreparatory {
			key -= 2
		}
		cands = append(cands, cand{l, key})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].key > cands[j].key })
	for i := 0; i < want && i < len(cands); i++ {
		cands[i].l.flagship = true
	}
}

// tagsFor draws a project's list tags.
func tagsFor(r *rand.Rand, l *life) []string {
	tags := []string{"省大中型"}
	key := 0.12
	if l.total >= bigYuan {
		key = 0.45
	}
	if l.flagship || r.Float64() < key {
		tags = append(tags, "省重点")
	}
	public := l.sub().Kind == "01"
	if public && r.Float64() < 0.35 {
		tags = append(tags, "专项债")
	}
	switch sectors[l.si].Name {
	case "水利", "公共服务", "现代农业", "生态环保", "综合交通":
		if public && r.Float64() < 0.18 {
			tags = append(tags, "中央预算内")
		}
	}
	return tags
}
