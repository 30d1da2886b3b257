package demo

import "portfolio/province"

// subsector describes one 子领域: how common it is in its sector, how big
// its projects tend to be and how its codes look.
type subsector struct {
	Name     string
	Weight   int     // relative share of the sector's projects
	Size     float64 // typical total in 亿元 (the score's centre)
	Industry string  // industry part of the project code
	Kind     string  // 01 审批 (government), 02 核准, 03 备案
	Cross    int     // per-mille of projects that span cities
	NewArea  int     // per-mille of projects in 赣江新区
}

// sector is one of the ten 领域 with its share of the list.
type sector struct {
	Name  string
	Count int // projects in a 3,670-project list
	Subs  []subsector
}

// sectors is the constant table of the ten sectors in the report's order.
var sectors = []sector{
	{"综合交通", 412, []subsector{
		{"铁路", 6, 60, "53", "01", 400, 0},
		{"公路", 60, 15, "48", "01", 80, 10},
		{"机场", 6, 8, "56", "01", 0, 0},
		{"港航", 28, 5, "55", "01", 40, 10},
	}},
	{"能源", 260, []subsector{
		{"电力", 50, 12, "44", "02", 0, 10},
		{"电网", 35, 3, "44", "02", 100, 20},
		{"油气", 15, 5, "45", "02", 200, 10},
	}},
	{"水利", 230, []subsector{
		{"水利枢纽与治理", 30, 6, "76", "01", 30, 0},
		{"防洪", 25, 3, "76", "01", 20, 10},
		{"灌区", 15, 4, "76", "01", 0, 0},
		{"供水", 25, 3, "46", "01", 0, 10},
		{"水资源配置", 5, 10, "76", "01", 150, 0},
	}},
	{"新型基础设施", 150, []subsector{
		{"信息网络", 40, 3, "63", "03", 100, 30},
		{"算力设施", 25, 8, "65", "03", 0, 60},
		{"融合基础设施", 35, 2, "65", "03", 0, 30},
	}},
	{"城市基础设施", 380, []subsector{
		{"市政交通", 35, 4, "48", "01", 0, 40},
		{"城市更新", 30, 6, "47", "01", 0, 30},
		{"管网设施", 20, 2, "48", "01", 0, 30},
		{"保障性住房", 15, 4, "47", "01", 0, 30},
	}},
	{"制造业", 1390, []subsector{
		{"电子信息", 22, 6, "39", "03", 0, 60},
		{"新能源", 16, 9, "38", "03", 0, 40},
		{"有色金属", 12, 5, "32", "03", 0, 10},
		{"装备制造", 16, 3, "34", "03", 0, 50},
		{"石化", 6, 8, "26", "03", 0, 10},
		{"医药", 8, 3, "27", "03", 0, 60},
		{"新材料", 10, 4, "30", "03", 0, 30},
		{"食品轻纺", 10, 2, "17", "03", 0, 10},
	}},
	{"现代服务业", 330, []subsector{
		{"现代物流", 30, 4, "59", "03", 0, 40},
		{"文化旅游", 30, 5, "87", "03", 0, 20},
		{"商贸服务", 20, 6, "52", "03", 0, 30},
		{"科技服务", 20, 3, "75", "03", 0, 60},
	}},
	{"现代农业", 150, []subsector{
		{"高标准农田", 30, 1.5, "05", "01", 0, 0},
		{"农产品加工", 40, 2, "13", "03", 0, 10},
		{"设施农业", 30, 1.5, "03", "03", 0, 0},
	}},
	{"生态环保", 170, []subsector{
		{"污染治理", 45, 1.5, "77", "01", 0, 20},
		{"生态修复", 30, 3, "77", "01", 50, 0},
		{"资源循环利用", 25, 3, "42", "03", 0, 20},
	}},
	{"公共服务", 198, []subsector{
		{"卫生健康", 40, 4, "84", "01", 0, 20},
		{"教育", 40, 3, "83", "01", 0, 30},
		{"文化体育", 20, 3, "88", "01", 0, 20},
	}},
}

// Sectors returns the ten sectors (十大领域) in the report's order.
func Sectors() []string {
	out := make([]string, len(sectors))
	for i, s := range sectors {
		out[i] = s.Name
	}
	return out
}

// Subsectors returns the subsectors of a sector in list order, nil for an
// unknown sector.
func Subsectors(sectorName string) []string {
	si := sectorIndex(sectorName)
	if si < 0 {
		return nil
	}
	out := make([]string, len(sectors[si].Subs))
	for i, s := range sectors[si].Subs {
		out[i] = s.Name
	}
	return out
}

func sectorIndex(name string) int {
	for i, s := range sectors {
		if s.Name == name {
			return i
		}
	}
	return -1
}

func subIndex(si int, name string) int {
	for i, s := range sectors[si].Subs {
		if s.Name == name {
			return i
		}
	}
	return -1
}

// stageIndex is a stage's place within a subsector of a list: the
// completing first, then the continuing, the new and the preparatory.
func stageIndex(stage string) int {
	order := []string{province.StageCompleting, province.StageContinuing, province.StageNewStart, province.StagePreparatory}
	for i, s := range order {
		if s == stage {
			return i
		}
	}
	return len(order)
}
