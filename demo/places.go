package demo

// city is a 设区市 (or one of the two list-only places) with its
// administrative code, its counties and the rivers that cross it.
type city struct {
	Name     string
	Code     string   // region part of the project code
	Counties []string // real counties, districts and county-level cities
	Rivers   []string
	Weight   int // relative share of the province's projects
}

// Place names used for the list-only locations.
const (
	cityNewArea = "赣江新区"
	cityCross   = "跨设区市"
)

// cities lists the 11 设区市, then 赣江新区 and 跨设区市, in the order the
// lists use. It is a constant table: nothing writes to it.
var cities = []city{
	{"南昌市", "360100", []string{"东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "红谷滩区", "南昌县", "安义县", "进贤县"},
		[]string{"赣江", "抚河", "潦河"}, 150},
	{"景德镇市", "360200", []string{"昌江区", "珠山区", "浮梁县", "乐平市"},
		[]string{"昌江", "乐安河"}, 40},
	{"萍乡市", "360300", []string{"安源区", "湘东区", "莲花县", "上栗县", "芦溪县"},
		[]string{"萍水河", "栗水", "袁河"}, 40},
	{"九江市", "360400", []string{"濂溪区", "浔阳区", "柴桑区", "武宁县", "修水县", "永修县", "德安县", "都昌县", "湖口县", "彭泽县", "瑞昌市", "共青城市", "庐山市"},
		[]string{"修河", "长江", "博阳河"}, 110},
	{"新余市", "360500", []string{"渝水区", "分宜县"},
		[]string{"袁河"}, 35},
	{"鹰潭市", "360600", []string{"月湖区", "余江区", "贵溪市"},
		[]string{"信江", "白塔河"}, 35},
	{"赣州市", "360700", []string{"章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县", "安远县", "定南县", "全南县", "宁都县", "于都县", "兴国县", "会昌县", "寻乌县", "石城县", "瑞金市", "龙南市"},
		[]string{"贡江", "章江", "桃江", "梅江", "绵江", "平江"}, 160},
	{"吉安市", "360800", []string{"吉州区", "青原区", "吉安县", "吉水县", "峡江县", "新干县", "永丰县", "泰和县", "遂川县", "万安县", "安福县", "永新县", "井冈山市"},
		[]string{"赣江", "禾水", "泸水", "蜀水", "遂川江"}, 90},
	{"宜春市", "360900", []string{"袁州区", "奉新县", "万载县", "上高县", "宜丰县", "靖安县", "铜鼓县", "丰城市", "樟树市", "高安市"},
		[]string{"袁河", "锦江", "潦河", "赣江"}, 100},
	{"抚州市", "361000", []string{"临川区", "东乡区", "南城县", "黎川县", "南丰县", "崇仁县", "乐安县", "宜黄县", "金溪县", "资溪县", "广昌县"},
		[]string{"抚河", "盱江", "宜黄水", "崇仁河"}, 60},
	{"上饶市", "361100", []string{"信州区", "广丰区", "广信区", "玉山县", "铅山县", "横峰县", "弋阳县", "余干县", "鄱阳县", "万年县", "婺源县", "德兴市"},
		[]string{"信江", "饶河", "乐安河"}, 110},
	// 赣江新区 has no code of its own: its projects are registered under Nanchang's.
	{cityNewArea, "360100", nil, []string{"赣江"}, 30},
	// Projects spanning cities are registered at province level.
	{cityCross, "360000", nil, []string{"赣江", "信江", "抚河", "修河", "饶河"}, 0},
}

// Cities returns the 13 place keys of the lists in order: the 11 设区市,
// then 赣江新区 and 跨设区市.
func Cities() []string {
	out := make([]string, len(cities))
	for i, c := range cities {
		out[i] = c.Name
	}
	return out
}

// cityIndex returns the position of name in cities, or -1.
func cityIndex(name string) int {
	for i, c := range cities {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// placeWords are small place names (villages, hills, lakes) used to tell
// apart projects of the same kind in the same county.
var placeWords = []string{
	"东湖", "白沙", "青峰", "杨梅", "龙岗", "凤凰", "桃源", "梅林", "金山", "石门",
	"云山", "长岭", "柏树", "新塘", "高桥", "马坪", "芦岭", "江口", "黄岗", "莲塘",
	"沙洲", "枫林", "竹山", "洪岭", "塘下", "荷塘", "樟坑", "官田", "横岭", "湖坪",
	"大坪", "铜岭", "狮山", "象湖", "鹅湖", "花园", "梅岭", "仙湖", "青山", "瑶里",
	"双港", "滨江", "金盘", "水口", "茶园", "麻田", "石桥", "龙潭", "松林", "桂花",
	"平湖", "南岗", "北港", "西岭", "东岗", "栗塘", "银湖", "清水", "丰乐", "太平",
}

// countyPlace is how a project name starts for a county: districts carry
// their city ("九江市濂溪区"), counties and county-level cities stand alone.
func countyPlace(cityName, county string) string {
	if county == "" {
		return cityName
	}
	if lastRune(county) == '区' {
		return cityName + county
	}
	return county
}

// short drops the administrative suffix of a place name: 修水县 → 修水,
// 九江市 → 九江. One-character stems keep their suffix (余江区 → 余江).
func short(place string) string {
	r := []rune(place)
	if len(r) <= 2 {
		return place
	}
	switch r[len(r)-1] {
	case '市', '县', '区':
		return string(r[:len(r)-1])
	}
	return place
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}
