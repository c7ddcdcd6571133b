package jobs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"
)

// Backup writes a hot backup (database and evidence, one file) to
// BackupDir once a day, named by the day (rectify-2026-11-26.tar, so a
// second run that day does nothing), and keeps the newest BackupKeep of
// them. Beside each it writes the audit chain's head as it stood
// (rectify-2026-11-26.tar.head), an anchor for `rectify verify --anchor`
// once copied off the server; the manifest inside carries it too. Names and pruning follow the real clock, not the run's now: a run
// "as of" another day must never name a backup after it or prune by it.
type Backup struct{ d *deps }

// Name is "backup".
func (j *Backup) Name() string { return NameBackup }

// backupName matches nightly backups: .tar since they hold evidence, .db
// from older versions (pruned alike, oldest first).
var backupName = regexp.MustCompile(`^rectify-\d{4}-\d{2}-\d{2}\.(db|tar)$`)

// Run writes today's backup, if not yet written, and prunes.
func (j *Backup) Run(ctx context.Context, _ time.Time) error {
	path := filepath.Join(j.d.cfg.BackupDir, "rectify-"+j.d.today(j.d.clock()).String()+".tar")
	if _, err := os.Stat(path); os.IsNotExist(err) {
		if err := j.writeHead(path + ".head"); err != nil {
			return err
		}
		if _, err := j.d.st.BackupFile(path); err != nil {
			return err
		}
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return j.prune()
}

// prune removes all but the newest BackupKeep daily backups; names sort
// by day.
func (j *Backup) prune() error {
	entries, err := os.ReadDir(j.d.cfg.BackupDir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && backupName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	// Sorted by day; of one day's .db and .tar the .db (older) goes first.
	slices.Sort(names)
	for len(names) > j.d.cfg.BackupKeep {
		if err := os.Remove(filepath.Join(j.d.cfg.BackupDir, names[0])); err != nil {
			return fmt.Errorf("backup: prune: %w", err)
		}
		if err := os.Remove(filepath.Join(j.d.cfg.BackupDir, names[0]+".head")); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("backup: prune: %w", err)
		}
		names = names[1:]
	}
	return nil
}

// writeHead records the chain head before the snapshot is taken, so the
// backup holds at least the events it names.
func (j *Backup) writeHead(path string) error {
	h, err := j.d.st.ChainHead()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	line := fmt.Sprintf("%s %s %s\n", h.Anchor(), h.At.Format(time.RFC3339), h.Algo)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return os.WriteFile(path, []byte(line), 0o600)
}
