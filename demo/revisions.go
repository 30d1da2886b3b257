package demo

// revisions makes a few projects of both lists change between them, as
// real lists do: the 2023 list gave a smaller total investment (the 2024
// list's is over it: 超概算) or an earlier end year (the 2024 list's is
// later: 延期), so the demo shows overruns and delays. Only the 2023
// figures move, within what the 2023 list must hold (its plan and its
// year's reports within total minus before, an end year not before
// 2024 for a project still running); the 2024 list stays as drawn.
// Named projects keep their published figures. Its own random stream,
// so every other figure of the demo is what it was.
func (g *generator) revisions() {
	r := stream(g.opt.Seed, 31)
	for _, l := range g.lives {
		if l.named != nil || l.stage23 == "" || l.stage24 == "" {
			continue
		}
		overrun, delay := r.IntN(100) < revisedPercent, r.IntN(100) < revisedPercent
		rise := uniform(r, 0.03, 0.25)
		if overrun {
			var done23 int64
			for _, v := range l.month23 {
				done23 += v
			}
			t := roundTo(float64(l.total)/(1+rise), wan)
			if t < l.total && t-l.before23 >= max(l.plan23, done23) {
				l.total23 = t
			}
		}
		if delay && l.end-1 >= year24 && l.end-1 >= l.start {
			l.end23 = l.end - 1
		}
	}
}

// revisedPercent is the share (in percent) of the projects of both lists
// whose total, and independently whose end year, the 2023 list said
// otherwise.
const revisedPercent = 4
