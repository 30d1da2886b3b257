package cli

import (
	"fmt"

	"portfolio/models"
)

func cmdMigrate(e env, args []string) error {
	fs := newFlags("migrate", e)
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := models.Open(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	applied, err := s.Migrate(e.ctx)
	if err != nil {
		return err
	}
	v, err := s.Version(e.ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "schema is up to date (version %d)\n", v)
	} else {
		fmt.Fprintf(e.stdout, "applied migrations %v; schema is at version %d\n", applied, v)
	}
	return nil
}

func cmdBackup(e env, args []string) error {
	fs := newFlags("backup", e)
	db := dbFlag(fs)
	out := fs.String("out", "", "file to write the backup to (must not exist)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out FILE is required"}
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(e.ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", *out)
	return nil
}
