package main

import (
	"crypto/rand"
	"errors"
	"fmt"
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

func cmdUser(e env, args []string) error {
	if len(args) == 0 {
		return usageError{"a subcommand is needed\n" + userUsage}
	}
	sub, args := args[0], args[1:]
	fs := newFlags("user "+sub, e)
	db := dbFlag(fs)
	var username, role, city, name, password *string
	switch sub {
	case "add":
		username = fs.String("username", "", "the sign-in name")
		role = fs.String("role", "", "admin, city, manager or viewer")
		city = fs.String("city", "", "the city a city user administers")
		name = fs.String("name", "", "the name shown in the app")
		password = fs.String("password", "", "the password (at least 8 characters); empty makes one")
	case "passwd":
		password = fs.String("password", "", "the new password; empty makes one")
	case "token":
		name = fs.String("label", "", "what the token is for")
	case "list", "disable", "tokens", "revoke-token":
	default:
		return usageError{fmt.Sprintf("unknown subcommand %q\n%s", sub, userUsage)}
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	who := models.Who{Actor: "cli", Source: models.SourceCLI}
	made := false
	if password != nil && *password == "" {
		*password, made = newPassword(), true
	}
	switch sub {
	case "add":
		if *username == "" || *role == "" {
			return usageError{"--username and --role are required\n" + userUsage}
		}
		if _, err := s.AddUser(e.ctx, models.NewUser{Username: *username, DisplayName: *name, Password: *password, Role: *role, City: *city}, who); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "user %s added (%s)\n", *username, *role)
	case "passwd":
		if fs.NArg() != 1 {
			return usageError{"passwd needs one NAME\n" + userUsage}
		}
		if err := s.SetPassword(e.ctx, fs.Arg(0), *password, who); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "password of %s changed; its sessions are ended\n", fs.Arg(0))
	case "disable":
		if fs.NArg() != 1 {
			return usageError{"disable needs one NAME\n" + userUsage}
		}
		if err := s.DisableUser(e.ctx, fs.Arg(0), who); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "user %s disabled; its sessions are ended\n", fs.Arg(0))
	case "token", "tokens":
		if fs.NArg() != 1 {
			return usageError{sub + " needs one NAME\n" + userUsage}
		}
		u, err := s.UserByName(e.ctx, fs.Arg(0))
		if err != nil {
			return userError(err)
		}
		if sub == "token" {
			token, t, err := s.CreateToken(e.ctx, u.ID, *name, who)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "token %d for %s (shown once; send as \"Authorization: Bearer …\"):\n%s\n", t.ID, u.Username, token)
			return nil
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
	case "revoke-token":
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if fs.NArg() != 1 || err != nil {
			return usageError{"revoke-token needs one token ID\n" + userUsage}
		}
		if err := s.RevokeToken(e.ctx, id, who); err != nil {
			if errors.Is(err, models.ErrNotFound) {
				return exitError{code: exitFailure, err: errors.New("no such active token")}
			}
			return err
		}
		fmt.Fprintf(e.stdout, "token %d revoked\n", id)
	case "list":
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
	}
	if made {
		fmt.Fprintf(e.stdout, "password (shown once): %s\n", *password)
	}
	return nil
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
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
