package cli

import (
	"fmt"

	"portfolio/demo"
)

func cmdDemo(e env, args []string) error {
	fs := newFlags("demo", e)
	out := fs.String("out", "", "the 2024 project list to write (FILE.xlsx); the other workbooks go beside it")
	projects := fs.Int("projects", 3670, "projects in the 2024 list")
	seed := fs.Int64("seed", 2024, "random seed: the same seed writes the same workbooks")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out FILE.xlsx is required"}
	}
	if *projects < 1 {
		return usageError{"--projects must be at least 1"}
	}
	files, err := demo.Write(*out, demo.Options{Projects: *projects, Seed: *seed})
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(e.stdout, "%s\t%s\t%d\t%d\n", f.Path, f.Kind, f.Year, f.Month)
	}
	return nil
}
