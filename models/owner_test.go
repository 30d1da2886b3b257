package models_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/province"
)

// TestOwnerCitiesAgreesWithProvince: the SQL owner rule and the Go one
// (province.OwnerCity) name the same city for every project of a random
// portfolio whose entries move between cities and years.
func TestOwnerCitiesAgreesWithProvince(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		rng := rand.New(rand.NewPCG(13, 2))
		cities := []string{"南昌市", "赣州市", "九江市", "跨设区市"}
		want := map[int64]string{}
		var ids []int64
		for i := range 200 {
			p := models.Project{Name: fmt.Sprintf("项目%d", i), NormName: fmt.Sprintf("项目%d", i)}
			if err := s.DB().Create(&p).Error; err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
			byYear := map[int]string{}
			for y := 2021; y <= 2025; y++ {
				if rng.IntN(2) == 0 {
					continue
				}
				byYear[y] = cities[rng.IntN(len(cities))]
				e := models.PlanEntry{ProjectID: p.ID, Year: y, Seq: i, Name: p.Name, NormName: p.NormName,
					Sector: "综合交通", City: byYear[y], Stage: "continuing", Version: 1}
				if err := s.DB().Create(&e).Error; err != nil {
					t.Fatal(err)
				}
			}
			if c := province.OwnerCity(byYear); c != "" {
				want[p.ID] = c
			}
		}
		got, err := models.OwnerCities(s.DB(), ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d owners in SQL, %d in Go", len(got), len(want))
		}
		for id, c := range want {
			if got[id] != c {
				t.Errorf("project %d: SQL says %q, Go %q", id, got[id], c)
			}
		}
	})
}
