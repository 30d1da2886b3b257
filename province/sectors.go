package province

// The ten sectors (领域) of the province's list.
const (
	SectorTransport      = "综合交通"
	SectorEnergy         = "能源"
	SectorWater          = "水利"
	SectorNewInfra       = "新型基础设施"
	SectorUrbanInfra     = "城市基础设施"
	SectorManufacturing  = "制造业"
	SectorServices       = "现代服务业"
	SectorAgriculture    = "现代农业"
	SectorEnvironment    = "生态环保"
	SectorPublicServices = "公共服务"
)

// Sectors are the ten sectors in the report's order.
func Sectors() []string {
	return []string{SectorTransport, SectorEnergy, SectorWater, SectorNewInfra, SectorUrbanInfra,
		SectorManufacturing, SectorServices, SectorAgriculture, SectorEnvironment, SectorPublicServices}
}

// SectorAlias is a word that, found in a sector heading, names a sector.
type SectorAlias struct{ Word, Sector string }

// SectorAliases are the words older and city lists write for the sectors,
// tried in order (longer, more specific words first).
func SectorAliases() []SectorAlias {
	return []SectorAlias{
		{SectorNewInfra, SectorNewInfra}, {"新基建", SectorNewInfra}, {SectorUrbanInfra, SectorUrbanInfra}, {"城建", SectorUrbanInfra},
		{"交通", SectorTransport}, {SectorEnergy, SectorEnergy}, {SectorWater, SectorWater}, {"制造", SectorManufacturing}, {"工业", SectorManufacturing},
		{"服务业", SectorServices}, {"农业", SectorAgriculture}, {"生态", SectorEnvironment}, {"环保", SectorEnvironment},
		{SectorPublicServices, SectorPublicServices}, {"社会事业", SectorPublicServices}, {"民生", SectorPublicServices},
	}
}
