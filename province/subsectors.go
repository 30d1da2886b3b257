package province

// SectorSubsectors lists each sector (in the report's order) with its
// subsectors (子领域) as the province's list writes them: the choices a
// blank template offers. Lists may carry others (a city's own words); the
// importer keeps what a list writes.
func SectorSubsectors() [][]string {
	return [][]string{
		{SectorTransport, "铁路", "公路", "机场", "港航"},
		{SectorEnergy, "电力", "电网", "油气"},
		{SectorWater, "水利枢纽与治理", "防洪", "灌区", "供水", "水资源配置"},
		{SectorNewInfra, "信息网络", "算力设施", "融合基础设施"},
		{SectorUrbanInfra, "市政交通", "城市更新", "管网设施", "保障性住房"},
		{SectorManufacturing, "电子信息", "新能源", "有色金属", "装备制造", "石化", "医药", "新材料", "食品轻纺"},
		{SectorServices, "现代物流", "文化旅游", "商贸服务", "科技服务"},
		{SectorAgriculture, "高标准农田", "农产品加工", "设施农业"},
		{SectorEnvironment, "污染治理", "生态修复", "资源循环利用"},
		{SectorPublicServices, "卫生健康", "教育", "文化体育"},
	}
}
