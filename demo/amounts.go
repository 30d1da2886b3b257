package demo

import (
	"portfolio/province"

	"math"
	"math/rand/v2"
)

// seasonal is the share of a year's investment done in each month:
// low around the Spring Festival, rising, with June and September peaks
// (half-year and third-quarter reviews) and a December push.
var seasonal = [12]float64{3.8, 3.7, 8.5, 8.3, 9.0, 12.5, 8.2, 8.5, 13.5, 7.5, 7.5, 9.0}

// Calibration targets of the reports.
const (
	reported23 = 12   // 2023: the full year is reported
	reported24 = 9    // 2024: January to September
	rate23     = 1.05 // 2023 completed 105 % of its plan
	rate24     = 0.80 // 2024 Jan–Sep completed 80 % of the plan
)

// perfDraw draws how well a project keeps to its plan: some far behind,
// some a little behind, most on time or ahead.
func perfDraw(r *rand.Rand) float64 {
	switch x := r.IntN(100); {
	case x < 15:
		return uniform(r, 0.35, 0.80)
	case x < 33:
		return uniform(r, 0.82, 0.93)
	}
	return uniform(r, 0.95, 1.30)
}

// startMonth draws the month a new start begins work.
func startMonth(r *rand.Rand) int {
	weights := [9]int{10, 8, 18, 16, 14, 14, 8, 6, 6}
	return 1 + pickWeighted(r, len(weights), func(i int) int { return weights[i] })
}

func floorTo(yuan float64, unit int64) int64 {
	return int64(math.Floor(yuan/float64(unit))) * unit
}

// continuing reports whether a project runs on from 2023 into 2024.
func (l *life) continuing() bool {
	return l.stage24 == province.StageContinuing || l.stage24 == province.StageCompleting
}

// plans2023 sets before and plan of the 2023 list.
func (g *generator) plans2023() {
	r := stream(g.opt.Seed, 8)
	for _, l := range g.lives {
		l.startMonth23 = 1
		switch {
		case l.stage23 == "" || l.stage23 == province.StagePreparatory:
			continue
		case l.continuing():
			target := l.doneFrac * float64(l.total)
			if l.start == year23 {
				l.plan23 = roundTo(target/rate23, wan)
				l.startMonth23 = startMonth(r)
			} else {
				share := float64(l.total) * uniform(r, 0.8, 1.2) / float64(l.years)
				plan := math.Min(share, 0.7*target)
				l.before23 = max(floorTo(target-plan*rate23, wan), 0)
				l.plan23 = roundTo(plan, wan)
			}
		default: // completed in 2023
			l.before23 = floorTo(float64(l.total)*uniform(r, 0.5, 0.88), wan)
			l.plan23 = floorTo(float64(l.total-l.before23)*uniform(r, 0.8, 1.0), wan)
		}
		l.perf23 = perfDraw(r)
	}
}

// plans2024 carries 2023's completions into 2024's before and sets the
// 2024 plans, scaled so that the list plans its target in all.
func (g *generator) plans2024() {
	r := stream(g.opt.Seed, 9)
	type scalable struct {
		l        *life
		raw, cap float64
	}
	var scal []scalable
	var fixed int64
	for _, l := range g.lives {
		if l.stage24 == "" {
			continue
		}
		if l.continuing() {
			if l.stage23 == province.StageNewStart || l.stage23 == province.StageContinuing {
				l.before24 = l.before23
				for _, v := range l.month23 {
					l.before24 += v
				}
			} else {
				l.before24 = floorTo(l.doneFrac*float64(l.total), wan)
			}
		}
		remaining := float64(l.total - l.before24)
		l.startMonth24 = 1
		switch l.stage24 {
		case province.StageNewStart:
			l.startMonth24 = startMonth(r)
			raw := float64(l.total) * math.Min(0.9, uniform(r, 0.6, 1.0)/float64(l.years))
			scal = append(scal, scalable{l, raw, 0.95 * float64(l.total)})
		case province.StageContinuing:
			raw := remaining * uniform(r, 0.8, 1.2) / float64(l.end-year24+1)
			scal = append(scal, scalable{l, raw, 0.9 * remaining})
		case province.StageCompleting:
			l.plan24 = floorTo(remaining*uniform(r, 0.85, 1.0), wan)
			fixed += l.plan24
		case province.StagePreparatory:
			if r.IntN(10) < 4 {
				l.plan24 = roundTo(float64(l.total)*uniform(r, 0.003, 0.015), wan)
			}
			fixed += l.plan24
		}
		l.perf24 = perfDraw(r)
	}
	target := float64(scaled(refPlanYuan, g.n) - fixed)
	sum := func(s float64) float64 {
		t := 0.0
		for _, x := range scal {
			t += math.Min(x.cap, s*x.raw)
		}
		return t
	}
	s := bisectIncreasing(0, 20, sum, target)
	for _, x := range scal {
		x.l.plan24 = min(roundTo(s*x.raw, wan), floorTo(x.cap, wan))
	}
}

// months spreads each project's completions of a year over its months and
// scales them all so that the year's reports reach their target rate.
func (g *generator) months(year int) {
	r := stream(g.opt.Seed, uint64(10+year)) // #nosec G115 -- year is 2023 or 2024
	type input struct {
		l      *life
		amount float64     // plan × performance: what the project does in the year
		cap    float64     // what is left of its total
		cum    [12]float64 // cumulative share of the year's work by month
	}
	var ins []input
	var planSum int64
	reported := reported24
	rate := rate24
	if year == year23 {
		reported, rate = reported23, rate23
	}
	for _, l := range g.lives {
		var plan, before int64
		var perf float64
		start := 1
		if year == year23 {
			if l.stage23 == "" {
				continue
			}
			plan, before, perf, start = l.plan23, l.before23, l.perf23, l.startMonth23
		} else {
			if l.stage24 == "" {
				continue
			}
			plan, before, perf, start = l.plan24, l.before24, l.perf24, l.startMonth24
		}
		planSum += plan
		if plan <= 0 {
			continue
		}
		in := input{l: l, amount: float64(plan) * perf, cap: float64(l.total - before)}
		if year == year23 && l.continuing() {
			in.cap = math.Floor(0.95 * in.cap)
		}
		var w [12]float64
		total := 0.0
		for m := start; m <= 12; m++ {
			w[m-1] = seasonal[m-1] * uniform(r, 0.75, 1.25)
			total += w[m-1]
		}
		acc := 0.0
		for m := range 12 {
			acc += w[m] / total
			in.cum[m] = acc
		}
		ins = append(ins, in)
	}
	target := rate * float64(planSum)
	sum := func(s float64) float64 {
		t := 0.0
		for _, in := range ins {
			t += math.Min(in.cap, s*in.amount*in.cum[reported-1])
		}
		return t
	}
	s := bisectIncreasing(0, 10, sum, target)
	for _, in := range ins {
		out := make([]int64, reported)
		var prev int64
		for m := range reported {
			c := floorTo(math.Min(in.cap, s*in.amount*in.cum[m]), cent)
			out[m] = c - prev
			prev = c
		}
		if year == year23 {
			in.l.month23 = out
		} else {
			in.l.month24 = out
		}
	}
}
