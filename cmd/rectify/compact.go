package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"rectify/internal/store"
)

func init() { extraCommands["compact"] = compactCmd }

// compactCmd rewrites the database with full pages; the server must be
// stopped (the file lock says so if it is not).
func compactCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("compact", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flagSet(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	before, after, err := store.Compact(cfg.Data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s/rectify.db: %d → %d bytes (old file kept as rectify.db.before-compact)\n", cfg.Data, before, after)
	return nil
}
