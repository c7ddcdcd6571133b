package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"rectify/internal/notify"
	"rectify/internal/store"
	"rectify/jobs"
)

// dryRun runs job name as of when on a copy of the ledger, with a sender
// that only counts, and reports what it did there. The live data folder
// is read once (the copy) and never written.
func dryRun(ctx context.Context, live *store.Store, name string, when time.Time, cfg *config, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "rectify-dry-run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := live.CopyTo(filepath.Join(dir, store.DBFile)); err != nil {
		return fmt.Errorf("dry run: copy the ledger: %w", err)
	}
	cp, err := store.Open(dir, store.Options{Location: cfg.location, Now: func() time.Time { return when }, MustExist: true, NoSync: true})
	if err != nil {
		return fmt.Errorf("dry run: %w", err)
	}
	defer cp.Close()
	jc := cfg.jobs(cfg.logger(stderr))
	sender := &countingSender{}
	jc.Sender, jc.BackupDir, jc.Now = sender, filepath.Join(dir, "backups"), func() time.Time { return when }
	reg, err := jobs.New(cp, jc)
	if err != nil {
		return err
	}
	res, err := reg.Run(ctx, name, when)
	if err != nil {
		return fmt.Errorf("dry run of %s: %w", name, err)
	}
	fmt.Fprintf(stdout, "dry run of %s as of %s, on a copy of the ledger: it would write %d notifications and send %d messages. Nothing was written to %s and nothing was sent.\n",
		name, when.Format(time.DateTime+" MST"), res.Notifications, sender.n.Load(), cfg.Data)
	return nil
}

// countingSender stands in for the robots and mail server in a dry run.
type countingSender struct{ n atomic.Int64 }

func (s *countingSender) Send(context.Context, notify.Channel, notify.Digest) error {
	s.n.Add(1)
	return nil
}
