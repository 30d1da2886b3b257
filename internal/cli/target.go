package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"

	"portfolio/models"
	"portfolio/province"
)

const targetUsage = `usage:
  portfolio target set   [--db DSN] --year Y --amount-yuan N [--sector S | --city C]
  portfolio target list  [--db DSN] --year Y [--json]
  portfolio target clear [--db DSN] --year Y [--sector S | --city C]
Without --sector and --city the target is the province's. Amounts are integers of yuan.`

// cmdTarget sets, lists and clears the years' investment targets.
func cmdTarget(e env, args []string) error {
	if len(args) == 0 {
		return usageError{"a subcommand is needed\n" + targetUsage}
	}
	subs := map[string]func(env, []string) error{"set": targetSet, "list": targetList, "clear": targetClear}
	sub, ok := subs[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("unknown subcommand %q\n%s", args[0], targetUsage)}
	}
	return sub(e, args[1:])
}

// targetFlags are the flags every target subcommand reads.
type targetFlags struct {
	db, sector, city *string
	year             *int
}

// withTargetStore parses a target subcommand's flags (more declares its
// own besides --db, --year, --sector and --city), checks --year, opens
// the store and runs do.
func withTargetStore(e env, sub string, args []string, more func(*flag.FlagSet), do func(*models.Store, targetFlags) error) error {
	fs := newFlags("target "+sub, e)
	f := targetFlags{db: dbFlag(fs), year: fs.Int("year", 0, "the year"),
		sector: fs.String("sector", "", "a sector's target (one of the ten)"), city: fs.String("city", "", "a city's target")}
	if more != nil {
		more(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{"target " + sub + " takes no arguments\n" + targetUsage}
	}
	if *f.year == 0 {
		return usageError{"--year is required\n" + targetUsage}
	}
	if err := models.CheckTargetYear(*f.year); err != nil {
		return targetError(err)
	}
	s, err := openStore(e.ctx, *f.db)
	if err != nil {
		return err
	}
	defer s.Close()
	return do(s, f)
}

// scope is the target the flags name: a sector's, a city's or the province's.
func (f targetFlags) scope() (string, string, error) {
	switch {
	case *f.sector != "" && *f.city != "":
		return "", "", usageError{"--sector and --city exclude each other\n" + targetUsage}
	case *f.sector != "":
		return models.ScopeSector, *f.sector, nil
	case *f.city != "":
		return models.ScopeCity, *f.city, nil
	}
	return models.ScopeProvince, "", nil
}

func targetSet(e env, args []string) error {
	var amount *int64
	return withTargetStore(e, "set", args, func(fs *flag.FlagSet) {
		amount = fs.Int64("amount-yuan", -1, "the target in yuan")
	}, func(s *models.Store, f targetFlags) error {
		if *amount == -1 {
			return usageError{"--amount-yuan is required\n" + targetUsage}
		}
		scope, key, err := f.scope()
		if err != nil {
			return err
		}
		t, err := s.SetTarget(e.ctx, models.AnnualTarget{Year: *f.year, Scope: scope, ScopeKey: key, AmountYuan: *amount}, cliWho())
		if err != nil {
			return targetError(err)
		}
		fmt.Fprintf(e.stdout, "%d年 %s 目标 %s 亿元（%d 元）\n", t.Year, targetName(t), province.Yi(t.AmountYuan), t.AmountYuan)
		return nil
	})
}

func targetList(e env, args []string) error {
	var asJSON *bool
	return withTargetStore(e, "list", args, func(fs *flag.FlagSet) {
		asJSON = fs.Bool("json", false, "print the targets as JSON")
	}, func(s *models.Store, f targetFlags) error {
		ts, err := s.Targets(e.ctx, *f.year)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(ts)
		}
		if len(ts) == 0 {
			fmt.Fprintf(e.stdout, "%d年未设定目标\n", *f.year)
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SCOPE\tNAME\tAMOUNT_YUAN\t亿元")
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", t.Scope, targetName(t), t.AmountYuan, province.Yi(t.AmountYuan))
		}
		return tw.Flush()
	})
}

func targetClear(e env, args []string) error {
	return withTargetStore(e, "clear", args, nil, func(s *models.Store, f targetFlags) error {
		scope, key, err := f.scope()
		if err != nil {
			return err
		}
		if err := s.DeleteTarget(e.ctx, *f.year, scope, key, cliWho()); err != nil {
			if errors.Is(err, models.ErrNotFound) {
				return exitError{code: exitFailure, err: errors.New("no such target")}
			}
			return targetError(err)
		}
		fmt.Fprintf(e.stdout, "%d年 %s 目标已清除\n", *f.year, targetName(models.AnnualTarget{Scope: scope, ScopeKey: key}))
		return nil
	})
}

// targetName is 全省 or the sector's or city's name.
func targetName(t models.AnnualTarget) string {
	if t.ScopeKey == "" {
		return province.WholeProvince
	}
	return t.ScopeKey
}

// targetError makes the store's refusal of a flag's value a usage error
// (exit 2) with its Chinese message, like the user commands do.
func targetError(err error) error {
	var fe *models.FieldError
	if errors.As(err, &fe) {
		return usageError{fe.Message}
	}
	return err
}
