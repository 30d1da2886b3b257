package cli

import (
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"

	"portfolio/models"
)

const userUsage = `usage:
  portfolio user add     [--db DSN] --username NAME --role admin|city|manager|viewer [--city 赣州市] [--name 显示名] [--password P]
  portfolio user passwd  [--db DSN] [--password P] NAME
  portfolio user list    [--db DSN]
  portfolio user disable [--db DSN] NAME
  portfolio user token   [--db DSN] [--label L] NAME   (a personal access token for the API, shown once)
  portfolio user tokens  [--db DSN] NAME
  portfolio user revoke-token [--db DSN] ID
Without --password a random one is made and printed once.`

// cmdUser runs one of the user subcommands, each a function of its own.
func cmdUser(e env, args []string) error {
	if len(args) == 0 {
		return usageError{"a subcommand is needed\n" + userUsage}
	}
	subs := map[string]func(env, []string) error{
		"add": userAdd, "passwd": userPasswd, "list": userList, "disable": userDisable,
		"token": userToken, "tokens": userTokens, "revoke-token": userRevokeToken,
	}
	sub, ok := subs[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("unknown subcommand %q\n%s", args[0], userUsage)}
	}
	return sub(e, args[1:])
}

// cliWho is who the CLI's user changes are audited as.
func cliWho() models.Who { return models.Who{Actor: models.ActorCLI, Source: models.SourceCLI} }

// withUserStore parses a user subcommand's flags (declared by flags, if
// any, besides --db), checks it got exactly wantArgs names (-1: any),
// opens the store and runs do.
func withUserStore(e env, sub string, args []string, wantArgs int, what string,
	flags func(*flag.FlagSet), do func(*models.Store, *flag.FlagSet) error) error {
	fs := newFlags("user "+sub, e)
	db := dbFlag(fs)
	if flags != nil {
		flags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if wantArgs >= 0 && fs.NArg() != wantArgs {
		return usageError{what + "\n" + userUsage}
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	return do(s, fs)
}

func userAdd(e env, args []string) error {
	var username, role, city, name, password *string
	return withUserStore(e, "add", args, 0, "add takes no NAME argument", func(fs *flag.FlagSet) {
		username = fs.String("username", "", "the sign-in name")
		role = fs.String("role", "", "admin, city, manager or viewer")
		city = fs.String("city", "", "the city a city user administers")
		name = fs.String("name", "", "the name shown in the app")
		password = fs.String("password", "", "the password (at least 8 characters); empty makes one")
	}, func(s *models.Store, fs *flag.FlagSet) error {
		if *username == "" || *role == "" {
			return usageError{"--username and --role are required\n" + userUsage}
		}
		pw, made := passwordOrNew(*password)
		if _, err := s.AddUser(e.ctx, models.NewUser{Username: *username, DisplayName: *name, Password: pw, Role: *role, City: *city}, cliWho()); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "user %s added (%s)\n", *username, *role)
		printMade(e, pw, made)
		return nil
	})
}

func userPasswd(e env, args []string) error {
	var password *string
	return withUserStore(e, "passwd", args, 1, "passwd needs one NAME", func(fs *flag.FlagSet) {
		password = fs.String("password", "", "the new password; empty makes one")
	}, func(s *models.Store, fs *flag.FlagSet) error {
		pw, made := passwordOrNew(*password)
		if err := s.SetPassword(e.ctx, fs.Arg(0), pw, cliWho()); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "password of %s changed; its sessions are ended\n", fs.Arg(0))
		printMade(e, pw, made)
		return nil
	})
}

func userDisable(e env, args []string) error {
	return withUserStore(e, "disable", args, 1, "disable needs one NAME", nil, func(s *models.Store, fs *flag.FlagSet) error {
		if err := s.DisableUser(e.ctx, fs.Arg(0), cliWho()); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "user %s disabled; its sessions are ended\n", fs.Arg(0))
		return nil
	})
}

func userList(e env, args []string) error {
	return withUserStore(e, "list", args, -1, "", nil, func(s *models.Store, fs *flag.FlagSet) error {
		us, err := s.Users(e.ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tCITY\tNAME\tSTATE")
		for _, u := range us {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.Role, u.City, u.DisplayName, state)
		}
		return tw.Flush()
	})
}

func userToken(e env, args []string) error {
	var label *string
	return withUserStore(e, "token", args, 1, "token needs one NAME", func(fs *flag.FlagSet) {
		label = fs.String("label", "", "what the token is for")
	}, func(s *models.Store, fs *flag.FlagSet) error {
		u, err := s.UserByName(e.ctx, fs.Arg(0))
		if err != nil {
			return userError(err)
		}
		token, t, err := s.CreateToken(e.ctx, u.ID, *label, cliWho())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %d for %s (shown once; send as \"Authorization: Bearer …\"):\n%s\n", t.ID, u.Username, token)
		return nil
	})
}

func userTokens(e env, args []string) error {
	return withUserStore(e, "tokens", args, 1, "tokens needs one NAME", nil, func(s *models.Store, fs *flag.FlagSet) error {
		u, err := s.UserByName(e.ctx, fs.Arg(0))
		if err != nil {
			return userError(err)
		}
		ts, err := s.Tokens(e.ctx, u.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tLABEL\tCREATED\tLAST USED\tSTATE")
		for _, t := range ts {
			used, state := "-", "active"
			if t.LastUsedAt != nil {
				used = t.LastUsedAt.Format("2006-01-02 15:04")
			}
			if t.RevokedAt != nil {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format("2006-01-02 15:04"), used, state)
		}
		return tw.Flush()
	})
}

func userRevokeToken(e env, args []string) error {
	return withUserStore(e, "revoke-token", args, 1, "revoke-token needs one token ID", nil, func(s *models.Store, fs *flag.FlagSet) error {
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return usageError{"revoke-token needs one token ID\n" + userUsage}
		}
		if err := s.RevokeToken(e.ctx, id, cliWho()); err != nil {
			if errors.Is(err, models.ErrNotFound) {
				return exitError{code: exitFailure, err: errors.New("no such active token")}
			}
			return err
		}
		fmt.Fprintf(e.stdout, "token %d revoked\n", id)
		return nil
	})
}

// passwordOrNew is the password given, or a new one (made is true).
func passwordOrNew(given string) (pw string, made bool) {
	if given != "" {
		return given, false
	}
	return newPassword(), true
}

func printMade(e env, pw string, made bool) {
	if made {
		fmt.Fprintf(e.stdout, "password (shown once): %s\n", pw)
	}
}

// userError makes the store's refusals usage-like messages (exit 1 is for
// data; a wrong user command is the operator's mistake: exit 2), and an
// unknown user a plain failure.
func userError(err error) error {
	switch {
	case errors.Is(err, models.ErrNotFound):
		return exitError{code: exitFailure, err: errors.New("no such user")}
	case errors.Is(err, models.ErrBadPassword), errors.Is(err, models.ErrConflict), strings.HasPrefix(err.Error(), "models: "):
		return usageError{strings.TrimPrefix(err.Error(), "models: ")}
	}
	return err
}

// newPassword makes a 16-character password from an unambiguous alphabet.
func newPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	// rand.Int draws uniformly below its bound: no modulo bias (a byte
	// taken modulo 55 would favour the first 36 letters).
	b := make([]byte, 16)
	n := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			panic(err) // crypto/rand does not fail on a supported OS
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}
