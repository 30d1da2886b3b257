package demo

import (
	"portfolio/province"

	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// portfolio lays the drawn lives out as the two years' lists.
func (g *generator) portfolio() *Portfolio {
	r := stream(g.opt.Seed, 20)
	p := &Portfolio{Years: []Year{{Year: year23, Months: reported23}, {Year: year24, Months: reported24}}}
	for _, l := range g.lives {
		if l.stage23 != "" {
			p.Years[0].Projects = append(p.Years[0].Projects, g.entry(r, l, year23))
		}
	}
	for _, l := range g.lives {
		if l.stage24 != "" {
			p.Years[1].Projects = append(p.Years[1].Projects, g.entry(r, l, year24))
		}
	}
	for i := range p.Years {
		orderList(p.Years[i].Projects)
	}
	return p
}

// entry is a life as the list of year carries it, with its reports.
func (g *generator) entry(r *rand.Rand, l *life, year int) Project {
	p := Project{
		Code: l.code, Name: l.name, Owner: l.owner,
		Sector: sectors[l.si].Name, Subsector: l.sub().Name,
		City: cities[l.city].Name, County: l.county,
		StartYear: l.start, EndYear: l.end, Content: l.content,
		TotalYuan: l.total, Flagship: l.flagship,
		Tags: append([]string(nil), l.tags...),
	}
	var months []int64
	startM := 1
	var perf float64
	if year == year23 {
		p.Stage, p.BeforeYuan, p.PlanYuan, months, startM, perf = l.stage23, l.before23, l.plan23, l.month23, l.startMonth23, l.perf23
		if l.total23 > 0 {
			p.TotalYuan = l.total23
		}
		if l.end23 > 0 {
			p.EndYear = l.end23
		}
	} else {
		p.Stage, p.BeforeYuan, p.PlanYuan, months, startM, perf = l.stage24, l.before24, l.plan24, l.month24, l.startMonth24, l.perf24
	}
	p.Target = target(r, &p, startM)
	if p.PlanYuan <= 0 {
		return p
	}
	variant := r.IntN(3)
	problem := problemTexts[r.IntN(len(problemTexts))]
	chance := 4
	if perf < 0.82 {
		chance = 70
	} else if perf < 0.93 {
		chance = 20
	}
	var cum int64
	for m, v := range months {
		cum += v
		rep := Report{Month: m + 1, CompletedYuan: v}
		rep.Progress = progress(&p, variant, m+1 < startM || cum == 0, p.BeforeYuan+cum)
		if r.IntN(100) < chance && m+1 >= startM {
			rep.Problems = problem
		}
		p.Reports = append(p.Reports, rep)
	}
	return p
}

// target is the 形象进度目标 a list states for the year.
func target(r *rand.Rand, p *Project, startM int) string {
	year := p.StartYear
	switch p.Stage {
	case province.StageNewStart:
		if p.EndYear <= p.StartYear {
			return fmt.Sprintf("%d月底前开工建设，年内建成投产", startM)
		}
		return fmt.Sprintf("%d月底前开工建设，年内完成基础工程", startM)
	case province.StageContinuing:
		pct := percent(p.BeforeYuan+p.PlanYuan, p.TotalYuan)
		return fmt.Sprintf("累计完成主体工程约%d%%", pct)
	case province.StageCompleting:
		return fmt.Sprintf("%d月底前建成投产", 6+r.IntN(7))
	}
	if year < 2024 {
		year = 2024
	}
	if p.PlanYuan > 0 {
		return fmt.Sprintf("完成初步设计及施工图审查，力争%d年开工", year)
	}
	return fmt.Sprintf("完成可研批复及用地预审，力争%d年开工", year)
}

func percent(part, whole int64) int {
	if whole <= 0 {
		return 0
	}
	return int(min(max((part*100+whole/2)/whole, 1), 99))
}

// progress is the 形象进度 of a monthly report, from the share of the
// project done so far.
func progress(p *Project, variant int, notStarted bool, done int64) string {
	var list []string
	frac := float64(done) / float64(p.TotalYuan)
	switch {
	case p.Stage == province.StagePreparatory:
		list = progressPrep
	case notStarted:
		list = progressEarly
	case frac < 0.15:
		list = progressBase
	case frac < 0.7:
		list = progressBody
	case frac < 0.97:
		list = progressLate
	default:
		list = progressDone
	}
	return strings.ReplaceAll(list[variant%len(list)], "{p}", strconv.Itoa(percent(done, p.TotalYuan)))
}

// orderList sorts a list as the province prints it and numbers each
// sector's projects from 1.
func orderList(ps []Project) {
	key := func(p *Project) [4]int {
		si := sectorIndex(p.Sector)
		return [4]int{si, subIndex(si, p.Subsector), stageIndex(p.Stage), cityIndex(p.City)}
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := key(&ps[i]), key(&ps[j])
		if a != b {
			for k := range a {
				if a[k] != b[k] {
					return a[k] < b[k]
				}
			}
		}
		if ps[i].TotalYuan != ps[j].TotalYuan {
			return ps[i].TotalYuan > ps[j].TotalYuan
		}
		return ps[i].Name < ps[j].Name
	})
	seq, last := 0, ""
	for i := range ps {
		if ps[i].Sector != last {
			seq, last = 0, ps[i].Sector
		}
		seq++
		ps[i].Seq = seq
	}
}
