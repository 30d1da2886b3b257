package importer

import (
	"errors"
	"strings"
)

// Place names that are not one city.
const (
	CityNewArea = "赣江新区"
	CityCross   = "跨设区市"
)

// cityCounties lists Jiangxi's 11 cities (in administrative-code order)
// with their county-level divisions, so a place written as a county alone
// ("瑞金市", "永修县") still finds its city.
func cityCounties() [][]string {
	return [][]string{
		{"南昌市", "东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "红谷滩区", "南昌县", "安义县", "进贤县", "湾里区", "湾里管理局"},
		{"景德镇市", "昌江区", "珠山区", "浮梁县", "乐平市"},
		{"萍乡市", "安源区", "湘东区", "莲花县", "上栗县", "芦溪县"},
		{"九江市", "濂溪区", "浔阳区", "柴桑区", "武宁县", "修水县", "永修县", "德安县", "都昌县", "湖口县", "彭泽县", "瑞昌市", "共青城市", "庐山市"},
		{"新余市", "渝水区", "分宜县", "仙女湖区"},
		{"鹰潭市", "月湖区", "余江区", "贵溪市"},
		{"赣州市", "章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县", "安远县", "定南县", "全南县", "宁都县", "于都县", "兴国县", "会昌县", "寻乌县", "石城县", "瑞金市", "龙南市", "蓉江新区"},
		{"吉安市", "吉州区", "青原区", "吉安县", "吉水县", "峡江县", "新干县", "永丰县", "泰和县", "遂川县", "万安县", "安福县", "永新县", "井冈山市"},
		{"宜春市", "袁州区", "奉新县", "万载县", "上高县", "宜丰县", "靖安县", "铜鼓县", "丰城市", "樟树市", "高安市"},
		{"抚州市", "临川区", "东乡区", "南城县", "黎川县", "南丰县", "崇仁县", "乐安县", "宜黄县", "金溪县", "资溪县", "广昌县"},
		{"上饶市", "信州区", "广丰区", "广信区", "玉山县", "铅山县", "横峰县", "弋阳县", "余干县", "鄱阳县", "万年县", "婺源县", "德兴市"},
	}
}

// crossWords mark a project that spans several cities or sits with the province.
func crossWords() []string {
	return []string{"跨设区市", "跨市", "省本级", "全省", "省直", "多市", "省级", "跨区域"}
}

// SplitPlace splits a 建设地点 into city and county: 南昌市红谷滩区 →
// (南昌市, 红谷滩区); 南昌 → (南昌市, ""); 瑞金市 → (赣州市, 瑞金市);
// 赣江新区 stays itself; several cities, 省本级 or 跨设区市 give 跨设区市.
func SplitPlace(s string) (city, county string, err error) {
	p := squash(s)
	if p == "" {
		return "", "", errors.New("缺少建设地点")
	}
	for _, w := range crossWords() {
		if strings.HasPrefix(p, w) {
			return CityCross, "", nil
		}
	}
	if strings.Contains(p, CityNewArea) {
		return CityNewArea, strings.TrimPrefix(strings.TrimPrefix(p, "江西"), CityNewArea), nil
	}
	p = strings.TrimPrefix(strings.TrimPrefix(p, "江西省"), "江西")
	if n := countCities(p); n > 1 {
		return CityCross, "", nil
	}
	table := cityCounties()
	for _, cc := range table {
		if rest, ok := strings.CutPrefix(p, cc[0]); ok {
			return cc[0], rest, nil
		}
	}
	// A county alone, or a county followed by more detail.
	for _, cc := range table {
		for _, county := range cc[1:] {
			if strings.HasPrefix(p, county) {
				return cc[0], county, nil
			}
		}
	}
	// A city without 市: 南昌, 南昌红谷滩区.
	for _, cc := range table {
		short := strings.TrimSuffix(cc[0], "市")
		if rest, ok := strings.CutPrefix(p, short); ok {
			return cc[0], rest, nil
		}
	}
	return "", "", errors.New("无法识别的设区市")
}

// countCities counts how many different cities a place names (南昌市、九江市 → 2).
func countCities(p string) int {
	n := 0
	for _, cc := range cityCounties() {
		if strings.Contains(p, strings.TrimSuffix(cc[0], "市")) && !strings.Contains(p, strings.TrimSuffix(cc[0], "市")+"县") {
			n++
		}
	}
	return n
}

// normalizeCity reads a 设区市 column: a city (with or without 市),
// 赣江新区, or a word for several cities.
func normalizeCity(s string) (string, error) {
	city, _, err := SplitPlace(s)
	return city, err
}
