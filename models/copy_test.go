package models_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"portfolio/models"
	"portfolio/models/storetest"
)

// logWrites makes every INSERT statement on tables (COPY included) log
// the statement the client sent, so a test can tell COPY from INSERT.
func logWrites(t *testing.T, s *models.Store, tables ...string) {
	t.Helper()
	stmts := []string{
		`CREATE TABLE write_log (tbl TEXT NOT NULL, query TEXT NOT NULL)`,
		`CREATE FUNCTION log_write() RETURNS trigger LANGUAGE plpgsql AS $$
		 BEGIN INSERT INTO write_log VALUES (TG_TABLE_NAME, current_query()); RETURN NULL; END $$`,
	}
	for _, tb := range tables {
		stmts = append(stmts, fmt.Sprintf(`CREATE TRIGGER log_write AFTER INSERT ON %s FOR EACH STATEMENT EXECUTE FUNCTION log_write()`, tb))
	}
	for _, q := range stmts {
		if err := s.DB().Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// sampleProjects are n projects, ids left to the store.
func sampleProjects(n int, at time.Time) []*models.Project {
	ps := make([]*models.Project, n)
	for i := range ps {
		name := fmt.Sprintf("复制项目%04d", i)
		ps[i] = &models.Project{Name: name, NormName: name, CreatedAt: at, UpdatedAt: at}
		if i%3 != 0 { // a third have no code: NULLs go through COPY too
			code := fmt.Sprintf("2024-360100-48-01-%06d", i)
			ps[i].Code = &code
		}
	}
	return ps
}

// entriesOf gives each project a plan entry for 2024 and reports for
// January and February, every column set.
func entriesOf(ps []*models.Project, at time.Time, batch *int64) ([]*models.PlanEntry, []*models.MonthlyReport) {
	var es []*models.PlanEntry
	var rs []*models.MonthlyReport
	for i, p := range ps {
		es = append(es, &models.PlanEntry{ProjectID: p.ID, Year: 2024, Seq: i + 1, Name: p.Name, NormName: p.NormName, Owner: "建设单位",
			Responsible: "责任单位", Content: "建设内容'\"\t\\", Sector: "综合交通", Subsector: "铁路", City: "南昌市", County: "红谷滩区",
			StartYear: 2023, EndYear: 2026, Stage: "continuing", TotalInvestmentYuan: int64(i) * 1_000_003, CompletedBeforeYuan: int64(i),
			AnnualPlanYuan: models.MaxAmountYuan - int64(i), Flagship: i%2 == 0, Tags: "省重点、专项债", Note: "备注", Version: 1,
			BatchID: batch, CreatedAt: at, UpdatedAt: at})
		for m := 1; m <= 2; m++ {
			rs = append(rs, &models.MonthlyReport{ProjectID: p.ID, Year: 2024, Month: m, CompletedYuan: int64(i * m), Progress: "进展",
				Problems: "", Status: models.ReportApproved, Version: 1, BatchID: batch, CreatedAt: at, UpdatedAt: at})
		}
	}
	return es, rs
}

// readBack reads table's rows in id order, their times in UTC.
func readBack[T any](t *testing.T, s *models.Store) []*T {
	t.Helper()
	var out []*T
	if err := s.DB().Order("id").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	for _, r := range out {
		v := reflect.ValueOf(r).Elem()
		for _, f := range []string{"CreatedAt", "UpdatedAt"} {
			if fv := v.FieldByName(f); fv.IsValid() {
				fv.Set(reflect.ValueOf(fv.Interface().(time.Time).UTC()))
			}
		}
	}
	return out
}

// TestPostgresTxWritesWithCopy: inside Store.Tx on PostgreSQL the bulk
// writes go in COPY statements, and the rows read back are the rows
// given, under the ids each was handed (more rows than one INSERT part,
// NULLs, quotes, tabs and backslashes included).
func TestPostgresTxWritesWithCopy(t *testing.T) {
	s := storetest.Postgres(t)
	logWrites(t, s, "projects", "plan_entries", "monthly_reports", "audit_entries")
	at := time.Date(2024, 3, 1, 8, 30, 0, 123000, time.UTC)
	ps := sampleProjects(450, at)
	var es []*models.PlanEntry
	var rs []*models.MonthlyReport
	err := s.Tx(context.Background(), func(tx *gorm.DB) error {
		if err := models.InsertProjects(tx, ps); err != nil {
			return err
		}
		es, rs = entriesOf(ps, at, nil)
		if err := models.InsertPlanEntries(tx, es); err != nil {
			return err
		}
		if err := models.InsertMonthlyReports(tx, rs); err != nil {
			return err
		}
		return models.WriteAudit(tx, []models.AuditEntry{{At: at, Actor: "测试", Source: models.SourceCLI, Action: models.ActionCreate,
			Entity: "projects", EntityID: ps[0].ID, ProjectID: &ps[0].ID, AfterJSON: models.AuditJSON(ps[0])}})
	})
	if err != nil {
		t.Fatal(err)
	}
	var log []struct{ Tbl, Query string }
	if err := s.DB().Raw(`SELECT tbl, query FROM write_log`).Scan(&log).Error; err != nil {
		t.Fatal(err)
	}
	copied := map[string]bool{}
	for _, l := range log {
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(l.Query)), "copy ") {
			t.Errorf("%s written by %.60q, not a COPY", l.Tbl, l.Query)
		}
		copied[l.Tbl] = true
	}
	if len(copied) != 4 {
		t.Errorf("tables written by COPY: %v, want all four", copied)
	}
	if got := readBack[models.Project](t, s); !reflect.DeepEqual(got, ps) {
		t.Errorf("projects read back differ from those written (first %+v, want %+v)", got[0], ps[0])
	}
	if got := readBack[models.PlanEntry](t, s); !reflect.DeepEqual(got, es) {
		t.Errorf("plan entries read back differ from those written (first %+v, want %+v)", got[0], es[0])
	}
	if got := readBack[models.MonthlyReport](t, s); !reflect.DeepEqual(got, rs) {
		t.Errorf("monthly reports read back differ from those written (first %+v, want %+v)", got[0], rs[0])
	}
}

// TestCopyFailureLeavesNothing: a duplicate key in the middle of a COPY
// is gorm.ErrDuplicatedKey naming the table, hands out no ids, and the
// transaction, the rows copied before it included, writes nothing.
func TestCopyFailureLeavesNothing(t *testing.T) {
	s := storetest.Postgres(t)
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	ps := sampleProjects(300, at)
	var es []*models.PlanEntry
	err := s.Tx(context.Background(), func(tx *gorm.DB) error {
		if err := models.InsertProjects(tx, ps); err != nil {
			return err
		}
		es, _ = entriesOf(ps, at, nil)
		es[250].ProjectID = es[10].ProjectID // (project_id, year) twice
		return models.InsertPlanEntries(tx, es)
	})
	if !errors.Is(err, gorm.ErrDuplicatedKey) || !strings.Contains(err.Error(), "plan_entries") {
		t.Fatalf("got %v", err)
	}
	for _, e := range es {
		if e.ID != 0 {
			t.Fatalf("a plan entry of the failed COPY got id %d", e.ID)
		}
	}
	for _, table := range []string{"projects", "plan_entries"} {
		var n int64
		if err := s.DB().Table(table).Count(&n).Error; err != nil || n != 0 {
			t.Fatalf("%d %s after the failed transaction, %v", n, table, err)
		}
	}
}

// TestCopyIDsDoNotCollide: transactions that COPY with ids they took
// from the sequence run beside one another and beside plain INSERTs; no
// id is handed out twice and every row has the id its writer was told.
func TestCopyIDsDoNotCollide(t *testing.T) {
	s := storetest.Postgres(t)
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	const copiers, perCopy, inserters, perInsert = 4, 400, 4, 40
	all := make([][]*models.Project, copiers+inserters)
	errs := make([]error, copiers+inserters)
	var wg sync.WaitGroup
	for w := range all {
		wg.Go(func() {
			if w < copiers {
				all[w] = make([]*models.Project, perCopy)
				for i := range all[w] {
					name := fmt.Sprintf("批量%d-%d", w, i)
					all[w][i] = &models.Project{Name: name, NormName: name, CreatedAt: at, UpdatedAt: at}
				}
				errs[w] = s.Tx(context.Background(), func(tx *gorm.DB) error { return models.InsertProjects(tx, all[w]) })
				return
			}
			for i := range perInsert {
				name := fmt.Sprintf("单条%d-%d", w, i)
				p := &models.Project{Name: name, NormName: name, CreatedAt: at, UpdatedAt: at}
				if errs[w] = s.DB().Create(p).Error; errs[w] != nil {
					return
				}
				all[w] = append(all[w], p)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	byID := map[int64]string{}
	for _, p := range readBack[models.Project](t, s) {
		byID[p.ID] = p.Name
	}
	if want := copiers*perCopy + inserters*perInsert; len(byID) != want {
		t.Fatalf("%d projects, want %d", len(byID), want)
	}
	for _, ps := range all {
		for _, p := range ps {
			if byID[p.ID] != p.Name {
				t.Fatalf("project %q was told id %d, which holds %q", p.Name, p.ID, byID[p.ID])
			}
		}
	}
}

// TestPlanEachQueryLastsTheTransaction: the setting holds inside the
// transaction that asked for it and is gone after, on the same pool.
func TestPlanEachQueryLastsTheTransaction(t *testing.T) {
	s := storetest.Postgres(t)
	show := func(db *gorm.DB) string {
		var v string
		if err := db.Raw(`SHOW plan_cache_mode`).Scan(&v).Error; err != nil {
			t.Fatal(err)
		}
		return v
	}
	err := s.Tx(context.Background(), func(tx *gorm.DB) error {
		if err := models.PlanEachQuery(tx); err != nil {
			return err
		}
		if v := show(tx); v != "force_custom_plan" {
			t.Errorf("inside the transaction: %s", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // whichever pooled connection answers
		if v := show(s.DB()); v != "auto" {
			t.Fatalf("after the transaction: %s", v)
		}
	}
}
