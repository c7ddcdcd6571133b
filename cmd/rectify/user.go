package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// system is the actor of offline commands: whoever may open the data
// folder may administer it.
var system = &ledger.User{ID: 0, Login: "system", Role: ledger.RoleAdmin}

func userCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("user: want add, passwd or list")
	}
	var login, name, role, email string
	var branch int64
	cfg, _, err := parseConfig("user "+args[0], args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "login name")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&role, "role", "member", "admin, officer, member or leader")
		fs.Int64Var(&branch, "branch", 0, "branch id (not for admin)")
		fs.StringVar(&email, "email", "", "email address")
	})
	if err != nil {
		return err
	}
	st, err := cfg.openStore(openMode{})
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "add":
		u := &ledger.User{Login: login, Name: name, Role: ledger.Role(role), BranchID: branch, Email: email}
		if err := u.Validate(); err != nil {
			return fmt.Errorf("user add: %s", ledger.ErrorMessage(err))
		}
		hash, err := readPassword(stdout)
		if err != nil {
			return err
		}
		if err := st.CreateUser(system, u, hash); err != nil {
			return fmt.Errorf("user add: %s", ledger.ErrorMessage(err))
		}
		fmt.Fprintf(stdout, "created user %d %s (%s)\n", u.ID, u.Login, u.Role)
	case "passwd":
		u, _, err := st.FindUserByLogin(login)
		if err != nil {
			return fmt.Errorf("user passwd: no user %q", login)
		}
		hash, err := readPassword(stdout)
		if err != nil {
			return err
		}
		if _, err := st.UpdateUser(system, u.ID, store.UserUpdate{PasswordHash: &hash}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s changed; its sessions are revoked\n", u.Login)
	case "list":
		return listUsers(st, stdout)
	default:
		return fmt.Errorf("user: unknown subcommand %q", args[0])
	}
	return nil
}

func listUsers(st *store.Store, stdout io.Writer) error {
	us, err := st.Users(st.Scope(system))
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tLOGIN\tNAME\tROLE\tBRANCH\tDISABLED")
	for _, u := range us {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%v\n", u.ID, u.Login, u.Name, u.Role, u.BranchID, u.Disabled)
	}
	return w.Flush()
}

// readPassword takes the password from RECTIFY_PASSWORD or one line of
// stdin, validates and hashes it.
func readPassword(stdout io.Writer) (string, error) {
	pw := os.Getenv("RECTIFY_PASSWORD")
	if pw == "" {
		fmt.Fprint(stdout, "password: ")
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("no password given (set RECTIFY_PASSWORD or type it)")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := ledger.ValidatePassword(pw); err != nil {
		return "", fmt.Errorf("%s", ledger.ErrorMessage(err))
	}
	return auth.HashPassword(pw)
}
