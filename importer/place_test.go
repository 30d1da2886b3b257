package importer

import (
	"strings"
	"testing"
)

func TestSplitPlace(t *testing.T) {
	for _, c := range []struct{ in, city, county string }{
		{"南昌市红谷滩区", "南昌市", "红谷滩区"},
		{"南昌市", "南昌市", ""},
		{"南昌", "南昌市", ""},
		{"南昌县", "南昌市", "南昌县"},
		{"南昌市南昌县", "南昌市", "南昌县"},
		{"南昌红谷滩区", "南昌市", "红谷滩区"},
		{"南昌市红谷滩", "南昌市", "红谷滩区"},
		{"南昌市红谷滩区九龙湖片区", "南昌市", "红谷滩区"},
		{"南昌市高新区", "南昌市", "高新区"},
		{"吉安市吉安县", "吉安市", "吉安县"},
		{"吉安县", "吉安市", "吉安县"},
		{"吉安", "吉安市", ""},
		{"瑞金市", "赣州市", "瑞金市"},
		{"瑞金", "赣州市", "瑞金市"},
		{"赣县区", "赣州市", "赣县区"},
		{"赣县", "赣州市", "赣县"},
		{"共青城市", "九江市", "共青城市"},
		{"永修县", "九江市", "永修县"},
		{"红谷滩区", "南昌市", "红谷滩区"},
		{"江西省九江市濂溪区", "九江市", "濂溪区"},
		{"江西九江", "九江市", ""},
		{"上饶市 广信区", "上饶市", "广信区"},
		{"上饶县", "上饶市", "上饶县"},
		{"抚州高新区", "抚州市", "高新区"},
		{"赣江新区", "赣江新区", ""},
		{"赣江新区直管区", "赣江新区", "直管区"},
		{"跨设区市", "跨设区市", ""},
		{"省本级", "跨设区市", ""},
		{"全省", "跨设区市", ""},
		{"全省各设区市", "跨设区市", ""},
		{"南昌市、九江市", "跨设区市", ""},
		{"九江、上饶等地", "跨设区市", ""},
		{"南昌市,宜春市,萍乡市", "跨设区市", ""},
		{"南昌县、进贤县", "南昌市", ""},
		{"南昌市红谷滩区、南昌市", "南昌市", "红谷滩区"},
		{"南昌市高新区、经开区", "南昌市", "高新区"},
		{"ＮＡ南昌市", "", ""},
	} {
		t.Run(c.in, func(t *testing.T) {
			city, county, err := SplitPlace(c.in)
			if c.city == "" {
				if err == nil || err.Error() != "无法识别的设区市" {
					t.Fatalf("SplitPlace(%q) = %q, %q, %v; want 无法识别的设区市", c.in, city, county, err)
				}
				return
			}
			if city != c.city || county != c.county || err != nil {
				t.Fatalf("SplitPlace(%q) = %q, %q, %v; want %q, %q", c.in, city, county, err, c.city, c.county)
			}
		})
	}
	for _, in := range []string{"北京市朝阳区", "长沙", "经开区"} {
		if _, _, err := SplitPlace(in); err == nil || err.Error() != "无法识别的设区市" {
			t.Errorf("SplitPlace(%q) = %v, want 无法识别的设区市", in, err)
		}
	}
	if _, _, err := SplitPlace(" "); err == nil || err.Error() != "缺少建设地点" {
		t.Errorf("SplitPlace(blank) = %v", err)
	}
}

// TestEveryCountyFindsItsCity walks the whole table: each of Jiangxi's
// 100 county-level divisions, alone and after its city, finds its city.
func TestEveryCountyFindsItsCity(t *testing.T) {
	n := 0
	seen := map[string]string{}
	for _, cc := range cityCounties() {
		city := cc[0]
		for _, county := range cc[1:] {
			n++
			if other, dup := seen[county]; dup {
				t.Errorf("%s listed under %s and %s", county, other, city)
			}
			seen[county] = city
			for _, in := range []string{county, city + county, strings.TrimSuffix(city, "市") + county, "江西省" + city + county} {
				c, k, err := SplitPlace(in)
				if c != city || k != county || err != nil {
					t.Errorf("SplitPlace(%q) = %q, %q, %v; want %q, %q", in, c, k, err, city, county)
				}
			}
			if got := countyCity(county); got != city {
				t.Errorf("countyCity(%q) = %q", county, got)
			}
		}
		if c, k, err := SplitPlace(city); c != city || k != "" || err != nil {
			t.Errorf("SplitPlace(%q) = %q, %q, %v", city, c, k, err)
		}
	}
	if n != 100 || len(cityCounties()) != 11 {
		t.Errorf("%d counties in %d cities, want 100 in 11", n, len(cityCounties()))
	}
}
