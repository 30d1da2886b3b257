package models_test

import (
	"context"
	"testing"

	"portfolio/models"
	"portfolio/models/storetest"
)

// TestPostgresSessionDefaults: our PostgreSQL connections run with JIT off
// and a work_mem that keeps a year's hash joins in memory, unless the DSN
// says otherwise.
func TestPostgresSessionDefaults(t *testing.T) {
	dsn := storetest.PostgresDSN(t) // always has a query: its schema
	for _, c := range []struct{ dsn, jit, workMem string }{
		{dsn, "off", "32MB"},
		{dsn + "&jit=on&work_mem=8MB", "on", "8MB"},
	} {
		s, err := models.Open(c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		var jit, workMem string
		db := s.Read().WithContext(context.Background())
		if err := db.Raw("SHOW jit").Scan(&jit).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Raw("SHOW work_mem").Scan(&workMem).Error; err != nil {
			t.Fatal(err)
		}
		s.Close()
		if jit != c.jit || workMem != c.workMem {
			t.Errorf("%s: jit %s, work_mem %s; want %s, %s", c.dsn, jit, workMem, c.jit, c.workMem)
		}
	}
}
