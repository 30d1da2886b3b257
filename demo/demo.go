// Package demo generates, deterministically from a seed, a demo portfolio
// shaped like Jiangxi's 2024 list of provincial large and medium projects
// (3,670 projects, ¥1 trillion planned for the year), with last year's list
// and the monthly progress reports of both years, and writes it as
// workbooks in the official layouts the importer reads.
//
// Money is int64 yuan throughout; amounts are whole 万元 or 万元 with two
// decimals, so they are exact when a sheet states them in 万元.
package demo

// Options says how big the demo is and which seed draws it.
type Options struct {
	Projects int   // projects in the 2024 list; 0 means 3670
	Seed     int64 // 0 means 2024
}

// Defaults of Options.
const (
	DefaultProjects = 3670
	DefaultSeed     = 2024
)

func (o Options) withDefaults() Options {
	if o.Projects <= 0 {
		o.Projects = DefaultProjects
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	return o
}

// Kinds of File.
const (
	KindPlan    = "plan"
	KindMonthly = "monthly"
)

// File is one workbook written by Write. Month is 0 for a plan list.
type File struct {
	Path  string
	Kind  string // KindPlan or KindMonthly
	Year  int
	Month int
}

// Portfolio is the whole demo: the 2023 and the 2024 list, in that order.
type Portfolio struct {
	Years []Year
}

// Year returns the list of year y, or nil.
func (p *Portfolio) Year(y int) *Year {
	for i := range p.Years {
		if p.Years[i].Year == y {
			return &p.Years[i]
		}
	}
	return nil
}

// Year is one year's plan list with the months reported in it.
type Year struct {
	Year     int
	Months   int       // months with reports: 12 for 2023, 9 for 2024
	Projects []Project // in list order: sector, subsector, stage, city, size
}

// Totals returns the sums of total investment, investment completed before
// the year and the year's plan over the list.
func (y *Year) Totals() (total, before, plan int64) {
	for i := range y.Projects {
		p := &y.Projects[i]
		total += p.TotalYuan
		before += p.BeforeYuan
		plan += p.PlanYuan
	}
	return total, before, plan
}

// Completed returns the investment completed in months 1..m of the year
// over the whole list.
func (y *Year) Completed(m int) int64 {
	var sum int64
	for i := range y.Projects {
		sum += y.Projects[i].Completed(m)
	}
	return sum
}

// Project is a project as one year's list carries it.
type Project struct {
	Seq       int    // 序号 within its sector, from 1
	Code      string // 投资项目统一代码; the same in both years
	Name      string
	Owner     string // 建设单位
	Sector    string // one of Sectors()
	Subsector string
	City      string // one of Cities()
	County    string // "" for 赣江新区, 跨设区市 and city-wide projects
	Stage     string // a stage code of province (Stages()); the sheets write its label
	StartYear int
	EndYear   int
	Content   string // 建设规模及主要建设内容
	Target    string // 形象进度目标 for the year

	TotalYuan  int64 // 总投资
	BeforeYuan int64 // completed before the year
	PlanYuan   int64 // the year's plan

	Flagship bool     // 示范引领性
	Tags     []string // 省大中型 always, then 省重点, 专项债, 中央预算内 as they apply
	Note     string   // 备注

	// Reports holds one report per month 1..Months for a project with a
	// plan; nil when the project has no plan for the year.
	Reports []Report
}

// Completed returns the project's investment completed in months 1..m.
func (p *Project) Completed(m int) int64 {
	var sum int64
	for _, r := range p.Reports {
		if r.Month <= m {
			sum += r.CompletedYuan
		}
	}
	return sum
}

// Location is the 建设地点 as the list writes it: 南昌市红谷滩区, 南昌市,
// 赣江新区 or 跨设区市.
func (p *Project) Location() string {
	return p.City + p.County
}

// Report is a project's monthly progress report.
type Report struct {
	Month         int
	CompletedYuan int64  // completed in the month
	Progress      string // 形象进度
	Problems      string // 存在问题, often ""
}
