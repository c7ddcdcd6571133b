package main

import (
	"context"
	"fmt"
	"io"

	"rectify/internal/store"
)

// compactCmd rewrites the database with full pages; the server must be
// stopped (the file lock says so if it is not).
func compactCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("compact", args, stderr, nil)
	if err != nil {
		return err
	}
	before, after, err := store.Compact(cfg.Data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s/rectify.db: %d → %d bytes (old file kept as rectify.db.before-compact)\n", cfg.Data, before, after)
	return nil
}
