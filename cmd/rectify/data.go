package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"rectify/internal/store"
)

// openMode says what a command may do to the data folder.
type openMode struct {
	// migrate: only serve and `rectify migrate` upgrade an older schema.
	migrate bool
	// mustExist: a command that reads a ledger does not create one.
	mustExist bool
}

func (c *config) openStore(mode openMode) (*store.Store, error) {
	return store.Open(c.Data, store.Options{Location: c.location, ChainHash: c.ChainHash, Migrate: mode.migrate, MustExist: mode.mustExist})
}

// checkCmd runs the consistency check of the data folder offline.
func checkCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("check", args, stderr, nil)
	if err != nil {
		return err
	}
	rep, err := store.CheckDir(cfg.Data)
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("check: %w; stop the server first (a backup from the running server is checked as it is made)", err)
	} else if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if !rep.OK() {
		for _, p := range append(rep.Problems, rep.EvidenceProblems...) {
			fmt.Fprintln(stdout, "PROBLEM:", p)
		}
		return fmt.Errorf("check: %s is damaged (%d problems above); restore the newest good backup: rectify restore BACKUP --data NEW_FOLDER",
			cfg.Data, len(rep.Problems)+len(rep.EvidenceProblems))
	}
	fmt.Fprintf(stdout, "%s: database sound (schema %d), %d evidence files present\n", cfg.Data, rep.Schema, rep.Evidence)
	return nil
}

// migrateCmd upgrades the schema in place, keeping the old file first.
func migrateCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	st, err := cfg.openStore(openMode{migrate: true, mustExist: true})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer st.Close()
	fmt.Fprintf(stdout, "%s is at schema %d (an older file, if there was one, is kept as %s.schema-N)\n", cfg.Data, store.SchemaVersion, store.DBFile)
	return nil
}

// restoreCmd brings a backup back into an empty data folder.
func restoreCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var file []string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[:1], args[1:]
	}
	cfg, rest, err := parseConfig("restore", args, stderr, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if file = append(file, rest...); len(file) != 1 {
		return fmt.Errorf("usage: rectify restore FILE --data EMPTY_FOLDER")
	}
	m, err := store.Restore(file[0], cfg.Data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s into %s: database (schema %d, made %s) and %d evidence files; checked\n",
		file[0], cfg.Data, m.SchemaVersion, m.CreatedAt.Format("2006-01-02 15:04:05 MST"), len(m.Evidence))
	if len(m.MissingEvidence) > 0 {
		fmt.Fprintf(stdout, "warning: %d evidence files were not in the backup (an older rectify's backup holds the database only)\n", len(m.MissingEvidence))
	}
	return nil
}
