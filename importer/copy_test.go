package importer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"portfolio/importer"
	"portfolio/models"
	"portfolio/models/storetest"
)

// bigPlan is a plan list of n projects, every other one with a code,
// named from first.
func bigPlan(year, first, n int) *importer.Parsed {
	rows := make([]importer.PlanRow, n)
	for i := range rows {
		k := first + i
		rows[i] = importer.PlanRow{Name: fmt.Sprintf("批量导入项目%05d", k), City: "南昌市", Sector: "综合交通",
			TotalYuan: int64(k) * 1_000_000, PlanYuan: int64(k) * 10_000, Tags: []string{"省重点"}, Note: "备注'\t\\"}
		if k%2 == 0 {
			rows[i].Code = fmt.Sprintf("2024-360100-48-01-%06d", k)
		}
	}
	return planList(year, rows...)
}

// bigMonthly reports month for projects first … first+n−1 of bigPlan.
func bigMonthly(year, month, first, n int) *importer.Parsed {
	rows := make([]importer.MonthlyRow, n)
	for i := range rows {
		rows[i] = importer.MonthlyRow{Name: fmt.Sprintf("批量导入项目%05d", first+i), MonthYuan: i64(int64(first+i) * 100), Progress: "施工"}
	}
	return monthly(year, month, rows...)
}

// dump lists the written rows, ids and batches included, timestamps not.
func dump(t *testing.T, s *models.Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT id, COALESCE(code, ''), name FROM projects ORDER BY id`,
		`SELECT id, project_id, year, seq, name, annual_plan_yuan, tags, note, version, COALESCE(batch_id, 0) FROM plan_entries ORDER BY id`,
		`SELECT id, project_id, month, completed_yuan, progress, version, COALESCE(batch_id, 0) FROM monthly_reports ORDER BY id`,
		`SELECT id, action, entity, entity_id, COALESCE(project_id, 0), COALESCE(batch_id, 0) FROM audit_entries ORDER BY id`,
	} {
		rows, err := s.DB().Raw(q).Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		_ = rows.Close()
	}
	return out
}

// checkAudit: every create entry names a row that exists, of its
// project, and its after-JSON carries the same id.
func checkAudit(t *testing.T, s *models.Store) {
	t.Helper()
	var es []models.AuditEntry
	if err := s.DB().Where("action = ?", models.ActionCreate).Find(&es).Error; err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		var n int64
		q := s.DB().Table(e.Entity).Where("id = ?", e.EntityID)
		if e.Entity != "projects" {
			q = q.Where("project_id = ?", *e.ProjectID)
		}
		if err := q.Count(&n).Error; err != nil || n != 1 {
			t.Fatalf("audit entry %d names %s %d of project %d: %d rows, %v", e.ID, e.Entity, e.EntityID, *e.ProjectID, n, err)
		}
		var after struct{ ID int64 }
		if err := json.Unmarshal([]byte(e.AfterJSON), &after); err != nil || after.ID != e.EntityID {
			t.Fatalf("audit entry %d: after has id %d, entity id %d (%v)", e.ID, after.ID, e.EntityID, err)
		}
	}
}

// TestBulkImportWritesTheSameRowsOnBothDatabases: a plan list, a month's
// reports and a second list that changes some rows and adds others write
// the same rows under the same ids on SQLite (multi-row INSERTs) and on
// PostgreSQL (COPY with ids taken from the sequences); the audit entries
// name the rows written; reverting the batches one by one leaves the
// same rows on both, and nothing at the end.
func TestBulkImportWritesTheSameRowsOnBothDatabases(t *testing.T) {
	dumps := map[string][][]string{}
	storetest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		im := &importer.Importer{Store: s}
		second := bigPlan(2024, 0, 900)
		for i := range 300 {
			second.Plans[i].PlanYuan++
		}
		var batches []int64
		for _, p := range []*importer.Parsed{bigPlan(2024, 0, 700), bigMonthly(2024, 1, 0, 700), second} {
			res, err := im.Apply(ctx, p, p.File+fmt.Sprint(len(batches)), importer.Options{Who: who}, nil)
			if err != nil {
				t.Fatalf("import %d: %v (%+v)", len(batches)+1, err, res.Errors)
			}
			batches = append(batches, res.BatchID)
		}
		checkAudit(t, s)
		var steps [][]string
		steps = append(steps, dump(t, s))
		for i := len(batches) - 1; i >= 0; i-- {
			if _, err := im.Revert(ctx, batches[i], who); err != nil {
				t.Fatalf("revert batch %d: %v", batches[i], err)
			}
			steps = append(steps, dump(t, s))
		}
		if n := count(t, s, "projects") + count(t, s, "plan_entries") + count(t, s, "monthly_reports"); n != 0 {
			t.Fatalf("%d rows left after reverting every batch", n)
		}
		dumps[t.Name()] = steps
	})
	lite, pg := dumps[t.Name()+"/sqlite"], dumps[t.Name()+"/postgres"]
	if lite == nil || pg == nil {
		return // one of them failed or was skipped, and said so
	}
	for i := range lite {
		if !reflect.DeepEqual(lite[i], pg[i]) {
			t.Fatalf("step %d: SQLite has %d rows, PostgreSQL %d, or they differ", i, len(lite[i]), len(pg[i]))
		}
	}
	if len(lite[0]) < 4000 {
		t.Fatalf("only %d rows compared", len(lite[0]))
	}
}

// TestConcurrentImportsOnPostgres: two servers import at once. Disjoint
// lists both land, with every audit entry naming its row; the same new
// projects imported twice at once end up written once: the import that
// loses (its COPY meets the other's key) writes nothing, not even its
// batch.
func TestConcurrentImportsOnPostgres(t *testing.T) {
	ss := storetest.PostgresServers(t, 2)
	ctx := context.Background()
	run := func(a, b *importer.Parsed) []error {
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, p := range []*importer.Parsed{a, b} {
			wg.Go(func() {
				im := &importer.Importer{Store: ss[i]}
				_, errs[i] = im.Apply(ctx, p, fmt.Sprint("sha", i, p.Plans[0].Name), importer.Options{Who: who}, nil)
			})
		}
		wg.Wait()
		return errs
	}
	if err := errors.Join(run(bigPlan(2024, 0, 600), bigPlan(2024, 600, 600))...); err != nil {
		t.Fatal(err)
	}
	checkAudit(t, ss[0])
	if n := count(t, ss[0], "projects"); n != 1200 {
		t.Fatalf("%d projects after two disjoint imports of 600", n)
	}
	errs := run(bigPlan(2024, 2000, 400), bigPlan(2024, 2000, 400))
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			t.Logf("the losing import: %v", err)
		}
	}
	checkAudit(t, ss[0])
	if n := count(t, ss[0], "projects"); n != 1600 {
		t.Fatalf("%d projects after the same 400 imported twice at once (%v)", n, errs)
	}
	if n := count(t, ss[0], "import_batches"); n != int64(4-failed) {
		t.Fatalf("%d batches after %d of 4 imports failed (%v)", n, failed, errs)
	}
}
