package province

// Commission is the province's development and reform commission (省发改委),
// which publishes the list: the OC4IDS package's default publisher.
const Commission = "江西省发展和改革委员会"

// Place names that are not one city.
const (
	CityNewArea = "赣江新区"
	CityCross   = "跨设区市"
	// WholeProvince names the whole province where a place is picked
	// (the dashboard's switch from a city to the province).
	WholeProvince = "全省"
)

// CityOwnLevel is how a city's list names the projects of the city itself
// rather than of one of its counties (a 县（市、区） cell, a （三）市本级
// section): kept as the county.
const CityOwnLevel = "市本级"

// CityCounties lists Jiangxi's 11 cities (in administrative-code order)
// with their 100 county-level divisions as of 2024, so a place written
// as a county alone ("瑞金市", "永修县") still finds its city. This is the
// one table of them in the code.
func CityCounties() [][]string {
	return [][]string{
		{"南昌市", "东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "红谷滩区", "南昌县", "安义县", "进贤县"},
		{"景德镇市", "昌江区", "珠山区", "浮梁县", "乐平市"},
		{"萍乡市", "安源区", "湘东区", "莲花县", "上栗县", "芦溪县"},
		{"九江市", "濂溪区", "浔阳区", "柴桑区", "武宁县", "修水县", "永修县", "德安县", "都昌县", "湖口县", "彭泽县", "瑞昌市", "共青城市", "庐山市"},
		{"新余市", "渝水区", "分宜县"},
		{"鹰潭市", "月湖区", "余江区", "贵溪市"},
		{"赣州市", "章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县", "安远县", "定南县", "全南县", "宁都县", "于都县", "兴国县", "会昌县", "寻乌县", "石城县", "瑞金市", "龙南市"},
		{"吉安市", "吉州区", "青原区", "吉安县", "吉水县", "峡江县", "新干县", "永丰县", "泰和县", "遂川县", "万安县", "安福县", "永新县", "井冈山市"},
		{"宜春市", "袁州区", "奉新县", "万载县", "上高县", "宜丰县", "靖安县", "铜鼓县", "丰城市", "樟树市", "高安市"},
		{"抚州市", "临川区", "东乡区", "南城县", "黎川县", "南丰县", "崇仁县", "乐安县", "宜黄县", "金溪县", "资溪县", "广昌县"},
		{"上饶市", "信州区", "广丰区", "广信区", "玉山县", "铅山县", "横峰县", "弋阳县", "余干县", "鄱阳县", "万年县", "婺源县", "德兴市"},
	}
}

// FormerCounties are names older lists still carry: divisions renamed or
// merged since (赣县 → 赣县区, 上饶县 → 广信区, 湾里区 → 新建区 …) and the
// management areas lists treat as counties. They map to their city and
// are kept as written.
func FormerCounties() map[string]string {
	return map[string]string{
		"湾里区": "南昌市", "湾里管理局": "南昌市", "新建县": "南昌市", "小蓝经开区": "南昌市",
		"九江县": "九江市", "庐山区": "九江市", "星子县": "九江市",
		"仙女湖区": "新余市",
		"余江县":  "鹰潭市", "龙虎山风景名胜区": "鹰潭市",
		"赣县": "赣州市", "南康市": "赣州市", "龙南县": "赣州市", "蓉江新区": "赣州市",
		"东乡县": "抚州市",
		"上饶县": "上饶市", "广丰县": "上饶市", "三清山风景名胜区": "上饶市",
	}
}

// Cities are the 11 设区市 in administrative-code order.
func Cities() []string {
	cc := CityCounties()
	out := make([]string, len(cc))
	for i, c := range cc {
		out[i] = c[0]
	}
	return out
}

// Places are the places a list row belongs to, in the report's order:
// the 11 cities, then 赣江新区 and 跨设区市.
func Places() []string {
	return append(Cities(), CityNewArea, CityCross)
}

// NewAreaLocation is where 赣江新区 is marked on the cities' map
// ([lon, lat], its administrative centre at 儒乐湖, between 南昌's 新建区
// and 九江's 永修县): the new area straddles both cities, so the map
// has no polygon of its own for it.
func NewAreaLocation() [2]float64 { return [2]float64{115.87, 28.86} }
