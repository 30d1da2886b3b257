package report_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"portfolio/bench/rollupdb"
	"portfolio/models"
	"portfolio/models/storetest"
	"portfolio/report"
)

// BenchmarkRollup100k rolls up 100,000 plan entries with 9 monthly
// reports each (900,000 reports) on SQLite.
func BenchmarkRollup100k(b *testing.B) {
	s := storetest.SQLite(b)
	const n = 100_000
	sectors := []string{"综合交通", "能源", "水利", "新型基础设施", "城市基础设施", "制造业", "现代服务业", "现代农业", "生态环保", "公共服务"}
	cities := []string{"南昌市", "景德镇市", "萍乡市", "九江市", "新余市", "鹰潭市", "赣州市", "吉安市", "宜春市", "抚州市", "上饶市", "赣江新区", "跨设区市"}
	stages := []string{"new_start", "continuing", "completing", "preparatory"}
	now := time.Now()
	err := s.Tx(context.Background(), func(tx *gorm.DB) error {
		ps := make([]models.Project, n)
		for i := range ps {
			ps[i] = models.Project{Name: fmt.Sprint("项目", i), NormName: fmt.Sprint("项目", i), CreatedAt: now, UpdatedAt: now}
		}
		if err := tx.CreateInBatches(ps, 5000).Error; err != nil {
			return err
		}
		es := make([]models.PlanEntry, n)
		var rs []models.MonthlyReport
		for i, p := range ps {
			es[i] = models.PlanEntry{ProjectID: p.ID, Year: 2024, Name: p.Name, NormName: p.NormName, Sector: sectors[i%10], City: cities[i%13],
				Stage: stages[i%4], AnnualPlanYuan: int64(1_000_000 + i), Version: 1, CreatedAt: now, UpdatedAt: now}
			for m := 1; m <= 9; m++ {
				rs = append(rs, models.MonthlyReport{ProjectID: p.ID, Year: 2024, Month: m, CompletedYuan: int64(i % 97_000), Status: models.ReportApproved, Version: 1, CreatedAt: now, UpdatedAt: now})
			}
		}
		if err := tx.CreateInBatches(es, 1000).Error; err != nil {
			return err
		}
		return tx.CreateInBatches(rs, 2000).Error
	})
	if err != nil {
		b.Fatal(err)
	}
	rep := &report.Reporter{Store: s}
	b.ResetTimer()
	for b.Loop() {
		r, err := rep.Rollup(context.Background(), 2024, 9)
		if err != nil || r.Projects != n {
			b.Fatal(err)
		}
	}
}

// BenchmarkRollup rolls up the synthetic portfolios of bench/rollupdb on
// SQLite: the real size (3,670 projects, one year of monthly reports) and
// 100,000 projects with five years of monthly history (6 million reports;
// the rollup reads the last year and the year before). The files are
// built once and cached under os.TempDir(); bench/rollup.sh times the same
// SQL on the same files with the sqlite3 command-line tool.
func BenchmarkRollup(b *testing.B) {
	for _, z := range []rollupdb.Size{{Projects: 3670, Months: 12}, {Projects: 100_000, Months: 60}} {
		b.Run(z.String(), func(b *testing.B) {
			rep := &report.Reporter{Store: benchStore(b, z)}
			year, month := z.Period()
			for b.Loop() {
				r, err := rep.Rollup(context.Background(), year, month)
				if err != nil || r.Projects != z.Projects {
					b.Fatal(err, r.Projects)
				}
			}
		})
	}
}
