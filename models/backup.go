package models

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// Backup writes a consistent copy of the database to path, which must not
// exist. SQLite: VACUUM INTO, which reads one snapshot while writers go on
// and writes a compact file that opens as a database. PostgreSQL: pg_dump
// in its custom format (restore with pg_restore), which also reads one
// snapshot.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("models: backup: %s already exists", path)
	}
	switch s.dialect {
	case SQLite:
		if err := s.read.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
			return fmt.Errorf("models: backup to %s: %w", path, err)
		}
		return nil
	case Postgres:
		bin, err := exec.LookPath("pg_dump")
		if err != nil {
			return errors.New("models: backup of PostgreSQL needs pg_dump on PATH")
		}
		// pg_dump takes the whole URL as --dbname (keep passwords in ~/.pgpass, not the URL, on shared hosts: arguments show in ps).
		cmd := exec.CommandContext(ctx, bin, "--format=custom", "--file", path, "--dbname", s.dsn) // #nosec G204 -- pg_dump found on PATH, arguments passed without a shell
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("models: pg_dump: %v: %s", err, out)
		}
		return nil
	}
	return fmt.Errorf("models: backup: unknown dialect %q", s.dialect)
}
