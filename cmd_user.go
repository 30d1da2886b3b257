package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"portfolio/models"
)

const userUsage = `usage:
  portfolio user add     [--db DSN] --username NAME --role admin|city|manager|viewer [--city 赣州市] [--name 显示名] [--password P]
  portfolio user passwd  [--db DSN] [--password P] NAME
  portfolio user list    [--db DSN]
  portfolio user disable [--db DSN] NAME
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
	case "list", "disable":
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
